import Foundation
import ZIPFoundation

/// Builds `.xlsx` files for tests from the XML a spreadsheet program would write, so every cell
/// type and layout (shared and inline strings, rich text, dates in both date systems, formulas
/// with cached values, error cells, merged areas) can be set up exactly.
public struct WorkbookFixture {
    public struct Sheet: Sendable {
        public var name: String
        /// The worksheet's `<sheetData>` rows (and anything after it, such as `<mergeCells>`).
        public var body: String
        public init(_ name: String, _ body: String) { self.name = name; self.body = body }
    }

    public var sheets: [Sheet]
    public var sharedStrings: [String] = []
    public var date1904 = false
    /// Number formats of the cell styles `s="0"`, `s="1"`, …: 0 general, 14 a date.
    public var styles: [Int] = [0, 14, 22]

    public init(sheets: [Sheet]) { self.sheets = sheets }

    /// Rich `<si>` items as written, e.g. `<r><t>Tỷ </t></r><r><t>lệ</t></r>`.
    public var sharedStringItems: [String] = []

    public func write(to path: String) throws {
        let url = URL(fileURLWithPath: path)
        try? FileManager.default.removeItem(at: url)
        let archive = try Archive(url: url, accessMode: .create)
        func add(_ name: String, _ text: String) throws { try archive.addText(text, as: name) }
        let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        try add("[Content_Types].xml", #"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>"#)
        try add("_rels/.rels", #"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="\#(rel)/officeDocument" Target="xl/workbook.xml"/></Relationships>"#)
        let sheetList = sheets.enumerated().map { k, s in #"<sheet name="\#(escape(s.name))" sheetId="\#(k + 1)" r:id="rId\#(k + 1)"/>"# }.joined()
        try add("xl/workbook.xml", #"<?xml version="1.0"?><workbook xmlns="\#(main)" xmlns:r="\#(rel)"><workbookPr\#(date1904 ? #" date1904="1""# : "")/><sheets>\#(sheetList)</sheets></workbook>"#)
        let rels = sheets.indices.map { k in #"<Relationship Id="rId\#(k + 1)" Type="\#(rel)/worksheet" Target="worksheets/sheet\#(k + 1).xml"/>"# }.joined()
        try add("xl/_rels/workbook.xml.rels", #"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\#(rels)</Relationships>"#)
        let items = sharedStrings.map { "<si><t xml:space=\"preserve\">\(escape($0))</t></si>" } + sharedStringItems.map { "<si>\($0)</si>" }
        try add("xl/sharedStrings.xml", #"<?xml version="1.0"?><sst xmlns="\#(main)" count="\#(items.count)">\#(items.joined())</sst>"#)
        let xfs = styles.map { #"<xf numFmtId="\#($0)" fontId="0" fillId="0" borderId="0" xfId="0"/>"# }.joined()
        try add("xl/styles.xml", #"<?xml version="1.0"?><styleSheet xmlns="\#(main)"><numFmts count="1"><numFmt numFmtId="165" formatCode="dd/mm/yyyy"/></numFmts><cellXfs count="\#(styles.count)">\#(xfs)</cellXfs></styleSheet>"#)
        for (k, s) in sheets.enumerated() {
            let body = s.body.contains("<sheetData") ? s.body : "<sheetData>\(s.body)</sheetData>"
            try add("xl/worksheets/sheet\(k + 1).xml", #"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="\#(main)">\#(body)</worksheet>"#)
        }
    }

    /// Replaces one part of an existing archive (deflated), e.g. a sheet by a zip bomb.
    public static func replacePart(_ path: String, _ name: String, with data: Data) throws {
        let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .update)
        if let e = archive[name] { try archive.remove(e) }
        try archive.addEntry(with: name, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
            data.subdata(in: Int(position)..<Int(position) + size)
        }
    }

    func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}

/// Builds a `.docx` for tests: each paragraph as Word writes it, its text split into runs
/// (Word cuts a sentence into runs wherever formatting or editing history changes).
public enum WordFixture {
    public static func write(paragraphs: [[String]], to path: String) throws {
        let url = URL(fileURLWithPath: path)
        try? FileManager.default.removeItem(at: url)
        let archive = try Archive(url: url, accessMode: .create)
        func add(_ name: String, _ text: String) throws { try archive.addText(text, as: name) }
        func escape(_ s: String) -> String { s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;") }
        let body = paragraphs.map { runs in
            "<w:p><w:pPr><w:pStyle w:val=\"Normal\"/></w:pPr>" + runs.map { run in
                run == "\t" ? "<w:r><w:tab/></w:r>" : "<w:r><w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\">\(escape(run))</w:t></w:r>"
            }.joined() + "</w:p>"
        }.joined()
        try add("[Content_Types].xml", #"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>"#)
        try add("word/document.xml", #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>\#(body)<w:sectPr/></w:body></w:document>"#)
    }
}

extension Archive {
    /// Adds a text part, deflated, as office programs write them.
    func addText(_ text: String, as name: String) throws {
        let data = Data(text.utf8)
        try addEntry(with: name, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { pos, size in
            data.subdata(in: Int(pos)..<(Int(pos) + size))
        }
    }
}
