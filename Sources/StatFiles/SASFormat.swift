import CReadStat
import ChisoKit

/// SAS data sets (`.sas7bdat`), read only: SAS keeps value labels in a separate catalog
/// (`.sas7bcat`), so a data set holds codes. Dates are days from 1960-01-01 under a date
/// format (`DATE9.`, `DDMMYY10.`, `YYMMDD10.`, `E8601DA.`…), date-times seconds from then.
/// `.A`–`.Z` and `._` are missing codes.
public struct SASFormat: ReadStatFormat {
    public init() {}
    public var name: String { "SAS" }
    public var extensions: [String] { ["sas7bdat"] }
    public var loadOptions: [String] { ["missing", "encoding"] }
    public var canWrite: Bool { false }
    public var writeInstead: String? { "dta" }

    static let dates: Set<String> = ["DATE", "DDMMYY", "MMDDYY", "YYMMDD", "E", "B", "MONYY", "WORDDATE", "WEEKDATE", "YYMMDDN",
                                     "DDMMYYN", "MMDDYYN", "NLDATE", "JULIAN", "EURDFDE", "YYMON", "DAY", "YYQ", "MINGUO", "NENGO"]
    static let dateTimes: Set<String> = ["DATETIME", "DATEAMPM", "NLDATM"]

    /// SAS formats end in a width and a dot ("DATE9.", "E8601DA10."): the letters before them.
    static func temporal(_ format: String) -> Temporal? {
        let f = format.uppercased()
        if f.hasPrefix("E8601DA") || f.hasPrefix("B8601DA") { return Temporal(unit: .days, epoch: Temporal.stata1960, isDateTime: false) }
        if f.hasPrefix("E8601DT") || f.hasPrefix("B8601DT") { return Temporal(unit: .seconds, epoch: Temporal.stata1960, isDateTime: true) }
        let stem = Temporal.stem(f)
        if dates.contains(stem) && stem.count > 1 { return Temporal(unit: .days, epoch: Temporal.stata1960, isDateTime: false) }
        if dateTimes.contains(stem) { return Temporal(unit: .seconds, epoch: Temporal.stata1960, isDateTime: true) }
        return nil
    }

    /// `8.`, `F8.`, `Z5.`, `COMMA10.`: a width and no decimals.
    static func integral(_ format: String) -> Bool {
        let f = format.uppercased()
        guard f.hasSuffix(".") || f.hasSuffix(".0") else { return false }
        let letters = f.prefix { $0.isLetter }
        return ["", "F", "Z", "COMMA", "NLNUM"].contains(String(letters))
    }

    /// The 32-byte magic number of SAS data sets (bytes 12–31 are fixed).
    static func signature(_ h: [UInt8]) -> Bool {
        let magic: [UInt8] = [0xC2, 0xEA, 0x81, 0x60, 0xB3, 0x14, 0x11, 0xCF, 0xBD, 0x92, 0x08, 0x00, 0x09, 0xC7, 0x31, 0x8C, 0x18, 0x1F, 0x10, 0x11]
        return h.count >= 32 && Array(h[12..<32]) == magic
    }

    var reader: ReadStatReader {
        ReadStatReader(formatName: name, parse: { readstat_parse_sas7bdat($0, $1, $2) }, temporal: Self.temporal, integral: Self.integral, labelSetsInFile: false, signature: Self.signature)
    }
}
