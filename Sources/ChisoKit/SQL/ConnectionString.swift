import Foundation

/// Connection strings as they may be shown: a password never reaches history, `tables`,
/// `explain plan` or an error.
public enum ConnectionString {
    /// `postgresql://user:secret@host/db` → `postgresql://user@host/db`; `password=secret` (a
    /// key/value string) → `password=…`. Anything else is returned as it is.
    public static func redacted(_ s: String) -> String {
        var out = s
        // URI form: the password sits between the first ':' after the scheme and the '@'.
        for scheme in ["postgresql://", "postgres://"] {
            var searchFrom = out.startIndex
            while let r = out.range(of: scheme, range: searchFrom..<out.endIndex) {
                let rest = out[r.upperBound...]
                let end = rest.firstIndex(where: { $0 == "/" || $0 == "\"" || $0 == " " || $0 == "?" }) ?? rest.endIndex
                if let at = rest[..<end].lastIndex(of: "@"), let colon = rest[..<at].firstIndex(of: ":") {
                    out.replaceSubrange(colon..<at, with: "")
                }
                searchFrom = r.upperBound < out.endIndex ? out.index(after: r.lowerBound) : out.endIndex
            }
        }
        // Key/value form (also a URI's ?password=…).
        for key in ["password=", "password = "] {
            var searchFrom = out.startIndex
            while let r = out.range(of: key, options: .caseInsensitive, range: searchFrom..<out.endIndex) {
                let rest = out[r.upperBound...]
                let end = rest.firstIndex(where: { $0 == " " || $0 == "&" || $0 == "\"" }) ?? rest.endIndex
                out.replaceSubrange(r.upperBound..<end, with: "…")
                searchFrom = out.index(r.upperBound, offsetBy: 1, limitedBy: out.endIndex) ?? out.endIndex
            }
        }
        return out
    }
}
