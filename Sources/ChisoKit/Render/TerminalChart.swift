import Foundation

/// A chart drawn with text: Unicode braille (2 × 4 dots a cell) or, with `set charset ascii`,
/// one `*` a cell; sized to the terminal's width and `set plot_height`; colour (ANSI 256) only
/// when the options say the output is a terminal and NO_COLOR is not set.
enum TerminalChart {
    struct Canvas {
        let cols: Int, rows: Int
        let braille: Bool
        var dots: [UInt8]
        var color: [Int]
        /// A character drawn over the dots (targets).
        var glyph: [Character?]

        init(cols: Int, rows: Int, braille: Bool) {
            self.cols = cols; self.rows = rows; self.braille = braille
            dots = [UInt8](repeating: 0, count: cols * rows)
            color = [Int](repeating: -1, count: cols * rows)
            glyph = [Character?](repeating: nil, count: cols * rows)
        }

        var width: Int { cols * (braille ? 2 : 1) }
        var height: Int { rows * (braille ? 4 : 1) }

        /// Sets the dot at (x, y), y = 0 at the top, in dot coordinates.
        mutating func set(_ x: Int, _ y: Int, _ c: Int) {
            guard x >= 0, y >= 0, x < width, y < height else { return }
            let cell = (y / (braille ? 4 : 1)) * cols + x / (braille ? 2 : 1)
            if braille {
                let bits: [[UInt8]] = [[0x01, 0x02, 0x04, 0x40], [0x08, 0x10, 0x20, 0x80]]
                dots[cell] |= bits[x % 2][y % 4]
            } else {
                dots[cell] = 1
            }
            color[cell] = c
        }

        /// A straight line between two dots; `dashed` leaves every other run of three dots out.
        mutating func line(_ x0: Int, _ y0: Int, _ x1: Int, _ y1: Int, _ c: Int, dashed: Bool) {
            let n = max(abs(x1 - x0), abs(y1 - y0), 1)
            for k in 0...n where !dashed || (k / 3) % 2 == 0 {
                set(x0 + (x1 - x0) * k / n, y0 + (y1 - y0) * k / n, c)
            }
        }

        mutating func mark(_ x: Int, _ y: Int, _ ch: Character, _ c: Int) {
            let cx = x / (braille ? 2 : 1), cy = y / (braille ? 4 : 1)
            guard cx >= 0, cy >= 0, cx < cols, cy < rows else { return }
            glyph[cy * cols + cx] = ch
            color[cy * cols + cx] = c
        }

        func row(_ r: Int, colored: Bool) -> String {
            var out = ""
            for c in 0..<cols {
                let i = r * cols + c
                let ch: Character = glyph[i] ?? (dots[i] == 0 ? " " : braille ? Character(Unicode.Scalar(0x2800 + UInt32(dots[i]))!) : "*")
                if colored, color[i] >= 0, ch != " " { out += TerminalChart.ansi(color[i]) + String(ch) + "\u{1B}[0m" } else { out.append(ch) }
            }
            return out
        }
    }

    /// Target markers' colour (vermillion) in the palette.
    static let targetColor = 5

    /// Without colour, several series are told apart by a marker at each of their points.
    static let markers: [Character] = ["●", "○", "■", "□", "▲", "△", "✚", "✕", "◐", "◑", "★", "☆"]
    static let asciiMarkers: [Character] = ["*", "o", "+", "x", "@", "%", "&", "=", "$", "~", "^", "?"]

    static func marker(_ series: Int, _ o: RenderOptions) -> Character? {
        o.color ? nil : (o.charset == .unicode ? markers : asciiMarkers)[series % markers.count]
    }

    static func ansi(_ paletteIndex: Int) -> String { "\u{1B}[38;5;\(Palette.ansi[paletteIndex % Palette.ansi.count])m" }

