/// Settings that shape how results are shown (changed with `set` in the shell).
public struct RenderOptions: Sendable {
    public var format: OutputFormat = .table
    /// Rows shown before the `… (N rows)` line.
    public var maxRows = 40
    /// Longest cell, in terminal cells, before it is cut with `…`.
    public var maxColumnWidth = 40
    /// Width available; wider tables drop middle columns and say which.
    public var maxWidth = 120
    /// Decimals for floats; nil picks per column (as many as needed, at most 4).
    public var decimals: Int?
    /// Print each statement's wall-clock time (to the notices stream).
    public var timer = false
    /// Rows of a chart drawn in the terminal (`set plot_height`; else half the window in the shell).
    public var plotHeight = 12
    public var plotHeightFixed = false
    /// Braille and box drawing, or plain ASCII (`set charset ascii`).
    public var charset: Charset = .unicode
    /// ANSI colours in charts: only on a terminal, and never when NO_COLOR is set.
    public var color = false
    /// True once `set width` (or $COLUMNS) fixed the width; otherwise the shell follows the window.
    public var widthFixed = false
    /// Results longer than the screen go through $PAGER in the shell (`set pager on`).
    public var pager = false
    /// Bytes one operator's result may take before it refuses (`set memory_limit`; half the RAM).
    public var memoryLimit = MemorySize.defaultLimit
    /// Threads an operator may use (`set threads N`; the CSV export encodes that many chunks at once).
    public var threads = ProcessInfo.processInfo.activeProcessorCount

    public init() {}
}

public enum Charset: String, Sendable, CaseIterable { case unicode, ascii }

public enum OutputFormat: String, Sendable, CaseIterable {
    case table, csv, tsv, json, markdown
}

/// Draws a table in a box: header, types, right-aligned numbers, widths in terminal cells.
public enum TableRenderer {
    public static func render(_ table: Table, _ options: RenderOptions) -> String {
        switch options.format {
        case .table: return box(table, options)
        case .csv: return String(decoding: CSVWriter.encode(table), as: UTF8.self)
        case .tsv: return String(decoding: CSVWriter.encode(table, delimiter: 9), as: UTF8.self)
        case .json: return json(table)
        case .markdown: return markdown(table, options)
        }
    }

    /// Cell texts of one column for the given rows, with the column's float decimals.
    static func cells(_ c: Column, rows: [Int], _ options: RenderOptions) -> [String] {
        var decimals = options.decimals ?? 1
        if options.decimals == nil, case .float(let a) = c.storage {
            for i in rows where !c.isNull(i) && a[i].isFinite {
                let s = NumberFormat.shortest(a[i])
                if s.contains("e") { decimals = 4; break }
                if let dot = s.firstIndex(of: ".") { decimals = max(decimals, min(4, s.distance(from: dot, to: s.endIndex) - 1)) }
            }
        }
        let storage = c.storage
        return rows.map { i in
            if c.isNull(i) { return "null" }
            switch storage {
            case .float(let a): return NumberFormat.fixed(a[i], decimals: decimals)
            case .text(let codes, let d): return visible(d.string(codes[i]))
            default: return c.value(at: i).description
            }
        }
    }

    /// Text as a terminal may safely show it: a line break as ↵, other control characters as
    /// their Unicode pictures (ESC → ␛, BEL → ␇, DEL → ␡) and C1 controls as \x9b, so a cell can
    /// never move the cursor, ring the bell or change colours.
    /// `keepLines`: a message's own line breaks and tabs stay (a file name or a header in it
    /// still cannot retitle the window or clear the screen).
    static func visible(_ s: String, keepLines: Bool = false) -> String {
        guard s.unicodeScalars.contains(where: { $0.value < 0x20 || ($0.value >= 0x7F && $0.value < 0xA0) }) else { return s }
        var out = String.UnicodeScalarView()
        for u in s.unicodeScalars {
            switch u.value {
            case 0x0A where keepLines, 0x09 where keepLines: out.append(u)
            case 0x0A: out.append("↵")
            case 0x00..<0x20: out.append(Unicode.Scalar(0x2400 + u.value)!)
            case 0x7F: out.append("␡")
            case 0x80..<0xA0: out.append(contentsOf: ("\\x" + String(u.value, radix: 16)).unicodeScalars)
            default: out.append(u)
            }
        }
        return String(out)
    }

