@testable import ChisoKit
import ChisoTestSupport
import Foundation
import XCTest

/// The logical plan holds no data: binding, `explain plan`, completion and `chiso check` read
/// a file's head only. Proved with a file whose row 5,000 is malformed: anything that read the
/// rows would fail on it.
final class PlanTests: XCTestCase {
    var dir: URL!
    var path: String { dir.appendingPathComponent("big.csv").path }

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("chiso-plan-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        var text = "area,year,value\n"
        for i in 0..<10_000 { text += i == 4_998 ? "vn,2020\n" : "p\(i % 63),\(2015 + i % 10),\(i % 100).5\n" }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    func session() -> (Session, () -> String) {
        var out = ""
        let s = Session(workingDirectory: dir.path, output: { out += $0 }, info: { out += $0 + "\n" })
        s.registerLazily(path: path, as: "big")
        return (s, { out })
    }

    func testExplainPlanReadsNoRow() throws {
        let (s, out) = session()
        try s.run("explain plan from big | where year == 2020 | group area { n = count(), m = mean(value) }")
        XCTAssertEqual(out(), """
            1. scan big (\(path))
               → area text, year int, value float
            2. where year == 2020
               → (same columns)
            3. group area { n = count(), m = mean(value) }
               → area text, n int, m float

            """)
        XCTAssertFalse(s.catalog.isRead("big"))
        // Running it reads the rows, and meets the malformed one.
        assertDiagnostic("from big | take 1", in: s, message: "row has 2 fields, expected 3")
    }

    func testCompletionAndTablesReadNoRow() throws {
        let (s, _) = session()
        let c = Completer(session: s)
        XCTAssertEqual(c.candidates("from big | derive d = value * 2 | select ar", cursor: 44), ["area"])
        try s.run("tables")
        XCTAssertFalse(s.catalog.isRead("big"))
    }

    func testCheckReportsEveryMistakeWithoutReadingRows() throws {
        let (s, _) = session()
        let script = SourceFile(name: "report.chiso", text: """
            let recent = from big | where yaer >= 2020
            from big | group area { n = count(), m = mean(valeu) }
            from big | sort -value | take 5 | export "top.csv"
            from big | where area == 2020
            from big | select area |
            """)
        let problems = s.check(script)
        XCTAssertEqual(problems.map(\.message), ["expected a stage after '|', found end of input", "unknown column 'yaer'",
                                                 "unknown column 'valeu'", "cannot compare text with int"])
        XCTAssertEqual(problems.map { script.location(of: $0.span!.start).line }, [5, 1, 2, 4])
        XCTAssertFalse(s.catalog.isRead("big"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("top.csv").path))
    }

    func testCheckFollowsLetAndLoadSchemas() throws {
        let (s, _) = session()
        let problems = s.check(SourceFile(name: "ok.chiso", text: """
            load "big.csv" as b2
            let recent = from b2 | where year >= 2020 | derive pct = value / 100
            from recent | group area { m = mean(pct) }
            from recent | select nope
            """))
        XCTAssertEqual(problems.map(\.message), ["unknown column 'nope'"])
    }

    /// A late value that widens a column after the sniffed head: the plan is bound again on the
    /// full schema, so the type the user sees is the true one.
    func testLateWideningRebinds() throws {
        var text = "k,v\n"
        for i in 0..<2_000 { text += "a,\(i == 1_500 ? "n/a" : String(i))\n" }
        try text.write(to: dir.appendingPathComponent("late.csv"), atomically: true, encoding: .utf8)
        let (s, out) = session()
        s.registerLazily(path: dir.appendingPathComponent("late.csv").path, as: "late")
        XCTAssertEqual(try s.catalog.schema(of: "late")?.types, [.text, .int])
        s.options.format = .csv
        try s.run("from late | where v == \"n/a\" | select v")
        XCTAssertEqual(out(), "v\nn/a\n")
    }
}
