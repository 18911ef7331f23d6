import Foundation

/// Connection strings as they may be shown: a password never reaches history, `tables`,
/// `explain plan` or an error.
public enum ConnectionString {
    /// `postgresql://user:secret@host/db` → `postgresql://user@host/db`; `password=secret` (a
    /// key/value string, or a URI's `?password=`) → `password=…`. Other text is unchanged.
    public static func redacted(_ s: String) -> String {
        var out = s
        for (range, uri) in passwords(in: s).reversed() {
            // A URI's ":secret" goes with its colon; a key's value becomes "…".
            let r = uri ? out.index(before: range.lowerBound)..<range.upperBound : range
            out.replaceSubrange(r, with: uri ? "" : "…")
        }
        return out
    }

    /// The same text with each byte of a password replaced by `*`: an error's source line keeps
    /// its byte offsets, so its caret still points where it did.
    public static func masked(_ s: String) -> String {
        var out = s
        for (range, _) in passwords(in: s).reversed() {
            out.replaceSubrange(range, with: String(repeating: "*", count: s[range].utf8.count))
        }
        return out
    }

    /// A message from the client library with every piece of the connection's password taken
    /// out: libpq splits a URI at the first '@', so a password holding one shows its tail as a
    /// host name ("could not translate host name \"ss@host\"").
    public static func scrubbed(_ message: String, of connection: String) -> String {
        var out = message
        for (range, _) in passwords(in: connection) {
            var secret = String(connection[range])
            if secret.hasPrefix("'") && secret.hasSuffix("'") && secret.count >= 2 { secret = String(secret.dropFirst().dropLast()) }
            let pieces = [secret] + secret.split(whereSeparator: { "@: /".contains($0) }).map(String.init)
            for piece in pieces.sorted(by: { $0.count > $1.count }) where piece.count >= 3 {
                out = out.replacingOccurrences(of: piece, with: "***")
            }
        }
        return out
    }

    /// Where passwords stand, in order (and whether each is a URI's `user:password@`).
    static func passwords(in s: String) -> [(Range<String.Index>, uri: Bool)] {
        var found: [(Range<String.Index>, uri: Bool)] = []
        for scheme in ["postgresql://", "postgres://"] {
            var from = s.startIndex
            while let r = s.range(of: scheme, range: from..<s.endIndex) {
                let rest = s[r.upperBound...]
                let end = rest.firstIndex(where: { $0 == "/" || $0 == "\"" || $0 == " " || $0 == "?" }) ?? rest.endIndex
                if let at = rest[..<end].lastIndex(of: "@"), let colon = rest[..<at].firstIndex(of: ":") {
                    found.append((s.index(after: colon)..<at, true))
                }
                from = r.upperBound
            }
        }
        var from = s.startIndex
        while let r = s.range(of: "password", options: .caseInsensitive, range: from..<s.endIndex) {
            var i = r.upperBound
            while i < s.endIndex && s[i] == " " { i = s.index(after: i) }
            if i < s.endIndex && s[i] == "=" {
                i = s.index(after: i)
                while i < s.endIndex && s[i] == " " { i = s.index(after: i) }
                var end = s[i...].firstIndex(where: { $0 == " " || $0 == "&" || $0 == "\"" }) ?? s.endIndex
                // A quoted value ('Secret with spaces', \' and \\ escaped, as libpq reads it) runs
                // to its closing quote.
                if i < s.endIndex && s[i] == "'" {
                    var k = s.index(after: i)
                    while k < s.endIndex && s[k] != "'" {
                        if s[k] == "\\" && s.index(after: k) < s.endIndex { k = s.index(after: k) }
                        k = s.index(after: k)
                    }
                    end = k < s.endIndex ? s.index(after: k) : s.endIndex
                }
                if i < end { found.append((i..<end, false)) }
                from = end
            } else {
                from = r.upperBound
            }
        }
        return found.sorted { $0.0.lowerBound < $1.0.lowerBound }
    }
}
