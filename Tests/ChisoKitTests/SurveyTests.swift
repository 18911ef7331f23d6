@testable import ChisoKit
import ChisoTestSupport
import Foundation
import XCTest

/// Design-based estimates against R's survey package (4.1.1), on the `api` data it ships:
/// Tests/Survey/make_reference.R wrote apistrat.csv, apiclus1.csv and reference.csv (R calls and
/// values to 15 significant digits). Every estimate, standard error, design effect and interval
/// must agree to at least 8 significant digits: means, totals, shares (of 0/1 and of text
/// columns), ratios, variances, quantiles by the math, school and hf7 rules, svyciprop's logit,
/// xlogit, asin, beta and mean intervals with the design's df or the normal, deff "replace", and
/// the lonely-PSU rules.
final class SurveyTests: XCTestCase {
    static let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Survey")

    static let designs = [
        "strat_fpc": ("apistrat.csv", "strata = stype, weight = pw, fpc = fpc"),
        "strat_nofpc": ("apistrat.csv", "strata = stype, weight = pw"),
        "clus1_fpc": ("apiclus1.csv", "psu = dnum, weight = pw, fpc = fpc"),
        "clus1_nofpc": ("apiclus1.csv", "psu = dnum, weight = pw"),
        "equal01": ("equal01.csv", "weight = w01"),
        "clus2_fpc": ("apiclus2.csv", "psu = dnum, ssu = snum, fpc = fpc1, fpc2 = fpc2"),
        "clus2_fpc_w": ("apiclus2.csv", "psu = dnum, ssu = snum, fpc = fpc1, fpc2 = fpc2, weight = pw"),
        "clus2_nofpc": ("apiclus2.csv", "psu = dnum, ssu = snum, weight = pw"),
        "scd": ("scd.csv", "strata = ESA, psu = ambulance, fpc = fpc, nest = true"),
        "nhanes": ("nhanes.csv", "strata = SDMVSTRA, psu = SDMVPSU, weight = WTMEC2YR, nest = true"),
        "cal_post": ("apiclus1.csv", "psu = dnum, weight = pw, fpc = fpc"),
        "cal_rake": ("apiclus1.csv", "psu = dnum, weight = pw, fpc = fpc"),
        "cal_linear": ("apiclus1.csv", "psu = dnum, weight = pw, fpc = fpc"),
        "lonely_adjust": ("lonely.csv", "strata = stype, weight = pw, lonely = adjust"),
        "lonely_remove": ("lonely.csv", "strata = stype, weight = pw, lonely = remove"),
        "lonely_certainty": ("lonely.csv", "strata = stype, weight = pw, lonely = certainty"),
        "lonely_average": ("lonely.csv", "strata = stype, weight = pw, lonely = average"),
    ]

    /// Statements after the load: the calibrations (R: postStratify, rake, calibrate).
    static let calibrations = [
        "cal_post": "load \"pop_stype.csv\" as ps\ncalibrate s poststratify (stype) to ps",
        "cal_rake": "load \"pop_stype.csv\" as ps\nload \"pop_schwide.csv\" as pw\ncalibrate s rake (stype) to ps, (sch_wide) to pw",
        "cal_linear": "load \"pop_stype.csv\" as ps\nload \"pop_schwide.csv\" as pw\ncalibrate s linear (stype) to ps, (sch_wide) to pw",
    ]

    func run(_ text: String) throws -> Table {
        let session = Session(workingDirectory: Self.dir.path, output: { _ in }, info: { _ in })
        try session.run(text)
        return session.lastResult!
    }

    func assertClose(_ a: Double, _ b: Double, _ what: String) {
        // 8 significant digits; a reference of exactly 0 (a share fixed by the strata) within 1e-15.
        let tolerance = max(1e-8 * abs(b), 1e-15)
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
            func text(_ name: String) -> String { if case .text(let v) = r[name]! { return v }; return "" }
            let options = text("options"), wanted = text("label")
            var pipeline = "from s"
            var by = ""
            if domain.hasPrefix("stype=") { by = " by stype" } else if !domain.isEmpty { pipeline += " | where \(domain)" }
            let query = "load \"\(file)\" as s (null = \"NA\") design (\(spec))\n\(Self.calibrations[designName] ?? "")\n\(pipeline) | estimate \(statistic)\(by)\(options.isEmpty ? "" : " " + options)"
            let t = try run(query)
            var row = 0
            if domain.hasPrefix("stype=") {
                let want = String(domain.dropFirst(6))
                row = (0..<t.rowCount).first { t.column("stype")!.value(at: $0) == .text(want) }!
            }
            if !wanted.isEmpty { row = try XCTUnwrap((0..<t.rowCount).first { t.column("statistic")!.value(at: $0) == .text(wanted) }, wanted) }
            let label = "\(designName) \(statistic) \(options) \(domain) [\(r["call"]!)]"
            func value(_ name: String) -> Double { t.column(name)!.value(at: row).double! }
            func reference(_ name: String) -> Double? { r[name]!.double }
            assertClose(value("estimate"), reference("estimate")!, label + " estimate")
            assertClose(value("se"), reference("se")!, label + " se")
            if let d = reference("deff") { assertClose(value("deff"), d, label + " deff") }
            if reference("ci_lo") != nil {
                assertClose(value("ci_lo"), reference("ci_lo")!, label + " ci_lo")
                assertClose(value("ci_hi"), reference("ci_hi")!, label + " ci_hi")
            }
            checked += 1
        }
        XCTAssertEqual(checked, 146)
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

