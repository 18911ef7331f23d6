@testable import ChisoKit
import ChisoTestSupport
import Foundation
@testable import PostgresClient
import XCTest

/// The PostgreSQL backend against a real server: Scripts/test starts a throw-away cluster
/// (initdb + pg_ctl on a Unix socket in a temporary folder) and passes its connection string in
/// CHISO_TEST_PG. Without it these tests are skipped, unless CHISO_REQUIRE_PG=1 (as in
/// Scripts/test and CI), where a missing server is a failure.
final class PostgresTests: XCTestCase {
    static var conninfo: String? { ProcessInfo.processInfo.environment["CHISO_TEST_PG"] }

    func server() throws -> String {
        if let c = Self.conninfo { return c }
        if ProcessInfo.processInfo.environment["CHISO_REQUIRE_PG"] == "1" {
            XCTFail("CHISO_REQUIRE_PG=1 but CHISO_TEST_PG names no server")
        }
        throw XCTSkip("no PostgreSQL test server (Scripts/test starts one)")
    }

    /// A direct connection for setting up data with SQL.
    func admin() throws -> PostgresConnection { try PostgresConnection(try server()) }

    /// A fresh schema for one test.
    func freshSchema(_ name: String) throws {
        let c = try admin()
        defer { c.close() }
        try c.execute("DROP SCHEMA IF EXISTS \(SQLText.identifier(name)) CASCADE", [])
        try c.execute("CREATE SCHEMA \(SQLText.identifier(name))", [])
    }

    /// A session with the test server attached as `pg`, and what it shows.
    /// `options`: more key/value settings for the connection string (the test server's is key/value).
    func session(workingDirectory: String = FileManager.default.currentDirectoryPath, options: String = "") throws -> (Session, Captured) {
        let out = Captured()
        let s = Session(workingDirectory: workingDirectory)
        s.connector = PostgresConnection.connector
        s.options.maxWidth = 200
        s.options.format = .csv
        s.present = { result, options in
            if case .table(let t) = result { out.tables.append(t) }
            out.text += ResultRenderer.render(result, options)
            if result.isNotice { out.text += "\n" }
        }
        try s.run("attach \"\(try server())\(options.isEmpty ? "" : " " + options)\" as pg")
        out.reset()
        return (s, out)
    }

    final class Captured {
        var text = ""
        var tables: [Table] = []
        func reset() { text = ""; tables = [] }
    }

    // MARK: - Catalog and types

    /// A schema put before pg_catalog in search_path (by the role, the database or the
    /// connection options) cannot shadow the functions chiso's SQL calls: chiso empties the
    /// search path, and names every table with its schema.
    func testSearchPathCannotShadowFunctions() throws {
        try freshSchema("evil")
        let c = try admin()
        defer { c.close() }
        try c.execute("CREATE TABLE evil.t (id int8, name text)", [])
        try c.execute("INSERT INTO evil.t VALUES (4, 'Nghệ An'), (9, 'Hà Tĩnh')", [])
        try c.execute("CREATE FUNCTION evil.sqrt(double precision) RETURNS double precision LANGUAGE sql AS 'SELECT 42::double precision'", [])
        try c.execute("CREATE FUNCTION evil.strpos(text, text) RETURNS int LANGUAGE sql AS 'SELECT 1'", [])
        let (s, out) = try session(options: "options='-c search_path=evil,pg_catalog'")
        try s.run("from pg.evil.t | derive r = sqrt(id) | select id, r | sort id")
        XCTAssertEqual(out.text, "id,r\n4,2.0\n9,3.0\n")
        out.reset()
        try s.run("from pg.evil.t | where contains(name, \"Tĩnh\") | select id")
        XCTAssertEqual(out.text, "id\n9\n")
    }

