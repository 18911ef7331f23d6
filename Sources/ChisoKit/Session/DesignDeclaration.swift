/// Survey designs: the `design (…)` clause of `load`, the `design T (…)` statement, and the
/// `.design` file beside a bundled CSV. Each is checked against its table when declared, so a
/// design R would refuse (or one that would give a number from nonsense) is an error at once.
extension Session {
    static let designColumns = ["strata", "psu", "ssu", "weight", "fpc", "fpc2"]
    static let designRules = ["lonely", "nest", "allow_negative_weights"]

    /// `design T (…)`: the design replaces any the table had.
    func declareDesign(on name: Name, _ pairs: [(key: Name, column: Name)], _ source: SourceFile) throws {
        guard let table = try table(named: name.text) else {
            throw Diagnostic(.name, "unknown table '\(name.text)'", at: name.span, hint: NameSuggestion.hint(for: name.text, in: tableNames)).inSource(source)
        }
        let design = try surveyDesign(pairs, schema: Schema(table), table: table, source)
        catalog.setDesign(design, of: name.text)
        show(.notice("design of \(name.text): \(design.description)"))
    }

    /// Checks a design's parts against the table it is declared on.
    /// With `table` nil (`chiso check`), only names and types are checked.
    func surveyDesign(_ pairs: [(key: Name, column: Name)], schema: Schema, table: Table?, _ source: SourceFile) throws -> SurveyDesign {
        var d: [String: String] = [:]
        var design = SurveyDesign(weight: "")
        let all = Self.designColumns + Self.designRules
        for (k, c) in pairs {
            guard all.contains(k.text) else {
                throw Diagnostic(.name, "unknown design part '\(k.text)'", at: k.span,
                                 hint: NameSuggestion.hint(for: k.text, in: all) ?? "parts: " + all.joined(separator: ", ")).inSource(source)
            }
            guard d[k.text] == nil else { throw Diagnostic(.name, "design part '\(k.text)' is given twice", at: k.span).inSource(source) }
            d[k.text] = c.text
            switch k.text {
            case "lonely":
                guard let rule = SurveyDesign.LonelyPSU(rawValue: c.text) else {
                    throw Diagnostic(.name, "unknown rule for a stratum with one PSU: '\(c.text)'", at: c.span,
                                     hint: "lonely = " + SurveyDesign.LonelyPSU.allCases.map(\.rawValue).joined(separator: " | ") + " (R's survey.lonely.psu)").inSource(source)
                }
                design.lonely = rule
                continue
            case "nest", "allow_negative_weights":
                guard c.text == "true" || c.text == "false" else {
                    throw Diagnostic(.type, "\(k.text) is true or false, not '\(c.text)'", at: c.span, hint: "\(k.text) = true").inSource(source)
                }
                if k.text == "nest" { design.nest = c.text == "true" } else { design.allowNegativeWeights = c.text == "true" }
                continue
            default: break
            }
            let columns = SurveyDesign.columns(c.text)
            if columns.count > 1, k.text != "strata" {
                throw Diagnostic(.name, "only the strata may cross several columns; \(k.text) is one column", at: c.span,
                                 hint: "strata = year * stratum, psu = psu").inSource(source)
            }
            for col in columns {
                guard let i = schema.index(of: col) else {
                    throw Diagnostic(.name, "unknown column '\(col)'", at: c.span,
                                     hint: NameSuggestion.hint(for: col, in: schema.names)).inSource(source)
                }
                if k.text == "weight" || k.text == "fpc" || k.text == "fpc2", !schema.types[i].isNumeric {
                    throw Diagnostic(.type, "the design's \(k.text) '\(col)' must be numeric, found \(schema.types[i])", at: c.span).inSource(source)
                }
            }
        }
        // Without weights, the fpcs of every stage imply them (R's rule).
        guard let w = d["weight"] ?? (d["fpc"] != nil && (d["ssu"] == nil || d["fpc2"] != nil) ? "" : nil) else {
            throw Diagnostic(.name, "a design needs weight = column (or an fpc at every stage, which implies the weights)", at: pairs.first?.key.span,
                             hint: "design (strata = stratum, psu = psu, weight = weight)").inSource(source)
        }
        design.weight = w
        design.strata = d["strata"].map(SurveyDesign.columns) ?? []; design.psu = d["psu"]; design.fpc = d["fpc"]
        design.ssu = d["ssu"]; design.fpc2 = d["fpc2"]
        guard let table else { return design }
        do { _ = try DesignArrays(table, design) } catch let e as Diagnostic {
            // Point at the part the error is about (its column is named in quotes), else the
            // strata (a stratum with one PSU), else the first part.
            var e = e
            let named = pairs.first { p in !Self.designRules.contains(p.key.text) && SurveyDesign.columns(p.column.text).contains { e.message.contains("'\($0)'") } }
            let lonely = e.message.contains("only one PSU") ? pairs.first { $0.key.text == "strata" } : nil
            let part = named ?? lonely ?? pairs.first
            e.span = part.map { $0.key.span.to($0.column.span) }
            throw e.inSource(source)
        }
        return design
    }