    /// Designs R refuses are refused, with the row or stratum named. `bad_designs.csv` holds
    /// each case's R call and what R says (written by make_reference.R).
    func testBadDesignsAreErrorsAsInR() throws {
        let cases: [(String, String, String)] = [
            ("null_strata", "strata = stype, weight = pw", "the design's strata 'stype' is null in row 5"),   // R writes NA
            ("fpc_mixed", "strata = stype, weight = pw, fpc = fpc", "fpc 'fpc' mixes sampling fractions and population counts: row 1 has 0.5, row 6 has 4421"),
            ("fpc_below_sample", "strata = stype, weight = pw, fpc = fpc", "fpc 'fpc' says stratum 'H' has 20 PSUs in the population (row 13), but the sample has 50"),
            ("fpc_all_one", "strata = stype, weight = pw, fpc = fpc", "fpc 'fpc' is 1 in every row: a census of every stratum and a population of one PSU per stratum cannot be told apart"),
            ("fpc_varies", "strata = stype, weight = pw, fpc = fpc", "fpc 'fpc' varies within stratum 'E': 4422 in row 1, 4421 in row 2"),
            ("not_nested", "strata = stype, psu = dnum_in, weight = pw", "PSU '38' of 'dnum_in' is in two strata: 'E' (row 5) and 'M' (row 22)"),
            ("lonely_fail", "strata = stype, weight = pw", "stratum 'H' has only one PSU (row 151): its variance cannot be estimated"),
        ]
        let said = try CSVReader.read(path: Self.dir.appendingPathComponent("bad_designs.csv").path)
        XCTAssertEqual(said.rowCount, cases.count)
        for (name, spec, message) in cases {
            let r = (0..<said.rowCount).first { said.column("case")!.value(at: $0) == .text(name) }
            XCTAssertNotEqual(said.column("r_says")!.value(at: r!).description, "no error", "R refuses \(name)")
            let session = Session(workingDirectory: Self.dir.path, output: { _ in }, info: { _ in })
            do {
                try session.run("load \"bad_\(name).csv\" as s (null = \"NA\") design (\(spec))")
                XCTFail("\(name): the design was accepted")
            } catch let d as Diagnostic {
                XCTAssertEqual(d.message, message, name)
            }
        }
        // Declared with the rule R would need, the same data estimates.
        let session = Session(workingDirectory: Self.dir.path, output: { _ in }, info: { _ in })
        try session.run("load \"bad_not_nested.csv\" as s design (strata = stype, psu = dnum_in, weight = pw, nest = true)")
        try session.run("load \"bad_lonely_fail.csv\" as l design (strata = stype, weight = pw, lonely = certainty)")
    }

    func testNegativeWeightsNeedToBeAllowed() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chiso-negw-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "s,w,y\na,2,1\na,-0.5,3\nb,1,2\nb,1.5,4\n".write(to: dir.appendingPathComponent("w.csv"), atomically: true, encoding: .utf8)
        let session = Session(workingDirectory: dir.path, output: { _ in }, info: { _ in })
        assertDiagnostic("load \"w.csv\" as t design (strata = s, weight = w)", in: session, message: "design weight 'w' is negative in row 2 (-0.5)")
        try session.run("load \"w.csv\" as t design (strata = s, weight = w, allow_negative_weights = true)\nfrom t | estimate total(y)")
        // Σ w·y = 2·1 − 0.5·3 + 1·2 + 1.5·4 = 8.5
        XCTAssertEqual(session.lastResult?.column("estimate")?.value(at: 0), .float(8.5))
    }
}