    func testTypesMapFromTheServersCatalogAndValuesReadBack() throws {
        try freshSchema("types")
        let c = try admin()
        defer { c.close() }
        try c.execute("""
            CREATE TABLE types.t (a int2, b int4, c int8, d float4, e float8, f numeric(10,2), g text, h varchar(20),
                                  i char(3), j bool, k date, l timestamptz, m jsonb)
            """, [])
        try c.execute("""
            INSERT INTO types.t VALUES
              (1, 2, 9223372036854775807, 1.5, 0.1, 12.25, 'Nghệ An', 'x', 'ab', true, '2030-12-31', now(), '{}'),
              (NULL, NULL, NULL, NULL, 'NaN', NULL, NULL, NULL, NULL, false, NULL, NULL, NULL),
              (-1, -2, -3, '-Infinity', 'Infinity', -0.5, '', 'y', 'c', NULL, '1999-01-01', NULL, NULL)
            """, [])
        let (s, out) = try session()
        try s.run("describe pg.types.t")
        XCTAssertEqual(out.text, """
            column,postgresql,chiso
            a,int2,int
            b,int4,int
            c,int8,int
            d,float4,float
            e,float8,float
            f,numeric,float
            g,text,text
            h,varchar,text
            i,bpchar,text
            j,bool,bool
            k,date,date
            l,timestamp with time zone,text (as PostgreSQL writes it)
            m,jsonb,text (as PostgreSQL writes it)

            """)
        out.reset()
        try s.run("from pg.types.t | select a, b, c, d, e, f, g, h, i, j, k | sort -c")
        XCTAssertEqual(out.text, """
            a,b,c,d,e,f,g,h,i,j,k
            1,2,9223372036854775807,1.5,0.1,12.25,Nghệ An,x,ab,true,2030-12-31
            -1,-2,-3,-inf,inf,-0.5,"",y,c,,1999-01-01
            ,,,,NaN,,,,,false,

            """)
        // A step that stays local leaves no parameter of its own behind (the first item of this
        // derive could be written, the second cannot: fold stays local).
        out.reset()
        try s.run("from pg.types.t | where b == 2 | derive p = b + 7, q = fold(g) | select p, q")
        XCTAssertEqual(out.text, "p,q\n9,nghe an\n")
        out.reset()
        try s.run("explain plan from pg.types.t | where b == 2 | derive p = b + 7, q = fold(g) | select p, q")
        XCTAssertTrue(out.text.contains("parameters: $1 = 2\n"), out.text)
        // A type chiso has no counterpart for is read as the text PostgreSQL writes: no column
        // of the table vanishes.
        out.reset()
        try s.run("from pg.types.t | where b == 2 | derive has_time = length(l) > 10 | select has_time, m")
        XCTAssertEqual(out.text, "has_time,m\ntrue,{}\n")
        // Integer arithmetic is 64-bit on the server too: int4 columns are widened.
        out.reset()
        try s.run("from pg.types.t | where b == 2 | derive big = b * 2000000000 | select big")
        XCTAssertEqual(out.text, "big\n4000000000\n")
        // ... and a 64-bit overflow is an error there, as here.
        XCTAssertThrowsError(try s.run("from pg.types.t | derive x = c * 2 | select x")) { e in
            XCTAssertTrue((e as? Diagnostic)?.message.contains("out of range") ?? false, "\(e)")
        }
    }

