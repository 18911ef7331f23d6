import ChisoKit

/// How a statistics file stores a date or a time: a count of days, seconds or milliseconds
/// from its format's epoch. Each format says which display formats mean which (Stata `%td`,
/// SPSS `DATE11`, SAS `DATE9.`), and chiso reads them as its `date` type.
struct Temporal: Sendable {
    enum Unit: Sendable { case days, seconds, milliseconds }
    let unit: Unit
    /// The epoch as chiso's day number (days from 1970-01-01).
    let epoch: Int32
    /// A date-time read as its date: the time of day is dropped, and a note says so.
    let isDateTime: Bool

    /// The day a stored number falls on (nil for a value outside chiso's dates).
    func day(_ v: Double) -> Int32? {
        guard v.isFinite else { return nil }
        let days: Double
        switch unit {
        case .days: days = v
        case .seconds: days = (v / 86_400).rounded(.down)
        case .milliseconds: days = (v / 86_400_000).rounded(.down)
        }
        let d = days.rounded(.down) + Double(epoch)
        guard abs(d) < 3_000_000 else { return nil }
        return Int32(d)
    }

    /// The stored number for a day (writing).
    func stored(_ day: Int32) -> Double {
        let days = Double(day - epoch)
        switch unit {
        case .days: return days
        case .seconds: return days * 86_400
        case .milliseconds: return days * 86_400_000
        }
    }

    static let stata1960 = CivilDate.days(year: 1960, month: 1, day: 1)!
    static let spss1582 = CivilDate.days(year: 1582, month: 10, day: 14)!

    /// The format's name without its width and decimals: "DATE11" → "DATE", "%tdDD/NN/CCYY" →
    /// "%td", "MMDDYY10." → "MMDDYY".
    static func stem(_ format: String) -> String {
        let f = format.uppercased()
        if f.hasPrefix("%") {
            // Stata: %td, %tc, %tC, %d (old date), with optional display details after.
            let body = f.dropFirst().drop { $0 == "-" }
            if body.hasPrefix("TD") || body.hasPrefix("D") { return body.hasPrefix("TD") ? "%td" : "%d" }
            if body.hasPrefix("TC") { return format.contains("tC") ? "%tC" : "%tc" }
            return String(f)
        }
        return String(f.prefix { $0.isLetter })
    }
}
