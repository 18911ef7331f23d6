import Foundation
import ZIPFoundation

/// Writes a table as a one-sheet `.xlsx` workbook: typed cells (numbers, booleans, dates as
/// date-formatted serials), a bold frozen header, and text always as text. Text goes in inline
/// string cells, never as a formula, so "=HYPERLINK(…)" in the data is shown, not run.
public enum SheetWriter {
    public static func write(_ table: Table, to path: String, displayName: String? = nil, sheet: String? = nil) throws {
        let shown = displayName ?? path
        let bytes = try encode(table, sheetName: sheet ?? sheetName(forPath: shown))
        try Interrupt.check()
        try AtomicFile.write(bytes, to: path, displayName: shown)
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
        let base = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        let cleaned = String(base.map { "[]:*?/\\".contains($0) ? "_" : $0 }.prefix(31))
        return cleaned.isEmpty ? "Sheet1" : cleaned
    }

    public static func encode(_ table: Table, sheetName: String) throws -> [UInt8] {
        // Excel's grid: 16,384 columns and 1,048,576 rows, the header among them. Past it, Excel
        // and chiso's own reader refuse the file: refuse to write it instead.
        guard table.columnCount <= 16_384 else {
            throw Diagnostic(.usage, "an .xlsx sheet holds at most 16,384 columns; this table has \(table.columnCount)",
                             hint: "select the columns to write, or export a .csv")
        }
        guard table.rowCount <= 1_048_575 else {
            throw Diagnostic(.usage, "an .xlsx sheet holds at most 1,048,575 rows under its header; this table has \(table.rowCount)",
                             hint: "export a .csv, or write part of it: take 1048575")
        }
        let parts: [(String, [UInt8])] = [
            ("[Content_Types].xml", Array(contentTypes.utf8)),
            ("_rels/.rels", Array(rootRelations.utf8)),
            ("xl/workbook.xml", Array(workbook(sheetName).utf8)),
            ("xl/_rels/workbook.xml.rels", Array(workbookRelations.utf8)),
            ("xl/styles.xml", Array(styles.utf8)),
            ("xl/worksheets/sheet1.xml", try sheet(table)),
        ]
        do {
            let archive = try Archive(data: Data(), accessMode: .create)
            for (name, bytes) in parts {
                let data = Data(bytes)
                try archive.addEntry(with: name, type: .file, uncompressedSize: Int64(data.count),
                                     modificationDate: Date(timeIntervalSince1970: 315_532_800),   // fixed: the same table gives the same bytes
                                     compressionMethod: .deflate) { position, size in
                    data.subdata(in: Int(position)..<(Int(position) + size))
                }
            }
            guard let out = archive.data else { throw Diagnostic(.io, "could not assemble the workbook in memory") }
            return [UInt8](out)
        } catch let d as Diagnostic { throw d } catch {
            throw Diagnostic(.io, "could not assemble the workbook: \(error)")
        }
    }

    // MARK: - The sheet

    /// Excel's number is a double: integers beyond 2^53 are written as text (exact; `load`
    /// reads them back as int), and so are the special floats, which a cell cannot hold.
    static func sheet(_ t: Table) throws -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(64 + t.rowCount * t.columnCount * 16)
        out += Array(#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#.utf8)
        out += Array(#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews><sheetData>"#.utf8)
        let letters = (0..<t.columnCount).map { Array(CellArea.letters($0 + 1).utf8) }
        func ref(_ k: Int, _ row: [UInt8]) { out += letters[k]; out += row }
        out += Array(#"<row r="1">"#.utf8)
        for (k, name) in t.names.enumerated() {
            out += Array(#"<c r=""#.utf8); ref(k, [49]); out += Array(#"" s="1" t="inlineStr"><is><t xml:space="preserve">"#.utf8)
            appendEscaped(name, to: &out)
            out += Array("</t></is></c>".utf8)
        }
        out += Array("</row>".utf8)
        for i in 0..<t.rowCount {
            if i & 0xFFFF == 0 { try Interrupt.check() }
            let row = Array(String(i + 2).utf8)
            out += Array(#"<row r=""#.utf8); out += row; out += Array(#"">"#.utf8)
            for (k, c) in t.columns.enumerated() where !c.isNull(i) {
                out += Array(#"<c r=""#.utf8); ref(k, row); out.append(34)
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
                    appendEscaped(v.description, to: &out)
                    out += Array("</t></is></c>".utf8)
                }
            }
            out += Array("</row>".utf8)
        }
        out += Array("</sheetData></worksheet>".utf8)
        return out
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
