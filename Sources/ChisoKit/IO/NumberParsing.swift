#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Parsers for CSV cells, working on raw bytes without making a `String`.
enum CellParser {
    /// `-12`, `0`, `345`; not `007` (leading zeros mark a code, which stays text), not `+5`.
    @inline(__always) static func int(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int64? {
        if n == 0 { return nil }
        var i = 0
        var neg = false
        if p[0] == UInt8(ascii: "-") { neg = true; i = 1; if n == 1 { return nil } }
        if p[i] == UInt8(ascii: "0") && n - i > 1 { return nil }
        var v: Int64 = 0
        while i < n {
            let d = Int64(p[i]) &- 48
            if d < 0 || d > 9 { return nil }
            let (m, o1) = v.multipliedReportingOverflow(by: 10)
            let (a, o2) = neg ? m.subtractingReportingOverflow(d) : m.addingReportingOverflow(d)
            if o1 || o2 { return nil }
            v = a
            i += 1
        }
        return v
    }

    private static let powers: [Double] = (0...22).map { k in (0..<k).reduce(1.0) { r, _ in r * 10 } }
    /// 10⁰ … 10²², each exact in a double, for the CSV reader's per-cell path (no array
    /// bounds or retain there). Written once and never again, so shared reads are safe.
    nonisolated(unsafe) static let powersOfTen: UnsafePointer<Double> = powers.withUnsafeBufferPointer {
        let p = UnsafeMutablePointer<Double>.allocate(capacity: $0.count)
        p.initialize(from: $0.baseAddress!, count: $0.count)
        return UnsafePointer(p)
    }

    /// Decimal numbers `1.5`, `-0.25`, `3e-2`, `12`. Exact (Clinger's fast path) when the
    /// mantissa has at most 15 digits and the exponent is small; `strtod` otherwise.
    static func double(_ p: UnsafePointer<UInt8>, _ n: Int) -> Double? {
        if n == 0 { return nil }
        var i = 0
        var neg = false
        if p[0] == UInt8(ascii: "-") || p[0] == UInt8(ascii: "+") { neg = p[0] == UInt8(ascii: "-"); i = 1 }
        var mantissa: UInt64 = 0
        var digits = 0, scale = 0
        var sawDigit = false, sawDot = false
        while i < n {
            let c = p[i]
            if c >= 48 && c <= 57 {
                sawDigit = true
                if mantissa == 0 && c == 48 { if sawDot { scale += 1 }; i += 1; continue }
                digits += 1
                if digits <= 19 { mantissa = mantissa &* 10 &+ UInt64(c - 48) } else if !sawDot { scale -= 1 }
                if sawDot { scale += 1 }
            } else if c == UInt8(ascii: ".") && !sawDot {
                sawDot = true
            } else {
                break
            }
            i += 1
        }
        if !sawDigit { return nil }
        var exp = 0
        if i < n {
            guard p[i] == UInt8(ascii: "e") || p[i] == UInt8(ascii: "E") else { return nil }
            i += 1
            var eneg = false
            if i < n && (p[i] == UInt8(ascii: "-") || p[i] == UInt8(ascii: "+")) { eneg = p[i] == UInt8(ascii: "-"); i += 1 }
            guard i < n else { return nil }
            while i < n {
                let d = Int(p[i]) - 48
                guard d >= 0 && d <= 9 else { return nil }
                if exp < 100_000 { exp = exp * 10 + d }
                i += 1
            }
            if eneg { exp = -exp }
        }
        let e10 = exp - scale
        if digits <= 15 && e10 >= -22 && e10 <= 22 {
            var v = Double(mantissa)
            if e10 < 0 { v /= powers[-e10] } else { v *= powers[e10] }
            return neg ? -v : v
        }
        // Slow path: Swift's parser rounds correctly and, unlike strtod, never reads the
        // process locale (under de_DE.UTF-8 strtod stops at the '.': "1.5e30" would be 1).
        return Double(String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self)) ?? .nan
    }

    /// `inf`, `-inf`, `+inf`, `infinity`, `nan` in any case: what chiso (and most tools) write
    /// for the special floats, read back as themselves.
    static func special(_ p: UnsafePointer<UInt8>, _ n: Int) -> Double? {
        guard n >= 3, n <= 9 else { return nil }
        var i = 0, neg = false
        if p[0] == UInt8(ascii: "-") || p[0] == UInt8(ascii: "+") { neg = p[0] == UInt8(ascii: "-"); i = 1 }
        // Bytes, not a lowercased `String`: this runs for every short float cell of a load.
        func matches(_ word: StaticString) -> Bool {
            guard n - i == word.utf8CodeUnitCount else { return false }
            let w = word.utf8Start
            for j in 0..<(n - i) where p[i + j] | 0x20 != w[j] { return false }
            return true
        }
        let first = p[i] | 0x20
        guard first == UInt8(ascii: "i") || first == UInt8(ascii: "n") else { return nil }
        if matches("inf") || matches("infinity") { return neg ? -.infinity : .infinity }
        if i == 0 && matches("nan") { return .nan }
        return nil
    }

