import Foundation
#if canImport(Glibc)
import Glibc
#endif
import ZIPFoundation

/// An Office Open XML workbook (`.xlsx`, ECMA-376) opened for reading: its sheets by name, the
/// shared strings, which cell styles are dates, and the date system. Sheets are read on demand.
final class Workbook {
    struct Sheet { var name: String; var part: String }

    let shown: String
    let sheets: [Sheet]
    /// The 1904 date system (older Mac workbooks): serial 0 is 1904-01-01, not 1899-12-31.
    let date1904: Bool
    let sharedStrings: [String]
    /// Per cell style (`s="…"`): whether its number format shows a date.
    let dateStyles: [Bool]
    private let archive: Archive

    init(path: String, shown: String) throws {
        self.shown = shown
        var st = stat()
        guard !path.contains("\0"), stat(path, &st) == 0 else {
            throw Diagnostic(.io, "cannot open \(shown): no such file", hint: "check the path; relative paths start from the script's folder (the current one at the prompt)")
        }
        guard (st.st_mode & S_IFMT) == S_IFREG else {
            throw Diagnostic(.io, "cannot open \(shown): it is not a file (a folder or a device)", hint: "name the workbook itself: load \"folder/book.xlsx\"")
        }
        // The first bytes, read with POSIX calls (FileHandle traps on some errors).
        var head = [UInt8](repeating: 0, count: 8)
        let fd = open(path, O_RDONLY)
        let got = fd < 0 ? 0 : head.withUnsafeMutableBytes { read(fd, $0.baseAddress!, 8) }
        if fd >= 0 { close(fd) }
        if got >= 4, head.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) {
            throw Diagnostic(.data, "\(shown) is an old binary Excel file (.xls), not an Office Open XML workbook",
                             hint: "open it in Excel or LibreOffice and save it as .xlsx (or as CSV)")
        }
        let archive: Archive
        do { archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read) } catch {
            throw Diagnostic(.data, "\(shown) is not an .xlsx workbook (not a zip archive)", hint: "save it from the spreadsheet program as .xlsx")
        }
        func part(_ p: String) throws -> [UInt8]? { try Self.entry(archive, p, shown) }
        guard let workbookXML = try part("xl/workbook.xml") else {
            throw Diagnostic(.data, "\(shown) is a zip archive but not a workbook (no xl/workbook.xml)", hint: "save it from the spreadsheet program as .xlsx")
        }
        let relations = try part("xl/_rels/workbook.xml.rels").map(Self.relations) ?? [:]
        var sheets: [Sheet] = []
        var date1904 = false
        let x = XMLScanner(workbookXML)
        try Self.scan(x, shown, "xl/workbook.xml") {
            if x.named("sheet"), let name = x.attribute("name") {
                let target = x.attribute("id").flatMap { relations[$0] } ?? "worksheets/sheet\(sheets.count + 1).xml"
                sheets.append(Sheet(name: name, part: target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target))
            } else if x.named("workbookPr"), let d = x.attribute("date1904") {
                date1904 = d == "1" || d == "true"
            }
        }
        self.archive = archive
        self.sheets = sheets
        self.date1904 = date1904
        sharedStrings = try part("xl/sharedStrings.xml").map { try Self.sharedStrings($0, shown) } ?? []
        dateStyles = try part("xl/styles.xml").map { try Self.dateStyles($0, shown) } ?? []
    }

    /// The sheet `choice` names (by name, or by 1-based position), or the first.
    func sheet(_ choice: SheetChoice?) throws -> Sheet {
        let listed = sheets.map { "'\($0.name)'" }.joined(separator: ", ")
        switch choice {
        case nil:
            guard let s = sheets.first else { throw Diagnostic(.data, "\(shown) has no sheets") }
            return s
        case .name(let n):
            if let s = sheets.first(where: { $0.name == n }) ?? sheets.first(where: { Fold.fold($0.name) == Fold.fold(n) }) { return s }
            throw Diagnostic(.name, "\(shown) has no sheet '\(n)'", hint: "its sheets: \(listed)")
        case .index(let i):
            guard i >= 1 && i <= sheets.count else {
                throw Diagnostic(.name, "\(shown) has \(sheets.count) sheet\(sheets.count == 1 ? "" : "s"), not a sheet \(i)", hint: "its sheets: \(listed)")
            }
            return sheets[i - 1]
        }
    }

    func bytes(of sheet: Sheet) throws -> [UInt8] {
        guard let b = try Self.entry(archive, sheet.part, shown) else {
            throw Diagnostic(.data, "\(shown): sheet '\(sheet.name)' is listed but its part \(sheet.part) is missing")
        }
        return b
    }

    // MARK: - Parts

    /// A part unpacks to at most this many times its packed size (XML packs 5–20 times; a zip
    /// bomb thousands), and never beyond 4 GiB; small parts may always take 64 MiB.
    static let inflationRatio: UInt64 = 200
    static let smallPartAllowance: UInt64 = 64 << 20
    static let partCeiling: UInt64 = 4 << 30

    struct TooLarge: Error {}

    /// A part's bytes. Its declared size is checked before anything is reserved, and the bytes
    /// are counted as they unpack, so a damaged header (a zip64 field declaring 2^62 bytes) or a
    /// zip bomb is a located error, not an allocation that takes the machine; Ctrl-C stops it.
    static func entry(_ archive: Archive, _ path: String, _ shown: String) throws -> [UInt8]? {
        guard let e = archive[path] else { return nil }
        let (scaled, overflow) = e.compressedSize.multipliedReportingOverflow(by: inflationRatio)
        let allowed = min(partCeiling, max(smallPartAllowance, overflow ? partCeiling : scaled))
        func tooLarge(_ what: String) -> Diagnostic {
            Diagnostic(.data, "\(shown): \(path) \(what) from \(MemorySize.format(Double(e.compressedSize))) packed, more than a part of a real document can (at most \(MemorySize.format(Double(allowed))))",
                       hint: "the file is damaged or built to exhaust memory (a zip bomb); open and save it again from the program that made it")
        }
        guard e.uncompressedSize <= allowed else { throw tooLarge("declares \(MemorySize.format(Double(e.uncompressedSize))) unpacked") }
        var out: [UInt8] = []
        out.reserveCapacity(Int(min(e.uncompressedSize, smallPartAllowance)))
        do {
            _ = try archive.extract(e, skipCRC32: true) { chunk in
                guard UInt64(out.count + chunk.count) <= allowed else { throw TooLarge() }
                try Interrupt.check()
                out.append(contentsOf: chunk)
            }
        } catch is TooLarge {
            throw tooLarge("unpacks to more than it declared")
        } catch let d as Diagnostic {
            throw d   // interrupted
        } catch {
            throw Diagnostic(.data, "\(shown): cannot unpack \(path) (\(error))", hint: "the workbook may be damaged; open and save it again")
        }
        try Interrupt.check()
        return out
    }

    /// Runs `body` at every start tag; a malformed part is a located error naming it.
    static func scan(_ x: XMLScanner, _ shown: String, _ part: String, _ body: () throws -> Void) throws {
        do {
            while true {
                switch try x.next() {
                case .start: try body()
                case .eof: return
                default: continue
                }
            }
        } catch let m as XMLScanner.Malformed {
            throw Diagnostic(.data, "\(shown): \(part) is not well-formed XML at byte \(m.offset): \(m.reason)", hint: "the workbook may be damaged; open and save it again")
        }
    }

    /// `Id` → `Target` from a relationships part.
    static func relations(_ bytes: [UInt8]) -> [String: String] {
        let x = XMLScanner(bytes)
        var out: [String: String] = [:]
        while let e = try? x.next(), e != .eof {
            if e == .start, x.named("Relationship"), let id = x.attribute("Id"), let t = x.attribute("Target") { out[id] = t }
        }
        return out
    }

    /// Each `<si>`'s text: its `<t>`, or the `<t>` of every rich-text run, but not the phonetic
    /// guide (`<rPh>`), which is not part of the cell's value.
    static func sharedStrings(_ bytes: [UInt8], _ shown: String) throws -> [String] {
        let x = XMLScanner(bytes)
        var out: [String] = []
        var current = ""
        var inT = false, inPhonetic = false
        do {
            loop: while true {
                switch try x.next() {
                case .start:
                    if x.named("si") { current = "" } else if x.named("t") { inT = true } else if x.named("rPh") { inPhonetic = true }
                case .end:
                    if x.named("si") { out.append(current) } else if x.named("t") { inT = false } else if x.named("rPh") { inPhonetic = false }
                case .text:
                    if inT && !inPhonetic { current += x.text }
                case .eof: break loop
                }
            }
        } catch let m as XMLScanner.Malformed {
            throw Diagnostic(.data, "\(shown): xl/sharedStrings.xml is not well-formed XML at byte \(m.offset): \(m.reason)")
        }
        return out
    }

    /// For each cell format (`cellXfs/xf`), whether its number format is a date or time.
    static func dateStyles(_ bytes: [UInt8], _ shown: String) throws -> [Bool] {
        let x = XMLScanner(bytes)
        var custom: [Int: String] = [:]
        var formats: [Int] = []
        var inCellXfs = false
        do {
            loop: while true {
                switch try x.next() {
                case .start:
                    if x.named("numFmt"), let id = x.attribute("numFmtId").flatMap(Int.init), let code = x.attribute("formatCode") {
                        custom[id] = code
                    } else if x.named("cellXfs") {
                        inCellXfs = true
                    } else if inCellXfs && x.named("xf") {
                        formats.append(x.attribute("numFmtId").flatMap(Int.init) ?? 0)
                        try x.skipElement()
                    }
                case .end:
                    if x.named("cellXfs") { inCellXfs = false }
                case .text: continue
                case .eof: break loop
                }
            }
        } catch let m as XMLScanner.Malformed {
            throw Diagnostic(.data, "\(shown): xl/styles.xml is not well-formed XML at byte \(m.offset): \(m.reason)")
        }
        return formats.map { id in custom[id].map(isDateFormat) ?? builtInDateFormats.contains(id) }
    }

    /// The built-in number formats that show dates or times (ECMA-376 Part 1, 18.8.30), with
    /// the East Asian ones Excel also treats as dates.
    static let builtInDateFormats: Set<Int> = Set(14...22).union(27...36).union(45...47).union(50...58)

    /// A custom format is a date if, outside quoted text, escapes and `[…]` colour or locale
    /// sections, it uses the letters y, m, d, h or s (`0.0"m"` is a number; `dd/mm/yyyy` a date).
    static func isDateFormat(_ code: String) -> Bool {
        var inQuote = false, inBracket = false, escape = false
        for ch in code.lowercased() {
            if escape { escape = false; continue }
            if inQuote { if ch == "\"" { inQuote = false }; continue }
            if inBracket { if ch == "]" { inBracket = false }; continue }
            switch ch {
            case "\"": inQuote = true
            case "[": inBracket = true
            case "\\", "_", "*": escape = true
            case "y", "m", "d", "h", "s": return true
            default: continue
            }
        }
        return false
    }
}

public enum SheetChoice: Sendable, Equatable {
    case name(String)
    case index(Int)
}
