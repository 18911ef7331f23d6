@testable import ChisoKit
import ChisoTestSupport
import Foundation
import XCTest

/// Small hostile workbooks that used to crash chiso or take the machine (issue: no crash, leak
/// or runaway under faults). Each is now a located error or a bounded read.
final class HostileWorkbookTests: XCTestCase {
    var dir: URL!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("chiso-hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    func session() -> Session { Session(workingDirectory: dir.path, output: { _ in }, info: { _ in }) }

    func assertLoadFails(_ body: String, _ message: String, styles: [Int] = [0, 14, 22], line: UInt = #line) throws {
        var book = WorkbookFixture(sheets: [.init("S", body)])
        book.styles = styles
        try book.write(to: dir.appendingPathComponent("book.xlsx").path)
        assertDiagnostic("load \"book.xlsx\" as t", in: session(), message: message, testLine: line)
    }

    func testRowNumbersPastTheGridAreErrors() throws {
        try assertLoadFails(#"<row r="3000000000"><c r="A1"><v>1</v></c></row>"#,
                            "book.xlsx: sheet 'S' has a row 3000000000, past row 1,048,576, the last Excel has")
        try assertLoadFails(#"<row r="1048576"><c><v>1</v></c></row><row><c><v>2</v></c></row>"#,
                            "book.xlsx: sheet 'S' has a row 1048577, past row 1,048,576, the last Excel has")
        try assertLoadFails(#"<row r="x1"><c><v>1</v></c></row>"#, "book.xlsx: sheet 'S' has a row numbered 'x1'")
    }

    func testCellsPastColumnXFDAreErrors() throws {
        let cells = String(repeating: "<c><v>1</v></c>", count: 16_385)
        try assertLoadFails("<row r=\"1\">\(cells)</row>", "book.xlsx: sheet 'S' row 1 has a cell past column XFD, the last Excel has")
    }

    /// A date-styled serial beyond 9999-12-31, and a negative style index, read without a trap.
    func testOutOfRangeDatesAndStylesAreValues() throws {
        var book = WorkbookFixture(sheets: [.init("S", #"<row r="1"><c r="A1" t="inlineStr"><is><t>d</t></is></c><c r="B1" t="inlineStr"><is><t>n</t></is></c></row><row r="2"><c r="A2" s="1"><v>10000000000</v></c><c r="B2" s="-1"><v>5</v></c></row>"#)])
        book.styles = [0, 14]
        try book.write(to: dir.appendingPathComponent("book.xlsx").path)
        let s = session()
        try s.run("load \"book.xlsx\" as t")
        let t = try XCTUnwrap(try s.table(named: "t"))
        XCTAssertEqual(t.column("n")?.value(at: 0), .int(5))
        XCTAssertTrue(t.column("d")?.value(at: 0).isNull == true)   // "no such day", a null with a note
    }

    /// A merge over the whole grid costs what the sheet's cells cost; 20,000 merges read (they
    /// were quadratic: the time is in Scripts/bench's reach, not asserted here).
    func testMergesCostWhatTheirCellsCost() throws {
        var body = #"<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c><c r="B1" t="inlineStr"><is><t>b</t></is></c></row><row r="2"><c r="A2"><v>1</v></c><c r="B2"><v>2</v></c></row><row r="3"><c r="A3"><v>3</v></c><c r="B3"><v>4</v></c></row>"#
        body += #"</sheetData><mergeCells count="1"><mergeCell ref="A2:XFD1048576"/></mergeCells>"#
        let book = WorkbookFixture(sheets: [.init("S", "<sheetData>" + body)])
        try book.write(to: dir.appendingPathComponent("book.xlsx").path)
        let s = session()
        try s.run("load \"book.xlsx\" as t")
        XCTAssertEqual(try s.table(named: "t")?.rowCount, 2)
        var many = "<sheetData>"
        for r in 1...20_000 { many += "<row r=\"\(r)\"><c r=\"A\(r)\"><v>\(r)</v></c></row>" }
        many += "</sheetData><mergeCells>" + (1...20_000).map { "<mergeCell ref=\"A\($0):B\($0)\"/>" }.joined() + "</mergeCells>"
        try WorkbookFixture(sheets: [.init("S", many)]).write(to: dir.appendingPathComponent("many.xlsx").path)
        try s.run("load \"many.xlsx\" as m (header = false)")
        XCTAssertEqual(try s.table(named: "m")?.rowCount, 20_000)
    }

    /// Cells spread far apart: the grid would cost rows × columns; an error names the range to read.
    func testSparseSheetsAreBounded() throws {
        var body = ""
        for k in 1...4_000 { body += "<row r=\"\(k * 200)\"><c r=\"\(CellArea.letters(k))\(k * 200)\"><v>\(k)</v></c></row>" }
        let book = WorkbookFixture(sheets: [.init("S", body)])
        try book.write(to: dir.appendingPathComponent("book.xlsx").path)
        assertDiagnostic("load \"book.xlsx\" as t (header = false)", in: session(),
                         message: "book.xlsx: sheet 'S' spreads 4000 cells over 4000 rows × 4000 columns")
    }

    /// A part declaring more bytes than any real document has is refused before anything is
    /// reserved (a zip bomb, a zip64 field declaring 2^62 bytes).
    func testZipBombsAreRefused() throws {
        let path = dir.appendingPathComponent("bomb.xlsx").path
        try WorkbookFixture(sheets: [.init("S", #"<row r="1"><c r="A1"><v>1</v></c></row>"#)]).write(to: path)
        // Replace the sheet by 100 MB of spaces: it packs to about 100 KB (1000 times smaller).
        try WorkbookFixture.replacePart(path, "xl/worksheets/sheet1.xml",
            with: Data(#"<?xml version="1.0"?><worksheet><sheetData>"#.utf8) + Data(repeating: 32, count: 100 << 20) + Data("</sheetData></worksheet>".utf8))
        assertDiagnostic("load \"bomb.xlsx\" as t", in: session(),
                         message: "bomb.xlsx: xl/worksheets/sheet1.xml declares 100.0 MB unpacked from 99.5 KB packed, more than a part of a real document can (at most 64.0 MB)")
    }

    /// Export refuses what Excel cannot open: past column XFD or row 1,048,576; U+FFFE and U+FFFF
    /// are escaped, so the file is well-formed and reads back the same.
    func testExportStaysInsideExcelsGrid() throws {
        let wide = Table(names: (1...16_385).map { "c\($0)" }, columns: (1...16_385).map { _ in Column(.int([1])) })
        XCTAssertThrowsError(try SheetWriter.write(wide, to: dir.appendingPathComponent("w.xlsx").path)) { e in
            XCTAssertEqual((e as? Diagnostic)?.message, "an .xlsx sheet holds at most 16,384 columns; this table has 16385")
        }
        var b = TextDictionaryBuilder()
        let code = b.intern("a\u{FFFF}b\u{FFFE}c")
        let odd = Table(names: ["t"], columns: [Column(.text(codes: [code], dictionary: b.build()))])
        let path = dir.appendingPathComponent("odd.xlsx").path
        try SheetWriter.write(odd, to: path)
        let back = try SheetReader.read(path: path).table
        XCTAssertEqual(back.column("t")?.value(at: 0), .text("a\u{FFFF}b\u{FFFE}c"))
    }

    /// A sheet name or a CSV header quoted in a note or a hint is shown, never obeyed: ESC and
    /// BEL as their pictures, so a file cannot retitle the window or clear the screen.
    func testMessagesNeverCarryTerminalEscapes() throws {
        let book = WorkbookFixture(sheets: [.init("x\u{1B}]0;owned\u{07}y", #"<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c></row><row r="2"><c r="A2"><v>1</v></c></row>"#)])
        try book.write(to: dir.appendingPathComponent("book.xlsx").path)
        var notices: [String] = []
        let s = Session(workingDirectory: dir.path, output: { _ in }, info: { notices.append($0) })
        try s.run("load \"book.xlsx\" as t")
        XCTAssertTrue(notices.first?.hasPrefix("sheet 'x␛]0;owned␇y'") == true, "\(notices)")
        XCTAssertFalse(notices.joined().contains("\u{1B}"))
        try "n\u{1B}[2Jame,v\nx,1\n".write(to: dir.appendingPathComponent("esc.csv"), atomically: true, encoding: .utf8)
        do { try s.run("load \"esc.csv\" as e; from e | where nme == 1"); XCTFail("ran") } catch let d as Diagnostic {
            XCTAssertTrue(d.render().contains("n␛[2Jame"), d.render())
            XCTAssertFalse(d.render().contains("\u{1B}"))
        }
    }
}
