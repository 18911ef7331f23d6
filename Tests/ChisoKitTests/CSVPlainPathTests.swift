@testable import ChisoKit
import Foundation
import XCTest

/// The CSV reader's plain-record path (`CSVPlainRecord.swift`) parses unquoted records while
/// it scans them; the general path (`CSVScanner.tokenize` then cell by cell) is the reference.
/// Every file here is read both ways — by one thread and split into pieces — and must give the
/// same table, bit for bit, or the same error at the same line and column.
final class CSVPlainPathTests: XCTestCase {
    typealias Rng = SplitMix64

    // Cells each column usually holds, and the odd ones that must leave the plain path (or be
    // read by it exactly as the general path reads them).
    static let ints = ["0", "7", "-12", "2024", "65535", "-2147483648", "2147483647"]
    static let oddInts = ["-0", "007", "+5", " 5", "5 ", "-", "2147483648", "-2147483649", "123456789012345678",
                          "1234567890123456789", "99999999999999999999", "1.5", "", "\"42\"", "x"]
    static let floats = ["1.5", "261.359", "0.25", "-3.75", "12", "0.001", "99.9"]
    static let oddFloats = ["-0.0", "5.", ".5", "-.5", "1e5", "1E-3", "inf", "-Infinity", "NaN", "0.1234567890123456789",
                            "123456789012345.6", "1234567890123456.7", "0.0000000000000000000001", "0.00000000000000000000001",
                            "007.5", "007", "00.5", "1.2.3", "", ".", "-", "+2.5", "\"3.5\"", "1e400"]
    static let texts = ["Hà Nội", "Cao Bằng", "M", "F", "Đắk Lắk", "x y", "15-20%"]
    static let oddTexts = ["", "Ha\u{300} No\u{323}i", "a\rb", "\"a,b\"", "\"x\"\"y\"", "\"\"", "\"dòng\nhai\"", " lead", "trail ", "東京"]
    static let dates = ["2024-01-31", "2025-12-01", "1999-06-15"]
    static let oddDates = ["2024-02-30", "", "2024-1-5", "\"2024-03-01\""]
    static let bools = ["true", "false", "TRUE", "False"]
    static let oddBools = ["1", "", "yes", "\"true\""]

    func cell(_ rng: inout Rng, _ usual: [String], _ odd: [String], odds: Double) -> String {
        !odd.isEmpty && rng.bernoulli(odds) ? odd[rng.int(odd.count)] : usual[rng.int(usual.count)]
    }

    /// A file of `rows` records; odd cells, CRLF, blank lines, a missing final line break and
    /// (rarely) a record with the wrong number of fields or a byte that is not UTF-8. Unless
    /// `allOdd`, each column has at most one kind of odd cell, so no other cell hides what that
    /// one does (a "007" alone must widen an int column to text).
    func randomFile(_ rng: inout Rng, rows: Int, odds: Double, allOdd: Bool) -> [UInt8] {
        let crlf = rng.bernoulli(0.3)
        var out = Array("n,x,name,d,b\n".utf8)
        let broken = rng.bernoulli(0.15) ? rng.int(rows) : -1
        let badByte = rng.bernoulli(0.1) ? rng.int(rows) : -1
        let odd = [Self.oddInts, Self.oddFloats, Self.oddTexts, Self.oddDates, Self.oddBools].map { all -> [String] in
            allOdd ? all : rng.bernoulli(0.5) ? [all[rng.int(all.count)]] : []
        }
        for r in 0..<rows {
            var cells = [cell(&rng, Self.ints, odd[0], odds: odds), cell(&rng, Self.floats, odd[1], odds: odds),
                         cell(&rng, Self.texts, odd[2], odds: odds), cell(&rng, Self.dates, odd[3], odds: odds),
                         cell(&rng, Self.bools, odd[4], odds: odds)]
            if r == broken { if rng.bernoulli(0.5) { cells.removeLast() } else { cells.append("9") } }
            var line = Array(cells.joined(separator: ",").utf8)
            if r == badByte { line.insert(0xFF, at: line.count / 2) }
            out += line
            if r < rows - 1 || rng.bernoulli(0.7) { out += crlf ? [13, 10] : [10] }
            if rng.bernoulli(odds / 4) { out += crlf ? [13, 10] : [10] }
        }
        return out
    }

