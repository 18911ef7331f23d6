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
    static func masked(_ s: String) -> String {
        var out = s
        for (range, _) in passwords(in: s).reversed() {
            out.replaceSubrange(range, with: String(repeating: "*", count: s[range].utf8.count))
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
                let end = s[i...].firstIndex(where: { $0 == " " || $0 == "&" || $0 == "\"" }) ?? s.endIndex
                if i < end { found.append((i..<end, false)) }
                from = end
            } else {
                from = r.upperBound
            }
        }
        return found.sorted { $0.0.lowerBound < $1.0.lowerBound }
    }
}
