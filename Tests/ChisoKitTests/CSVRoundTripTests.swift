@testable import ChisoKit
import Foundation
import XCTest

/// Export then load must give back the same table: values, nulls versus empty text, and types.
final class CSVRoundTripTests: XCTestCase {
    /// A seeded generator, so failures reproduce.
    typealias Rng = SplitMix64

    static let pieces = ["Nghệ An", "Tỷ lệ", "đạt 80%", ",", "\"", "\n", "\r\n", " ", "a", "Đắk Lắk", "x\"y", "15-20%", "…", "東京"]

    func randomText(_ rng: inout Rng) -> String? {
        switch rng.int(10) {
        case 0: return nil
        case 1: return ""
        default: return (0..<(1 + rng.int(4))).map { _ in Self.pieces[rng.int(Self.pieces.count)] }.joined()
        }
    }

    func testRandomTablesRoundTrip() throws {
        var rng = Rng(seed: 20260411)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chiso-rt-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for round in 0..<40 {
            let n = 1 + rng.int(60)
            // The first row of each column has a value, so the inferred type is the intended one.
            let texts: [String?] = (0..<n).map { i in i == 0 ? "Nghệ An, \"x\"" : randomText(&rng) }
            let ints: [Int64?] = (0..<n).map { i in i > 0 && rng.int(8) == 0 ? nil : Int64(bitPattern: rng.next()) >> Int64(rng.int(60)) }
            let floats: [Double?] = (0..<n).map { i in i > 0 && rng.int(8) == 0 ? nil : Double(Int64(bitPattern: rng.next()) >> 11) / Double(1 << UInt64(rng.int(40))) }
            let dates: [Int32?] = (0..<n).map { i in i > 0 && rng.int(8) == 0 ? nil : Int32(rng.int(40000)) - 10000 }
            let bools: [Bool?] = (0..<n).map { i in i > 0 && rng.int(8) == 0 ? nil : rng.int(2) == 0 }
            let table = Table(names: ["tên", "n", "x", "d", "b"], columns: [
                Column.fromStrings(texts),
                buildColumn(type: .int, count: n) { ints[$0].map { .int($0) } ?? .null },
                buildColumn(type: .float, count: n) { floats[$0].map { .float($0) } ?? .null },
                buildColumn(type: .date, count: n) { dates[$0].map { .date($0) } ?? .null },
                buildColumn(type: .bool, count: n) { bools[$0].map { .bool($0) } ?? .null },
            ])
            let path = dir.appendingPathComponent("t\(round).csv").path
            try CSVWriter.write(table, to: path)
            let back = try CSVReader.read(path: path)
            XCTAssertEqual(back.names, table.names)
            XCTAssertEqual(back.columns.map(\.type), [.text, .int, .float, .date, .bool], "round \(round)")
            XCTAssertEqual(back.rowCount, n)
            for i in 0..<n {
                XCTAssertEqual(back.row(i), table.row(i), "round \(round), row \(i)")
            }
        }
    }

