import ChisoKit
import Foundation
import StatFiles
import XCTest

/// Every chiso example in README.md runs on the bundled data without an error: the manual never
/// shows a statement that does not work.
final class ReadmeTests: XCTestCase {
    /// The formats the program registers at start (the README shows an SPSS file).
    override func setUp() { StatFiles.register() }

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The fenced blocks whose first line is chiso (not a shell command), with shell lines inside
    /// them (`Scripts/chiso run …`) left out.
    static func examples() throws -> [(line: Int, text: String)] {
        let lines = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8).components(separatedBy: "\n")
        var blocks: [(Int, String)] = [], current: [String]? = nil, start = 0
        for (i, l) in lines.enumerated() {
            if l.hasPrefix("```") {
                if let c = current {
                    let first = c.first { !$0.trimmingCharacters(in: .whitespaces).isEmpty } ?? ""
                    if ["from", "load", "let", "explain", "describe", "param"].contains(where: { first.hasPrefix($0 + " ") }) {
                        blocks.append((start, c.filter { !$0.hasPrefix("Scripts/") }.joined(separator: "\n")))
                    }
                    current = nil
                } else {
                    current = []; start = i + 2
                }
            } else if current != nil {
                current!.append(l)
            }
        }
        return blocks
    }

    func testReadmeExamplesRun() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chiso-readme-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for sub in ["Datasets", "Scripts", "Tests"] {
            try FileManager.default.createSymbolicLink(at: dir.appendingPathComponent(sub), withDestinationURL: Self.root.appendingPathComponent(sub))
        }
        let blocks = try Self.examples()
        XCTAssertGreaterThanOrEqual(blocks.count, 4)
        for (line, text) in blocks {
            var out = ""
            let session = Session(workingDirectory: dir.path, output: { out += $0 }, info: { _ in })
            session.options.format = .csv
            let data = Self.root.appendingPathComponent("Datasets").path
            for f in try FileManager.default.contentsOfDirectory(atPath: data).sorted() where f.hasSuffix(".csv") {
                session.registerLazily(path: data + "/" + f, as: Session.tableName(forPath: f))
            }
            do {
                try session.run(SourceFile(name: "README.md:\(line)", text: text))
            } catch let d as Diagnostic {
                XCTFail("the README example at line \(line) fails:\n\(d.render())")
            }
            Self.checkShowsRows(text, out, "the README example at line \(line)")
        }
    }

    /// Every `help` example that is a pipeline (or starts with let) runs on the bundled data.
    func testHelpExamplesRun() throws {
        let data = Self.root.appendingPathComponent("Datasets").path
        // Every topic has an example, and every name a user may ask about has a topic.
        for topic in Help.topics { XCTAssertFalse(topic.example.isEmpty, "help \(topic.name) has no example") }
        for name in ["lag", "lead", "share", "set", "describe", "tables", "log10", "count_distinct", "quantile", "string_agg"] {
            XCTAssertNotNil(Help.text(for: name), "help \(name)")
        }
        for topic in Help.topics where ["from ", "explain ", "let ", "describe ", "tables"].contains(where: topic.example.hasPrefix) {
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chiso-help-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: dir) }
            var out = ""
            let session = Session(workingDirectory: dir.path, output: { out += $0 }, info: { _ in })
            session.options.format = .csv
            for f in try FileManager.default.contentsOfDirectory(atPath: data).sorted() where f.hasSuffix(".csv") {
                session.registerLazily(path: data + "/" + f, as: Session.tableName(forPath: f))
            }
            do { try session.run(SourceFile(name: "help \(topic.name)", text: topic.example)) } catch let d as Diagnostic {
                XCTFail("help \(topic.name)'s example fails:\n\(d.render())")
            }
            Self.checkShowsRows(topic.example, out, "help \(topic.name)'s example")
            if ["assess", "project", "window", "plot"].contains(topic.name) {
                XCTAssertGreaterThan(out.split(separator: "\n").count, 1, "help \(topic.name)'s example shows no rows")
            }
        }
    }

    /// An example that projects shows projected rows; one that assesses shows at least one
    /// verdict other than not_assessable — never only a header, or only "cannot say".
    static func checkShowsRows(_ text: String, _ out: String, _ what: String) {
        if text.contains("| assess") {
            let verdicts = [",met,", ",on_track,", ",acceleration_needed,", ",limited,", ",regressing,"]
            XCTAssertTrue(verdicts.contains { out.contains($0) }, "\(what) gives no verdict:\n\(out.prefix(2000))")
        }
        // (A pipeline that ends in plot draws its rows instead of printing them.)
        if text.contains("| project"), !text.hasPrefix("explain"), !text.contains("| plot") {
            XCTAssertTrue(out.contains(",projected,"), "\(what) projects nothing")
        }
    }
}

