@testable import ChisoKit
import ChisoTestSupport
import Foundation
import XCTest

/// Inputs that once crashed, hung or changed data silently: each now gives a located error or
/// the right result.
final class HardeningTests: XCTestCase {
    var dir: URL!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("chiso-hard-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    func session() throws -> Session {
        let s = Session(workingDirectory: dir.path, output: { _ in }, info: { _ in })
        s.register(Table(names: ["x"], columns: [Column(.int([1, 2]))]), as: "t")
        return s
    }

    func file(_ name: String, _ text: String) throws -> String {
        let p = dir.appendingPathComponent(name).path
        try text.write(toFile: p, atomically: true, encoding: .utf8)
        return p
    }

    /// Deep nesting in every recursive pass was a stack overflow (SIGSEGV); now a located error.
    func testDeepNestingIsAnErrorNotACrash() throws {
        let s = try session()
        let deep = String(repeating: "(", count: 6_000) + "1" + String(repeating: ")", count: 6_000)
        assertDiagnostic("from t | where \(deep) == 1", in: s, message: "brackets, calls or operators nested more than 512 levels deep")
        assertDiagnostic("from t | where " + String(repeating: "not ", count: 5_000) + "true", in: s,
                         message: "brackets, calls or operators nested more than 512 levels deep")
        assertDiagnostic("from t | derive y = " + String(repeating: "abs(", count: 10_000) + "x" + String(repeating: ")", count: 10_000),
                         in: s, message: "brackets, calls or operators nested more than 512 levels deep")
        assertDiagnostic("from t | derive y = " + String(repeating: "- ", count: 10_000) + "x", in: s,
                         message: "brackets, calls or operators nested more than 512 levels deep")
        assertDiagnostic("from t | derive y = " + Array(repeating: "1", count: 5_030).joined(separator: "+"), in: s,
                         message: "this expression nests 5030 levels deep; at most 512 are allowed")
        assertDiagnostic("from t | where " + Array(repeating: "x > 0", count: 50_000).joined(separator: " and "), in: s,
                         message: "this expression nests 50001 levels deep; at most 512 are allowed")
        // A long list of alternatives is not deep: it works.
        try s.run("from t | where x in (" + (0..<20_000).map(String.init).joined(separator: ", ") + ")")
    }

    /// Line ends: LF, CRLF and a lone CR (old Mac exports) all read the same table.
    func testCROnlyLineEnds() throws {
        for (name, sep) in [("lf.csv", "\n"), ("crlf.csv", "\r\n"), ("cr.csv", "\r")] {
            let t = try CSVReader.read(path: try file(name, ["a,b", "1,x", "2,y"].joined(separator: sep) + sep))
            XCTAssertEqual(t.names, ["a", "b"], name)
            XCTAssertEqual(t.rowCount, 2, name)
            XCTAssertEqual(t.column("b")!.value(at: 1), .text("y"), name)
        }
    }

    /// Integers beyond 64 bits are ids: text, never rounded into one float.
    func testHugeIntegersStayText() throws {
        let t = try CSVReader.read(path: try file("ids.csv", "id\n12345678901234567890\n12345678901234567891\n"))
        XCTAssertEqual(t.column("id")!.type, .text)
        XCTAssertEqual(t.column("id")!.value(at: 1), .text("12345678901234567891"))
    }

    /// A number beyond a double's range is a located error, not inf; inf, -inf and nan as
    /// written by export read back as floats.
    func testOutOfRangeFloatsAndSpecialValues() throws {
        let path = try file("big.csv", "x\n1.5\n1e400\n")
        XCTAssertThrowsError(try CSVReader.read(path: path, displayName: "big.csv")) { e in
            let d = e as! Diagnostic
            XCTAssertEqual(d.message, "number out of range: beyond ±1.8e308, a 64-bit float's limit")
            XCTAssertEqual(d.dataLocation.map { "\($0.line):\($0.column)" }, "3:1")
        }
        let t = try CSVReader.read(path: try file("special.csv", "x\n1.5\ninf\n-inf\nNaN\n"))
        XCTAssertEqual(t.column("x")!.type, .float)
        guard case .float(let v) = t.column("x")!.storage else { return XCTFail() }
        XCTAssertEqual(v[1], .infinity); XCTAssertEqual(v[2], -.infinity); XCTAssertTrue(v[3].isNaN)
    }

