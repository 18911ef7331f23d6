/// A table as HTML, for a notebook: the same cells as the terminal box (float decimals per
/// column, `null`, control characters made visible), each column's type under its name, numbers
/// right-aligned, and a footer that says how many rows there are and which were not shown.
/// A notebook scrolls sideways, so every column is drawn up to `maxColumns`; past that the
/// footer names the hidden ones, as the terminal does.
public enum HTMLTable {
    /// Columns drawn before the rest are named in the footer.
    static let maxColumns = 60
    /// Characters of one cell before it is cut with `…` (a notebook cell wraps, the box does not).
    static let maxCell = 200

    public static func render(_ table: Table, _ options: RenderOptions) -> String {
        let shown = Array(0..<min(table.rowCount, options.maxRows))
        let drawn = Array(table.columns.indices.prefix(maxColumns))
        var html = "<table class=\"chiso\">\n<thead>\n<tr>"
        for k in drawn { html += "<th>\(escape(TableRenderer.visible(table.names[k])))</th>" }
        html += "</tr>\n<tr>"
        for k in drawn { html += "<th style=\"font-weight:normal;font-style:italic\">\(table.columns[k].type.rawValue)</th>" }
        html += "</tr>\n</thead>\n<tbody>\n"
        let cells = drawn.map { TableRenderer.cells(table.columns[$0], rows: shown, options) }
        for r in shown.indices {
            html += "<tr>"
            for (j, k) in drawn.enumerated() {
                let align = table.columns[k].type.isNumeric ? " style=\"text-align:right\"" : ""
                html += "<td\(align)>\(escape(cut(cells[j][r])))</td>"
            }
            html += "</tr>\n"
        }
        html += "</tbody>\n</table>\n<p>\(escape(footer(table, shown: shown.count, drawn: drawn.count)))</p>\n"
        return html
    }

    /// "3 rows", "1,204 rows, 40 shown", and the columns past `maxColumns` by name.
    static func footer(_ table: Table, shown: Int, drawn: Int) -> String {
        let n = table.rowCount
        var text = (n == shown ? TableRenderer.counted(n, "row") : "\(TableRenderer.formatCount(n)) rows, \(shown) shown")
            + ", " + TableRenderer.counted(table.columns.count, "column")
        if drawn < table.columns.count {
            let hidden = table.names[drawn...]
            text += "; \(TableRenderer.counted(hidden.count, "more column")) not drawn: "
                + hidden.prefix(20).joined(separator: ", ") + (hidden.count > 20 ? " … ('describe' lists them)" : "")
        }
        return text
    }

    static func cut(_ s: String) -> String { s.count > maxCell ? String(s.prefix(maxCell - 1)) + "…" : s }

    /// Text safe inside an element or a double-quoted attribute.
    public static func escape(_ s: String) -> String {
        guard s.contains(where: { $0 == "&" || $0 == "<" || $0 == ">" || $0 == "\"" }) else { return s }
        var out = ""
        out.reserveCapacity(s.utf8.count + 16)
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(c)
            }
        }
        return out
    }
}