/// Each row of the README's "Coming from SQL, dplyr or Stata" table, as written there: the
/// habits in the left column are located errors whose hint is the right column's form, or run.
final class ComingFromSQLTests: XCTestCase {
    /// The README table's rows, each the left column's code forms.
    static func tableRows() throws -> [[String]] {
        let text = try String(contentsOf: ReadmeTests.root.appendingPathComponent("README.md"), encoding: .utf8)
        let section = text.components(separatedBy: "## Coming from SQL, dplyr or Stata")[1].components(separatedBy: "\n## ")[0]
        return section.components(separatedBy: "\n").filter { $0.hasPrefix("| `") || $0.hasPrefix("| \"") }.map { row in
            let left = row.replacingOccurrences(of: "\\|", with: "¦").split(separator: "|")[0]
            return left.components(separatedBy: "`").enumerated().filter { $0.offset % 2 == 1 }.map { $0.element.replacingOccurrences(of: "¦", with: "|") }
        }
    }

    /// What each form is checked as: a statement on the bundled data, and the hint's text (nil
    /// when it runs).
    static let cases: [String: [(String, String?)]] = [
        "SELECT a, b FROM t WHERE c = 1 ORDER BY d DESC LIMIT 5": [
            ("SELECT plan, lo FROM targets WHERE year = 2030 ORDER BY lo DESC LIMIT 5", "from targets | where year == 2030 | sort -lo | select plan, lo | take 5")],
        "filter(…)": [("from targets | filter(lo > 50)", "where")],
        "keep if …": [("from targets | keep if lo > 50", "where x > 1")],
        "mutate(y = …)": [("from targets | mutate(y = lo * 2)", "derive y = x * 2")],
        "gen y = …": [("from targets | gen y = lo * 2", "derive y = x * 2")],
        "group_by(k) %>% summarise(…)": [("from targets | group_by(plan) %>% summarise(n = n())", "group k { n = count(), m = mean(x) }")],
        "group by k": [("from targets | group by plan", "group plan { n = count() }")],
        "collapse": [("from targets | collapse (mean) lo, by(plan)", "group k { m = mean(x) }")],
        "order by x desc": [("from targets | order by lo desc", "sort -x")],
        "arrange(desc(x))": [("from targets | arrange(desc(lo))", "sort -x")],
        "sort desc x": [("from targets | sort desc lo", "sort -lo")],
        "sort x desc": [("from targets | sort lo desc", "sort -lo")],
        "limit 5": [("from targets | limit 5", "take 5")],
        "head(5)": [("from targets | head(5)", "take 5")],
        "&&": [("from targets | where lo > 1 && year == 2030", "and")],
        "||": [("from targets | where lo > 1 || year == 2030", "or")],
        "!": [("from targets | where !(lo > 1)", "not (x > 1)")],
        "x == null": [("from targets | where hi == null", "hi is null")],
        "x != null": [("from targets | where hi != null", "hi is not null")],
        "avg(x)": [("from targets | group plan { m = avg(lo) }", "mean")],
        "n()": [("from targets | group plan { m = n() }", "count")],
        "nchar(s)": [("from targets | derive l = nchar(plan)", "length")],
        "ifelse(…)": [("from targets | derive l = ifelse(lo > 1, 1, 0)", "if")],
        "gsub(…)": [("from targets | derive l = gsub(\"a\", \"b\", plan)", "replace")],
        "paste(…)": [("from targets | derive l = paste(plan, op)", "concat")],
        "'text'": [("from targets | where plan == 'vn-411-2022' | take 1", nil)],
        "left join t on a = b": [("from targets | left join plans on plan = id", "join left plans on plan = id")],
        "case when … then … end": [("from targets | derive band = case when lo >= 50 then \"high\" else \"low\" end | take 1", nil)],
        "cast(x as int)": [("from targets | derive y = cast(lo as int) | take 1", nil)],
        "x like \"a%\"": [("from targets | where plan like \"vn-%\" | take 1", nil)],
        "\"10,5\"": [("float(\"10,5\")", "decimal = \",\"")],
    ]

    func testEveryRowHolds() throws {
        let rows = try Self.tableRows()
        XCTAssertGreaterThanOrEqual(rows.count, 12)
        let data = ReadmeTests.root.appendingPathComponent("Datasets").path
        for row in rows {
            // Every form in the row with a case of its own; the first form at least.
            let forms = row.filter { Self.cases[$0] != nil }
            XCTAssertFalse(forms.isEmpty, "README row \(row) has no test: add it to ComingFromSQLTests.cases")
            for form in forms {
                for (statement, hint) in Self.cases[form]! {
                    var out = ""
                    let session = Session(workingDirectory: data, output: { out += $0 }, info: { _ in })
                    session.options.format = .csv
                    for f in try FileManager.default.contentsOfDirectory(atPath: data) where f.hasSuffix(".csv") {
                        session.registerLazily(path: data + "/" + f, as: Session.tableName(forPath: f))
                    }
                    do {
                        try session.run(SourceFile(name: "<README>", text: statement))
                        XCTAssertNil(hint, "\(form): '\(statement)' ran; the README says it is an error")
                        XCTAssertTrue(out.split(separator: "\n").count >= 2, "\(form): '\(statement)' gave no rows")
                    } catch let d as Diagnostic {
                        let text = d.render()
                        guard let hint else { XCTFail("\(form): '\(statement)' fails:\n\(text)"); continue }
                        XCTAssertTrue(text.contains(hint), "\(form): the error does not teach '\(hint)':\n\(text)")
                        XCTAssertTrue(text.contains("<README>:1:"), "\(form): the error is not located:\n\(text)")
                    }
                }
            }
        }
    }
}
