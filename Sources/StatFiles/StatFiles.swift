import ChisoKit
import Glibc

/// A format read through ReadStat: what differs is its reader (parser, dates, signature);
/// the checks, the schema without rows and the read are the same for all of them.
protocol ReadStatFormat: FileFormat {
    var reader: ReadStatReader { get }
}

extension ReadStatFormat {
    public func check(_ s: LoadSettings) throws { try StatFiles.checkEncoding(s) }
    public func schema(_ r: ReadRequest) throws -> Schema? { Schema(try reader.read(r, schemaOnly: true).table) }
    public func read(_ r: ReadRequest) throws -> ReadResult { try reader.read(r) }
}

/// Survey microdata as offices receive it — SPSS, Stata and SAS files — read (and for SPSS and
/// Stata written) through ReadStat, registered in chiso's format registry when the program
/// starts. This module is the only one that calls ReadStat.
public enum StatFiles {
    /// The formats ReadStat reads, each declared in its own file.
    static let all: [any ReadStatFormat] = [SPSSFormat(), StataFormat(), SASFormat(), XPortFormat()]

    public static func register() {
        for format in all { FileFormats.register(format) }
    }

    /// An encoding given in the load must be one iconv knows (or chiso's own windows-1258),
    /// checked before any byte is read, with the option's place in the script.
    static func checkEncoding(_ s: LoadSettings) throws {
        guard let name = s.encoding, TextEncoding(name: name) != .windows1258 else { return }
        let cd = iconv_open("UTF-8", name)
        guard cd == iconv_t(bitPattern: -1) else { iconv_close(cd); return }
        throw Diagnostic(.type, "unknown encoding '\(name)'", at: s.spans["encoding"],
                         hint: "encodings are iconv's names: encoding = \"windows-1258\", \"TCVN\", \"latin1\", \"utf-8\"")
    }

    /// "an SPSS file", "a Stata file".
    static func article(_ name: String) -> String { name == "SPSS" ? "an" : "a" }
}