    static func render(_ chart: Chart, _ o: RenderOptions) -> String {
        let unicode = o.charset == .unicode
        var lines: [String] = [center(chart.title, o.maxWidth)]
        if !chart.legend.isEmpty {
            lines.append(chart.legend.enumerated().map { i, name in
                let key = chart.kind != .bar ? marker(i, o).map { String($0) } ?? (unicode ? "━━" : "--") : (unicode ? "██" : "##")
                return (o.color ? ansi(i) : "") + key + (o.color ? "\u{1B}[0m" : "") + " " + name
            }.joined(separator: "   "))
        }
        for p in chart.panels {
            if let t = p.title { lines.append("── \(t) ──") }
            lines += chart.kind == .bar ? bars(p, chart, o) : plot(p, chart, o)
        }
        var notes: [String] = []
        if chart.panels.contains(where: { $0.series.contains { $0.points.contains(where: \.projected) } }) {
            notes.append("projected values dashed")
        }
        if chart.panels.contains(where: { $0.series.contains { !$0.band.isEmpty } }) { notes.append("interval: the band's edges dotted") }
        if let d = chart.panels.compactMap(\.density).first { notes.append("\(d.total) points") }
        let targets = chart.panels.flatMap(\.targets)
        if !targets.isEmpty {
            notes.append("targets: " + targets.map { t in
                (t.hi == nil ? (unicode ? "◆ " : "# ") : (unicode ? "┃ " : "| ")) + "\(Int(t.x)) "
                    + NumberFormat.shortest(t.lo) + (t.hi.map { "–" + NumberFormat.shortest($0) } ?? "") + " (\(t.label))"
            }.joined(separator: ", "))
        }
        if !notes.isEmpty { lines.append(notes.joined(separator: "; ")) }
        return lines.joined(separator: "\n") + "\n"
    }

    static func center(_ s: String, _ width: Int) -> String {
        let pad = max(0, (width - TextWidth.of(s)) / 2)
        return String(repeating: " ", count: pad) + s
    }