    /// Type inference gives the same answer wherever a value stands: " 12 " is an int in the
    /// first row and after row 1,000 alike.
    func testInferenceDoesNotDependOnTheRow() throws {
        let numbers = (1...1_200).map(String.init)
        let early = try CSVReader.read(path: try file("early.csv", "x\n 12 \n" + numbers.joined(separator: "\n") + "\n"))
        let late = try CSVReader.read(path: try file("late.csv", "x\n" + numbers.joined(separator: "\n") + "\n 12 \n"))
        XCTAssertEqual(early.column("x")!.type, .int)
        XCTAssertEqual(late.column("x")!.type, .int)
        XCTAssertEqual(early.column("x")!.value(at: 0), .int(12))
        XCTAssertEqual(late.column("x")!.value(at: 1_200), .int(12))
    }

    /// A FIFO and a /proc file (which reports size 0) are read to their end.
    func testFIFOsAndProcFiles() throws {
        let fifo = dir.appendingPathComponent("pipe").path
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        let writer = Thread {
            let h = FileHandle(forWritingAtPath: fifo)!
            h.write("a,b\n1,x\n2,y\n3,z\n".data(using: .utf8)!)
            try? h.close()
        }
        writer.start()
        let t = try CSVReader.read(path: fifo)
        XCTAssertEqual(t.rowCount, 3)
        var options = CSVOptions()
        options.header = false
        options.delimiter = UInt8(ascii: " ")
        let mounts = try CSVReader.read(path: "/proc/self/mounts", options: options)
        XCTAssertGreaterThan(mounts.rowCount, 0)
    }

    /// A header of 100,000 columns reads in linear time (it took minutes: every column was
    /// looked up in a list).
    func testHundredThousandColumns() throws {
        let n = 100_000
        let header = (0..<n).map { "c\($0)" }.joined(separator: ",")
        let row = (0..<n).map(String.init).joined(separator: ",")
        let t = try CSVReader.read(path: try file("wide.csv", header + "\n" + row + "\n" + row + "\n"))
        XCTAssertEqual(t.columnCount, n)
        XCTAssertEqual(t.column("c99999")!.value(at: 1), .int(99_999))
    }

