import Foundation
import XCTest

/// End-to-end runs of the built `chiso` binary: output, stderr and exit status as a script
/// in CI sees them.
final class CommandLineTests: XCTestCase {
    /// The executable sits in the build products folder beside the test bundle.
    static var binary: URL {
        let fm = FileManager.default
        let candidates = [
            Bundle.main.bundleURL.appendingPathComponent("chiso"),
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("chiso"),
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("chiso"),
        ]
        return candidates.first { fm.isExecutableFile(atPath: $0.path) } ?? candidates[0]
    }

    var dir: URL!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("chiso-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try "plan,year,lo\nnghe-an-347-2023,2025,80\nnghe-an-347-2023,2030,95\ntien-giang-394-2022,2025,20\n"
            .write(to: dir.appendingPathComponent("targets.csv"), atomically: true, encoding: .utf8)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    struct Result { var status: Int32; var out: String; var err: String }

    func chiso(_ args: [String], stdin: String? = nil) throws -> Result {
        let p = Process()
        p.executableURL = Self.binary
        p.arguments = args
        p.currentDirectoryURL = dir
        let out = Pipe(), err = Pipe(), inp = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = inp
        try p.run()
        if let stdin { inp.fileHandleForWriting.write(stdin.data(using: .utf8)!) }
        try inp.fileHandleForWriting.close()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Result(status: p.terminationStatus, out: String(decoding: o, as: UTF8.self), err: String(decoding: e, as: UTF8.self))
    }

    func testOneShotQueryPrintsCSVWhenPiped() throws {
        let r = try chiso(["-c", "load \"targets.csv\" as t; from t | where year == 2030 | select plan, lo"])
        XCTAssertEqual(r.status, 0)
        XCTAssertEqual(r.out, "plan,lo\nnghe-an-347-2023,95\n")
        XCTAssertEqual(r.err, "loaded t: 3 rows, 3 columns\n")
    }

    func testDataFolderAndFormat() throws {
        let r = try chiso(["--data", ".", "--format", "json", "-c", "from targets | group { n = count() }"])
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertEqual(r.out, "[\n  {\"n\": 3}\n]\n")
    }

    func testQueryErrorExitsOneWithLocation() throws {
        let r = try chiso(["-c", "load \"targets.csv\" as t\nfrom t | where yaer == 1"])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.err.contains("<command>:2:16: error: unknown column 'yaer'"), r.err)
        XCTAssertTrue(r.err.contains("hint: did you mean 'year'?"), r.err)
    }