    /// Records with quoted line breaks that straddle the reader's 4 MiB buffer boundary.
    func testLargeFileAcrossBufferBoundaries() throws {
        var text = "id,note,v\n"
        var expected: [(Int, String, Double)] = []
        var i = 0
        while text.utf8.count < 9_000_000 {
            let note = i % 3 == 0 ? "dòng \(i)\nthứ hai, \"trích\"" : "ghi chú \(i)"
            let v = Double(i) / 4
            expected.append((i, note, v))
            text += "\(i),\"\(note.replacingOccurrences(of: "\"", with: "\"\""))\",\(v)\n"
            i += 1
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("chiso-big-\(UUID().uuidString).csv").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { unlink(path) }
        let t = try CSVReader.read(path: path)
        XCTAssertEqual(t.rowCount, expected.count)
        for k in stride(from: 0, to: expected.count, by: 997) + [expected.count - 1] {
            XCTAssertEqual(t.row(k), [.int(Int64(expected[k].0)), .text(expected[k].1), .float(expected[k].2)], "row \(k)")
        }
    }

    /// The two-thread read splits after a line break in the middle of the file; when that
    /// break is inside a quoted field the halves disagree and the file is read by one thread.
    func testParallelSplitInsideQuotedFieldFallsBack() throws {
        var text = "id,note\n"
        for i in 0..<200 { text += "\(i),plain\n" }
        text += "200,\"" + String(repeating: "một dòng\n", count: 400) + "\"\n"
        for i in 201..<400 { text += "\(i),plain\n" }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("chiso-split-\(UUID().uuidString).csv").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { unlink(path) }
        var options = CSVOptions()
        options.parallelMinBytes = 1
        let t = try CSVReader.read(path: path, options: options)
        XCTAssertEqual(t.rowCount, 400)
        XCTAssertEqual(t.row(200), [.int(200), .text(String(repeating: "một dòng\n", count: 400))])
        XCTAssertEqual(t.row(399), [.int(399), .text("plain")])
        // A clean split (no quotes) takes the parallel path (four pieces here: two per core
        // on this two-core machine kind) and gives the same rows.
        let plain = "id,v\n" + (0..<1000).map { "\($0),\(Double($0) / 8)\n" }.joined()
        try plain.write(toFile: path, atomically: true, encoding: .utf8)
        let p = try CSVReader.read(path: path, options: options)
        XCTAssertEqual(p.rowCount, 1000)
        XCTAssertEqual((0..<1000).map { p.row($0) }, (0..<1000).map { [.int(Int64($0)), .float(Double($0) / 8)] })
    }

    /// Integers are kept in 32 bits while they fit; one value too large for that, in either half
    /// of a two-thread read, widens the column without changing any value.
    func testNarrowIntegersWidenWhereNeeded() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("chiso-wide-\(UUID().uuidString).csv").path
        defer { unlink(path) }
        var options = CSVOptions()
        options.parallelMinBytes = 1
        for bigRow in [10, 990] {
            let text = "id,v\n" + (0..<1000).map { "\($0),\($0 == bigRow ? "9000000000" : "\(-$0)")\n" }.joined()
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            let t = try CSVReader.read(path: path, options: options)
            XCTAssertEqual(t.column("v")!.value(at: bigRow), .int(9_000_000_000))
            XCTAssertEqual(t.column("v")!.value(at: 999 - (bigRow == 990 ? 1 : 0)), .int(bigRow == 990 ? -998 : -999))
            if case .int32 = t.column("id")!.layout {} else { XCTFail("small integers should stay narrow") }
            if case .canonical(.int) = t.column("v")!.layout {} else { XCTFail("the large value needs 64 bits") }
            let sum = Session(workingDirectory: ".", output: { _ in }, info: { _ in })
            sum.register(t, as: "t")
            var out = ""
            sum.present = Session.sinks(output: { out += $0 }, info: { _ in })
            sum.options.format = .csv
            try sum.run("from t | group { s = sum(v), n = count() }")
            XCTAssertEqual(out, "s,n\n\(9_000_000_000 - (999 * 1000 / 2 - bigRow)),1000\n")
        }
    }

    /// An error in the second half is reported with its exact line (the file is re-read by
    /// one thread to find it).
    func testParallelErrorPositionIsExact() throws {
        let text = "a,b\n" + (0..<1000).map { $0 == 900 ? "900,1,2\n" : "\($0),1\n" }.joined()
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("chiso-err-\(UUID().uuidString).csv").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { unlink(path) }
        var options = CSVOptions()
        options.parallelMinBytes = 1
        XCTAssertThrowsError(try CSVReader.read(path: path, displayName: "e.csv", options: options)) { e in
            let d = e as! Diagnostic
            XCTAssertEqual(d.dataLocation, DataLocation(file: "e.csv", line: 902, column: 6))
            XCTAssertEqual(d.message, "row has 3 fields, expected 2")
        }
    }

    func testFloatParserMatchesSwift() {
        var rng = Rng(seed: 7)
        for _ in 0..<20000 {
            let mant = rng.next() >> UInt64(rng.int(64))
            let digits = String(mant)
            let dot = rng.int(digits.count + 1)
            var s = String(digits.prefix(dot)) + "." + String(digits.dropFirst(dot))
            if s.hasPrefix(".") { s = "0" + s }
            if s.hasSuffix(".") { s += "0" }
            if rng.int(4) == 0 { s += "e\(rng.int(40) - 20)" }
            if rng.int(2) == 0 { s = "-" + s }
            let mine = Array(s.utf8).withUnsafeBufferPointer { CellParser.double($0.baseAddress!, $0.count) }
            XCTAssertEqual(mine, Double(s), s)
        }
    }

    func testIntegerParsing() {
        func parse(_ s: String) -> Int64? { Array(s.utf8).withUnsafeBufferPointer { CellParser.int($0.baseAddress!, $0.count) } }
        XCTAssertEqual(parse("9223372036854775807"), Int64.max)
        XCTAssertEqual(parse("-9223372036854775808"), Int64.min)
        XCTAssertNil(parse("9223372036854775808"))
        XCTAssertNil(parse("007"))
        XCTAssertEqual(parse("0"), 0)
        XCTAssertNil(parse("-"))
        XCTAssertNil(parse("1.0"))
    }
}
