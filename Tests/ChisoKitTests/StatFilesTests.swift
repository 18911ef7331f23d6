import ChisoKit
import ChisoTestSupport
import Foundation
import StatFiles
import XCTest

/// SPSS, Stata and SAS files read through the format registry (StatFiles, ReadStat), checked
/// against what pyreadstat and R haven read from the same files: every cell, every variable
/// label, every value label. The files and the values each library read are under
/// Tests/Golden/data/statfiles (make_fixtures.py, make_fixtures.R say how they were made).
final class StatFilesTests: XCTestCase {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Golden/data/statfiles")

    override func setUp() { StatFiles.register() }

    /// A session in the fixtures' folder, printing CSV, with its notices kept.
    final class Probe {
        let session: Session
        var out = ""
        var notices: [String] = []
        init(_ dir: URL = StatFilesTests.folder) {
            session = Session(workingDirectory: dir.path, output: { _ in }, info: { _ in })
            session.options.format = .csv
            session.present = Session.sinks(output: { [unowned self] in out += $0 }, info: { [unowned self] in notices.append($0) })
        }
        func run(_ s: String) throws -> String { out = ""; try session.run(s); return out }
    }

    /// The reference reading of a fixture: rows of JSON values by column.
    struct Reference {
        let columns: [String]
        let rows: [[String: Any]]
        let columnLabels: [String: String]
        let valueLabels: [String: [String: String]]
        init(_ file: String) throws {
            let data = try Data(contentsOf: StatFilesTests.folder.appendingPathComponent(file))
            let json = try JSONSerialization.jsonObject(with: data) as! [String: Any]
            columns = json["columns"] as! [String]
            rows = json["rows"] as! [[String: Any]]
            columnLabels = (json["column_labels"] as? [String: Any] ?? [:]).compactMapValues { $0 as? String }
            valueLabels = (json["value_labels"] as? [String: [String: String]]) ?? [:]
        }
    }

    /// Loads `file` with its codes (labels = codes where the format has labels) and compares
    /// every cell with the reference library's reading.
    func assertSameCells(_ file: String, _ referenceFile: String, codes: Bool = true, line: UInt = #line) throws {
        let p = Probe()
        let ext = (file as NSString).pathExtension
        let options = codes && ["sav", "zsav", "dta"].contains(ext) ? " (labels = codes)" : ""
        try p.session.run("load \"\(file)\" as t\(options)")
        let t = try XCTUnwrap(try p.session.table(named: "t"))
        let ref = try Reference(referenceFile)
        XCTAssertEqual(t.names, ref.columns, file, line: line)
        XCTAssertEqual(t.rowCount, ref.rows.count, file, line: line)
        for (i, row) in ref.rows.enumerated() where i < t.rowCount {
            for (k, name) in t.names.enumerated() {
                let mine = t.columns[k].value(at: i)
                let theirs = row[name]
                switch (mine, theirs) {
                case (.null, nil), (.null, is NSNull): break
                case (.int(let a), let b as NSNumber): XCTAssertEqual(Double(a), b.doubleValue, "\(file) row \(i + 1) \(name)", line: line)
                case (.float(let a), let b as NSNumber): XCTAssertEqual(a, b.doubleValue, "\(file) row \(i + 1) \(name)", line: line)
                case (.date, let b as String): XCTAssertEqual(mine.description, b, "\(file) row \(i + 1) \(name)", line: line)
                case (.text(let a), let b as String): XCTAssertEqual(a, b, "\(file) row \(i + 1) \(name)", line: line)
                default: XCTFail("\(file) row \(i + 1) \(name): chiso \(mine), reference \(String(describing: theirs))", line: line)
                }
            }
        }
        // Variable labels as the file holds them.
        let variables = p.session.catalog.entry("t")?.variables ?? [:]
        for (name, label) in ref.columnLabels where !label.isEmpty {
            XCTAssertEqual(variables[name]?.label, label, "\(file): label of \(name)", line: line)
        }
        // Value labels: the same codes with the same labels.
        for (name, labels) in ref.valueLabels {
            // Codes as text: "1" (whole numbers), ".a" (Stata's tagged missing).
            let mine = Dictionary(uniqueKeysWithValues: (variables[name]?.valueLabels ?? []).map { ($0.code.description, $0.label) })
            for (code, label) in labels {
                let key = Double(code).map { $0 == $0.rounded() ? String(Int64($0)) : code } ?? code
                XCTAssertEqual(mine[key], label, "\(file): value label \(code) of \(name)", line: line)
            }
        }
    }

    func testEveryCellAsPyreadstatReadsIt() throws {
        for f in ["labelled.sav", "labelled.zsav", "labelled.dta", "plain.xpt", "empty.dta", "wide.sav", "longtext.dta"] {
            try assertSameCells(f, f + ".pyreadstat.json")
        }
    }

    func testEveryCellAsHavenReadsIt() throws {
        for f in ["haven.dta", "haven.sav", "haven.sas7bdat", "haven.xpt"] {
            try assertSameCells(f, f + ".haven.json")
        }
    }

