import CReadStat
import ChisoKit

/// SAS transport files (`.xpt`, versions 5 and 8), the format the US FDA and many statistical
/// offices exchange; read only. Dates and missing codes as in SAS data sets.
public struct XPortFormat: ReadStatFormat {
    public init() {}
    public var name: String { "SAS transport" }
    public var extensions: [String] { ["xpt"] }
    public var loadOptions: [String] { ["missing", "encoding"] }
    public var canWrite: Bool { false }
    public var writeInstead: String? { "dta" }

    /// Transport files open with an 80-byte library header record.
    static func signature(_ h: [UInt8]) -> Bool { h.starts(with: Array("HEADER RECORD*******LIB".utf8)) }

    var reader: ReadStatReader {
        ReadStatReader(formatName: name, parse: { readstat_parse_xport($0, $1, $2) }, temporal: SASFormat.temporal, integral: SASFormat.integral, labelSetsInFile: false, signature: Self.signature)
    }
}
