@testable import ChisoKit
import ChisoTestSupport
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest

/// Charts as files: each golden SVG under Tests/Golden/charts is what the script beside it in
/// `cases` writes, byte for byte (re-record with CHISO_GOLDEN_RECORD=1); each is well-formed XML
/// (Foundation's parser) and renders with a second, independent reader (rsvg-convert, installed
/// by Scripts/test) to a PNG, which is kept beside it for the README.
final class ChartTests: XCTestCase {
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Golden")

    static let cases: [(file: String, script: String)] = [
        // A line per scenario, projected dashed, the linear scenario's 80 % prediction band.
        ("line_scenarios.svg", """
            from s | where area == "prov-a" and indicator == "smartphone"
            | project value by year to 2030 interval 80 scenarios { trend = linear, slow = change 1 }
            | plot line year, value by scenario interval lo, hi title "Smartphone users, prov-a (%)" to "line_scenarios.svg"
            """),
        // Target markers: "đạt 80%" in 2025 and "trên 95%" in 2030 for smartphone, a range bar 60–70 for fibre.
        ("line_targets.svg", """
            from s | where area == "prov-a" | project value by year per indicator, area to 2030 method linear
            | plot line year, value by indicator target yrange 0, 100 to "line_targets.svg"
            """),
        // Horizontal bars in input order with confidence-interval whiskers; Vietnamese labels.
        ("bar_whiskers.svg", """
            from prov | plot bar `tỉnh`, estimate interval ci_lo, ci_hi xlabel "Tỷ lệ người dân có điện thoại thông minh" to "bar_whiskers.svg"
            """),
        // Small multiples, one per indicator, free y scales.
        ("facets.svg", """
            from s | plot line year, value by area facet indicator scale free to "facets.svg"
            """),
        ("points.svg", """
            from s | plot point year, value by indicator to "points.svg"
            """),
    ]

    /// Charts of the bundled data, for the README.
    static let bundled: [(file: String, script: String)] = [
        ("bundled_digital_economy.svg", """
            from observations | where indicator == "digital_economy_gdp_share" and area == "vn" and series == "GSO"
            | project value by year per indicator, area to 2030 interval 80 scenarios { trend = linear, fast = change 3 }
            | plot line year, value by scenario interval lo, hi title "Tỷ trọng kinh tế số trong GDP, cả nước (GSO, %)" to "bundled_digital_economy.svg"
            """),
        // The issue's example: one series (the indicator and area carried through project), the
        // Decision's 2025 and 2030 targets drawn in the series' colour.
        ("bundled_targets.svg", """
            from observations | where indicator == "digital_economy_gdp_share" and area == "vn" and series == "MIC"
            | project value by year to 2030 scenarios { trend = linear, fast = change 3 }
            | plot line year, value by scenario target to "bundled_targets.svg"
            """),
        ("bundled_survey.svg", """
            from survey | where year == 2024 | estimate share(has_smartphone) by province | derive estimate = estimate * 100, ci_lo = ci_lo * 100, ci_hi = ci_hi * 100
            | plot bar province, estimate interval ci_lo, ci_hi title "Adults with a smartphone, 2024 (synthetic survey, 95 % CI)" xlabel "%" to "bundled_survey.svg"
            """),
    ]

    func session(_ dir: URL) throws -> Session {
        let data = Self.golden.appendingPathComponent("data")
        for f in ["series.csv", "assess_targets.csv", "assess_plans.csv"] {
            try FileManager.default.copyItem(at: data.appendingPathComponent(f), to: dir.appendingPathComponent(f))
        }
        try "tỉnh,estimate,ci_lo,ci_hi\nNghệ An,73.8,72.2,75.4\nQuảng Ngãi,72.8,71.3,74.3\nTiền Giang,77.7,76.4,79.0\nCả nước,75.1,74.3,75.9\n"
            .write(to: dir.appendingPathComponent("prov.csv"), atomically: true, encoding: .utf8)
        let s = Session(workingDirectory: dir.path, output: { _ in }, info: { _ in })
        try s.run("load \"series.csv\" as s; load \"assess_targets.csv\" as targets; load \"assess_plans.csv\" as plans; load \"prov.csv\" as prov")
        return s
    }

