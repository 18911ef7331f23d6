/// `describe indicator ID`: the methodology card a trainer puts on the screen — what the
/// indicator measures and how, who measures it, and every plan's target for it side by side
/// with the plan's own words. Reads the bundled `indicators`, `targets` and `plans` tables.
enum IndicatorCard {
    static let fields = ["name_vi", "name_en", "pillar", "unit", "direction", "population", "numerator",
                         "denominator", "definition", "measured_by"]

    static func results(id: String?, session: Session, fail: (String, String?) -> Diagnostic) throws -> [StatementResult] {
        guard let indicators = try session.table(named: "indicators"), let ids = indicators.column("id") else {
            throw fail("describe indicator needs the bundled 'indicators' table", "start chiso with --data Datasets")
        }
        let all = (0..<indicators.rowCount).map { ids.value(at: $0).description }
        guard let id else { throw fail("describe indicator needs an id", "for example: describe indicator adult_smartphone_rate") }
        guard let row = all.firstIndex(of: id) else {
            throw fail("unknown indicator '\(id)'", NameSuggestion.hint(for: id, in: all) ?? "from indicators | select id lists them")
        }
        var lines = ["indicator \(id)"]
        let width = fields.map(\.count).max()!
        for f in fields {
            guard let c = indicators.column(f), !c.isNull(row) else { continue }
            let label = f.replacingOccurrences(of: "_", with: " ")
            lines.append("  " + label + String(repeating: " ", count: width - f.count) + "  " + c.value(at: row).description)
        }
        var results: [StatementResult] = [.text(lines.joined(separator: "\n") + "\n")]
        // Every plan's targets for it, with the plan's level and the verbatim wording.
        if session.tableNames.contains("targets") {
            let level = session.tableNames.contains("plans") ? "| join left plans on plan = id" : "| derive level = \"\""
            let source = SourceFile(name: "<describe>", text: """
                from targets | where indicator == "\(id)" \(level)
                | select year, plan, level, op, lo, hi, text_vi, scope | sort year, plan
                """)
            if case .query(let p)? = try Parser.parse(source).first {
                let t = try session.runPipeline(p, source).0
                let shown = Table(names: Array(t.names.dropLast()), columns: Array(t.columns.dropLast()), rowCount: t.rowCount)
                results += [.text("targets (\(t.rowCount)):\n"), .table(shown)]
                // Scope notes (a different population, one sentence with two targets) under the table.
                if let scope = t.columns.last {
                    var notes = ""
                    for i in 0..<t.rowCount where !scope.isNull(i) {
                        notes += "  \(t.row(i)[1]) \(t.row(i)[0]): \(scope.value(at: i))\n"
                    }
                    if !notes.isEmpty { results.append(.text(notes)) }
                }
            }
        }
        return results
    }
}
