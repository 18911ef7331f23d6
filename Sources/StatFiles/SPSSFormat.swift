import CReadStat
import ChisoKit

/// SPSS `.sav` and its compressed form `.zsav`, read and written. Every number is a double;
/// a display format with no decimals (`F8.0`) makes the column int. Dates are seconds from
/// 1582-10-14 under a date format (`DATE11`, `ADATE10`, `EDATE10`, `SDATE10`…); `DATETIME`
/// values are read as their dates. User-missing codes and ranges become null.
public struct SPSSFormat: ReadStatFormat {
    public init() {}
    public var name: String { "SPSS" }
    public var extensions: [String] { ["sav", "zsav"] }
    public var loadOptions: [String] { ["labels", "missing", "encoding"] }

    static let dates: Set<String> = ["DATE", "ADATE", "EDATE", "JDATE", "SDATE", "QYR", "MOYR", "WKYR"]
    static let dateTimes: Set<String> = ["DATETIME", "YMDHMS", "DATETIMEMS"]

    static func temporal(_ format: String) -> Temporal? {
        let stem = Temporal.stem(format)
        if dates.contains(stem) { return Temporal(unit: .seconds, epoch: Temporal.spss1582, isDateTime: false) }
        if dateTimes.contains(stem) { return Temporal(unit: .seconds, epoch: Temporal.spss1582, isDateTime: true) }
        return nil
    }

    /// `F8.0`, `N5`, `F3`: no decimals.
    static func integral(_ format: String) -> Bool {
        let f = format.uppercased()
        guard f.hasPrefix("F") || f.hasPrefix("N") else { return false }
        let rest = f.dropFirst()
        guard let dot = rest.firstIndex(of: ".") else { return rest.allSatisfy(\.isNumber) }
        return rest[rest.index(after: dot)...] == "0"
    }

    /// "$FL2" (.sav) or "$FL3" (.zsav).
    static func signature(_ h: [UInt8]) -> Bool { h.starts(with: Array("$FL2".utf8)) || h.starts(with: Array("$FL3".utf8)) }

    var reader: ReadStatReader {
        ReadStatReader(formatName: name, parse: { readstat_parse_sav($0, $1, $2) }, temporal: Self.temporal, integral: Self.integral, signature: Self.signature)
    }

    public func write(_ table: Table, _ r: WriteRequest) throws {
        var writer = ReadStatWriter(formatName: name, begin: { readstat_begin_writing_sav($0, $1, $2) },
                           configure: { w, path in
                               if FileFormats.fileExtension(path) == "zsav" { readstat_writer_set_compression(w, READSTAT_COMPRESS_BINARY) }
                           },
                           date: Temporal(unit: .seconds, epoch: Temporal.spss1582, isDateTime: false), dateFormat: "EDATE10",
                           maxStringWidth: 32767, stringRefs: false,
                           nameProblem: { n in
                               if n.utf8.count > 64 { return "SPSS names have at most 64 bytes" }
                               if let f = n.first, f.isNumber || f == "_" { return "an SPSS name starts with a letter" }
                               return nil
                           })
        writer.writesMissingRanges = true
        try writer.write(table, r)
    }
}
