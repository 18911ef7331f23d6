/// Width of text in terminal cells, measured per grapheme cluster: a base letter with its
/// combining marks ("ệ" written as e + U+0323 + U+0302) is one cell, East Asian wide and
/// emoji clusters are two, control characters are none.
public enum TextWidth {
    public static func of(_ s: String) -> Int {
        var w = 0
        for ch in s { w += of(ch) }
        return w
    }

    public static func of(_ ch: Character) -> Int {
        // ASCII fast path: one scalar, printable.
        if let a = ch.asciiValue { return a >= 0x20 && a != 0x7F ? 1 : 0 }
        var width = 1
        for scalar in ch.unicodeScalars {
            let v = scalar.value
            if v < 0x20 || (v >= 0x7F && v < 0xA0) { return 0 }
            if isWide(v) { width = 2 }
            if v == 0xFE0F { width = 2 }  // emoji presentation selector
        }
        return width
    }

    static func isWide(_ v: UInt32) -> Bool {
        switch v {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF,
             0x4E00...0x9FFF, 0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF,
             0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F,
             0x1F900...0x1F9FF, 0x20000...0x3FFFD:
            return true
        default:
            return false
        }
    }

    /// Cuts `s` to at most `width` cells, ending in "…" when something was cut.
    public static func truncate(_ s: String, to width: Int) -> String {
        if of(s) <= width { return s }
        guard width >= 1 else { return "" }
        var out = "", used = 0
        for ch in s {
            let w = of(ch)
            if used + w > width - 1 { break }
            out.append(ch); used += w
        }
        return out + "…"
    }
}
