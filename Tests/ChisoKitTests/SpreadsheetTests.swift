@testable import ChisoKit
import ChisoTestSupport
import Foundation
import XCTest

/// `.xlsx` in and out. The workbooks are built here from the XML a spreadsheet program writes
/// (WorkbookFixture), so each cell type and layout is set up exactly; expected dates are
/// worked out by hand from ECMA-376's date systems (serial 45292 is 2024-01-01 in the 1900
/// system, 43830 in the 1904 one).
final class SpreadsheetTests: XCTestCase {
    var dir: URL!
    var notices: [String] = []

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("chiso-xlsx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        notices = []
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    func session() -> Session {
        Session(workingDirectory: dir.path, output: { _ in }, info: { [unowned self] in self.notices.append($0) })
    }

    func load(_ fixture: WorkbookFixture, _ clauses: String = "") throws -> Table {
        try fixture.write(to: dir.appendingPathComponent("book.xlsx").path)
        let s = session()
        try s.run("load \"book.xlsx\" as t \(clauses)")
        return try XCTUnwrap(try s.table(named: "t"))
    }

    func column(_ t: Table, _ name: String) -> [Value] {
        guard let k = t.names.firstIndex(of: name) else { XCTFail("no column \(name) in \(t.names)"); return [] }
        return (0..<t.rowCount).map { t.columns[k].value(at: $0) }
    }

    func types(_ t: Table) -> [String] { zip(t.names, t.columns).map { "\($0):\($1.type)" } }

    // MARK: - Cell types

    func testEveryCellType() throws {
        var f = WorkbookFixture(sheets: [.init("Dữ liệu", """
            <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>số</t></is></c><c r="C1" t="s"><v>1</v></c><c r="D1" t="s"><v>2</v></c><c r="E1" t="s"><v>3</v></c><c r="F1" t="s"><v>4</v></c><c r="G1" t="s"><v>5</v></c></row>
            <row r="2"><c r="A2" t="s"><v>6</v></c><c r="B2"><v>12</v></c><c r="C2"><v>0.1</v></c><c r="D2" t="b"><v>1</v></c><c r="E2" s="1"><v>45292</v></c><c r="F2"><f>B2*2</f><v>24</v></c><c r="G2" t="e"><f>1/0</f><v>#DIV/0!</v></c></row>
            <row r="3"><c r="A3" t="inlineStr"><is><r><t>Nghệ </t></r><r><t>An</t></r></is></c><c r="B3"><v>-7</v></c><c r="C3"><v>1.5E-3</v></c><c r="D3" t="b"><v>0</v></c><c r="E3" s="2"><v>45292.5</v></c><c r="F3" t="str"><f>"a"&amp;"b"</f><v>ab</v></c><c r="G3"><v>3</v></c></row>
            <row r="4"><c r="A4" t="s"><v>7</v></c><c r="C4"><v>2</v></c><c r="E4" s="1"><v>61</v></c></row>
            """)])
        f.sharedStrings = ["tên", "tỷ lệ", "có", "ngày", "công thức", "lỗi", "Hà Nội"]
        f.sharedStringItems = ["<r><t>Tỷ </t></r><r><t>lệ</t></r><rPh sb=\"0\" eb=\"1\"><t>PHONETIC</t></rPh>"]
        let t = try load(f)
        XCTAssertEqual(t.names, ["tên", "số", "tỷ lệ", "có", "ngày", "công thức", "lỗi"])
        XCTAssertEqual(column(t, "tên"), [.text("Hà Nội"), .text("Nghệ An"), .text("Tỷ lệ")])
        XCTAssertEqual(column(t, "số"), [.int(12), .int(-7), .null])
        XCTAssertEqual(column(t, "tỷ lệ"), [.float(0.1), .float(0.0015), .float(2)])
        XCTAssertEqual(column(t, "có"), [.bool(true), .bool(false), .null])
        // 45292.5 has a time of day: the column is text, each cell written in full.
        XCTAssertEqual(column(t, "ngày"), [.text("2024-01-01"), .text("2024-01-01 12:00:00"), .text("1900-03-01")])
        // A formula is read by its cached value; a text formula result is text.
        XCTAssertEqual(column(t, "công thức"), [.text("24"), .text("ab"), .null])
        XCTAssertEqual(column(t, "lỗi"), [.null, .int(3), .null])
        XCTAssertTrue(notices.contains { $0.contains("1 cell holds an error, read as null (G2 holds #DIV/0!)") }, "\(notices)")
        XCTAssertTrue(notices.contains("sheet 'Dữ liệu': header row 1, data rows 2–4"), "\(notices)")
    }

    func testDatesInBothSystems() throws {
        let body = """
            <row r="1"><c r="A1" t="inlineStr"><is><t>d</t></is></c></row>
            <row r="2"><c r="A2" s="1"><v>45292</v></c></row><row r="3"><c r="A3" s="1"><v>43830</v></c></row>
            """
        var f = WorkbookFixture(sheets: [.init("S", body)])
        XCTAssertEqual(column(try load(f), "d"), [.date(CivilDate.parse("2024-01-01")!), .date(CivilDate.parse("2019-12-31")!)])
        f.date1904 = true
        XCTAssertEqual(column(try load(f), "d"), [.date(CivilDate.parse("2028-01-02")!), .date(CivilDate.parse("2024-01-01")!)])
    }

    func testLotusLeapDayAndEarlySerials() throws {
        // Serial 59 is 1900-02-28 and 61 is 1900-03-01; 60 is the 29 February 1900 Excel
        // counts but that never was: no date, said so.
        let f = WorkbookFixture(sheets: [.init("S", """
            <row r="1"><c r="A1" t="inlineStr"><is><t>d</t></is></c></row>
            <row r="2"><c r="A2" s="1"><v>59</v></c></row><row r="3"><c r="A3" s="1"><v>60</v></c></row><row r="4"><c r="A4" s="1"><v>61</v></c></row><row r="5"><c r="A5" s="1"><v>1</v></c></row>
            """)])
        XCTAssertEqual(column(try load(f), "d"), [.date(CivilDate.parse("1900-02-28")!), .null, .date(CivilDate.parse("1900-03-01")!), .date(CivilDate.parse("1900-01-01")!)])
        XCTAssertTrue(notices.contains { $0.contains("A3 holds date serial 60 (no such day)") }, "\(notices)")
    }

    func testTextCellsAreTypedAsInCSV() throws {
        // Numbers stored as text read as numbers; a code with a leading zero stays text.
        let f = WorkbookFixture(sheets: [.init("S", """
            <row r="1"><c r="A1" t="inlineStr"><is><t>n</t></is></c><c r="B1" t="inlineStr"><is><t>code</t></is></c><c r="C1" t="inlineStr"><is><t>x</t></is></c></row>
            <row r="2"><c r="A2" t="inlineStr"><is><t>12</t></is></c><c r="B2" t="inlineStr"><is><t>0123</t></is></c><c r="C2" t="inlineStr"><is><t>10,5</t></is></c></row>
            <row r="3"><c r="A3"><v>13</v></c><c r="B3" t="inlineStr"><is><t>0456</t></is></c><c r="C3" t="inlineStr"><is><t>1.234,5</t></is></c></row>
            """)])
        let plain = try load(f)
        XCTAssertEqual(types(plain), ["n:int", "code:text", "x:text"])
        XCTAssertEqual(column(plain, "code"), [.text("0123"), .text("0456")])
        let comma = try load(f, "(decimal = \",\", thousands = \".\")")
        XCTAssertEqual(column(comma, "x"), [.float(10.5), .float(1234.5)])
    }

    func testForcedTypesAreCheckedCellByCell() throws {
        let f = WorkbookFixture(sheets: [.init("S", """
            <row r="1"><c r="A1" t="inlineStr"><is><t>code</t></is></c><c r="B1" t="inlineStr"><is><t>n</t></is></c></row>
            <row r="2"><c r="A2"><v>12</v></c><c r="B2" t="inlineStr"><is><t>7</t></is></c></row>
            <row r="3"><c r="A3" t="inlineStr"><is><t>0456</t></is></c><c r="B3" t="inlineStr"><is><t>bảy</t></is></c></row>
            """)])
        let t = try load(f, "(types = (code = text))")
        XCTAssertEqual(column(t, "code"), [.text("12"), .text("0456")])
        try f.write(to: dir.appendingPathComponent("book.xlsx").path)
        do { try session().run("load \"book.xlsx\" as t (types = (n = int))"); XCTFail("loaded") } catch let d as Diagnostic {
            XCTAssertEqual(d.message, "book.xlsx: sheet 'S' cell B3 holds 'bảy', which is not an int")
        }
    }

    // MARK: - Layout

    /// A title merged across the table, a blank row, then a two-row header: "Năm" merged over
    /// the years, "Chỉ tiêu" merged down over both header rows.
    static let officeLayout = WorkbookFixture.Sheet("Báo cáo", """
        <sheetData>
        <row r="1"><c r="A1" t="inlineStr"><is><t>BẢNG 1. CHỈ TIÊU KINH TẾ SỐ</t></is></c></row>
        <row r="3"><c r="A3" t="inlineStr"><is><t>Chỉ tiêu</t></is></c><c r="B3" t="inlineStr"><is><t>Đơn vị</t></is></c><c r="C3" t="inlineStr"><is><t>Năm</t></is></c></row>
        <row r="4"><c r="C4"><v>2021</v></c><c r="D4"><v>2022</v></c><c r="E4"><v>2023</v></c></row>
        <row r="5"><c r="A5" t="inlineStr"><is><t>Tỷ lệ
        hộ có cáp quang</t></is></c><c r="B5" t="inlineStr"><is><t>%</t></is></c><c r="C5"><v>72.5</v></c><c r="D5"><v>80</v></c><c r="E5"><v>85.25</v></c></row>
        <row r="6"><c r="A6" t="inlineStr"><is><t>Doanh nghiệp số</t></is></c><c r="B6" t="inlineStr"><is><t>DN</t></is></c><c r="C6"><v>120</v></c><c r="D6"><v>150</v></c></row>
        <row r="7"><c r="A7" t="inlineStr"><is><t>Ghi chú</t></is></c></row>
        </sheetData>
        <mergeCells count="4"><mergeCell ref="A1:E1"/><mergeCell ref="A3:A4"/><mergeCell ref="B3:B4"/><mergeCell ref="C3:E3"/></mergeCells>
        """)

    func testTitleRowsAndTwoRowHeaderAreFound() throws {
        let t = try load(WorkbookFixture(sheets: [Self.officeLayout]))
        XCTAssertEqual(t.names, ["Chỉ tiêu", "Đơn vị", "2021", "2022", "2023"])
        XCTAssertEqual(types(t), ["Chỉ tiêu:text", "Đơn vị:text", "2021:float", "2022:int", "2023:float"])
        XCTAssertEqual(column(t, "Chỉ tiêu"), [.text("Tỷ lệ\nhộ có cáp quang"), .text("Doanh nghiệp số"), .text("Ghi chú")])
        XCTAssertEqual(column(t, "2023"), [.float(85.25), .null, .null])
        XCTAssertTrue(notices.contains("sheet 'Báo cáo': header rows 3–4, data rows 5–7"), "\(notices)")
    }

    func testHeaderRowRangeAndNoHeader() throws {
        let f = WorkbookFixture(sheets: [Self.officeLayout])
        // header 4 takes the years' row alone; the merged "Chỉ tiêu" above fills A4.
        XCTAssertEqual(try load(f, "header 4").names, ["Chỉ tiêu", "Đơn vị", "2021", "2022", "2023"])
        let r = try load(f, "range \"C5:D6\" header = false")
        XCTAssertEqual(r.names, ["C", "D"])
        XCTAssertEqual(column(r, "D"), [.int(80), .int(150)])
        XCTAssertEqual(try load(f, "range \"a3:e6\"").names, ["Chỉ tiêu", "Đơn vị", "2021", "2022", "2023"])
    }

    func testVerticallyMergedDataCellsRepeat() throws {
        let f = WorkbookFixture(sheets: [.init("S", """
            <sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>tỉnh</t></is></c><c r="B1" t="inlineStr"><is><t>xã</t></is></c></row>
            <row r="2"><c r="A2" t="inlineStr"><is><t>Nghệ An</t></is></c><c r="B2" t="inlineStr"><is><t>Nghi Hưng</t></is></c></row>
            <row r="3"><c r="B3" t="inlineStr"><is><t>Nghi Phong</t></is></c></row></sheetData>
            <mergeCells count="1"><mergeCell ref="A2:A3"/></mergeCells>
            """)])
        XCTAssertEqual(column(try load(f), "tỉnh"), [.text("Nghệ An"), .text("Nghệ An")])
    }

    func testSheetsByNameAndPosition() throws {
        let one = "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>a</t></is></c></row><row r=\"2\"><c r=\"A2\"><v>1</v></c></row>"
        let two = "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>b</t></is></c></row><row r=\"2\"><c r=\"A2\"><v>2</v></c></row>"
        let f = WorkbookFixture(sheets: [.init("Tổng hợp", one), .init("Chi tiết", two)])
        XCTAssertEqual(try load(f).names, ["a"])
        XCTAssertEqual(try load(f, "sheet 2").names, ["b"])
        XCTAssertEqual(try load(f, "sheet \"Chi tiết\"").names, ["b"])
        XCTAssertEqual(try load(f, "sheet \"chi tiet\"").names, ["b"], "sheet names match without diacritics")
        assertDiagnostic("load \"book.xlsx\" sheet \"Tong\" as t", in: session(), message: "book.xlsx has no sheet 'Tong'")
        do { try session().run("load \"book.xlsx\" sheet 3 as t"); XCTFail("sheet 3 loaded") } catch let d as Diagnostic {
            XCTAssertEqual(d.message, "book.xlsx has 2 sheets, not a sheet 3")
            XCTAssertEqual(d.hint, "its sheets: 'Tổng hợp', 'Chi tiết'")
        }
    }

    func testOptionsThatDoNotApplyAreErrors() throws {
        try WorkbookFixture(sheets: [Self.officeLayout]).write(to: dir.appendingPathComponent("book.xlsx").path)
        try "a\n1\n".write(to: dir.appendingPathComponent("a.csv"), atomically: true, encoding: .utf8)
        assertDiagnostic("load \"book.xlsx\" as t (delim = \";\")", in: session(), message: "option 'delim' applies to CSV (.csv) and TSV (.tsv) files, not to book.xlsx (Excel workbook)", line: 1, column: 24)
        assertDiagnostic("load \"a.csv\" sheet 2 as t", in: session(), message: "option 'sheet' applies to Excel workbook (.xlsx) and old Excel workbook (.xls) files, not to a.csv (CSV)", line: 1, column: 14)
        assertDiagnostic("load \"a.csv\" header 2 as t", in: session(), message: "a CSV file's header is its first line: header = true or false", line: 1, column: 21)
        assertDiagnostic("load \"book.xlsx\" range \"A0:B\" as t", in: session(), message: "'A0:B' is not a cell range", line: 1, column: 24)
        assertDiagnostic("from t | export \"o.xlsx\" (escape_formulas = true)", in: { let s = session(); try? s.run("load \"a.csv\" as t"); return s }(),
                         message: "option 'escape_formulas' applies to CSV (.csv) and TSV (.tsv) files, not to o.xlsx (Excel workbook)")
    }

    /// Found by the fuzzer: a path with NUL bytes (read as the working folder) and a folder
    /// named like a workbook trapped in Foundation; both are errors now, in load and in check.
    func testFoldersAndNulPathsAreErrors() throws {
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("folder.xlsx"), withIntermediateDirectories: true)
        assertDiagnostic("load \"folder.xlsx\" as t", in: session(), message: "cannot open folder.xlsx: it is not a file (a folder or a device)")
        let source = SourceFile(name: "crash.chiso", text: "load \"\u{0}\u{0}-eport.xlsx\" range \"B4:C6\" header = false as part\nfrom part")
        XCTAssertEqual(session().check(source).count, 1)
    }

