/// Turns a statement's result into the text one output shows: tables through the format the
/// user chose (`set format`), notices as single lines.
public enum ResultRenderer {
    public static func render(_ result: StatementResult, _ options: RenderOptions) -> String {
        switch result {
        case .table(let t): return TableRenderer.render(t, options)
        case .plan(let p): return PlanPrinter.render(p)
        case .chart(let c): return TerminalChart.render(c, options)
        case .text(let s): return s.hasSuffix("\n") || s.isEmpty ? s : s + "\n"
        case .loaded(let name, let rows, let columns, let design):
            return "loaded \(TableRenderer.visible(name)): \(TableRenderer.counted(rows, "row")), \(TableRenderer.counted(columns, "column"))"
                + (design.map { "; design: \($0.description)" } ?? "")
        case .wrote(let path, let rows): return "wrote \(TableRenderer.counted(rows, "row")) to \(TableRenderer.visible(path))"
        case .notice(let s): return TableRenderer.visible(s, keepLines: true)
        }
    }
}