    /// Text typed with combining marks (as some Vietnamese keyboards write it) is the same text
    /// as precomposed, on the server as locally: one group, one match.
    func testDecomposedTextGroupsAndComparesAsNFC() throws {
        try freshSchema("nfd")
        let c = try admin()
        defer { c.close() }
        try c.execute("CREATE TABLE nfd.t (area text, n int)", [])
        // "Nghệ An" precomposed (U+1EC7) and with combining marks (e + U+0323 + U+0302), sent as
        // bytes the server keeps as they are.
        try c.execute("INSERT INTO nfd.t VALUES (convert_from('\\x4e6768e1bb8720416e'::bytea, 'UTF8'), 1), (convert_from('\\x4e676865cca3cc8220416e'::bytea, 'UTF8'), 2)", [])
        let (s, out) = try session()
        try s.run("from pg.nfd.t | group area { n = count(), s = sum(n) }")
        XCTAssertEqual(out.text, "area,n,s\nNghệ An,2,3\n")
        out.reset()
        try s.run("from pg.nfd.t | where area == \"Nghệ An\" | group { n = count() }")
        XCTAssertEqual(out.text, "n\n2\n")
        // The survey cells group by the stored bytes; read back as NFC they are one domain.
        try c.execute("""
            CREATE TABLE nfd.s AS SELECT (SELECT area FROM nfd.t WHERE n = 1 + g % 2) AS area, g / 4 AS psu, 1.0 + g % 3 AS w, g % 2 AS y
            FROM generate_series(0, 39) g
            """, [])
        try s.run("design pg.nfd.s (psu = psu, weight = w)\nlet local = from pg.nfd.s\ndesign local (psu = psu, weight = w)")
        // A table made since (the catalog is read again) leaves the declared design in place.
        try s.run("from local | export pg.nfd.copy")
        XCTAssertNotNil(s.catalog.entry("pg.nfd.s")?.design)
        out.reset()
        try s.run("from pg.nfd.s | estimate mean(y) by area")
        try s.run("from local | estimate mean(y) by area")
        XCTAssertEqual(out.tables.count, 2)
        XCTAssertEqual(out.tables[0].rowCount, 1)
        compare(out.tables[1], out.tables[0], orderedBy: [], whole: true, "estimate by a name stored two ways")
    }

    // MARK: - Passwords

    func testAPasswordIsNeverShown() throws {
        let conninfo = try server()
        // The URI form of the test server, with a password its trust login ignores.
        let parts = Dictionary(uniqueKeysWithValues: conninfo.split(separator: " ").map { p -> (String, String) in
            let kv = p.split(separator: "=", maxSplits: 1); return (String(kv[0]), String(kv[1]))
        })
        let url = "postgresql://\(parts["user"]!):s3cret@/\(parts["dbname"]!)?host=\(parts["host"]!)&port=\(parts["port"]!)"
        let s = Session()
        s.connector = PostgresConnection.connector
        var shown = ""
        s.present = { r, o in shown += ResultRenderer.render(r, o) + "\n" }
        try s.run("attach \"\(url)\" as db\ntables")
        XCTAssertFalse(shown.contains("s3cret"), shown)
        // A refused connection's error does not carry it either.
        XCTAssertThrowsError(try s.run("attach \"postgresql://u:s3cret@/nodb?host=/nonexistent&port=1\" as x")) { e in
            let text = (e as? Diagnostic)?.render() ?? ""
            XCTAssertTrue(text.contains("cannot connect to PostgreSQL"), text)
            XCTAssertFalse(text.contains("s3cret"), text)
        }
        // History keeps the statement without it.
        XCTAssertEqual(ConnectionString.redacted("attach \"postgresql://ana:pa55w0rd@db.gso.gov.vn:5432/census\" as pg"),
                       "attach \"postgresql://ana@db.gso.gov.vn:5432/census\" as pg")
        XCTAssertEqual(ConnectionString.redacted("attach \"host=db user=ana password=secret dbname=c\" as pg"),
                       "attach \"host=db user=ana password=… dbname=c\" as pg")
        // A quoted value with a space is masked whole, and so is a URI password holding '@'.
        XCTAssertEqual(ConnectionString.redacted("attach \"host=db password='Secret LEAKTAIL' dbname=c\" as pg"),
                       "attach \"host=db password=… dbname=c\" as pg")
        XCTAssertEqual(ConnectionString.masked("password='a b\\'c' x"), "password=******** x")
        // libpq splits a URI at its first '@': what it then calls a host is a piece of the password.
        XCTAssertThrowsError(try s.run("attach \"postgresql://u:p4ss@w0rdTAIL@/nodb?host=/nonexistent&port=1\" as y")) { e in
            let text = (e as? Diagnostic)?.render() ?? ""
            XCTAssertFalse(text.contains("w0rdTAIL") || text.contains("p4ss"), text)
        }
        XCTAssertEqual(ConnectionString.scrubbed("could not translate host name \"w0rdTAIL@db\" to address", of: "postgresql://u:p4ss@w0rdTAIL@db/x"),
                       "could not translate host name \"***@db\" to address")
    }

