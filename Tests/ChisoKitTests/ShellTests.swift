@testable import ChisoKit
import Foundation
import XCTest

final class CompleterTests: XCTestCase {
    var dir: URL!
    var session: Session!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("chiso-comp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("Datasets"), withIntermediateDirectories: true)
        for f in ["targets.csv", "tasks.csv", "plans.csv"] {
            try "plan,indicator,year,lo\nnghe-an,x,2025,80\n".write(to: dir.appendingPathComponent("Datasets/" + f), atomically: true, encoding: .utf8)
        }
        session = Session(workingDirectory: dir.path, output: { _ in }, info: { _ in })
        try session.run("load \"Datasets/targets.csv\" as targets; load \"Datasets/plans.csv\" as plans")
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    func complete(_ line: String) -> [String] {
        Completer(session: session).candidates(line, cursor: line.utf8.count)
    }

    /// A database's tables complete by their full and short names, and their columns (from the
    /// server's catalog, kept in chiso's) complete after them; no row is read.
    func testDatabaseTablesAndTheirColumnsComplete() {
        session.catalog.registerRemote(RemoteTable(database: "pg", schema: "public", table: "persons", unreadable: ["ts": "timestamp"], types: ["age": "int4"]),
                                       schema: Schema(names: ["age"], types: [.int]), as: "pg.public.persons", shortName: "pg.persons")
        XCTAssertEqual(complete("from pg.p"), ["pg.persons", "pg.public.persons"])
        XCTAssertTrue(complete("from pg.persons | where a").contains("age"))
        XCTAssertFalse(session.catalog.isRead("pg.persons"))
    }

    func testStatementKeywordsAtStart() {
        XCTAssertEqual(complete("fr"), ["from"])
        XCTAssertEqual(complete("de"), ["describe", "design", "detach"])
    }

    func testStagesAfterBar() {
        XCTAssertEqual(complete("from targets | wh"), ["where"])
        XCTAssertEqual(complete("from targets | "), Parser.stageKeywords.sorted())
    }

    func testTablesAfterFromAndJoin() {
        XCTAssertEqual(complete("from ta"), ["targets"])
        XCTAssertEqual(complete("from targets | join left pl"), ["plans"])
        XCTAssertEqual(complete("describe p"), ["plans"])
    }

    func testColumnsOfTheTableAtThatStage() {
        XCTAssertEqual(complete("from targets | where ind"), ["indicator"])
        XCTAssertEqual(complete("from targets | derive width = lo * 2 | select wi"), ["width"])
        // After a group, only the group's columns exist.
        let afterGroup = complete("from targets | group plan { n = count() } | sort ")
        XCTAssertTrue(afterGroup.contains("n") && afterGroup.contains("plan"))
        XCTAssertFalse(afterGroup.contains("indicator"))
    }

    /// A name that is also the prefix of others lists them all; $params; plan ids; chart paths.
    func testSharedPrefixesParamsPlansAndPaths() throws {
        try session.run("load \"Datasets/tasks.csv\" as targets_2030; param year = 2030; param yes = true")
        XCTAssertEqual(complete("from targets"), ["targets", "targets_2030"])
        XCTAssertEqual(complete("from targets | where year == $y"), ["year", "yes"])
        XCTAssertEqual(complete("from targets | assess plan \"ng"), ["nghe-an"])
        XCTAssertEqual(complete("from targets | plot line year, lo to \"Data"), ["Datasets/"])
        XCTAssertEqual(complete("run \"Data"), ["Datasets/"])
        XCTAssertEqual(complete("ru"), ["run"])
    }

    func testFunctionsAndAggregates() {
        XCTAssertEqual(complete("from targets | derive f = fo"), ["fold", "format"])
        XCTAssertTrue(complete("from targets | group plan { m = me").contains("mean"))
        XCTAssertFalse(complete("from targets | derive m = me").contains("mean"))
    }

    func testPathsInsideLoadAndExport() {
        XCTAssertEqual(complete("load \"Data"), ["Datasets/"])
        XCTAssertEqual(complete("load \"Datasets/ta"), ["Datasets/targets.csv", "Datasets/tasks.csv"])
        XCTAssertEqual(complete("from targets | export \"Datasets/p"), ["Datasets/plans.csv"])
        XCTAssertEqual(complete("from targets | where plan == \"ng"), [])
    }

    func testMultiLineContext() {
        XCTAssertEqual(complete("from targets\n| where ye"), ["year"])
    }
}

final class HistoryTests: XCTestCase {
    func path() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("chiso-hist-\(UUID().uuidString)/history").path
    }

