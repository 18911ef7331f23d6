import Foundation
import ZIPFoundation

/// Writes a table as a one-sheet `.xlsx` workbook: typed cells (numbers, booleans, dates as
/// date-formatted serials), a bold frozen header, and text always as text. Text goes in inline
/// string cells, never as a formula, so "=HYPERLINK(…)" in the data is shown, not run.
public enum SheetWriter {
    /// Writes the workbook without ever holding it, or its sheet's XML, in memory: the sheet
    /// is made in blocks of rows (counted once for the zip header, then deflated block by
    /// block) into a zip in an unlinked temporary file, which is then copied into place with
    /// `AtomicFile` (the old file stays until the new one is whole). Memory is a few blocks,
    /// whatever the table's size.
    public static func write(_ table: Table, to path: String, displayName: String? = nil, sheet: String? = nil) throws {
        let shown = displayName ?? path
        try checkGrid(table)
        let (fd, scratch, cleanup) = try CSVSource.temporary("xlsx", shown, verb: "write")
        defer { cleanup() }
        try AtomicFile.writeAll(fd, emptyZip, shown: shown)
        try build(table, sheetName: sheet ?? sheetName(forPath: shown), into: URL(fileURLWithPath: scratch), shown: shown)
        try Interrupt.check()
        try AtomicFile.write(to: path, displayName: shown) { emit in
            var offset: off_t = 0
            var buffer = [UInt8](repeating: 0, count: 1 << 20)
            while true {
                let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, offset) }
                if n < 0 { throw Diagnostic(.io, "cannot write \(shown): \(SystemError.text(errno))") }
                if n == 0 { break }
                try emit(Array(buffer[0..<n]))
                offset += off_t(n)
            }
        }
    }

    /// Excel's grid: 16,384 columns and 1,048,576 rows, the header among them. Past it, Excel
    /// and chiso's own reader refuse the file: refuse to write it instead.
    static func checkGrid(_ table: Table) throws {
        guard table.columnCount <= 16_384 else {
            throw Diagnostic(.usage, "an .xlsx sheet holds at most 16,384 columns; this table has \(table.columnCount)",
                             hint: "select the columns to write, or export a .csv")
        }
        guard table.rowCount <= 1_048_575 else {
            throw Diagnostic(.usage, "an .xlsx sheet holds at most 1,048,575 rows under its header; this table has \(table.rowCount)",
                             hint: "export a .csv, or write part of it: take 1048575")
        }
    }

    /// Why Excel would refuse a sheet name, or nil when it takes it.
    static func sheetNameProblem(_ name: String) -> String? {
        if name.isEmpty { return "a sheet name cannot be empty" }
        if name.count > 31 { return "a sheet name has at most 31 characters; '\(name)' has \(name.count)" }
        if let bad = name.first(where: { "[]:*?/\\".contains($0) }) { return "a sheet name cannot hold '\(bad)'" }
        return nil
    }

    /// A sheet name from the file name: Excel allows 31 characters and none of `[]:*?/\`.
    static func sheetName(forPath path: String) -> String {
        let base = path.lastPathPart.droppingPathExtension
        let cleaned = String(base.map { "[]:*?/\\".contains($0) ? "_" : $0 }.prefix(31))
        return cleaned.isEmpty ? "Sheet1" : cleaned
    }

    /// The whole workbook in memory (tests compare bytes; `write` streams instead).
    public static func encode(_ table: Table, sheetName: String) throws -> [UInt8] {
        try checkGrid(table)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("chiso-encode-\(UUID().uuidString).xlsx")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data(emptyZip).write(to: url)
        try build(table, sheetName: sheetName, into: url, shown: url.lastPathComponent)
        return [UInt8](try Data(contentsOf: url))
    }

    /// An empty zip (its end record alone), for ZIPFoundation to open for update.
    static let emptyZip: [UInt8] = [0x50, 0x4B, 0x05, 0x06] + [UInt8](repeating: 0, count: 18)

    /// Adds the workbook's parts to the (empty) zip at `url`.
    static func build(_ table: Table, sheetName: String, into url: URL, shown: String) throws {
        let fixed: [(String, [UInt8])] = [
            ("[Content_Types].xml", Array(contentTypes.utf8)),
            ("_rels/.rels", Array(rootRelations.utf8)),
            ("xl/workbook.xml", Array(workbook(sheetName).utf8)),
            ("xl/_rels/workbook.xml.rels", Array(workbookRelations.utf8)),
            ("xl/styles.xml", Array(styles.utf8)),
        ]
        let epoch = Date(timeIntervalSince1970: 315_532_800)   // fixed: the same table gives the same bytes
        do {
            let archive = try Archive(url: url, accessMode: .update)
            for (name, bytes) in fixed {
                let data = Data(bytes)
                try archive.addEntry(with: name, type: .file, uncompressedSize: Int64(data.count), modificationDate: epoch,
                                     compressionMethod: .deflate) { position, size in
                    data.subdata(in: Int(position)..<(Int(position) + size))
                }
            }
            // The sheet: its size first (the zip's header needs it), then its bytes on demand.
            var size = 0
            var counter = SheetXML(table)
            var block: [UInt8] = []
            while try counter.next(into: &block) { size += block.count; block.removeAll(keepingCapacity: true) }
            var maker = SheetXML(table)
            var pending: [UInt8] = []
            var used = 0
            try archive.addEntry(with: "xl/worksheets/sheet1.xml", type: .file, uncompressedSize: Int64(size), modificationDate: epoch,
                                 compressionMethod: .deflate, bufferSize: 1 << 20) { _, want in
                while pending.count - used < want {
                    if used > 0 { pending.removeFirst(used); used = 0 }
                    var more: [UInt8] = []
                    guard try maker.next(into: &more) else { break }
                    pending += more
                }
                let n = min(want, pending.count - used)
                defer { used += n }
                return Data(pending[used..<(used + n)])
            }
        } catch let d as Diagnostic { throw d } catch {
            throw Diagnostic(.io, "cannot write \(shown): \(error)")
        }
    }

    // MARK: - The sheet

    /// The sheet's XML, whole (tests read it).
    static func sheet(_ t: Table) throws -> [UInt8] {
        var out: [UInt8] = []
        var maker = SheetXML(t)
        var block: [UInt8] = []
        while try maker.next(into: &block) { out += block; block.removeAll(keepingCapacity: true) }
        return out
    }

    /// The sheet's XML in blocks of 4,096 rows: the head, then the rows, then the tail.
    /// Excel's number is a double: integers beyond 2^53 are written as text (exact; `load`
    /// reads them back as int), and so are the special floats, which a cell cannot hold.
    struct SheetXML {
        let t: Table
        let letters: [[UInt8]]
        var next = -1      // -1: the head and header row; then the next data row; rowCount: the tail
        var done = false

        init(_ t: Table) {
            self.t = t
            letters = (0..<t.columnCount).map { Array(CellArea.letters($0 + 1).utf8) }
        }

        /// Appends the next block to `out`; false when there is none left.
        mutating func next(into out: inout [UInt8]) throws -> Bool {
            if done { return false }
            if next == -1 {
                out += Array(#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#.utf8)
                out += Array(#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews><sheetData>"#.utf8)
                out += Array(#"<row r="1">"#.utf8)
                for (k, name) in t.names.enumerated() {
                    out += Array(#"<c r=""#.utf8); out += letters[k]; out.append(49)
                    out += Array(#"" s="1" t="inlineStr"><is><t xml:space="preserve">"#.utf8)
                    SheetWriter.appendEscaped(name, to: &out)
                    out += Array("</t></is></c>".utf8)
                }
                out += Array("</row>".utf8)
                next = 0
                return true
            }
            if next >= t.rowCount {
                out += Array("</sheetData></worksheet>".utf8)
                done = true
                return true
            }
            try Interrupt.check()
            let end = min(t.rowCount, next + 4096)
            for i in next..<end {
                let row = Array(String(i + 2).utf8)
                out += Array(#"<row r=""#.utf8); out += row; out += Array(#"">"#.utf8)
                for (k, c) in t.columns.enumerated() where !c.isNull(i) {
                    out += Array(#"<c r=""#.utf8); out += letters[k]; out += row; out.append(34)
                    switch c.value(at: i) {
                    case .int(let v) where abs(v) <= 1 << 53:
                        out += Array("><v>\(v)</v></c>".utf8)
                    case .float(let v) where v.isFinite:
                        out += Array("><v>\(NumberFormat.shortest(v))</v></c>".utf8)
                    case .bool(let b):
                        out += Array(#" t="b"><v>\#(b ? 1 : 0)</v></c>"#.utf8)
                    case .date(let d) where d >= -25508:     // 1900-03-01: earlier days have no serial that all readers agree on
                        out += Array(#" s="2"><v>\#(Int(d) + 25569)</v></c>"#.utf8)
                    case let v:
                        out += Array(#" t="inlineStr"><is><t xml:space="preserve">"#.utf8)
                        SheetWriter.appendEscaped(v.description, to: &out)
                        out += Array("</t></is></c>".utf8)
                    }
                }
                out += Array("</row>".utf8)
            }
            next = end
            return true
        }
    }

    /// XML escapes, and `_xHHHH_` for the control characters XML 1.0 cannot hold (a literal
    /// "_x0041_" in the data is protected by escaping its '_', so it reads back unchanged).
    static func appendEscaped(_ s: String, to out: inout [UInt8]) {
        let u = Array(s.utf8)
        var i = 0
        while i < u.count {
            let c = u[i]
            switch c {
            case UInt8(ascii: "&"): out += Array("&amp;".utf8)
            case UInt8(ascii: "<"): out += Array("&lt;".utf8)
            case UInt8(ascii: ">"): out += Array("&gt;".utf8)
            case UInt8(ascii: "_") where i + 6 < u.count && u[i + 1] == UInt8(ascii: "x") && u[i + 6] == UInt8(ascii: "_")
                && u[(i + 2)...(i + 5)].allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 | 0x20 >= 97 && $0 | 0x20 <= 102) }):
                out += Array("_x005F_".utf8)
            case 0..<32 where c != 9 && c != 10:
                out += Array(String(format: "_x%04X_", Int(c)).utf8)
            // U+FFFE and U+FFFF are not XML characters either (EF BF BE, EF BF BF in UTF-8).
            case 0xEF where i + 2 < u.count && u[i + 1] == 0xBF && (u[i + 2] == 0xBE || u[i + 2] == 0xBF):
                out += Array((u[i + 2] == 0xBE ? "_xFFFE_" : "_xFFFF_").utf8)
                i += 2
            default: out.append(c)
            }
            i += 1
        }
    }

    // MARK: - Fixed parts

    static let contentTypes = #"""
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>
    """#

    static let rootRelations = #"""
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>
    """#

    static func workbook(_ sheetName: String) -> String {
        var name: [UInt8] = []
        appendEscaped(sheetName, to: &name)
        return #"""
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="\#(String(decoding: name, as: UTF8.self).replacingOccurrences(of: "\"", with: "&quot;"))" sheetId="1" r:id="rId1"/></sheets></workbook>
        """#
    }

    static let workbookRelations = #"""
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>
    """#

    /// Cell formats: 0 plain, 1 bold (the header), 2 a date shown as yyyy-mm-dd.
    static let styles = #"""
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy\-mm\-dd"/></numFmts><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>
    """#
}
