import Foundation
import ZIPFoundation

/// libFuzzer entry points, compiled together with ChisoKit's sources by Scripts/fuzz
/// (`-sanitize=fuzzer,address`). CHISO_FUZZ_TARGET picks the target:
/// - `statements` (default): the bytes as chiso source through lexer → parser → binder → plan,
///   checked against a small catalog (`chiso check`'s path; nothing is executed, no file written);
/// - `csv`: the bytes as a CSV file through the reader (type inference, widening, errors);
/// - `sheet`: the bytes as the worksheet XML of an otherwise valid .xlsx, through the workbook
///   reader (cells, merges, header detection, typing);
/// - `plan`: the bytes as a plan document through `read plan` (outline, targets, indicators);
/// - `docx`: the bytes as the word/document.xml of a .docx, through the Word reader and then
///   `read plan`.
/// Any crash, hang or sanitizer report is a failure; a Diagnostic is the expected outcome for
/// bad input.
@_cdecl("LLVMFuzzerTestOneInput")
public func chisoFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    if FuzzState.target == "plan" {
        let text = String(decoding: bytes, as: UTF8.self)
        let doc = PlanDocument(name: "<fuzz>", lines: text.split(separator: "\n", omittingEmptySubsequences: false).map { Unicode.nfc(String($0)) })
        _ = try? PlanReader.read(doc, planID: "fuzz", matcher: FuzzState.matcher)
    } else if FuzzState.target == "docx" {
        let path = FuzzState.docxPath
        try? FileManager.default.removeItem(atPath: path)
        guard let archive = try? Archive(url: URL(fileURLWithPath: path), accessMode: .create, pathEncoding: nil) else { return 0 }
        let body = Data(bytes)
        try? archive.addEntry(with: "word/document.xml", type: .file, uncompressedSize: Int64(body.count), compressionMethod: .deflate) { pos, n in body.subdata(in: Int(pos)..<(Int(pos) + n)) }
        guard let text = try? PlanDocument.docxText(path: path, shown: "<fuzz>.docx") else { return 0 }
        let doc = PlanDocument(name: "<fuzz>", lines: text.split(separator: "\n", omittingEmptySubsequences: false).map { Unicode.nfc(String($0)) })
        _ = try? PlanReader.read(doc, planID: "fuzz", matcher: FuzzState.matcher)
    } else if FuzzState.target == "sheet" {
        let path = FuzzState.sheetPath
        try? FileManager.default.removeItem(atPath: path)
        guard let archive = try? Archive(url: URL(fileURLWithPath: path), accessMode: .create, pathEncoding: nil) else { return 0 }
        for (name, text) in FuzzState.workbookParts {
            let d = Data(text.utf8)
            try? archive.addEntry(with: name, type: .file, uncompressedSize: Int64(d.count)) { pos, n in d.subdata(in: Int(pos)..<(Int(pos) + n)) }
        }
        let sheet = Data(bytes)
        try? archive.addEntry(with: "xl/worksheets/sheet1.xml", type: .file, uncompressedSize: Int64(sheet.count)) { pos, n in sheet.subdata(in: Int(pos)..<(Int(pos) + n)) }
        var options = SheetOptions()
        options.nullTokens = ["NA"]
        _ = try? SheetReader.read(path: path, options: options)
    } else if FuzzState.target == "csv" {
        let path = FuzzState.csvPath
        if !FileManager.default.fileExists(atPath: path) { _ = FileManager.default.createFile(atPath: path, contents: nil) }
        guard let h = FileHandle(forWritingAtPath: path) else { return 0 }
        h.truncateFile(atOffset: 0)
        h.write(Data(bytes))
        try? h.close()
        _ = try? CSVReader.read(path: path)
    } else {
        let source = SourceFile(name: "<fuzz>", text: String(decoding: bytes, as: UTF8.self))
        _ = FuzzState.session.check(source)
    }
    return 0
}

enum FuzzState {
    static let target = ProcessInfo.processInfo.environment["CHISO_FUZZ_TARGET"] ?? "statements"
    static let csvPath = NSTemporaryDirectory() + "chiso-fuzz-\(getpid()).csv"
    static let sheetPath = NSTemporaryDirectory() + "chiso-fuzz-\(getpid()).xlsx"
    static let docxPath = NSTemporaryDirectory() + "chiso-fuzz-\(getpid()).docx"
    static let matcher = IndicatorMatcher(ids: ["gdp", "sector", "fibre", "count"], units: ["percent", "percent", "percent", "count"],
                                          keywords: ["tỷ trọng kinh tế số", "tỷ trọng kinh tế số; từng ngành", "hộ gia đình; cáp quang", "lượt; đào tạo"])
    /// Every part of a workbook but its sheet: two shared strings, a date style.
    static let workbookParts: [(String, String)] = [
        ("xl/workbook.xml", #"<workbook xmlns:r="r"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>"#),
        ("xl/_rels/workbook.xml.rels", #"<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>"#),
        ("xl/sharedStrings.xml", "<sst><si><t>a</t></si><si><r><t>Tỷ </t></r><r><t>lệ</t></r></si></sst>"),
        ("xl/styles.xml", #"<styleSheet><cellXfs><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs></styleSheet>"#),
    ]
    /// A catalog with the shapes scripts meet: text, numbers, dates, and a survey design.
    nonisolated(unsafe) static let session: Session = {
        let s = Session(workingDirectory: NSTemporaryDirectory(), output: { _ in }, info: { _ in })
        s.register(Table(names: ["plan", "indicator", "year", "op", "lo", "hi"], columns: [
            Column.fromStrings(["p1", "p2"]), Column.fromStrings(["x", "y"]), Column(.int([2025, 2030])),
            Column.fromStrings(["=", "range"]), Column(.float([80, 15])), Column(.float([0, 20])),
        ]), as: "targets")
        s.register(Table(names: ["id", "area_id", "issued", "parent"], columns: [
            Column.fromStrings(["p1", "p2"]), Column.fromStrings(["a", "b"]), Column.fromStrings(["2022-01-01", "2023-01-01"]),
            Column.fromStrings([nil, "p1"]),
        ]), as: "plans")
        s.register(Table(names: ["indicator", "area", "year", "value"], columns: [
            Column.fromStrings(["x", "x"]), Column.fromStrings(["a", "a"]), Column(.int([2021, 2022])), Column(.float([1, 2])),
        ]), as: "obs")
        return s
    }()
}