    static func box(_ table: Table, _ options: RenderOptions) -> String {
        let shownRows = Array(0..<min(table.rowCount, options.maxRows))
        var cols: [(name: String, type: String, cells: [String], right: Bool, width: Int)] = []
        for (k, c) in table.columns.enumerated() {
            let cs = cells(c, rows: shownRows, options).map { TextWidth.truncate($0, to: options.maxColumnWidth) }
            let name = TextWidth.truncate(visible(table.names[k]), to: options.maxColumnWidth)
            let w = ([name, c.type.rawValue] + cs).map(TextWidth.of).max() ?? 1
            cols.append((name, c.type.rawValue, cs, c.type.isNumeric, w))
        }
        // Too wide: keep the leftmost columns that fit and say how many are hidden on the right
        // (as DuckDB does), so the columns a user sees are always the first ones, in order.
        var hidden: [String] = []
        let total = cols.reduce(1) { $0 + $1.width + 3 }
        if total > options.maxWidth && cols.count > 1 {
            var used = 1 + 4   // border plus the "…" column
            var keep = 0
            while keep < cols.count && used + cols[keep].width + 3 <= options.maxWidth {
                used += cols[keep].width + 3
                keep += 1
            }
            keep = max(1, keep)
            hidden = Array(table.names[keep...])
            let ellipsis = (name: "…", type: "", cells: [String](repeating: "…", count: shownRows.count), right: false, width: 1)
            cols = Array(cols.prefix(keep)) + [ellipsis]
        }
        func pad(_ s: String, _ w: Int, right: Bool) -> String {
            let fill = String(repeating: " ", count: max(0, w - TextWidth.of(s)))
            return right ? fill + s : s + fill
        }
        func rule(_ l: String, _ m: String, _ r: String) -> String {
            l + cols.map { String(repeating: "─", count: $0.width + 2) }.joined(separator: m) + r
        }
        var lines: [String] = []
        lines.append(rule("┌", "┬", "┐"))
        lines.append("│" + cols.map { " " + pad($0.name, $0.width, right: false) + " " }.joined(separator: "│") + "│")
        lines.append("│" + cols.map { " " + pad($0.type, $0.width, right: false) + " " }.joined(separator: "│") + "│")
        lines.append(rule("├", "┼", "┤"))
        for r in shownRows.indices {
            lines.append("│" + cols.map { " " + pad($0.cells[r], $0.width, right: $0.right) + " " }.joined(separator: "│") + "│")
        }
        lines.append(rule("└", "┴", "┘"))
        let n = table.rowCount
        var footer = n == shownRows.count ? counted(n, "row")
            : "… (\(formatCount(n)) rows, \(shownRows.count) shown)"
        if !hidden.isEmpty {
            // Names up to about three lines of the window; past that a count (a 2,000-column
            // sheet would otherwise print a page of names).
            var named: [String] = [], length = 0
            for h in hidden where length + h.count + 2 <= 3 * options.maxWidth - 40 {
                named.append(h); length += h.count + 2
            }
            let rest = hidden.count - named.count
            footer += ", \(counted(hidden.count, "more column")) on the right: " + named.joined(separator: ", ")
                + (rest > 0 ? " and \(formatCount(rest)) more ('describe' lists them)" : "")
        }
        // The footer wraps at the window's width rather than running past it; no name is dropped.
        lines.append(contentsOf: wrap(footer, width: options.maxWidth))
        return lines.joined(separator: "\n") + "\n"
    }

    /// 12345 → "12,345".
    /// Breaks a line at spaces so none is wider than `width`; later lines are indented two.
    static func wrap(_ text: String, width: Int) -> [String] {
        guard TextWidth.of(text) > width, width > 20 else { return [text] }
        var lines: [String] = [], line = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            let candidate = line.isEmpty ? String(word) : line + " " + word
            if TextWidth.of(candidate) > width, !line.trimmingCharacters(in: .whitespaces).isEmpty {
                lines.append(line)
                line = "  " + word
            } else {
                line = candidate
            }
        }
        lines.append(line)
        return lines
    }

    /// "1 row", "12,000 rows": a count with its noun in the right number.
    public static func counted(_ n: Int, _ noun: String) -> String {
        "\(formatCount(n)) \(noun)\(n == 1 ? "" : "s")"
    }

    public static func formatCount(_ n: Int) -> String {
        let s = String(n)
        var out = ""
        for (i, ch) in s.enumerated() {
            if i > 0 && (s.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return out
    }

    /// A JSON string literal (shared by the JSON output and the table-schema file).
    static func jsonString(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 { out += String(format: "\\u%04x", u.value) } else { out.unicodeScalars.append(u) }
            }
        }
        return out + "\""
    }

    static func json(_ table: Table) -> String {
        let rows = (0..<table.rowCount).map { "  " + jsonRecord(table, $0) }
        return rows.isEmpty ? "[]\n" : "[\n" + rows.joined(separator: ",\n") + "\n]\n"
    }

    /// Row i as one JSON object (dates as ISO text, non-finite floats as null).
    static func jsonRecord(_ table: Table, _ i: Int) -> String {
        let fields = table.columns.enumerated().map { k, c -> String in
            let v = c.value(at: i)
            let js: String
            switch v {
            case .null: js = "null"
            case .int(let x): js = String(x)
            case .float(let x): js = x.isFinite ? NumberFormat.shortest(x) : "null"
            case .bool(let b): js = b ? "true" : "false"
            case .text(let s): js = jsonString(s)
            case .date: js = jsonString(v.description)
            }
            return "\(jsonString(table.names[k])): \(js)"
        }
        return "{" + fields.joined(separator: ", ") + "}"
    }

    static func markdown(_ table: Table, _ options: RenderOptions) -> String {
        let rows = Array(0..<table.rowCount)
        let cols = table.columns.map { cells($0, rows: rows, options).map { $0.replacingOccurrences(of: "|", with: "\\|") } }
        var lines = ["| " + table.names.joined(separator: " | ") + " |",
                     "|" + table.columns.map { $0.type.isNumeric ? " ---: " : " --- " }.joined(separator: "|") + "|"]
        for r in rows { lines.append("| " + cols.map { $0[r] }.joined(separator: " | ") + " |") }
        return lines.joined(separator: "\n") + "\n"
    }
}

import Foundation
