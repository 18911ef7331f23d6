@testable import ChisoKit
import ChisoTestSupport
import Foundation
import XCTest

/// A failed export must leave what was there before (or nothing), never a partial file.
final class ExportTests: XCTestCase {
    var dir: URL!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("chiso-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        chmod(dir.path, 0o755)
        try? FileManager.default.removeItem(at: dir)
    }

    func table() -> Table {
        Table(names: ["a"], columns: [Column(.int([1, 2, 3]))])
    }

    func leftovers() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix(".chiso-export-") }
    }

    /// Chunks encoded by several threads are written in order: the file is byte for byte the
    /// one a single thread writes and the one `encode` makes (100,000 rows: seven chunks, so
    /// lanes wrap around; four batches of two, two of four).
    /// A CSV's schema file sits beside it, its extension replaced; a path the statement fuzzer
    /// found (a NUL, a combining mark) made Foundation's `deletingPathExtension` trap.
    func testSchemaFilePathReplacesTheExtension() {
        XCTAssertEqual(TableSchemaFile.path(for: "data/ket qua.csv"), "data/ket qua.schema.json")
        XCTAssertEqual(TableSchemaFile.path(for: "a.b/c"), "a.b/c.schema.json")
        XCTAssertEqual(TableSchemaFile.path(for: "dir/.hidden"), "dir/.hidden.schema.json")
        let odd = "\u{710}\u{36B}2repbook\u{1C}\0\0 sheeunknown table 'a'\u{1EE3}p"
        XCTAssertEqual(TableSchemaFile.path(for: odd), odd + ".schema.json")
    }

    func testParallelExportIsTheSameFileAsSerial() throws {
        var rng = SplitMix64(seed: 7)
        let n = 100_000
        let t = TableFixture.make([
            ("i", .ints((0..<n).map { $0 % 97 == 0 ? nil : Int64($0) })),
            ("x", .floats((0..<n).map { _ in Double(Int64(rng.next() % 1_000_000)) / 1000 })),
            ("s", .texts((0..<n).map { ["Nghệ An", "a,b", "", nil][$0 % 4] })),
        ])
        let one = dir.appendingPathComponent("one.csv").path
        try CSVWriter.write(t, to: one, threads: 1)
        let a = try Data(contentsOf: URL(fileURLWithPath: one))
        XCTAssertEqual(a, Data(CSVWriter.encode(t)))
        for threads in [2, 4] {
            let many = dir.appendingPathComponent("\(threads).csv").path
            try CSVWriter.write(t, to: many, threads: threads)
            let b = try Data(contentsOf: URL(fileURLWithPath: many))
            XCTAssertEqual(a.count, b.count)
            XCTAssertTrue(a == b, "threads \(threads)")
        }
        let session = Session(workingDirectory: dir.path, output: { _ in }, info: { _ in })
        XCTAssertThrowsError(try session.run("set threads 0"))
        try session.run("set threads 3")
        XCTAssertEqual(session.options.threads, 3)
    }

    /// A text column of nulls only (an empty dictionary, codes that mean nothing): empty cells.
    /// export writes what the extension names: a Markdown table, JSON records; any other
    /// extension is an error listing the formats (it once wrote CSV under a .json name).
    func testExportFormatsByExtension() throws {
        let s = Session(workingDirectory: dir.path, output: { _ in }, info: { _ in })
        s.register(TableFixture.make([("id", .texts(["vn", "nghe-an"])), ("x", .floats([1.5, nil]))]), as: "t")
        try s.run("from t | export \"t.md\"")
        XCTAssertEqual(try String(contentsOf: dir.appendingPathComponent("t.md"), encoding: .utf8),
                       "| id | x |\n| --- | ---: |\n| vn | 1.5 |\n| nghe-an | null |\n")
        try s.run("from t | export \"t.json\"")
        XCTAssertEqual(try String(contentsOf: dir.appendingPathComponent("t.json"), encoding: .utf8),
                       "[\n  {\"id\": \"vn\", \"x\": 1.5},\n  {\"id\": \"nghe-an\", \"x\": null}\n]\n")
        XCTAssertThrowsError(try s.run("from t | export \"t.parquet\"")) { e in
            XCTAssertTrue("\(e)".contains("chiso does not write .parquet files"), "\(e)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("t.parquet").path))
    }

    /// The office's Excel in a Vietnamese or European locale reads ';' between fields and a
    /// decimal comma: the bytes as it expects them (a field holding ';' is quoted, ints untouched,
    /// the float's one '.' alone turned, an exponent kept).
    func testExportForExcelWithDecimalComma() throws {
        let s = Session(workingDirectory: dir.path, output: { _ in }, info: { _ in })
        s.register(TableFixture.make([("id", .texts(["a;b", "nghe-an"])), ("n", .ints([1200, -3])), ("x", .floats([1.5, 2.5e-10]))]), as: "t")
        try s.run("from t | export \"t.csv\" (delim = \";\", decimal = \",\")")
        XCTAssertEqual(try String(contentsOf: dir.appendingPathComponent("t.csv"), encoding: .utf8),
                       "id;n;x\n\"a;b\";1200;1,5\nnghe-an;-3;2,5e-10\n")
    }

    func testTextColumnOfNullsOnly() throws {
        let t = TableFixture.make([("a", .ints([1, 2])), ("s", .texts([nil, nil]))])
        XCTAssertEqual(String(decoding: CSVWriter.encode(t), as: UTF8.self), "a,s\n1,\n2,\n")
    }

    func testExportReplacesWholeFile() throws {
        let path = dir.appendingPathComponent("out.csv").path
        try "old contents\n".write(toFile: path, atomically: true, encoding: .utf8)
        try CSVWriter.write(table(), to: path)
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "a\n1\n2\n3\n")
        XCTAssertEqual(try leftovers(), [])
    }

    func testFailedRenameKeepsTheOldTargetAndNoTemporaryFile() throws {
        // The target is a non-empty directory: rename(2) fails after the data was written.
        let target = dir.appendingPathComponent("out.csv")
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        try "keep".write(to: target.appendingPathComponent("inside"), atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try CSVWriter.write(table(), to: target.path)) { e in
            XCTAssertTrue((e as? Diagnostic)?.message.hasPrefix("cannot write") ?? false, "\(e)")
        }
        XCTAssertEqual(try String(contentsOf: target.appendingPathComponent("inside"), encoding: .utf8), "keep")
        XCTAssertEqual(try leftovers(), [])
    }

    func testUnwritableFolderCreatesNothing() throws {
        guard getuid() != 0 else {
            // root ignores permissions; the missing-folder case below covers the same path.
            let path = dir.appendingPathComponent("missing/out.csv").path
            XCTAssertThrowsError(try CSVWriter.write(table(), to: path))
            XCTAssertFalse(FileManager.default.fileExists(atPath: path))
            return
        }
        chmod(dir.path, 0o555)
        let path = dir.appendingPathComponent("out.csv").path
        XCTAssertThrowsError(try CSVWriter.write(table(), to: path))
        XCTAssertFalse(FileManager.default.fileExists(atPath: path))
    }

    func testFullDiskLeavesNoPartialFile() throws {
        // /dev/full accepts open but fails every write with ENOSPC; writing through a directory
        // we control is not possible there, so check the same code path with a tiny tmpfs-like
        // limit: RLIMIT_FSIZE makes write(2) fail part-way (SIGXFSZ ignored).
        let path = dir.appendingPathComponent("big.csv").path
        let big = Table(names: ["a"], columns: [Column(.int([Int64](repeating: 123456789, count: 200_000)))])
        let fsize = __rlimit_resource_t(RLIMIT_FSIZE.rawValue)
        signal(SIGXFSZ, SIG_IGN)
        var old = rlimit()
        getrlimit(fsize, &old)
        var limit = old
        limit.rlim_cur = 100_000
        setrlimit(fsize, &limit)
        defer { setrlimit(fsize, &old) }
        XCTAssertThrowsError(try CSVWriter.write(big, to: path))
        setrlimit(fsize, &old)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path))
        XCTAssertEqual(try leftovers(), [])
    }
}