    func testGoldenSVGs() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chiso-charts-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let s = try session(dir)
        let data = Self.golden.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Datasets").path
        for f in try FileManager.default.contentsOfDirectory(atPath: data).sorted() where f.hasSuffix(".csv") {
            s.registerLazily(path: data + "/" + f, as: Session.tableName(forPath: f))
        }
        let rsvg = ["/usr/bin/rsvg-convert", "/usr/local/bin/rsvg-convert"].first { FileManager.default.isExecutableFile(atPath: $0) }
        for (file, script) in Self.cases + Self.bundled {
            try s.run(SourceFile(name: file, text: script))
            let written = try Data(contentsOf: dir.appendingPathComponent(file))
            let golden = Self.golden.appendingPathComponent("charts").appendingPathComponent(file)
            if Golden.recording {
                try written.write(to: golden)
            } else {
                XCTAssertEqual(String(decoding: written, as: UTF8.self), try String(contentsOf: golden, encoding: .utf8), "\(file) differs from the golden file")
            }
            // Well-formed XML with an svg root and a viewBox.
            let parser = XMLParser(data: written)
            let root = RootElement()
            parser.delegate = root
            XCTAssertTrue(parser.parse(), "\(file): \(parser.parserError.map { "\($0)" } ?? "")")
            XCTAssertEqual(root.name, "svg")
            XCTAssertNotNil(root.attributes["viewBox"])
            guard let rsvg else { XCTFail("rsvg-convert is not installed (Scripts/test installs librsvg2-bin)"); continue }
            let png = dir.appendingPathComponent(file + ".png")
            let p = Process()
            p.executableURL = URL(fileURLWithPath: rsvg)
            p.arguments = ["-o", png.path, dir.appendingPathComponent(file).path]
            p.standardError = Pipe()
            try p.run(); p.waitUntilExit()
            XCTAssertEqual(p.terminationStatus, 0, "rsvg-convert failed on \(file)")
            let bytes = try Data(contentsOf: png)
            XCTAssertEqual(Array(bytes.prefix(4)), [0x89, 0x50, 0x4E, 0x47], "\(file): not a PNG")
            if Golden.recording { try bytes.write(to: golden.deletingPathExtension().appendingPathExtension("png")) }
        }
    }

    /// Same input, same bytes; Vietnamese text stays NFC; markup in a label is escaped.
    func testDeterministicAndEscaped() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chiso-charts-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let s = try session(dir)
        try s.run("from prov | plot bar `tỉnh`, estimate title \"<b>Tỷ lệ & \\\"x\\\"</b>\" to \"a.svg\"")
        try s.run("from prov | plot bar `tỉnh`, estimate title \"<b>Tỷ lệ & \\\"x\\\"</b>\" to \"b.svg\"")
        let a = try Data(contentsOf: dir.appendingPathComponent("a.svg")), b = try Data(contentsOf: dir.appendingPathComponent("b.svg"))
        XCTAssertEqual(a, b)
        let text = String(decoding: a, as: UTF8.self)
        XCTAssertTrue(text.contains("&lt;b&gt;Tỷ lệ &amp; &quot;x&quot;&lt;/b&gt;"))
        XCTAssertTrue(text.contains("Quảng Ngãi"))
        XCTAssertEqual(text, text.precomposedStringWithCanonicalMapping)
    }

    /// A point cloud of 200,000 rows is binned: the SVG stays far under 1 MB.
    func testLargePointChartIsBinned() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chiso-charts-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var rng = SplitMix64(seed: 7)
        let n = 200_000
        let x = (0..<n).map { _ in Double(rng.next() % 10_000) / 100 }, y = x.map { $0 * 0.5 + Double(rng.next() % 1000) / 100 }
        let s = Session(workingDirectory: dir.path, output: { _ in }, info: { _ in })
        s.register(Table(names: ["x", "y"], columns: [Column(.float(x)), Column(.float(y))]), as: "cloud")
        try s.run("from cloud | plot point x, y to \"cloud.svg\"")
        let size = try FileManager.default.attributesOfItem(atPath: dir.appendingPathComponent("cloud.svg").path)[.size] as! Int
        XCTAssertLessThan(size, 1_000_000)
        XCTAssertTrue(try String(contentsOf: dir.appendingPathComponent("cloud.svg"), encoding: .utf8).contains("200000 points, shown as density"))
    }

    /// A projection's interval columns are drawn as a band without `interval lo, hi`.
    func testProjectionBandIsAutomatic() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chiso-charts-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let s = try session(dir)
        try s.run("from s | where area == \"prov-a\" and indicator == \"fibre\" | project value by year to 2028 interval 95 method linear | plot line year, value to \"band.svg\"")
        XCTAssertTrue(try String(contentsOf: dir.appendingPathComponent("band.svg"), encoding: .utf8).contains("<polygon"))
    }

    /// Past twelve series, colours can no longer be told apart: an error with the way out.
    func testTooManySeries() throws {
        let s = Session(workingDirectory: ".", output: { _ in }, info: { _ in })
        s.register(Table(names: ["k", "x", "y"], columns: [Column.fromStrings((0..<13).map { "s\($0)" }),
                                                           Column(.int((0..<13).map { Int64($0) })), Column(.float((0..<13).map { Double($0) }))]), as: "t")
        assertDiagnostic("from t | plot line x, y by k", in: s, message: "13 series are too many to tell apart (at most 12)", line: 1, column: 10)
    }

    final class RootElement: NSObject, XMLParserDelegate {
        var name: String?
        var attributes: [String: String] = [:]
        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String]) {
            if name == nil { name = elementName; self.attributes = attributes }
        }
    }

    /// A dense line reduced to the first, lowest, highest and last point of each column draws
    /// the same terminal picture as every point drawn (CHISO_DRAW_EVERY_POINT=1 turns the
    /// reduction off); the SVG side is compared pixel by pixel in Tests/e2e/chart_reduction.py.
    func testReducedLinesDrawTheSameTerminalPicture() throws {
        var rows = "x,y\n"
        var y = 0.0, state: UInt64 = 411
        for i in 0..<20_000 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            y += Double(Int(state >> 33) % 1001 - 500) / 100
            rows += "\(i),\(y)\n"
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chiso-reduce-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try rows.write(to: dir.appendingPathComponent("walk.csv"), atomically: true, encoding: .utf8)
        func draw() throws -> String {
            var out = ""
            let s = Session(workingDirectory: dir.path, output: { out += $0 }, info: { _ in })
            s.options.maxWidth = 100
            try s.run("from \"walk.csv\" | plot line x, y")
            return out
        }
        let reduced = try draw()
        setenv("CHISO_DRAW_EVERY_POINT", "1", 1)
        defer { unsetenv("CHISO_DRAW_EVERY_POINT") }
        XCTAssertEqual(reduced, try draw())
        XCTAssertTrue(reduced.contains("⠀") || reduced.count > 100)
    }
}