    static func plot(_ p: Chart.Panel, _ chart: Chart, _ o: RenderOptions) -> [String] {
        let yt = Ticks.nice(p.yRange, count: max(2, o.plotHeight / 3))
        let step = yt.count > 1 ? yt[1] - yt[0] : 1
        let labels = yt.map { Ticks.label($0, step: step) }
        let lw = max(labels.map(\.count).max() ?? 1, 1)
        let cols = max(10, min(o.maxWidth, 200) - lw - 2), rows = max(4, o.plotHeight)
        var cv = Canvas(cols: cols, rows: rows, braille: o.charset == .unicode)
        let xr = p.xRange, yr = p.yRange
        func dx(_ x: Double) -> Int { Int(((x - xr.lowerBound) / (xr.upperBound - xr.lowerBound) * Double(cv.width - 1)).rounded()) }
        func dy(_ y: Double) -> Int { Int(((yr.upperBound - y) / (yr.upperBound - yr.lowerBound) * Double(cv.height - 1)).rounded()) }
        if let d = p.density {
            for r in 0..<d.rows {
                for c in 0..<d.columns where d.counts[r * d.columns + c] > 0 {
                    let x = Double(c) / Double(d.columns) * (xr.upperBound - xr.lowerBound) + xr.lowerBound
                    let y = Double(r) / Double(d.rows) * (yr.upperBound - yr.lowerBound) + yr.lowerBound
                    cv.set(dx(x), dy(y), 4)
                }
            }
        }
        for s in p.series {
            for b in s.band {     // the interval's edges, as single dots
                cv.set(dx(b.x), dy(b.lo), s.color); cv.set(dx(b.x), dy(b.hi), s.color)
            }
            if chart.kind == .line {
                // Reduced to the canvas's dot columns (M4): the same dots, O(columns) to draw.
                let points = ChartBuilder.reduced(s.points) { dx($0) }
                for (a, b) in zip(points, points.dropFirst()) {
                    cv.line(dx(a.x), dy(a.y), dx(b.x), dy(b.y), s.color, dashed: b.projected)
                }
            }
            if chart.kind != .line || s.markers { for pt in s.points { cv.set(dx(pt.x), dy(pt.y), s.color) } }
        }
        if chart.legend.count > 1 {
            for s in p.series {
                guard s.markers || chart.kind != .line, let m = marker(s.color, o) else { continue }
                for pt in s.points { cv.mark(dx(pt.x), dy(pt.y), m, s.color) }
            }
        }
        let unicode = o.charset == .unicode
        for t in p.targets {
            if let hi = t.hi {
                for y in stride(from: dy(hi), through: dy(t.lo), by: unicode ? 4 : 1) { cv.mark(dx(t.x), y, unicode ? "┃" : "|", t.color ?? targetColor) }
                cv.mark(dx(t.x), dy(t.lo), unicode ? "┃" : "|", t.color ?? targetColor)
            } else {
                cv.mark(dx(t.x), dy(t.lo), unicode ? "◆" : "#", t.color ?? targetColor)
            }
        }
        // The y labels at the rows their ticks fall on.
        var rowLabel = [String?](repeating: nil, count: rows)
        for (t, label) in zip(yt, labels) { rowLabel[min(rows - 1, max(0, dy(t) / (unicode ? 4 : 1)))] = label }
        var out: [String] = []
        let axis = unicode ? "┤" : "|", plain = unicode ? "│" : "|"
        for r in 0..<rows {
            let label = rowLabel[r] ?? ""
            out.append(String(repeating: " ", count: lw - label.count) + label + " " + (rowLabel[r] == nil ? plain : axis) + cv.row(r, colored: o.color))
        }
        out.append(String(repeating: " ", count: lw + 1) + (unicode ? "└" : "+") + String(repeating: unicode ? "─" : "-", count: cols))
        // x tick labels under their columns.
        let xt = Ticks.nice(xr, count: max(2, cols / 12), integers: chart.xIsYear)
        let xstep = xt.count > 1 ? xt[1] - xt[0] : 1
        var axisLine = [Character](repeating: " ", count: cols + lw + 2)
        for t in xt {
            let label = Array(Ticks.label(t, step: xstep))
            // Centred under its column, shifted in at the right edge so the last tick shows.
            let at = min(lw + 2 + dx(t) / (unicode ? 2 : 1) - label.count / 2, axisLine.count - label.count)
            if at >= 0, at + label.count <= axisLine.count, axisLine[max(0, at - 1)..<(at + label.count)].allSatisfy({ $0 == " " }) {
                for (k, ch) in label.enumerated() { axisLine[at + k] = ch }
            }
        }
        out.append(String(axisLine).replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression))
        out.append(center(chart.xLabel, cols + lw + 2))
        return out
    }

    static func bars(_ p: Chart.Panel, _ chart: Chart, _ o: RenderOptions) -> [String] {
        let unicode = o.charset == .unicode
        let lw = min(30, p.bars.map { TextWidth.of($0.label) }.max() ?? 1)
        // Four significant digits of the largest value, the same decimals for every bar.
        let largest = p.bars.flatMap { [abs($0.value), abs($0.lo ?? 0), abs($0.hi ?? 0)] }.max() ?? 1
        let decimals = max(0, min(8, 3 - Int(floor(log10(max(largest, 1e-12))))))
        func g(_ v: Double) -> String { NumberFormat.fixed(v, decimals: decimals) }
        let texts = p.bars.map { b in g(b.value) + (b.lo != nil && b.hi != nil ? " [\(g(b.lo!)), \(g(b.hi!))]" : "") }
        let tw = texts.map(\.count).max() ?? 0
        let cols = max(10, min(o.maxWidth, 200) - lw - tw - 4)
        let xr = p.xRange
        func cx(_ v: Double) -> Double { (v - xr.lowerBound) / (xr.upperBound - xr.lowerBound) * Double(cols) }
        let eighths: [Character] = [" ", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
        var out: [String] = []
        for (b, text) in zip(p.bars, texts) {
            var cells = [Character](repeating: " ", count: cols)
            let zero = cx(max(0, xr.lowerBound)), end = cx(b.value)
            let start = min(zero, end), stop = max(zero, end)
            var k = Int(start)
            while Double(k) < stop.rounded(.down), k < cols { cells[k] = unicode ? "█" : "#"; k += 1 }
            let frac = Int(((stop - stop.rounded(.down)) * 8).rounded(.down))
            if frac > 0, k < cols { cells[k] = unicode ? eighths[frac] : "#" }
            if let lo = b.lo, let hi = b.hi {
                let a = Int(cx(lo)), z = min(cols - 1, Int(cx(hi)))
                if z > a { for j in (a + 1)..<z where cells[j] == " " { cells[j] = unicode ? "─" : "-" } }
                if a >= 0, a < cols, cells[a] == " " { cells[a] = unicode ? "├" : "|" }
                if z >= 0, z < cols { cells[z] = unicode ? "┤" : "|" }
            }
            var row = String(cells)
            if o.color { row = ansi(b.color) + row + "\u{1B}[0m" }
            let label = TextWidth.truncate(b.label, to: lw)
            out.append(String(repeating: " ", count: lw - TextWidth.of(label)) + label + " " + (unicode ? "│" : "|") + row + " " + text)
        }
        out.append(String(repeating: " ", count: lw + 1) + (unicode ? "└" : "+") + String(repeating: unicode ? "─" : "-", count: cols))
        let xt = Ticks.nice(xr, count: max(2, cols / 12))
        let step = xt.count > 1 ? xt[1] - xt[0] : 1
        var axisLine = [Character](repeating: " ", count: cols + lw + 2)
        for t in xt {
            let label = Array(Ticks.label(t, step: step))
            let at = min(lw + 2 + Int(cx(t)) - label.count / 2, axisLine.count - label.count)
            if at >= 0, at + label.count <= axisLine.count, axisLine[max(0, at - 1)..<(at + label.count)].allSatisfy({ $0 == " " }) {
                for (k, ch) in label.enumerated() { axisLine[at + k] = ch }
            }
        }
        out.append(String(axisLine).replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression))
        out.append(center(chart.xLabel, cols + lw + 2))
        return out
    }
}