    /// export (schema = true) then load: the same types and values for every type, with text
    /// that looks like numbers, empty text beside nulls, and the special floats.
    func testExactRoundTripWithASchema() throws {
        var notices: [String] = []
        let s = Session(workingDirectory: dir.path, output: { _ in }, info: { notices.append($0) })
        let t = Table(names: ["code", "note", "x", "ok", "day"], columns: [
            Column.fromStrings(["007", "12", nil]),
            Column.fromStrings(["", nil, ""]),
            Column(.float([1.5, .infinity, .nan])),
            Column(.bool([true, false, true])),
            Column(.date([0, 19_000, -1])),
        ])
        s.register(t, as: "t")
        try s.run("from t | export \"rt.csv\" (schema = true)")
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir.appendingPathComponent("rt.schema.json").path))
        try s.run("load \"rt.csv\" as back")
        XCTAssertTrue(notices.contains("using the schema rt.schema.json"), "\(notices)")
        let back = try s.table(named: "back")!
        XCTAssertEqual(back.columns.map(\.type), t.columns.map(\.type))
        for r in 0..<3 {
            for k in 0..<t.columnCount where !(k == 2 && r == 2) {
                XCTAssertEqual(back.row(r)[k], t.row(r)[k], "row \(r) column \(t.names[k])")
            }
        }
        guard case .float(let xs) = back.column("x")!.storage else { return XCTFail() }
        XCTAssertTrue(xs[2].isNaN)
    }

    /// Cells a spreadsheet would run as formulas: a warning with the count, or escaped on request.
    func testFormulaCellsAreWarnedOrEscaped() throws {
        var notices: [String] = []
        let s = Session(workingDirectory: dir.path, output: { _ in }, info: { notices.append($0) })
        s.register(Table(names: ["v"], columns: [Column.fromStrings(["=HYPERLINK(\"http://x\")", "@SUM(A1)", "ok", "+1+2", "=", "-5"])]), as: "h")
        try s.run("from h | export \"h.csv\"")
        XCTAssertTrue(notices.contains { $0.hasPrefix("warning: 3 text cells in h.csv start with =, +, - or @") }, "\(notices)")
        try s.run("from h | export \"e.csv\" (escape_formulas = true)")
        let text = try String(contentsOf: dir.appendingPathComponent("e.csv"), encoding: .utf8)
        XCTAssertEqual(text, "v\n\"'=HYPERLINK(\"\"http://x\"\")\"\n'@SUM(A1)\nok\n'+1+2\n=\n-5\n")
        assertDiagnostic("from h | export \"x.csv\" (escape = true)", in: s, message: "unknown export option 'escape'")
    }

    /// The terminal never receives a cell's control characters raw.
    func testControlCharactersAreShownVisibly() {
        let t = Table(names: ["a"], columns: [Column.fromStrings(["x\u{1B}[31mred\u{07}"])])
        let out = TableRenderer.render(t, RenderOptions())
        XCTAssertFalse(out.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 })
        XCTAssertTrue(out.contains("x␛[31mred␇"))
    }

    /// Math that overflows is an error; undefined math is null; rounding to 400 decimals is the value.
    func testMathEdgesAreConsistent() throws {
        let s = try session()
        var out = ""
        s.present = Session.sinks(output: { out += $0 }, info: { _ in })
        s.options.format = .csv
        try s.run("from t | take 1 | select a = round(2.5, 400), b = sqrt(-1), c = ln(0), d = pow(-8, 1/3)")
        XCTAssertEqual(out, "a,b,c,d\n2.5,,,\n")
        assertDiagnostic("from t | select e = exp(x * 1000)", in: s, message: "the result overflows a 64-bit float")
        assertDiagnostic("from t | select e = pow(2, 1e9)", in: s, message: "the result overflows a 64-bit float")
    }

    /// Export targets: a symlink is followed (the link stays), a file keeps its mode, a device
    /// is written in place, a folder or an empty path is a clear error, a killed run's temporary
    /// file is removed, and no temporary file is left by a successful write.
    func testExportTargets() throws {
        let s = try session()
        let keep = dir.appendingPathComponent("keep.csv").path
        try "old\n".write(toFile: keep, atomically: true, encoding: .utf8)
        chmod(keep, 0o600)
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("link.csv").path, withDestinationPath: "keep.csv")
        let stale = dir.appendingPathComponent(".chiso-export-old").path
        try "partial".write(toFile: stale, atomically: false, encoding: .utf8)
        var old = [timespec(tv_sec: 1_000_000, tv_nsec: 0), timespec(tv_sec: 1_000_000, tv_nsec: 0)]
        XCTAssertEqual(utimensat(AT_FDCWD, stale, &old, 0), 0)
        try s.run("from t | export \"link.csv\"")
        XCTAssertEqual(try String(contentsOfFile: keep, encoding: .utf8), "x\n1\n2\n")
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: dir.appendingPathComponent("link.csv").path), "keep.csv")
        XCTAssertEqual((try FileManager.default.attributesOfItem(atPath: keep)[.posixPermissions] as! NSNumber).intValue, 0o600)
        XCTAssertFalse(FileManager.default.fileExists(atPath: stale))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix(".chiso") }, [])
        try s.run("from t | export \"/dev/null\"")
        var st = stat()
        XCTAssertEqual(stat("/dev/null", &st), 0)
        XCTAssertEqual(st.st_mode & S_IFMT, S_IFCHR)
        assertDiagnostic("from t | export \"\"", in: s, message: "cannot write to an empty path")
        assertDiagnostic("from t | export \"sub/\"", in: s, message: "cannot write sub/: it names a folder")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("folder.csv"), withIntermediateDirectories: true)
        assertDiagnostic("from t | export \"folder.csv\"", in: s, message: "cannot write folder.csv: it is a folder")
    }

    /// `tables` lists every table even when one file cannot be read, and says why in its row.
    func testTablesSurvivesAMalformedFile() throws {
        let good = try file("good.csv", "a,b\n1,2\n"), bad = try file("bad.csv", "")
        var out = ""
        let s = Session(workingDirectory: dir.path, output: { out += $0 }, info: { _ in })
        s.registerLazily(path: good, as: "good")
        s.registerLazily(path: bad, as: "bad")
        s.options.format = .csv
        try s.run("tables")
        XCTAssertEqual(out, "name,rows,columns,source\nbad,,,\(bad) (cannot be read: \(bad) is empty)\ngood,,2,\(good)\n")
    }

    /// A 20,000 × 20,000 join on one repeated key (400 million rows): with take 3 it builds three
    /// rows; without, it refuses before allocating, naming the join and the rows it would make.
    func testHugeJoinStopsAtTakeOrRefuses() throws {
        let s = try session()
        let n = 20_000
        s.register(Table(names: ["k", "a"], columns: [Column(.int([Int64](repeating: 1, count: n))), Column(.int((0..<n).map { Int64($0) }))]), as: "l")
        s.register(Table(names: ["k", "b"], columns: [Column(.int([Int64](repeating: 1, count: n))), Column(.int((0..<n).map { Int64($0) }))]), as: "r")
        var out = ""
        s.present = Session.sinks(output: { out += $0 }, info: { _ in })
        s.options.format = .csv
        try s.run("from l | join r on k | take 3")
        XCTAssertEqual(out, "k,a,b\n1,0,0\n1,0,1\n1,0,2\n")
        try s.run("set memory_limit 1GB")
        assertDiagnostic("from l | join r on k | group { n = count() }", in: s,
                         message: "join r would make 400,000,000 rows (about 11.9 GB), more than the memory limit of 1.0 GB")
    }

    /// `memory_limit` holds for every step, not only joins: a group of 2,000,000 rows needs
    /// about 15.3 MB (8 bytes a row for its group ids), so under a 10 MB limit it is refused
    /// before it allocates, naming the step; a narrower group and the tables are unharmed.
    func testMemoryLimitHoldsForAGroup() throws {
        let s = try session()
        let n = 2_000_000
        s.register(Table(names: ["k"], columns: [Column(.int((0..<n).map { Int64($0 % 10) }))]), as: "big")
        var out = ""
        s.present = Session.sinks(output: { out += $0 }, info: { _ in })
        s.options.format = .csv
        try s.run("set memory_limit 10MB")
        assertDiagnostic("from big | group k { n = count() }", in: s,
                         message: "not enough memory for group: it needs about 15.3 MB, more than the memory limit of 10.0 MB")
        try s.run("from big | take 1000 | group k { n = count() } | sort k | take 2")
        XCTAssertEqual(out, "k,n\n0,100\n1,100\n")
        XCTAssertEqual(try s.table(named: "big")?.rowCount, n)
    }

    /// Without a schema: a one-column table's null row survives (a blank line is its null), and
    /// a text column of only "" and nulls keeps both.
    func testRoundTripWithoutASchema() throws {
        let s = Session(workingDirectory: dir.path, output: { _ in }, info: { _ in })
        s.register(Table(names: ["v"], columns: [Column.ints([1, nil, 3, nil])]), as: "one")
        s.register(Table(names: ["a", "b"], columns: [Column(.int([1, 2, 3])), Column.fromStrings(["", nil, ""])]), as: "empties")
        try s.run("from one | export \"one.csv\"; from empties | export \"e.csv\"; load \"one.csv\" as one2; load \"e.csv\" as e2")
        let one = try s.table(named: "one2")!
        XCTAssertEqual(one.rowCount, 4)
        XCTAssertEqual((0..<4).map { one.row($0)[0] }, [.int(1), .null, .int(3), .null])
        let e = try s.table(named: "e2")!
        XCTAssertEqual(e.column("b")!.type, .text)
        XCTAssertEqual((0..<3).map { e.row($0)[1] }, [.text(""), .null, .text("")])
    }
}
