import Foundation

/// The registry of file formats. ChisoKit registers the formats it implements itself; a module
/// that wraps a C library (StatFiles, for SPSS, Stata and SAS through ReadStat) registers its
/// own when the program starts. Lookups are by extension; a path with no extension, or one no
/// format claims, is read as CSV (a device, standard input, "data.txt"), as it always was.
public enum FileFormats {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var formats: [any FileFormat] = [
        DelimitedFormat.csv, DelimitedFormat.tsv, WorkbookFormat(), LegacyWorkbookFormat(), JSONFormat(), MarkdownFormat(),
    ]

    /// Adds a format (or replaces the one with the same first extension).
    public static func register(_ format: any FileFormat) {
        lock.lock(); defer { lock.unlock() }
        formats.removeAll { $0.extensions.first == format.extensions.first }
        formats.append(format)
    }

    public static var all: [any FileFormat] {
        lock.lock(); defer { lock.unlock() }
        return formats
    }

    public static var readable: [any FileFormat] { all.filter(\.canRead) }
    public static var writable: [any FileFormat] { all.filter(\.canWrite) }

    /// The format an extension names, nil when none does.
    public static func format(forExtension ext: String) -> (any FileFormat)? {
        all.first { $0.extensions.contains(ext.lowercased()) }
    }

    /// The format of a file by its name: its extension's, else CSV.
    public static func format(forPath path: String) -> any FileFormat {
        fileExtension(path).flatMap(format(forExtension:)) ?? DelimitedFormat.csv
    }

    /// The lower-cased extension of a file name, nil when it has none (a device, /dev/stdout).
    public static func fileExtension(_ path: String) -> String? {
        let last = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = last.lastIndex(of: "."), dot != last.startIndex else { return nil }
        let ext = last[last.index(after: dot)...].lowercased()
        return ext.isEmpty ? nil : ext
    }

    /// Every load option some format takes (completion, "unknown option" hints).
    public static var loadOptionNames: [String] {
        var seen = Set<String>()
        return all.flatMap(\.loadOptions).filter { seen.insert($0).inserted }
    }

    public static var exportOptionNames: [String] {
        var seen = Set<String>()
        return all.filter(\.canWrite).flatMap(\.exportOptions).filter { seen.insert($0).inserted }
    }

    /// "CSV (.csv, .txt) and TSV (.tsv)": the formats that take a load option.
    static func takingLoadOption(_ name: String) -> String {
        list(all.filter { $0.loadOptions.contains(name) }.map(\.shortTitle)) + " files"
    }

    static func takingExportOption(_ name: String) -> String {
        list(all.filter { $0.canWrite && $0.exportOptions.contains(name) }.map(\.shortTitle)) + " files"
    }

    static func list(_ items: [String]) -> String {
        items.count <= 1 ? items.joined() : items.dropLast().joined(separator: ", ") + " and " + items.last!
    }
}