    func testScriptStopsAtFirstErrorAndRunsNothingAfter() throws {
        // A mistake binding finds (an unknown column on line 3) stops the script before line 2
        // has written its file: every statement is bound before the first runs.
        let script = "load \"targets.csv\" as t\nfrom t | export \"before.csv\"\nfrom t | derive x = lo / nope\nfrom t | export \"after.csv\"\n"
        try script.write(to: dir.appendingPathComponent("s.chiso"), atomically: true, encoding: .utf8)
        let r = try chiso(["run", "s.chiso"])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.err.contains("s.chiso:3:26: error: unknown column 'nope'"), r.err)
        XCTAssertTrue(r.err.contains("s.chiso: 1 error; nothing was run"), r.err)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("before.csv").path))
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("after.csv").path))
        // The bare-file form behaves the same.
        XCTAssertEqual(try chiso(["s.chiso"]).status, 1)
        // An error only running finds (a folder that is not there) stops at that statement: what
        // came before has run, nothing after.
        let late = "load \"targets.csv\" as t\nfrom t | export \"before.csv\"\nfrom t | export \"no/such/folder/x.csv\"\nfrom t | export \"after.csv\"\n"
        try late.write(to: dir.appendingPathComponent("late.chiso"), atomically: true, encoding: .utf8)
        let l = try chiso(["run", "late.chiso"])
        XCTAssertEqual(l.status, 1)
        XCTAssertTrue(l.err.contains("late.chiso:3:"), l.err)
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir.appendingPathComponent("before.csv").path))
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("after.csv").path))
    }

    func testSyntaxErrorAnywhereRunsNothing() throws {
        try "from t | export \"x.csv\"\nfrom t | wher 1\n".write(to: dir.appendingPathComponent("bad.chiso"), atomically: true, encoding: .utf8)
        // Options may come before the subcommand too.
        let r = try chiso(["--data", ".", "run", "bad.chiso"])
        XCTAssertEqual(r.status, 1, r.err)
        XCTAssertTrue(r.err.contains("bad.chiso:2:10: error: unknown stage 'wher'"), r.err)
        let r2 = try chiso(["run", "--data", ".", "bad.chiso"])
        XCTAssertEqual(r2.status, 1)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("x.csv").path))
    }

    func testPipedStdinRunsAsScript() throws {
        let r = try chiso(["--data", "."], stdin: "from targets\n| sort -lo\n| take 1\n")
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertEqual(r.out, "plan,year,lo\nnghe-an-347-2023,2030,95\n")
        XCTAssertFalse(r.out.contains("chiso>"))
    }

    func testParametersWithSet() throws {
        let script = "param year = 2030\nparam plan = \"nghe-an-347-2023\"\nload \"targets.csv\" as t\nfrom t | where year == $year and plan == $plan | select lo\n"
        try script.write(to: dir.appendingPathComponent("p.chiso"), atomically: true, encoding: .utf8)
        XCTAssertEqual(try chiso(["run", "p.chiso"]).out, "lo\n95\n")
        XCTAssertEqual(try chiso(["run", "p.chiso", "--set", "year=2025"]).out, "lo\n80\n")
        XCTAssertEqual(try chiso(["p.chiso", "--set", "year=2025", "--set", "plan=tien-giang-394-2022"]).out, "lo\n20\n")
        let bad = try chiso(["run", "p.chiso", "--set", "year=soon"])
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.err.contains("p.chiso:1:14: error: --set year=soon: 'soon' is not an int like the default"), bad.err)
        let unknown = try chiso(["run", "p.chiso", "--set", "yaer=2025"])
        XCTAssertEqual(unknown.status, 2)
        XCTAssertTrue(unknown.err.contains("--set yaer=… names no parameter of this script"), unknown.err)
        XCTAssertTrue(unknown.err.contains("its parameters: plan, year"), unknown.err)
    }

    /// The report script: a name built from a parameter, a file the script writes and
    /// then reads (checked when it runs, not refused before), --set changing both.
    func testReportNamedByParameter() throws {
        let script = """
            param province = "nghe-an"
            param out = "report_" + $province + ".csv"
            load "targets.csv" as t
            from t | where plan starts_with $province | export "report_{$province}.csv"
            from "report_{$province}.csv" | group { n = count() }
            $out

            """
        try script.write(to: dir.appendingPathComponent("r.chiso"), atomically: true, encoding: .utf8)
        let r = try chiso(["run", "r.chiso"])
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertEqual(r.out, "n\n2\n$out\nreport_nghe-an.csv\n")
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir.appendingPathComponent("report_nghe-an.csv").path))
        let other = try chiso(["run", "r.chiso", "--set", "province=tien-giang"])
        XCTAssertEqual(other.out, "n\n1\n$out\nreport_tien-giang.csv\n", other.err)
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir.appendingPathComponent("report_tien-giang.csv").path))
    }

    /// Relative paths in a script start from the script's folder, wherever chiso is run from;
    /// a script run by a script takes paths from its own folder.
    func testScriptPathsStartFromItsFolder() throws {
        let sub = dir.appendingPathComponent("reports/lib")
        try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
        try "plan,lo\nx,1\ny,2\n".write(to: dir.appendingPathComponent("reports/data.csv"), atomically: true, encoding: .utf8)
        try "plan,note\nx,beside lib\n".write(to: sub.appendingPathComponent("notes.csv"), atomically: true, encoding: .utf8)
        try "load \"notes.csv\" as notes\n".write(to: sub.appendingPathComponent("notes.chiso"), atomically: true, encoding: .utf8)
        try """
            load "data.csv" as d
            run "lib/notes.chiso"
            from d | join notes on plan | export "out.csv"

            """.write(to: dir.appendingPathComponent("reports/report.chiso"), atomically: true, encoding: .utf8)
        let r = try chiso(["run", "reports/report.chiso"])
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertEqual(try String(contentsOf: dir.appendingPathComponent("reports/out.csv"), encoding: .utf8), "plan,lo,note\nx,1,beside lib\n")
        XCTAssertEqual(try chiso(["check", "reports/report.chiso"]).out, "reports/report.chiso: no errors\n")
    }

    /// stdout and stderr in one pipe read in the order things happened.
    func testMessagesAndRowsInOrder() throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", "'\(Self.binary.path)' -c 'load \"targets.csv\" as t; from t | take 1 | select lo; load \"targets.csv\" as u; from u | take 1 | select year' 2>&1"]
        p.currentDirectoryURL = dir
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        XCTAssertEqual(text, "loaded t: 3 rows, 3 columns\nlo\n80\nloaded u: 3 rows, 3 columns\nyear\n2025\n")
    }

    func testBundledDatasetsAndIndicatorCard() throws {
        let datasets = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Datasets").path
        let r = try chiso(["--data", datasets, "--format", "table", "-c", "describe indicator adult_smartphone_rate"])
        XCTAssertEqual(r.status, 0, r.err)
        let lines = r.out.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines[0], "indicator adult_smartphone_rate")
        XCTAssertEqual(lines[1], "  name vi      Tỷ lệ dân số trưởng thành có điện thoại thông minh")
        // Five plans, Decision 411 among them.
        XCTAssertTrue(r.out.contains("targets (9):"), r.out)
        XCTAssertTrue(r.out.contains("│ 2030 │ nghi-hung-80-2023   │ commune  │ =    │  95.0 │ null │"), r.out)
        XCTAssertTrue(r.out.contains("│ 2030 │ vn-411-2022         │ national │ =    │  95.0 │ null │"), r.out)
        XCTAssertTrue(r.out.contains("  tinh-tra-2024 2025: one sentence: smartphone and account"), r.out)
        // Tables are known by name without a load.
        let q = try chiso(["--data", datasets, "-c", "from targets | where plan == \"tien-giang-394-2022\" and indicator == \"digital_economy_gdp_share\" | select op, lo"])
        XCTAssertEqual(q.out, "op,lo\n=,15.0\n")
    }

    /// Scripts/survey_to_targets.chiso: microdata → estimates → 2030 projection → status → CSV.
    func testSurveyToTargetsScript() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let r = try chiso(["run", "--data", root.appendingPathComponent("Datasets").path,
                           root.appendingPathComponent("Scripts/survey_to_targets.chiso").path, "--set", "out_dir=\(dir.path)"])
        XCTAssertEqual(r.status, 0, r.err)
        // 27 series × target pairs, each judged by the four methods.
        // Quảng Ngãi's resolution is in 'plans' without numeric targets: its nine series are
        // named in a note, never dropped silently.
        let errLines = r.err.split(separator: "\n").map(String.init)
        XCTAssertEqual(errLines.count, 3, r.err)
        XCTAssertTrue(errLines[0].hasPrefix("note: no target for 9 series: adult_smartphone_rate in quang-ngai — looked in plans quang-ngai-nq13-2023; "), r.err)
        XCTAssertEqual(Array(errLines.dropFirst()), ["wrote 108 rows to \(dir.path)/survey_assessment.csv", "wrote 81 rows to \(dir.path)/survey_estimates.csv"])
        let csv = try String(contentsOf: dir.appendingPathComponent("survey_assessment.csv"), encoding: .utf8)
        let lines = csv.split(separator: "\n")
        XCTAssertEqual(lines[0], "plan,indicator,area,target_year,op,lo,hi,method,base_year,base_value,base_how,latest_year,latest_value,progress,current_status,status,tier,reason")
        // Tiền Giang and Nghệ An have province targets; every row carries a tier of the shared vocabulary.
        XCTAssertTrue(lines.contains { $0.hasPrefix("tien-giang-394-2022,adult_smartphone_rate,tien-giang,2025,=,80.0,,escap,2022,") })
        let header = lines[0].split(separator: ",").map(String.init)
        let tierColumn = header.firstIndex(of: "tier")!
        let tiers = Set(lines.dropFirst().map { String($0.split(separator: ",", omittingEmptySubsequences: false)[tierColumn]) })
        XCTAssertTrue(tiers.isSubset(of: ["met", "on_track", "acceleration_needed", "limited", "regressing", "not_assessable"]), "\(tiers)")
        XCTAssertTrue(tiers.count >= 3, "\(tiers)")
    }

    /// The bundled survey is exactly what survey-gen writes: the generator is deterministic.
    func testSurveyGeneratorReproducesTheBundledFile() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let p = Process()
        p.executableURL = Self.binary.deletingLastPathComponent().appendingPathComponent("survey-gen")
        let out = dir.appendingPathComponent("survey.csv")
        p.arguments = [out.path]
        p.standardError = Pipe()
        try p.run()
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0)
        XCTAssertEqual(try Data(contentsOf: out), try Data(contentsOf: root.appendingPathComponent("Datasets/survey.csv")))
    }

    func testUsageErrorsExitTwo() throws {
        XCTAssertEqual(try chiso(["--format", "xml", "-c", "help"]).status, 2)
        XCTAssertEqual(try chiso(["--no-such-flag"]).status, 2)
    }

    func testVersionAndHelp() throws {
        let v = try chiso(["--version"])
        XCTAssertEqual(v.status, 0)
        XCTAssertTrue(v.out.hasPrefix("chiso "))
        XCTAssertEqual(try chiso(["--help"]).status, 0)
    }

    /// `chiso check` binds every statement without reading rows and reports every mistake.
    func testCheckReportsEveryErrorAndExitsOne() throws {
        try "from targets | where yr == 2030\nfrom targets | select plan, lo\nfrom targets | sort -lo | take nope\nfrom nothere\n"
            .write(to: dir.appendingPathComponent("report.chiso"), atomically: true, encoding: .utf8)
        let r = try chiso(["check", "--data", ".", "report.chiso"])
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(r.err.components(separatedBy: ": error: ").count - 1, 3, r.err)
        XCTAssertTrue(r.err.hasSuffix("report.chiso: 3 errors\n"), r.err)
        try "from targets | where year == 2030\n".write(to: dir.appendingPathComponent("ok.chiso"), atomically: true, encoding: .utf8)
        let ok = try chiso(["check", "--data", ".", "ok.chiso"])
        XCTAssertEqual(ok.status, 0, ok.err)
        XCTAssertEqual(ok.out, "ok.chiso: no errors\n")
    }

    /// `load "-"` reads standard input.
    func testLoadReadsStandardInput() throws {
        let r = try chiso(["-c", "load \"-\" as t; from t | group { n = count(), s = sum(a) }"], stdin: "a,b\n1,x\n2,y\n")
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertEqual(r.out, "n,s\n2,3\n")
    }
}
