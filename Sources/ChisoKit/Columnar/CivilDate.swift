/// Dates as days since 1970-01-01 in the proleptic Gregorian calendar
/// (H. Hinnant's `days_from_civil` algorithm), parsed from and printed as ISO `YYYY-MM-DD`.
public enum CivilDate {
    public static func days(year: Int, month: Int, day: Int) -> Int32? {
        guard (1...12).contains(month), day >= 1, day <= daysInMonth(year, month) else { return nil }
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return Int32(era * 146097 + doe - 719468)
    }

    public static func civil(_ days: Int32) -> (year: Int, month: Int, day: Int) {
        let z = Int(days) + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    static func daysInMonth(_ y: Int, _ m: Int) -> Int {
        switch m {
        case 2: return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    public static func format(_ days: Int32) -> String {
        let (y, m, d) = civil(days)
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let ys = String(y)
        return String(repeating: "0", count: max(0, 4 - ys.count)) + ys + "-" + two(m) + "-" + two(d)
    }

    /// Parses exactly `YYYY-MM-DD`.
    public static func parse<C: Collection>(_ b: C) -> Int32? where C.Element == UInt8 {
        guard b.count == 10 else { return nil }
        var digits = [Int](); digits.reserveCapacity(8)
        for (i, c) in b.enumerated() {
            if i == 4 || i == 7 { if c != UInt8(ascii: "-") { return nil }; continue }
            guard c >= 48 && c <= 57 else { return nil }
            digits.append(Int(c) - 48)
        }
        let y = digits[0] * 1000 + digits[1] * 100 + digits[2] * 10 + digits[3]
        return days(year: y, month: digits[4] * 10 + digits[5], day: digits[6] * 10 + digits[7])
    }

    public static func parse(_ s: String) -> Int32? { parse(Array(s.utf8)) }
}

/// Number formatting shared by the CSV writer and the renderers.
public enum NumberFormat {
    /// The shortest text that reads back as the same double; always has a '.' or an exponent
    /// so a float column stays float when its CSV is loaded again.
    public static func shortest(_ v: Double) -> String {
        if v.isNaN { return "NaN" }
        if v.isInfinite { return v > 0 ? "inf" : "-inf" }
        return "\(v)"
    }

    /// As a person writes it: whole numbers without ".0" (4421, 2021), others shortest.
    public static func plain(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 9.007199254740992e15 { return String(Int64(v)) }
        return shortest(v)
    }

    /// The POSIX locale: a '.' decimal point whatever the process locale (a German or
    /// Vietnamese LC_NUMERIC would otherwise print "63,75").
    static let posix = Locale(identifier: "en_US_POSIX")

    /// Fixed decimals, rounding half away from zero on the decimal value printed by `%.*f`.
    public static func fixed(_ v: Double, decimals: Int) -> String {
        if v.isNaN || v.isInfinite { return shortest(v) }
        var s = String(format: "%.\(decimals)f", locale: posix, v)
        if s.hasPrefix("-"), s.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) { s.removeFirst() }
        return s
    }
}

import Foundation