    /// The outcome of one read, in a form two reads can be compared by: every value (floats by
    /// their bits), or the error's message and place.
    func outcome(_ path: String, plain: Bool, parallel: Bool) -> [String] {
        var options = CSVOptions()
        options.plainRecords = plain
        if parallel { options.parallelMinBytes = 1 }
        do {
            let t = try CSVReader.read(path: path, displayName: "f.csv", options: options)
            var lines = [t.names.joined(separator: ","), t.columns.map { "\($0.type)" }.joined(separator: ","), "\(t.rowCount)"]
            for i in 0..<t.rowCount {
                lines.append(t.columns.map { c -> String in
                    switch c.value(at: i) {
                    case .float(let v): return "f\(v.bitPattern)"
                    case let v: return "\(v)"
                    }
                }.joined(separator: "|"))
            }
            return lines
        } catch let d as Diagnostic {
            return ["error", d.message, "\(String(describing: d.dataLocation))"]
        } catch {
            return ["error", "\(error)"]
        }
    }

    func testPlainPathReadsWhatTheGeneralPathReads() throws {
        var rng = Rng(seed: 20261129)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chiso-plain-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var errors = 0, widened = 0
        for round in 0..<80 {
            // Some files odd from the first row (types inferred wide), most odd only now and
            // then, so an odd cell after the 1,000-row sample makes the reader widen and re-read.
            let odds = round % 5 == 0 ? 0.2 : 0.002
            let bytes = randomFile(&rng, rows: 200 + rng.int(1800), odds: odds, allOdd: round % 10 == 0)
            let path = dir.appendingPathComponent("f\(round).csv").path
            XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
            let reference = outcome(path, plain: false, parallel: false)
            for parallel in [false, true] {
                let got = outcome(path, plain: true, parallel: parallel)
                XCTAssertEqual(got.count, reference.count, "round \(round), parallel \(parallel)")
                if let k = got.indices.first(where: { $0 < reference.count && got[$0] != reference[$0] }) {
                    XCTFail("round \(round), parallel \(parallel), line \(k): \(got[k]) vs \(reference[k])")
                }
            }
            if reference.first == "error" { errors += 1 } else if reference[1] != "int,float,text,date,bool" { widened += 1 }
        }
        // The corpus must reach both kinds of outcome, or the comparison above proves little.
        XCTAssertGreaterThan(errors, 3)
        XCTAssertGreaterThan(widened, 3)
    }

    /// Each odd cell alone in a file of usual ones — inside the type sample (row 5) and after
    /// it (row 1,050, where it makes the reader widen the column and read again) — with LF and
    /// with CRLF line ends.
    func testEachOddCellAlone() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chiso-odd-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let usual = [Self.ints, Self.floats, Self.texts, Self.dates, Self.bools]
        let odd = [Self.oddInts, Self.oddFloats, Self.oddTexts, Self.oddDates, Self.oddBools]
        var files = 0
        for column in 0..<5 {
            for value in odd[column] {
                for (row, crlf) in [(5, false), (1050, false), (1050, true)] {
                    var text = "n,x,name,d,b\n"
                    for r in 0..<1100 {
                        var cells = usual.map { $0[r % $0.count] }
                        if r == row { cells[column] = value }
                        text += cells.joined(separator: ",") + (crlf ? "\r\n" : "\n")
                    }
                    let path = dir.appendingPathComponent("f\(files).csv").path
                    try text.write(toFile: path, atomically: true, encoding: .utf8)
                    files += 1
                    let reference = outcome(path, plain: false, parallel: false)
                    XCTAssertEqual(outcome(path, plain: true, parallel: false), reference, "\(value) in column \(column) at row \(row)")
                    XCTAssertEqual(outcome(path, plain: true, parallel: true), reference, "\(value) in column \(column) at row \(row), in pieces")
                }
            }
        }
    }

    /// Floats written with up to 15 significant digits are read by the plain path's own
    /// digit loop; each value must be the general parser's, bit for bit (and so Swift's own
    /// correctly rounded parse, which `testFloatParserMatchesSwift` holds the general one to).
    func testPlainFloatsAreBitIdentical() throws {
        var rng = Rng(seed: 411)
        var cells: [String] = []
        for _ in 0..<20_000 {
            let whole = rng.int(3) == 0 ? "0" : String(rng.int(1_000_000_000))
            let fraction = String(String(rng.next()).prefix(rng.int(13)))
            cells.append((rng.bernoulli(0.3) ? "-" : "") + whole + (fraction.isEmpty && rng.bernoulli(0.5) ? "" : "." + fraction))
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("chiso-floats-\(UUID().uuidString).csv").path
        try ("x\n1.5\n" + cells.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        defer { unlink(path) }
        let t = try CSVReader.read(path: path)
        XCTAssertEqual(t.rowCount, cells.count + 1)
        for (i, s) in cells.enumerated() {
            guard case .float(let v) = t.column("x")!.value(at: i + 1) else { return XCTFail("row \(i + 1) is not a float") }
            XCTAssertEqual(v.bitPattern, Double(s)!.bitPattern, s)
        }
    }
}
