/// Decides whether typed text is a complete statement or needs more lines: it continues
/// after a trailing `|`, inside an open bracket, or inside an unfinished string.
public enum InputState {
    public static func needsMore(_ text: String) -> Bool {
        var depth = 0
        var quote: Character? = nil
        var lastSignificant: Character? = nil
        var chars = Array(text)
        var i = 0
        // Drop comments so a `--` comment after a '|' does not hide it.
        while i < chars.count {
            let c = chars[i]
            if let q = quote {
                if c == "\\" { i += 2; continue }
                if c == q { quote = nil }
                if c == "\n" { quote = nil }
                lastSignificant = c
                i += 1; continue
            }
            if c == "-" && i + 1 < chars.count && chars[i + 1] == "-" {
                while i < chars.count && chars[i] != "\n" { i += 1 }
                continue
            }
            switch c {
            case "\"", "'": quote = c
            case "(", "{": depth += 1
            case ")", "}": depth -= 1
            default: break
            }
            if !c.isWhitespace { lastSignificant = c }
            i += 1
        }
        chars.removeAll()
        return quote != nil || depth > 0 || lastSignificant == "|" || lastSignificant == ","
    }
}
