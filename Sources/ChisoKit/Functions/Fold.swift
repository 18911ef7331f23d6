import Foundation

/// Text normalisation used across chiso.
public enum Fold {
    /// Strips Vietnamese (and other Latin) diacritics and case: "Nghệ An" → "nghe an",
    /// "Đà Nẵng" → "da nang". Decomposes to NFD, drops combining marks, maps đ/Đ to d
    /// (đ is a letter of its own, not d plus a mark, so NFD leaves it alone). "ƣ"/"Ƣ" (U+01A3,
    /// U+01A2: OI, never a Vietnamese letter) is how text taken from some PDFs writes "ư" —
    /// "tăng trƣởng" — and folds to u as "ư" does.
    public static func fold(_ s: String) -> String {
        if s.utf8.allSatisfy({ $0 < 0x80 }) { return s.lowercased() }
        var out = String.UnicodeScalarView()
        for scalar in s.decomposedStringWithCanonicalMapping.unicodeScalars {
            switch scalar.value {
            case 0x0300...0x036F: continue
            case 0x0110, 0x0111: out.append("d")
            case 0x01A2, 0x01A3: out.append("u")
            default: out.append(scalar)
            }
        }
        return String(out).lowercased()
    }
}

extension Unicode {
    /// NFC form of `s` (composed characters), as chiso stores all text.
    static func nfc(_ s: String) -> String {
        if s.utf8.allSatisfy({ $0 < 0x80 }) { return s }
        return s.precomposedStringWithCanonicalMapping
    }
}
