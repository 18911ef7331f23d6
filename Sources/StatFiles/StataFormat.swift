import CReadStat
import ChisoKit

/// Stata `.dta`, versions 104 to 119, read and written (version 118, Stata 14 and later, whose
/// text is UTF-8). Dates are `%td` days from 1960-01-01; `%tc` date-times, milliseconds from
/// then, read as their dates. `.a`–`.z` are missing codes.
public struct StataFormat: ReadStatFormat {
    public init() {}
    public var name: String { "Stata" }
    public var extensions: [String] { ["dta"] }
    public var loadOptions: [String] { ["labels", "missing", "encoding"] }

    static func temporal(_ format: String) -> Temporal? {
        switch Temporal.stem(format) {
        case "%td", "%d": return Temporal(unit: .days, epoch: Temporal.stata1960, isDateTime: false)
        case "%tc", "%tC": return Temporal(unit: .milliseconds, epoch: Temporal.stata1960, isDateTime: true)
        default: return nil
        }
    }

    /// `%9.0f`: fixed with no decimals.
    static func integral(_ format: String) -> Bool { format.hasSuffix(".0f") || format.hasSuffix(".0fc") }

    /// "<stata_dta>" (releases 117–119), or releases 104–115: a version byte, then the byte order (1 or 2).
    static func signature(_ h: [UInt8]) -> Bool {
        h.starts(with: Array("<stata_dta>".utf8)) || (h.count > 2 && (104...115).contains(h[0]) && (h[1] == 1 || h[1] == 2))
    }

    var reader: ReadStatReader {
        ReadStatReader(formatName: name, parse: { readstat_parse_dta($0, $1, $2) }, temporal: Self.temporal, integral: Self.integral, signature: Self.signature)
    }

    public func write(_ table: Table, _ r: WriteRequest) throws {
        try ReadStatWriter(formatName: name, begin: { readstat_begin_writing_dta($0, $1, $2) },
                           configure: { w, _ in readstat_writer_set_file_format_version(w, 118) },
                           date: Temporal(unit: .days, epoch: Temporal.stata1960, isDateTime: false), dateFormat: "%td",
                           maxStringWidth: 2045, stringRefs: true,
                           nameProblem: { n in
                               if n.utf8.count > 32 { return "Stata names have at most 32 characters" }
                               if let f = n.first, f.isNumber { return "a Stata name cannot start with a digit" }
                               if n.contains(where: { !($0.isLetter || $0.isNumber || $0 == "_") }) { return "Stata names hold letters, digits and _ only" }
                               return nil
                           }).write(table, r)
    }
}
