import Foundation
import XCTest

/// chiso under broken output streams and leftover-prone reads, run as a script in CI would run
/// it (through /bin/sh, for the redirections).
final class StreamFaultTests: XCTestCase {
    var dir: URL!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("chiso-streams-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try "plan,year,lo\nnghe-an-347-2023,2025,80\n".write(to: dir.appendingPathComponent("targets.csv"), atomically: true, encoding: .utf8)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    struct Result { var status: Int32; var out: String; var err: String }

    /// Runs `sh -c 'chiso ARGS REDIRECTIONS'` in the test folder.
    func sh(_ script: String, env: [String: String] = [:]) throws -> Result {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", script.replacingOccurrences(of: "CHISO", with: "'\(CommandLineTests.binary.path)'")]
        p.currentDirectoryURL = dir
        p.environment = ProcessInfo.processInfo.environment.merging(env) { $1 }
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Result(status: p.terminationStatus, out: String(decoding: o, as: UTF8.self), err: String(decoding: e, as: UTF8.self))
    }

    /// A closed standard error: results still print, and a notice that cannot be shown is no trap.
    func testClosedStandardError() throws {
        let r = try sh(#"CHISO -c 'load "targets.csv" as t; from t | select lo' 2>&-"#)
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.out.contains("cannot write to standard error: Bad file descriptor"), r.out)
    }

    /// A full standard error: the run stops, non-zero, and says so on standard output.
    func testFullStandardError() throws {
        let r = try sh(#"CHISO -c 'load "targets.csv" as t; from t | select lo' 2>/dev/full"#)
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.out.hasPrefix("<command>:1:1: error: cannot write to standard error: No space left on device"), r.out)
        XCTAssertFalse(r.out.contains("lo\n80"), "the statement after the failed notice ran")
    }

    /// A full standard output, or a reader gone with SIGPIPE ignored: exit 1 with a message.
    func testFullOrBrokenStandardOutput() throws {
        let full = try sh(#"CHISO -c '1 + 1' >/dev/full"#)
        XCTAssertEqual(full.status, 1)
        XCTAssertTrue(full.err.contains("error: cannot write to standard output: No space left on device"), full.err)
        let piped = try sh(#"trap '' PIPE; (CHISO -c 'from "targets.csv"'; echo "chiso=$?" >&2) | (exec 0<&-; sleep 1)"#)
        XCTAssertTrue(piped.err.contains("cannot write to standard output: Broken pipe") && piped.err.contains("chiso=1"), piped.err)
    }

    /// A stream's temporary copy (standard input, here) lives in $TMPDIR and leaves nothing behind.
    func testTemporaryCopiesLeaveNothing() throws {
        let tmp = dir.appendingPathComponent("tmp")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
        let r = try sh(#"printf 'a,b\n1,2\n' | CHISO -c 'from "-" | select b'"#, env: ["TMPDIR": tmp.path])
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertEqual(r.out, "b\n2\n")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: tmp.path), [])
    }

    /// A file-size limit: the export fails with a message and a non-zero exit, and the file it
    /// would have replaced is kept (SIGXFSZ no longer kills chiso without a word).
    func testFileSizeLimitFailsTheExportWithAMessage() throws {
        try "old\n".write(to: dir.appendingPathComponent("out.csv"), atomically: true, encoding: .utf8)
        try ("a\n" + String(repeating: "Nghệ An\n", count: 20_000)).write(to: dir.appendingPathComponent("seed.csv"), atomically: true, encoding: .utf8)
        let r = try sh(#"ulimit -f 16; CHISO -c 'from "seed.csv" | export "out.csv"'"#)
        XCTAssertEqual(r.status, 1, r.err)
        XCTAssertTrue(r.err.contains("File too large"), r.err)
        XCTAssertEqual(try String(contentsOf: dir.appendingPathComponent("out.csv"), encoding: .utf8), "old\n")
    }

    /// Five open files at most (`ulimit -n 5`, soft and hard): libdispatch would trap (SIGILL)
    /// creating its eventfd with no descriptor left, so the engine runs on one core without it
    /// and says so; the load, a group and an .xlsx export (a temporary file and a rename) run.
    func testFewFileDescriptorsRunOnOneCoreNotATrap() throws {
        var rows = "a,b\n"
        for i in 0..<200_000 { rows += "\(i % 100),\(i)\n" }
        try rows.write(to: dir.appendingPathComponent("big.csv"), atomically: true, encoding: .utf8)
        let r = try sh(#"ulimit -n 5; printf 'load "big.csv" as s\nfrom s | group a { n = count(), t = sum(b) } | sort a | take 1\nfrom s | export "out.xlsx"\n' | CHISO"#)
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertEqual(r.out, "a,n,t\n0,2000,199900000\n")
        XCTAssertEqual(r.err, "note: only 5 open files are allowed (ulimit -n): running on one core\nloaded s: 200,000 rows, 2 columns\nwrote 200,000 rows to out.xlsx\n")
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir.appendingPathComponent("out.xlsx").path))
    }

    /// An .xlsx export builds its zip in a temporary file under $TMPDIR (streamed, never held in
    /// memory): with no room there it is a located error and the old file stays.
    func testWorkbookExportWithoutATemporaryFolderKeepsTheOldFile() throws {
        try "old\n".write(to: dir.appendingPathComponent("out.xlsx"), atomically: true, encoding: .utf8)
        let r = try sh(#"CHISO -c 'from "targets.csv" | export "out.xlsx"'"#, env: ["TMPDIR": dir.appendingPathComponent("missing").path])
        XCTAssertEqual(r.status, 1, r.err)
        XCTAssertTrue(r.err.contains("<command>:1:29: error: cannot write out.xlsx: no room for a temporary copy in \(dir.appendingPathComponent("missing").path) (No such file or directory)"), r.err)
        XCTAssertEqual(try String(contentsOf: dir.appendingPathComponent("out.xlsx"), encoding: .utf8), "old\n")
    }

    /// The reader of a long result goes away: chiso stops writing (and formatting) at the next
    /// block, and exits 1 saying so, instead of formatting every row for a closed pipe.
    func testALongResultStopsWhenTheReaderIsGone() throws {
        var rows = "i,name\n"
        for k in 0..<300_000 { rows += "\(k),Nghệ An \(k % 97)\n" }
        try rows.write(to: dir.appendingPathComponent("long.csv"), atomically: true, encoding: .utf8)
        let r = try sh(#"trap '' PIPE; (CHISO -c 'from "long.csv"'; echo "chiso=$?" >&2) | head -c 100 >/dev/null"#)
        XCTAssertTrue(r.err.contains("cannot write to standard output: Broken pipe") && r.err.contains("chiso=1"), r.err)
        // Written in blocks, the whole result is the same bytes, its header once.
        let whole = try sh(#"CHISO -c 'from "long.csv"'"#)
        XCTAssertEqual(whole.status, 0)
        XCTAssertEqual(whole.out, rows)
    }
}
