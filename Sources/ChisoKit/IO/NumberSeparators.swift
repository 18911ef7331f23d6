/// The decimal and thousands separators of numbers written for people: Vietnamese and most
/// European offices write `1.234,5` where chiso reads `1234.5`.
public struct NumberSeparators: Sendable, Equatable {
    public var decimal: UInt8
    public var thousands: UInt8?

    public static let standard = NumberSeparators(decimal: UInt8(ascii: "."), thousands: nil)

    public init(decimal: UInt8, thousands: UInt8?) {
        self.decimal = decimal
        self.thousands = thousands
    }

    public var isStandard: Bool { self == .standard }

    /// What a cell is under these separators.
    enum Reading { case number, notNumber, other }

    /// Rewrites a number written with these separators into chiso's form in `out` ("1.234,5" →
    /// "1234.5"). `.number`: `out` holds it. `.notNumber`: the cell looks like a number but
    /// breaks the rules (a '.' where ',' is the decimal mark, a thousands group of two digits),
    /// so it must stay text rather than be read as some other number. `.other`: not number-like
    /// at all (words, dates, `inf`); read it as it is.
    func normalize(_ p: UnsafePointer<UInt8>, _ n: Int, into out: inout [UInt8]) -> Reading {
        out.removeAll(keepingCapacity: true)
        var a = 0, b = n
        while a < b && p[a] == 32 { a += 1 }
        while b > a && p[b - 1] == 32 { b -= 1 }
        guard a < b else { return .other }
        // Only digits, signs, separators and an exponent: anything else is not a number.
        for i in a..<b {
            let c = p[i]
            let numeric = (c >= 48 && c <= 57) || c == UInt8(ascii: "-") || c == UInt8(ascii: "+") || c == UInt8(ascii: ".")
                || c == UInt8(ascii: ",") || c == UInt8(ascii: "e") || c == UInt8(ascii: "E") || c == thousands
            if !numeric { return .other }
            // A sign inside ("2024-01-02") that does not follow an exponent: a date or a code.
            if (c == UInt8(ascii: "-") || c == UInt8(ascii: "+")) && i > a && p[i - 1] | 0x20 != UInt8(ascii: "e") { return .other }
        }
        // A date-like "2024-01-02" has signs inside: leave it to the date reader.
        var i = a
        if p[i] == UInt8(ascii: "-") || p[i] == UInt8(ascii: "+") { out.append(p[i]); i += 1 }
        var groupDigits = 0, groups = 0, digits = 0
        var sawThousands = false
        while i < b {
            let c = p[i]
            if c >= 48 && c <= 57 {
                out.append(c); groupDigits += 1; digits += 1
            } else if let t = thousands, c == t {
                // The first group has 1–3 digits, every later one exactly 3.
                if (groups == 0 && (groupDigits < 1 || groupDigits > 3)) || (groups > 0 && groupDigits != 3) { return .notNumber }
                groups += 1; groupDigits = 0; sawThousands = true
            } else { break }
            i += 1
        }
        if sawThousands && groupDigits != 3 { return .notNumber }
        if digits == 0 && (i >= b || p[i] != decimal) { return i >= b ? .other : .notNumber }
        if i < b && p[i] == decimal {
            out.append(UInt8(ascii: "."))
            i += 1
            var fraction = 0
            while i < b && p[i] >= 48 && p[i] <= 57 { out.append(p[i]); i += 1; fraction += 1 }
            if fraction == 0 && digits == 0 { return .notNumber }
        }
        if i < b && (p[i] == UInt8(ascii: "e") || p[i] == UInt8(ascii: "E")) {
            out.append(p[i]); i += 1
            if i < b && (p[i] == UInt8(ascii: "-") || p[i] == UInt8(ascii: "+")) { out.append(p[i]); i += 1 }
            var e = 0
            while i < b && p[i] >= 48 && p[i] <= 57 { out.append(p[i]); i += 1; e += 1 }
            if e == 0 { return .notNumber }
        }
        return i == b ? .number : .notNumber
    }

    /// The narrowest type of a cell under these separators (`CellParser.infer` otherwise).
    func infer(_ p: UnsafePointer<UInt8>, _ n: Int, scratch: inout [UInt8]) -> DataType {
        if isStandard { return CellParser.infer(p, n) }
        switch normalize(p, n, into: &scratch) {
        case .other: return CellParser.infer(p, n)
        case .notNumber: return .text
        case .number:
            return scratch.withUnsafeBufferPointer { CellParser.infer($0.baseAddress!, $0.count) }
        }
    }

    /// Describes the separators as the load option that sets them.
    var description: String {
        "decimal = \"\(Character(Unicode.Scalar(decimal)))\"" + (thousands.map { ", thousands = \"\(Character(Unicode.Scalar($0)))\"" } ?? "")
    }
}