    func testNotAWorkbook() throws {
        try Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]).write(to: dir.appendingPathComponent("old.xls"))
        assertDiagnostic("load \"old.xls\" as t", in: session(), message: "old.xls is an old binary Excel file (.xls), not an Office Open XML workbook", line: 1, column: 6)
        try "a,b\n".write(to: dir.appendingPathComponent("fake.xlsx"), atomically: true, encoding: .utf8)
        assertDiagnostic("load \"fake.xlsx\" as t", in: session(), message: "fake.xlsx is not an .xlsx workbook (not a zip archive)", line: 1, column: 6)
    }

    // MARK: - Export

    func testExportLoadRoundTripIsIdentical() throws {
        let big: Int64 = 9_007_199_254_740_993    // 2^53 + 1: not a double, written as text
        let t = Table(names: ["id", "x", "name", "ok", "day"], columns: [
            Column(.int([1, -2, big, 0]), validity: nil),
            Column(.float([0.1, 1e-300, 123456.789, .infinity]), validity: nil),
            buildColumn(type: .text, count: 4) { [Value.text("=HYPERLINK(\"x\")"), .text("Tỉnh Nghệ An\ttab\u{1}ctl"), .text("_x0041_ literal"), .null][$0] },
            buildColumn(type: .bool, count: 4) { [Value.bool(true), .bool(false), .null, .bool(true)][$0] },
            buildColumn(type: .date, count: 4) { [Value.date(CivilDate.parse("2024-02-29")!), .date(CivilDate.parse("1899-05-01")!), .date(CivilDate.parse("1970-01-01")!), .null][$0] },
        ])
        let path = dir.appendingPathComponent("out.xlsx").path
        try SheetWriter.write(t, to: path, displayName: "out.xlsx")
        let back = try SheetReader.read(path: path, displayName: "out.xlsx").table
        XCTAssertEqual(back.names, t.names)
        XCTAssertEqual(types(back), types(t))
        for k in 0..<t.columnCount {
            XCTAssertEqual((0..<4).map { back.columns[k].value(at: $0) }, (0..<4).map { t.columns[k].value(at: $0) }, t.names[k])
        }
        // The same table gives the same bytes (no clock in the file).
        XCTAssertEqual(try SheetWriter.encode(t, sheetName: "out"), try SheetWriter.encode(t, sheetName: "out"))
    }

    func testWorkbookCellsAreTypedAndTextIsNeverAFormula() throws {
        let t = Table(names: ["a", "f"], columns: [Column(.int([5])), buildColumn(type: .text, count: 1) { _ in .text("=1+1") }])
        let xml = String(decoding: try SheetWriter.sheet(t), as: UTF8.self)
        XCTAssertTrue(xml.contains(#"<c r="A2"><v>5</v></c>"#), xml)
        XCTAssertTrue(xml.contains(#"<c r="B2" t="inlineStr"><is><t xml:space="preserve">=1+1</t></is></c>"#), xml)
        XCTAssertFalse(xml.contains("<f>"))
        XCTAssertTrue(xml.contains(#"<c r="A1" s="1" t="inlineStr">"#), "the header is bold: \(xml)")
    }
}
