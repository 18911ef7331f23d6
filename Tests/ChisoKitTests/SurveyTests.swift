@testable import ChisoKit
import Foundation
import XCTest

/// Design-based estimates against R's survey package (4.1.1), on the `api` data it ships:
/// Tests/Survey/make_reference.R wrote apistrat.csv, apiclus1.csv and reference.csv (R calls and
/// values to 15 significant digits). Every estimate, standard error, design effect and logit
/// interval must agree to at least 8 significant digits.
final class SurveyTests: XCTestCase {
    static let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Survey")

    static let designs = [
        "strat_fpc": ("apistrat.csv", "strata = stype, weight = pw, fpc = fpc"),
        "strat_nofpc": ("apistrat.csv", "strata = stype, weight = pw"),
        "clus1_fpc": ("apiclus1.csv", "psu = dnum, weight = pw, fpc = fpc"),
        "clus1_nofpc": ("apiclus1.csv", "psu = dnum, weight = pw"),
        "lonely_adjust": ("lonely.csv", "strata = stype, weight = pw"),
    ]

    func run(_ text: String) throws -> Table {
        let session = Session(workingDirectory: Self.dir.path, output: { _ in }, info: { _ in })
        try session.run(text)
        return session.lastResult!
    }

    func assertClose(_ a: Double, _ b: Double, _ what: String) {
        let tolerance = 1e-8 * max(abs(b), 1e-12)
        XCTAssertEqual(a, b, accuracy: tolerance, what)
    }

    func testMatchesRSurvey() throws {
        let ref = try CSVReader.read(path: Self.dir.appendingPathComponent("reference.csv").path)
        var checked = 0
        for i in 0..<ref.rowCount {
            let r = Dictionary(uniqueKeysWithValues: zip(ref.names, ref.row(i)))
            guard case .text(let designName) = r["design"]!, case .text(let statistic) = r["statistic"]! else { continue }
            let domain: String = { if case .text(let d) = r["domain"]! { return d }; return "" }()
            let (file, spec) = Self.designs[designName]!
            let logit = statistic.hasSuffix(" logit")
            let stat = logit ? String(statistic.dropLast(6)) : statistic
            var pipeline = "from s"
            var by = ""
            if domain.hasPrefix("stype=") { by = " by stype" } else if !domain.isEmpty { pipeline += " | where \(domain)" }
            let query = "load \"\(file)\" as s design (\(spec))\n\(pipeline) | estimate \(stat)\(by)\(logit ? " logit" : "")"
            let t = try run(query)
            var row = 0
            if domain.hasPrefix("stype=") {
                let want = String(domain.dropFirst(6))
                row = (0..<t.rowCount).first { t.column("stype")!.value(at: $0) == .text(want) }!
            }
            let label = "\(designName) \(statistic) \(domain) [\(r["call"]!)]"
            func value(_ name: String) -> Double { t.column(name)!.value(at: row).double! }
            func reference(_ name: String) -> Double? { r[name]!.double }
            assertClose(value("estimate"), reference("estimate")!, label + " estimate")
            assertClose(value("se"), reference("se")!, label + " se")
            if let d = reference("deff") { assertClose(value("deff"), d, label + " deff") }
            if logit || stat.hasPrefix("median") || stat.hasPrefix("quantile") {
                assertClose(value("ci_lo"), reference("ci_lo")!, label + " ci_lo")
                assertClose(value("ci_hi"), reference("ci_hi")!, label + " ci_hi")
            }
            checked += 1
        }
        XCTAssertEqual(checked, 54)
    }

    /// The well-known value: svymean(~api00, dstrat) with fpc is 662.29, SE 9.41.
    func testTextbookValue() throws {
        let t = try run("load \"apistrat.csv\" as s design (strata = stype, weight = pw, fpc = fpc)\nfrom s | estimate mean(api00)")
        XCTAssertEqual((t.row(0)[1].double! * 100).rounded() / 100, 662.29)
        XCTAssertEqual((t.row(0)[2].double! * 100).rounded() / 100, 9.41)
    }

    /// A domain uses the whole design; dropping the rows first (a new table) gives another,
    /// wrong, standard error.
    func testDomainIsNotASubsetTable() throws {
        let domain = try run("load \"apiclus1.csv\" as c design (psu = dnum, weight = pw)\nfrom c | where stype == \"H\" | estimate mean(api00)")
        XCTAssertEqual(domain.row(0)[2].double!, 38.4026282327055, accuracy: 1e-8 * 38.4)   // R: svyby(..., ~stype, ...) for H, no fpc
        let session = Session(workingDirectory: Self.dir.path, output: { _ in }, info: { _ in })
        XCTAssertThrowsError(try session.run("load \"apiclus1.csv\" as c design (psu = dnum, weight = pw)\nfrom c | group stype { n = count() } | estimate mean(n)")) { e in
            XCTAssertTrue((e as! Diagnostic).message.contains("estimate needs the survey's design"), "\(e)")
        }
    }

    /// One stratum written as a constant column, each row its own PSU written as a row id, and
    /// fpc given as a sampling fraction: the same estimates as the other spellings.
    func testEquivalentDesignSpellings() throws {
        func se(_ q: String) throws -> Double { try run(q).row(0)[2].double! }
        let base = try se("load \"apistrat.csv\" as s design (strata = stype, weight = pw, fpc = fpc)\nfrom s | estimate mean(api00)")
        XCTAssertEqual(try se("load \"apistrat.csv\" as s design (strata = stype, psu = snum, weight = pw, fpc = fpc)\nfrom s | estimate mean(api00)"), base, accuracy: 1e-12)
        // n_h / N_h as the fpc column.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chiso-fpc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let session = Session(workingDirectory: Self.dir.path, output: { _ in }, info: { _ in })
        try session.run("""
            load "apistrat.csv" as raw
            let counts = from raw | group stype { n = count() }
            from raw | join counts on stype | derive fraction = n / fpc, one = 1 | export "\(dir.path)/frac.csv"
            """)
        let fraction = try se("load \"\(dir.path)/frac.csv\" as s design (strata = stype, weight = pw, fpc = fraction)\nfrom s | estimate mean(api00)")
        XCTAssertEqual(fraction, base, accuracy: 1e-9)
        // No strata and a constant column as the single stratum agree (R: clus1_nofpc).
        try session.run("load \"apiclus1.csv\" as c\nfrom c | derive one = 1 | export \"\(dir.path)/c.csv\"")
        let constant = try se("load \"\(dir.path)/c.csv\" as c design (strata = one, psu = dnum, weight = pw)\nfrom c | estimate mean(api00)")
        XCTAssertEqual(constant, 23.7790107208869, accuracy: 1e-8 * 23.78)
    }

    func testQuantilesOfT() {
        // R 4.2: sprintf("%.15g", qt(0.975, 14)) = 2.1447866879178, qt(0.975, 197) = 1.9720790337785, qnorm(0.975) = 1.95996398454005.
        XCTAssertEqual(SurveyEstimator.tQuantile(0.975, df: 14), 2.1447866879178, accuracy: 1e-9)
        XCTAssertEqual(SurveyEstimator.tQuantile(0.975, df: 197), 1.9720790337785, accuracy: 1e-9)
        XCTAssertEqual(SurveyEstimator.normalQuantile(0.975), 1.95996398454005, accuracy: 1e-12)
    }
}