    /// A huge history file: only its end is read, the newest entries kept, duplicates collapsed.
    func testHugeHistoryReadsOnlyItsEnd() throws {
        let p = path()
        try FileManager.default.createDirectory(atPath: (p as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        var text = History.header + "\n"
        let line = "from\\040targets\\040|\\040where\\040year\\040==\\040"
        for i in 0..<400_000 { text += line + String(i % 150_000) + "\n" }
        text += "from\\040targets\\040|\\040take\\0401\n"
        try text.write(toFile: p, atomically: true, encoding: .utf8)
        XCTAssertGreaterThan(try FileManager.default.attributesOfItem(atPath: p)[.size] as! Int, 15_000_000)
        let h = History(path: p)
        XCTAssertEqual(h.entries.count, 1000)
        XCTAssertEqual(h.entries.last, "from targets | take 1")
        XCTAssertEqual(Set(h.entries).count, 1000)
        XCTAssertNil(h.warning)
    }

    /// A history that cannot be written says so once.
    func testUnwritableHistoryWarnsOnce() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("chiso-hist-\(UUID().uuidString)")
        try "a file, not a folder".write(to: base, atomically: true, encoding: .utf8)
        var h = History(path: base.path + "/history")
        h.add("from t")
        XCTAssertFalse(h.save())
        XCTAssertNotNil(h.takeWarning())
        h.add("from u")
        XCTAssertFalse(h.save())
        XCTAssertNil(h.takeWarning())
        try FileManager.default.createDirectory(at: base.appendingPathExtension("d"), withIntermediateDirectories: true)
        var folder = History(path: base.appendingPathExtension("d").path)
        XCTAssertEqual(folder.takeWarning(), "\(base.appendingPathExtension("d").path) is a folder; history will not be saved")
    }

    func testRoundTripKeepsLineBreaksAndCollapsesDuplicates() throws {
        let p = path()
        var h = History(path: p, limit: 3)
        h.add("from targets | take 1")
        h.add("from t |\n  take 2")
        h.add("tables")
        h.add("from targets | take 1")   // moves to the end
        h.add("   ")
        XCTAssertEqual(h.entries, ["from t |\n  take 2", "tables", "from targets | take 1"])
        h.add("help")                     // over the limit: the oldest goes
        XCTAssertTrue(h.save())
        let text = try String(contentsOfFile: p, encoding: .utf8)
        XCTAssertEqual(text, "_HiStOrY_V2_\ntables\nfrom\\040targets\\040|\\040take\\0401\nhelp\n")
        XCTAssertEqual(History(path: p).entries, ["tables", "from targets | take 1", "help"])
        let attrs = try FileManager.default.attributesOfItem(atPath: p)
        XCTAssertEqual((attrs[.posixPermissions] as? NSNumber)?.intValue, 0o600)
    }

    func testEncodingOfVietnameseAndBackslash() {
        let s = "where ten == \"Nghệ An\\x\"\n| take 1"
        XCTAssertEqual(History.decode(History.encode(s)), s)
        XCTAssertEqual(History.encode("a b"), "a\\040b")
    }

    func testForeignFileIsNeverOverwritten() throws {
        let p = path()
        try FileManager.default.createDirectory(atPath: (p as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try "my notes\n".write(toFile: p, atomically: true, encoding: .utf8)
        var h = History(path: p)
        XCTAssertFalse(h.writable)
        XCTAssertNotNil(h.warning)
        h.add("tables")
        XCTAssertFalse(h.save())
        XCTAssertEqual(try String(contentsOfFile: p, encoding: .utf8), "my notes\n")
    }

    func testDefaultPath() {
        XCTAssertEqual(History.defaultPath(environment: ["XDG_STATE_HOME": "/s", "HOME": "/h"]), "/s/chiso/history")
        XCTAssertEqual(History.defaultPath(environment: ["HOME": "/h"]), "/h/.chiso_history")
    }
}

final class ShellLoopTests: XCTestCase {
    func testErrorsDoNotEndTheSessionAndBarLinesExtendThePipeline() throws {
        var out = "", errs: [String] = []
        let dir = FileManager.default.temporaryDirectory.path
        let session = Session(workingDirectory: dir, output: { out += $0 }, info: { _ in })
        session.register(Table(names: ["a"], columns: [Column(.int([3, 1, 2]))]), as: "t")
        let reader = ScriptedLineReader(["from t | where nope", "from t", "| sort a", "| take 1", "from t |", "Shell.interrupt", "history"]
            .map { $0 == "Shell.interrupt" ? Shell.interruptLine : $0 })
        let shell = Shell(session: session, reader: reader, errors: { errs.append($0) })
        session.options.format = .csv
        XCTAssertEqual(shell.run(), 1)
        XCTAssertEqual(errs.count, 1)
        XCTAssertTrue(errs[0].contains("unknown column 'nope'"))
        XCTAssertTrue(out.contains("a\n1\n2\n3\n"), out)        // from t | sort a
        XCTAssertTrue(out.contains("a\n1\n"), out)              // … | take 1
        // Ctrl-C dropped the unfinished "from t |"; history has the four statements and itself.
        XCTAssertEqual(reader.history, ["from t | where nope", "from t", "| sort a", "| take 1", "history"])
    }

    func testInterruptStopsAStatementAndKeepsTables() throws {
        let session = Session(workingDirectory: ".", output: { _ in }, info: { _ in })
        session.register(Table(names: ["a"], columns: [Column(.int([1]))]), as: "t")
        Interrupt.request()
        // Session.run clears the flag as a statement starts, so run the plan's executor directly.
        let source = SourceFile(name: "x", text: "from t | take 1")
        guard case .query(let p) = try Parser.parse(source)[0] else { return XCTFail("not a query") }
        XCTAssertThrowsError(try session.runPipeline(p, source)) { e in
            XCTAssertEqual((e as? Diagnostic)?.message, "interrupted")
        }
        Interrupt.clear()
        XCTAssertNotNil(try session.table(named: "t"))
    }
}
