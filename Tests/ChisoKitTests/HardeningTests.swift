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
}