    // MARK: - Injection

    /// Names and values with quotes, semicolons, `$1`, backslashes: data, never SQL.
    func testHostileNamesAndValuesAreDataNotSQL() throws {
        try freshSchema("we;ird")
        let c = try admin()
        defer { c.close() }
        try c.execute(#"CREATE TABLE "we;ird"."t""x" ("a b" text, "c""d" int)"#, [])
        try c.execute(#"INSERT INTO "we;ird"."t""x" VALUES ($1, 1), ($2, 2), ($3, 3), ($4, 4)"#,
                      [.text("x'; DROP TABLE \"we;ird\".\"t\"\"x\"; --"), .text("$1"), .text(#"back\slash"#), .text("plain")])
        let (s, out) = try session()
        let from = "from pg.`we;ird`.`t\"x`"
        for (value, n) in [("x'; DROP TABLE \\\"we;ird\\\".\\\"t\\\"\\\"x\\\"; --", 1), ("$1", 2), (#"back\\slash"#, 3)] {
            out.reset()
            try s.run("\(from) | where `a b` == \"\(value)\" | select `c\"d`")
            XCTAssertEqual(out.text, "\"c\"\"d\"\n\(n)\n", value)
        }
        out.reset()
        try s.run("\(from) | group { n = count() }")
        XCTAssertEqual(out.text, "n\n4\n", "the table is still there, with all its rows")
        // The values travel as parameters, never in the statement's text.
        out.reset()
        try s.run("explain plan \(from) | where `a b` == \"x'; --\"")
        XCTAssertTrue(out.text.contains("WHERE (\"a b\" = $1::text)"), out.text)
        XCTAssertTrue(out.text.contains("$1 = \"x'; --\""), out.text)
        // NUL cannot be in PostgreSQL text: an error, not a truncated value; and an export
        // that fails leaves no table behind.
        XCTAssertThrowsError(try PostgresConnection.encode(.text("a\u{0}b"))) { e in
            XCTAssertTrue((e as? Diagnostic)?.message.contains("NUL") ?? false, "\(e)")
        }
        s.register(TableFixture.make([("name", .texts(["ok", "a\u{0}b"]))]), as: "nul")
        XCTAssertThrowsError(try s.run("from nul | export pg.`we;ird`.nul"))
        XCTAssertFalse(s.catalog.contains("pg.`we;ird`.nul"))
    }

    // MARK: - Differential: the golden corpus on both backends

    /// Every golden pipeline made only of stages the SQL backend has runs on the local tables
    /// and on the same tables in PostgreSQL; the results must be identical (row order compared
    /// where a sort fixes it, floats to 11 significant digits: the server adds in its own order).
    func testGoldenPipelinesGiveTheSameRowsInPostgreSQL() throws {
        _ = try server()
        try freshSchema("diff")
        let pushable: Set<String> = ["where", "derive", "select", "sort", "take", "skip", "group", "join", "distinct", "rename", "window"]
        var compared = 0, fullyPushed = 0
        for file in GoldenTests.testFiles() {
            let scratch = try GoldenTests.scratchCopy()
            defer { try? FileManager.default.removeItem(at: scratch) }
            let (s, out) = try session(workingDirectory: scratch.path)
            var uploaded: Set<String> = []
            for c in Golden.parse(try String(contentsOf: file, encoding: .utf8)) {
                let input = c.input.split(separator: "\n").filter { !$0.hasPrefix("--") }.joined(separator: "\n")
                guard !input.isEmpty else { continue }
                let statements = (try? Parser.parse(SourceFile(name: "<input>", text: input))) ?? []
                // Tables a case makes (one load or let, or several) go to the database too.
                let defined = statements.compactMap { st -> String? in
                    switch st { case .load, .bind: return Session.definedName(st); default: return nil }
                }
                if !statements.isEmpty && defined.count == statements.count {
                    guard (try? s.run(input)) != nil else { continue }
                    for name in defined where Identifier.isPlain(name) {
                        if (try? s.run("from \(name) | export pg.diff.\(name) replace")) != nil { uploaded.insert(name) }
                    }
                    continue
                }
                guard statements.count == 1 else { try? s.run(input); continue }
                switch statements[0] {
                case .query(let p):
                    guard uploaded.contains(p.source.text), p.stages.allSatisfy({ pushable.contains(type(of: $0.syntax).keyword) }) else {
                        try? s.run(input); continue
                    }
                    let joined = p.stages.compactMap { ($0.syntax as? JoinStage)?.table.text }
                    guard joined.allSatisfy(uploaded.contains) else { continue }
                    out.reset()
                    guard (try? s.run(input)) != nil, let local = out.tables.last else { continue }
                    var remoteText = input.replacingOccurrences(of: "from \(p.source.text)", with: "from pg.diff.\(p.source.text)")
                    for j in joined { remoteText = remoteText.replacingOccurrences(of: " \(j) on", with: " pg.diff.\(j) on") }
                    out.reset()
                    do { try s.run(remoteText) } catch {
                        XCTFail("\(file.lastPathComponent):\(c.line): \(remoteText)\n\(error)"); continue
                    }
                    guard let remote = out.tables.last else { XCTFail("no table from \(remoteText)"); continue }
                    let plan = try s.bind(try Parser.parse(SourceFile(name: "<input>", text: remoteText)).compactMap { if case .query(let p) = $0 { return p }; return nil }[0],
                                          SourceFile(name: "<input>", text: remoteText))
                    if try s.placement(plan)?.pushed == plan.operators.count { fullyPushed += 1 }
                    // Rows in the order the last sort fixes: its key columns' sequences must match (a
                    // database table has no row order, so ties, and a take among ties, may differ).
                    let lastSort = p.stages.last { $0.syntax is SortStage }?.syntax as? SortStage
                    let keys = lastSort?.keys.compactMap { k -> String? in if case .column(let n) = k.expr.kind { return n }; return nil } ?? []
                    let takes = p.stages.contains { $0.syntax is TakeStage }
                    compare(local, remote, orderedBy: keys.allSatisfy(local.names.contains) ? keys : [], whole: !takes,
                            "\(file.lastPathComponent):\(c.line): \(input)")
                    compared += 1
                default:
                    try? s.run(input)
                }
            }
        }
        print("postgres differential: \(compared) golden pipelines compared, \(fullyPushed) run wholly in PostgreSQL")
        XCTAssertGreaterThan(compared, 40)
        XCTAssertGreaterThan(fullyPushed, 30)
    }

    /// Same columns and types and row count; the same rows (when `whole`: not after a take
    /// whose rows the server may pick differently among ties); the same sequence of the sort's
    /// key columns.
    func compare(_ a: Table, _ b: Table, orderedBy keys: [String], whole: Bool, _ what: String) {
        XCTAssertEqual(a.names, b.names, what)
        XCTAssertEqual(a.columns.map(\.type), b.columns.map(\.type), what)
        XCTAssertEqual(a.rowCount, b.rowCount, what)
        guard a.names == b.names, a.rowCount == b.rowCount else { return }
        if !keys.isEmpty {
            func project(_ t: Table) -> Table { Table(names: keys, columns: keys.map { t.column($0)! }) }
            let ka = project(a), kb = project(b)
            XCTAssertEqual((0..<a.rowCount).map { key(ka, $0) }, (0..<b.rowCount).map { key(kb, $0) }, "order: " + what)
        }
        guard whole else { return }
        let ra = (0..<a.rowCount).map { key(a, $0) }, rb = (0..<b.rowCount).map { key(b, $0) }
        XCTAssertEqual(ra.sorted(), rb.sorted(), what)
    }

    func key(_ t: Table, _ r: Int) -> String {
            t.columns.map { c -> String in
                switch c.value(at: r) {
                case .float(let v): return v == 0 ? "0" : v.isNaN ? "nan" : String(format: "%.10e", v)
                case let v: return "\(v.type):\(v)"
                }
            }.joined(separator: "\u{1F}")
    }

    // MARK: - Survey estimates in the database

    static let datasets = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Datasets")

    /// The bundled survey in PostgreSQL: estimates computed from the server's per-PSU cells equal
    /// the local ones to 1e-12 relative (the server adds in its own order); those that need the
    /// rows (median, var, the likelihood interval) read them and agree too.
    func testSurveyEstimatesInTheDatabaseEqualTheLocalOnes() throws {
        try freshSchema("svy")
        let (s, out) = try session()
        try s.run("""
            load "\(Self.datasets.path)/survey.csv" as survey design (strata = stratum, psu = psu, weight = weight, fpc = fpc)
            from survey | export pg.svy.persons
            design pg.svy.persons (strata = stratum, psu = psu, weight = weight, fpc = fpc)
            """)
        let cases: [(String, Bool)] = [
            ("estimate share(has_smartphone), mean(age), total(has_account), share(sex), ratio(has_account, has_smartphone)", true),
            ("where age >= 15 and urban == 1 | estimate share(has_digital_signature), mean(household_fibre) by province, sex", true),
            ("derive older = age >= 60 | where year == 2024 | estimate share(uses_telehealth) by older ci logit", true),
            ("estimate share(has_account) by province ci beta deff replace", true),
            ("where province == \"nghe-an\" | estimate total(has_smartphone) by stratum", true),
            ("estimate median(age), var(age) by province", false),
            ("where age < 30 | estimate share(uses_online_public_services) ci likelihood", false),
        ]
        for (stages, pushed) in cases {
            out.reset()
            try s.run("from survey | \(stages)")
            let local = try XCTUnwrap(out.tables.last)
            out.reset()
            try s.run("explain plan from pg.svy.persons | \(stages)")
            XCTAssertEqual(out.text.contains("the server sums the sample's cells"), pushed, stages + "\n" + out.text)
            out.reset()
            try s.run("from pg.svy.persons | \(stages)")
            let remote = try XCTUnwrap(out.tables.last)
            XCTAssertEqual(local.names, remote.names, stages)
            XCTAssertEqual(local.rowCount, remote.rowCount, stages)
            // Rows keyed by their text columns (domain keys and the statistic): order may differ.
            func rows(_ t: Table) -> [String: [Value]] {
                var out: [String: [Value]] = [:]
                for r in 0..<t.rowCount {
                    let values = t.columns.map { $0.value(at: r) }
                    out[values.filter { $0.type == .text || $0.type == .bool }.map(\.description).joined(separator: "|")] = values
                }
                return out
            }
            let a = rows(local), b = rows(remote)
            XCTAssertEqual(Set(a.keys), Set(b.keys), stages)
            var worst = 0.0
            for (k, va) in a {
                guard let vb = b[k] else { continue }
                for (x, y) in zip(va, vb) {
                    switch (x, y) {
                    case (.float(let p), .float(let q)):
                        let rel = p == q ? 0 : abs(p - q) / max(abs(p), abs(q))
                        worst = max(worst, rel)
                        XCTAssertLessThanOrEqual(rel, 1e-12, "\(stages): \(k): \(p) vs \(q)")
                    default:
                        XCTAssertEqual(x, y, "\(stages): \(k)")
                    }
                }
            }
            print("survey in PostgreSQL: \(stages): \(a.count) rows, largest relative difference \(worst)")
        }
    }

    // MARK: - Joins, exports, cancel, a lost connection

    /// A remote table joined with a small local one: the local one is uploaded (a temporary
    /// table), the join runs on the server, and the rows equal the local join's.
    func testJoinWithASmallLocalTableUploadsIt() throws {
        try freshSchema("j")
        let (s, out) = try session()
        try s.run("""
            load "\(Self.datasets.path)/targets.csv" as targets
            load "\(Self.datasets.path)/indicators.csv" as indicators
            from targets | export pg.j.targets
            """)
        let stages = "where year == 2030 | join indicators on indicator = id | group unit { n = count(), lo = sum(lo) }"
        out.reset()
        try s.run("explain plan from pg.j.targets | \(stages)")
        XCTAssertTrue(out.text.contains("indicators is uploaded first as the temporary table chiso_upload_1"), out.text)
        XCTAssertFalse(out.text.contains("then locally"), out.text)
        out.reset()
        try s.run("from targets | \(stages)")
        let local = try XCTUnwrap(out.tables.last)
        out.reset()
        try s.run("from pg.j.targets | \(stages)")
        compare(local, try XCTUnwrap(out.tables.last), orderedBy: [], whole: true, stages)
    }

    /// export makes a table in one transaction; an existing one is refused unless replace is
    /// said; a failed export leaves the old table as it was.
    func testExportIsAllOrNothingAndRefusesToOverwrite() throws {
        try freshSchema("ex")
        let (s, out) = try session()
        s.register(TableFixture.make([("k", .ints([1, 2, 3])), ("v", .texts(["a", "b", nil]))]), as: "small")
        try s.run("from small | export pg.ex.small")
        XCTAssertTrue(out.text.contains("wrote 3 rows to pg.ex.small"), out.text)
        assertDiagnostic("from small | export pg.ex.small", in: s, message: "table pg.ex.small exists", line: 1, column: 21)
        s.register(TableFixture.make([("k", .ints([7])), ("v", .texts(["bad\u{0}"]))]), as: "bad")
        XCTAssertThrowsError(try s.run("from bad | export pg.ex.small replace"))
        out.reset()
        try s.run("from pg.ex.small | group { n = count(), s = sum(k) }")
        XCTAssertEqual(out.text, "n,s\n3,6\n", "the old table is untouched")
        try s.run("from small | where k > 1 | export pg.ex.small replace")
        out.reset()
        try s.run("from pg.ex.small | group { n = count() }")
        XCTAssertEqual(out.text, "n\n2\n")
        assertDiagnostic("from small | export nodb.t", in: s, message: "no database is attached as 'nodb'", line: 1, column: 21)
    }

    /// Ctrl-C while the server works: a cancel request stops the query, and the connection
    /// stays usable.
    func testInterruptCancelsTheQueryOnTheServer() throws {
        let c = try admin()
        defer { c.close() }
        let start = Date()
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.3) { Interrupt.request() }
        defer { Interrupt.clear(); _ = Interrupt.takeKeypress() }
        XCTAssertThrowsError(try c.query("SELECT pg_sleep(30)::text", [], names: ["x"], types: [.text])) { e in
            XCTAssertEqual((e as? Diagnostic)?.message, "interrupted")
        }
        XCTAssertLessThan(Date().timeIntervalSince(start), 5)
        Interrupt.clear()
        let t = try c.query("SELECT 1::int8", [], names: ["one"], types: [.int])
        XCTAssertEqual(t.columns[0].value(at: 0), .int(1))
    }

    /// The server ends the session: the next statement says the connection was lost.
    func testALostConnectionIsAnErrorThatSaysSo() throws {
        try freshSchema("lost")
        let (s, _) = try session()
        s.register(TableFixture.make([("k", .ints([1]))]), as: "one")
        try s.run("from one | export pg.lost.one")
        let c = try admin()
        defer { c.close() }
        try c.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND datname = current_database()", [])
        XCTAssertThrowsError(try s.run("from pg.lost.one | group { n = count() }")) { e in
            XCTAssertTrue((e as? Diagnostic)?.message.contains("connection to PostgreSQL was lost") ?? false, "\(e)")
        }
        try s.run("detach pg")
        try s.run("attach \"\(try server())\" as pg")
        try s.run("from pg.lost.one | group { n = count() }")
    }
}
