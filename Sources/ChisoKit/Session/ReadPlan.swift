/// `read plan`: a plan document's targets as a table (see `PlanReader`).
extension Session {
    func readPlan(path: String, pathSpan: Span, id: String?, indicators: Name?, _ source: SourceFile) throws -> Table {
        try readPlanExplained(path: path, pathSpan: pathSpan, id: id, indicators: indicators, source).table
    }

    /// `readPlan`, with why no target was read when none was (for the notice).
    func readPlanExplained(path: String, pathSpan: Span, id: String?, indicators: Name?, _ source: SourceFile) throws -> (table: Table, whyEmpty: String?) {
        let catalogueName = indicators?.text ?? "indicators"
        let span = indicators?.span ?? pathSpan
        guard let catalogue = try table(named: catalogueName) else {
            throw Diagnostic(.name, "read plan matches targets to an indicator catalogue, and there is no table '\(catalogueName)'", at: span,
                             hint: "load one with columns id, unit and keywords_vi, and name it: read plan \"…\" indicators my_indicators").inSource(source)
        }
        var columns: [[String]] = []
        for col in ["id", "unit", "keywords_vi"] {
            guard let k = catalogue.names.firstIndex(of: col), catalogue.columns[k].type == .text else {
                throw Diagnostic(.name, "the indicator catalogue '\(catalogueName)' needs a text column '\(col)'", at: span,
                                 hint: "keywords_vi lists phrases separated by ';' (alternatives by '|') that a target's sentence must all contain").inSource(source)
            }
            let c = catalogue.columns[k]
            columns.append((0..<catalogue.rowCount).map { c.isNull($0) ? "" : c.value(at: $0).description })
        }
        let matcher = IndicatorMatcher(ids: columns[0], units: columns[1], keywords: columns[2])
        let doc: PlanDocument
        do { doc = try PlanDocument.read(path: resolve(path), shown: path) } catch var d as Diagnostic {
            d.span = pathSpan
            throw d.inSource(source)
        }
        let planID = id ?? Self.tableName(forPath: path).replacingOccurrences(of: "_", with: "-")
        return try PlanReader.readExplained(doc, planID: planID, matcher: matcher)
    }
}