    /// By default a labelled column reads as its labels; a code without one keeps its code,
    /// and the note counts it.
    func testLabelledColumnsReadAsLabels() throws {
        let p = Probe()
        XCTAssertEqual(try p.run("from \"labelled.sav\" | select id, urban, age"), """
            id,urban,age
            1,Thành thị,34
            2,Nông thôn,
            3,Nông thôn,51
            4,Thành thị,
            5,3,27
            6,Nông thôn,45

            """)
        XCTAssertEqual(p.notices, ["column 'urban': 1 value with no label kept as the code (3 ×1)",
                                   "column 'age': 2 values coded missing (97, 98) read as null; missing = keep keeps the codes"])
    }

    /// missing = keep: SPSS's user-missing codes stay numbers; Stata's .a–.z cannot and say so.
    func testMissingKeep() throws {
        let p = Probe()
        XCTAssertEqual(try p.run("from \"labelled.sav\" (missing = keep) | select age"), "age\n34\n97\n51\n98\n27\n45\n")
        XCTAssertEqual(try p.run("from \"labelled.zsav\" | select age"), "age\n34\n\n51\n\n27\n45\n")
        p.notices = []
        XCTAssertEqual(try p.run("from \"haven.dta\" (missing = keep) | select age"), "age\n34.0\n\n51.0\n\n27.0\n45.0\n")
        XCTAssertEqual(p.notices.last, "column 'age': 2 Stata missing codes (.a–.z) read as null even with missing = keep: they are not numbers")
    }

    /// Labels that name only missing codes (haven.sav: 97 = Không biết on age) leave the
    /// column numeric; a label set the file does not define leaves the codes, with a note.
    func testLabelsOnMissingCodesOnlyKeepNumbers() throws {
        let p = Probe()
        try p.session.run("load \"haven.sav\" as h")
        XCTAssertEqual(try p.session.table(named: "h")?.column("age")?.type, .float)
        XCTAssertEqual(p.session.catalog.entry("h")?.variables["age"]?.valueLabelText, "97 = Không biết, 98 = Từ chối")
        p.notices = []
        XCTAssertEqual(try p.run("from \"dangling_labels.dta\" | select urban | take 2"), "urban\n1.0\n2.0\n")
        XCTAssertEqual(p.notices.first, "variable 'urban' names the label set 'urban0', which dangling_labels.dta does not define: read as codes")
    }

    /// chiso → .dta / .sav / .zsav → chiso gives the same table, labels and codes.
    func testRoundTripThroughStataAndSPSS() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chiso-statfiles-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for f in ["labelled.sav", "labelled.dta", "haven.sav"] { try FileManager.default.copyItem(at: Self.folder.appendingPathComponent(f), to: dir.appendingPathComponent(f)) }
        let p = Probe(dir)
        for source in ["labelled.sav", "haven.sav"] {
            let original = try p.run("from \"\(source)\"")
            for ext in ["dta", "sav", "zsav"] {
                _ = try p.run("from \"\(source)\" | export \"out.\(ext)\"")
                XCTAssertEqual(try p.run("from \"out.\(ext)\""), original, "\(source) → .\(ext)")
                try p.session.run("load \"out.\(ext)\" as back")
                let v = p.session.catalog.entry("back")?.variables ?? [:]
                XCTAssertEqual(v["urban"]?.label, "Khu vực thành thị/nông thôn", "\(source) → .\(ext)")
                XCTAssertEqual(v["urban"]?.valueLabelText, "1 = Thành thị, 2 = Nông thôn", "\(source) → .\(ext)")
                if source == "labelled.sav" { XCTAssertEqual(v["ten"]?.label, "Họ và tên chủ hộ") }
            }
        }
        // A value that is none of the labels cannot be written as a code: an error, old file kept.
        let before = try Data(contentsOf: dir.appendingPathComponent("out.dta"))
        XCTAssertThrowsError(try p.session.run("from \"labelled.sav\" | derive urban = if(id == 1, \"Khác\", urban) | export \"out.dta\"")) { e in
            XCTAssertTrue("\(e)".contains("column 'urban' holds 'Khác', which is none of its labels (1 = Thành thị, 2 = Nông thôn)"), "\(e)")
        }
        XCTAssertEqual(try Data(contentsOf: dir.appendingPathComponent("out.dta")), before)
    }

    /// estimate share(urban) on a labelled Stata file: one row per label, as R's
    /// svymean(~factor(urban)) on the same rows (survey_2024.R.txt, R survey 4.1.1).
    func testShareOfALabelledColumnMatchesR() throws {
        let p = Probe()
        try p.session.run("load \"survey_2024.dta\" design (strata = stratum, psu = psu, weight = weight, fpc = fpc) as s")
        try p.session.run("from s | estimate share(urban)")
        let t = try XCTUnwrap(p.session.lastResult)
        XCTAssertEqual(t.column("statistic")?.value(at: 0), .text("share(urban = Nông thôn)"))
        XCTAssertEqual(t.column("statistic")?.value(at: 1), .text("share(urban = Thành thị)"))
        // From survey_2024.R.txt (R survey 4.1.1, svymean(~factor(urban))).
        let expected: [(Double, Double)] = [(0.832410974338877, 0.00724894820387027), (0.167589025661123, 0.00724894820387027)]
        for (i, (est, se)) in expected.enumerated() {
            guard case .float(let e) = t.column("estimate")!.value(at: i), case .float(let s) = t.column("se")!.value(at: i) else { return XCTFail("no estimate") }
            XCTAssertEqual(e, est, accuracy: 1e-12)
            XCTAssertEqual(s, se, accuracy: 1e-12)
        }
    }
}