    /// A `.design` file: `strata = s, psu = p, weight = w[, fpc = f, lonely = adjust, nest = true]`
    /// and optionally `note: …`.
    static func parseDesignFile(_ text: String) -> (design: SurveyDesign, note: String?)? {
        var parts: [String: String] = [:], note: String? = nil
        for line in text.split(separator: "\n") {
            if line.hasPrefix("note:") { note = line.dropFirst(5).trimmingCharacters(in: .whitespaces); continue }
            for item in line.split(separator: ",") {
                let kv = item.split(separator: "=").map { $0.trimmingCharacters(in: .whitespaces) }
                if kv.count == 2 { parts[kv[0]] = kv[1] }
            }
        }
        guard let w = parts["weight"] else { return nil }
        var design = SurveyDesign(strata: parts["strata"].map(SurveyDesign.columns) ?? [], psu: parts["psu"], weight: w, fpc: parts["fpc"],
                             lonely: parts["lonely"].flatMap(SurveyDesign.LonelyPSU.init) ?? .fail,
                             nest: parts["nest"] == "true", allowNegativeWeights: parts["allow_negative_weights"] == "true")
        design.ssu = parts["ssu"]; design.fpc2 = parts["fpc2"]
        return (design, note)
    }

    /// `calibrate T METHOD (keys) to P, …`: the weights of T's design calibrated to the totals of
    /// P (its key columns and a `total` column), the design replaced by the calibrated one.
    func calibrate(_ name: Name, method: Name, margins: [(keys: [Name], totals: Name)], _ source: SourceFile) throws {
        func fail(_ kind: Diagnostic.Kind, _ message: String, _ span: Span, hint: String? = nil) -> Diagnostic {
            Diagnostic(kind, message, at: span, hint: hint).inSource(source)
        }
        guard let table = try table(named: name.text) else {
            throw fail(.name, "unknown table '\(name.text)'", name.span, hint: NameSuggestion.hint(for: name.text, in: tableNames))
        }
        guard var design = catalog.entry(name.text)?.design else {
            throw fail(.name, "'\(name.text)' has no survey design to calibrate", name.span, hint: "declare it first: design \(name.text) (strata = …, psu = …, weight = …)")
        }
        guard let m = Calibration.Method(rawValue: method.text) else {
            throw fail(.name, "unknown calibration '\(method.text)'", method.span, hint: "poststratify, rake or linear (R's postStratify, rake, calibrate)")
        }
        if m == .poststratify && margins.count > 1 {
            throw fail(.usage, "poststratify takes one set of keys and its totals", margins[1].totals.span, hint: "rake (a) to pa, (b) to pb calibrates to several margins")
        }
        var built: [Calibration.Margin] = []
        for (keys, totals) in margins {
            for k in keys where table.column(k.text) == nil {
                throw fail(.name, "'\(name.text)' has no column '\(k.text)'", k.span, hint: NameSuggestion.hint(for: k.text, in: table.names))
            }
            guard let p = try self.table(named: totals.text) else {
                throw fail(.name, "unknown table '\(totals.text)'", totals.span, hint: NameSuggestion.hint(for: totals.text, in: tableNames))
            }
            guard let totalColumn = p.column("total"), totalColumn.type.isNumeric, let values = totalColumn.doubles() else {
                throw fail(.name, "the totals table '\(totals.text)' needs a numeric column 'total'", totals.span, hint: "one row per cell: its keys and its population total")
            }
            var cells: [[String]: Double] = [:]
            let keyColumns = try keys.map { k -> Column in
                guard let c = p.column(k.text) else { throw fail(.name, "the totals table '\(totals.text)' has no column '\(k.text)'", totals.span) }
                return c
            }
            for i in 0..<p.rowCount {
                if totalColumn.isNull(i) || keyColumns.contains(where: { $0.isNull(i) }) {
                    throw fail(.data, "row \(i + 1) of '\(totals.text)' has a null key or total", totals.span)
                }
                let label = keyColumns.map { $0.value(at: i).description }
                guard cells[label] == nil else {
                    throw fail(.data, "'\(totals.text)' gives two totals for \(Calibrator.describe(keys.map(\.text), label))", totals.span)
                }
                cells[label] = values[i]
            }
            built.append(Calibration.Margin(keys: keys.map(\.text), totals: cells, source: totals.text))
        }
        let before = try DesignArrays(table, design).weight.reduce(0, +)
        design.calibrations.append(Calibration(method: m, margins: built))
        let after: Double
        do { after = try DesignArrays(table, design).weight.reduce(0, +) } catch var d as Diagnostic {
            d.span = method.span.to(margins.last!.totals.span)
            throw d.inSource(source)
        }
        catalog.setDesign(design, of: name.text)
        show(.notice("calibrated \(name.text) (\(m.rawValue)): the weights summed to \(NumberFormat.plain((before * 100).rounded() / 100)), now \(NumberFormat.plain((after * 100).rounded() / 100))"))
    }
}