    /// A float cell: a decimal number or an integer (an int column widened to float).
    @inline(__always) static func decimal(_ p: UnsafePointer<UInt8>, _ n: Int) -> Double? {
        if n <= 9, let s = special(p, n) { return s }
        guard isFloatText(p, n) || int(p, n) != nil else { return nil }
        return double(p, n)
    }

    @inline(__always) static func bool(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool? {
        if n == 4, p[0] | 0x20 == UInt8(ascii: "t"), p[1] | 0x20 == UInt8(ascii: "r"),
           p[2] | 0x20 == UInt8(ascii: "u"), p[3] | 0x20 == UInt8(ascii: "e") { return true }
        if n == 5, p[0] | 0x20 == UInt8(ascii: "f"), p[1] | 0x20 == UInt8(ascii: "a"), p[2] | 0x20 == UInt8(ascii: "l"),
           p[3] | 0x20 == UInt8(ascii: "s"), p[4] | 0x20 == UInt8(ascii: "e") { return false }
        return nil
    }

    @inline(__always) static func date(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int32? {
        guard n == 10, p[4] == UInt8(ascii: "-"), p[7] == UInt8(ascii: "-") else { return nil }
        return CivilDate.parse(UnsafeBufferPointer(start: p, count: n))
    }

    /// The narrowest type that reads this cell. Spaces around a number are ignored, as the
    /// column reader ignores them, so " 12 " is an int wherever it stands in the file. An
    /// integer too long for 64 bits is text (an id such as 12345678901234567890 must not be
    /// rounded into a float, where two ids would become one).
    static func infer(_ p: UnsafePointer<UInt8>, _ n: Int) -> DataType {
        var p = p, n = n
        while n > 0 && p[0] == 32 { p += 1; n -= 1 }
        while n > 0 && p[n - 1] == 32 { n -= 1 }
        if int(p, n) != nil { return .int }
        if bool(p, n) != nil { return .bool }
        if date(p, n) != nil { return .date }
        if isIntegerText(p, n) { return .text }
        if isFloatText(p, n), double(p, n) != nil { return .float }
        if special(p, n) != nil { return .float }
        return .text
    }

    /// Only digits, with an optional sign: an integer, whatever its size.
    static func isIntegerText(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        var i = 0
        if n > 0 && (p[0] == UInt8(ascii: "-") || p[0] == UInt8(ascii: "+")) { i = 1 }
        guard i < n else { return false }
        while i < n { if p[i] < 48 || p[i] > 57 { return false }; i += 1 }
        return true
    }

    /// Looks like a decimal number (digits with a '.' or an exponent); rejects `inf`, `nan`,
    /// hex and leading-zero integers such as `007`.
    static func isFloatText(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        var i = 0
        if n > 0 && (p[0] == UInt8(ascii: "-") || p[0] == UInt8(ascii: "+")) { i = 1 }
        var digitsBefore = 0
        var start = i
        while i < n && p[i] >= 48 && p[i] <= 57 { i += 1; digitsBefore += 1 }
        if digitsBefore > 1 && p[start] == 48 && (i == n || p[i] != UInt8(ascii: ".")) { return false }
        var digitsAfter = 0
        if i < n && p[i] == UInt8(ascii: ".") {
            i += 1; start = i
            while i < n && p[i] >= 48 && p[i] <= 57 { i += 1; digitsAfter += 1 }
        }
        if digitsBefore + digitsAfter == 0 { return false }
        if i < n && (p[i] == UInt8(ascii: "e") || p[i] == UInt8(ascii: "E")) {
            i += 1
            if i < n && (p[i] == UInt8(ascii: "-") || p[i] == UInt8(ascii: "+")) { i += 1 }
            var ed = 0
            while i < n && p[i] >= 48 && p[i] <= 57 { i += 1; ed += 1 }
            if ed == 0 { return false }
        }
        return i == n
    }

    /// The type that holds values of both (text when nothing narrower does).
    static func widen(_ a: DataType, _ b: DataType) -> DataType {
        if a == b { return a }
        if a == .null { return b }
        if b == .null { return a }
        if a.isNumeric && b.isNumeric { return .float }
        return .text
    }
}
