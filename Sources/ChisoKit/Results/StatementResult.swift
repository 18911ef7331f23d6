/// What a statement yields. The session produces values; a renderer decides how each one looks
/// for an output (terminal table, CSV, TSV, JSON, Markdown), so the session never formats text
/// itself and a new output (a chart, a pager) is a new case, not a new string path.
public enum StatementResult: Sendable {
    /// A pipeline's rows (a query, `tables`, `describe`).
    case table(Table)
    /// A logical plan (`explain plan`).
    case plan(LogicalPlan)
    /// A chart (`plot` without `to`), drawn for the terminal.
    case chart(Chart)
    /// Prose for the reader: help, an indicator card, `explain` derivations.
    case text(String)
    /// A table was loaded (`load`, or a file read the first time it was used).
    case loaded(name: String, rows: Int, columns: Int, design: SurveyDesign?)
    /// An export wrote a file.
    case wrote(path: String, rows: Int)
    /// Something the reader should know that is not the result (timing, a note on the data).
    case notice(String)

    /// Whether the result belongs on the notices stream (stderr) rather than the output.
    public var isNotice: Bool {
        switch self {
        case .loaded, .wrote, .notice: return true
        case .table, .plan, .chart, .text: return false
        }
    }
}
