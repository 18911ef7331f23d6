import Foundation

/// A chart as a standalone SVG 1.1 document: a `viewBox`, text as `<text>` (NFC, escaped), a font
/// stack with Vietnamese glyphs, the Okabe–Ito palette. Coordinates are printed with two decimals
/// in the POSIX locale, so the same chart always gives the same bytes.
enum SVGChart {
    static let fontStack = "'Noto Sans', 'DejaVu Sans', 'Liberation Sans', Arial, sans-serif"

    struct Layout {
        var panelWidth: Double, panelHeight: Double
        var left: Double, right: Double, top: Double, bottom: Double
        var columns: Int, rows: Int
        var legendHeight: Double
        var width: Double { Double(columns) * (left + panelWidth + right) }
        var height: Double { 44 + legendHeight + Double(rows) * (top + panelHeight + bottom) }
    }

    static func layout(_ chart: Chart) -> Layout {
        let n = chart.panels.count
        let columns = n == 1 ? 1 : min(3, n)
        let rows = (n + columns - 1) / columns
        let single = n == 1
        var left = 64.0
        if chart.kind == .bar {
            let longest = chart.panels.flatMap { $0.bars.map { TextWidth.of($0.label) } }.max() ?? 4
            left = min(260, 16 + 7 * Double(longest))
        }
        let barRows = chart.kind == .bar ? Double(chart.panels.map(\.bars.count).max() ?? 1) : 0
        let height = chart.kind == .bar ? max(120, 22 * barRows) : (single ? 380 : 220)
        let legendRows = chart.legend.isEmpty ? 0 : (chart.legend.count + 3) / 4
        let keys = hasTargets(chart) || hasProjection(chart)
        return Layout(panelWidth: single ? 640 : 300, panelHeight: height, left: left, right: 24,
                      top: n == 1 ? 12 : 30, bottom: 48, columns: columns, rows: rows,
                      legendHeight: Double(legendRows) * 20 + (keys ? 20 : 0))
    }

    static func hasTargets(_ c: Chart) -> Bool { c.panels.contains { !$0.targets.isEmpty } }
    static func hasProjection(_ c: Chart) -> Bool { c.panels.contains { $0.series.contains { $0.points.contains(where: \.projected) } } }

    static func render(_ chart: Chart) -> String {
        let l = layout(chart)
        var out = """
        <?xml version="1.0" encoding="UTF-8"?>
        <svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="\(f(l.width))" height="\(f(l.height))" viewBox="0 0 \(f(l.width)) \(f(l.height))" font-family="\(fontStack)" font-size="12">
        <title>\(esc(chart.title))</title>
        <rect x="0" y="0" width="\(f(l.width))" height="\(f(l.height))" fill="#ffffff"/>
        <text x="\(f(l.width / 2))" y="24" text-anchor="middle" font-size="16" font-weight="bold">\(esc(chart.title))</text>

        """
        out += legend(chart, l)
        for (k, panel) in chart.panels.enumerated() {
            let ox = Double(k % l.columns) * (l.left + l.panelWidth + l.right) + l.left
            let oy = 44 + l.legendHeight + Double(k / l.columns) * (l.top + l.panelHeight + l.bottom) + l.top
            out += "<g transform=\"translate(\(f(ox)),\(f(oy)))\">\n"
            out += self.panel(chart, panel, l)
            out += "</g>\n"
        }
        return out + "</svg>\n"
    }

    static func legend(_ chart: Chart, _ l: Layout) -> String {
        var out = ""
        for (i, name) in chart.legend.enumerated() {
            let x = 20 + Double(i % 4) * ((l.width - 40) / 4), y = 44 + Double(i / 4) * 20 + 4
            out += "<line x1=\"\(f(x))\" y1=\"\(f(y))\" x2=\"\(f(x + 18))\" y2=\"\(f(y))\" stroke=\"\(Palette.hex[i])\" stroke-width=\"3\"/>"
            out += "<text x=\"\(f(x + 24))\" y=\"\(f(y + 4))\">\(esc(name))</text>\n"
        }
        if hasTargets(chart) {
            let y = 44 + Double((chart.legend.count + 3) / 4) * 20 + 4
            out += "<path d=\"M 26 \(f(y - 5)) L 31 \(f(y)) L 26 \(f(y + 5)) L 21 \(f(y)) Z\" fill=\"none\" stroke=\"#333333\" stroke-width=\"1.5\"/>"
            out += "<text x=\"44\" y=\"\(f(y + 4))\">plan target, in its series' colour (a bar: a range)</text>\n"
        }
        if hasProjection(chart) {
            let y = 44 + Double((chart.legend.count + 3) / 4) * 20 + 4
            out += "<line x1=\"\(f(l.width / 2))\" y1=\"\(f(y))\" x2=\"\(f(l.width / 2 + 18))\" y2=\"\(f(y))\" stroke=\"#555555\" stroke-width=\"2\" stroke-dasharray=\"5 3\"/>"
            out += "<text x=\"\(f(l.width / 2 + 24))\" y=\"\(f(y + 4))\">projected</text>\n"
        }
        return out
    }

    static func panel(_ chart: Chart, _ p: Chart.Panel, _ l: Layout) -> String {
        let w = l.panelWidth, h = l.panelHeight
        let xr = p.xRange, yr = p.yRange
        func sx(_ x: Double) -> Double { (x - xr.lowerBound) / (xr.upperBound - xr.lowerBound) * w }
        func sy(_ y: Double) -> Double { h - (y - yr.lowerBound) / (yr.upperBound - yr.lowerBound) * h }
        var out = ""
        if let t = p.title { out += "<text x=\"\(f(w / 2))\" y=\"-10\" text-anchor=\"middle\" font-weight=\"bold\">\(esc(t))</text>\n" }
        // Grid and axes: value ticks along the value axis; years (or the second axis) along x.
        let valueTicks = Ticks.nice(chart.kind == .bar ? xr : yr)
        let step = valueTicks.count > 1 ? valueTicks[1] - valueTicks[0] : 1
        if chart.kind == .bar {
            for t in valueTicks {
                out += "<line x1=\"\(f(sx(t)))\" y1=\"0\" x2=\"\(f(sx(t)))\" y2=\"\(f(h))\" stroke=\"#e5e5e5\"/>"
                out += "<text x=\"\(f(sx(t)))\" y=\"\(f(h + 16))\" text-anchor=\"middle\">\(Ticks.label(t, step: step))</text>\n"
            }
        } else {
            for t in valueTicks {
                out += "<line x1=\"0\" y1=\"\(f(sy(t)))\" x2=\"\(f(w))\" y2=\"\(f(sy(t)))\" stroke=\"#e5e5e5\"/>"
                out += "<text x=\"-6\" y=\"\(f(sy(t) + 4))\" text-anchor=\"end\">\(Ticks.label(t, step: step))</text>\n"
            }
            let xt = Ticks.nice(xr, count: 6, integers: chart.xIsYear)
            let xstep = xt.count > 1 ? xt[1] - xt[0] : 1
            for t in xt {
                out += "<line x1=\"\(f(sx(t)))\" y1=\"\(f(h))\" x2=\"\(f(sx(t)))\" y2=\"\(f(h + 5))\" stroke=\"#333333\"/>"
                out += "<text x=\"\(f(sx(t)))\" y=\"\(f(h + 18))\" text-anchor=\"middle\">\(Ticks.label(t, step: xstep))</text>\n"
            }
        }
        out += "<line x1=\"0\" y1=\"\(f(h))\" x2=\"\(f(w))\" y2=\"\(f(h))\" stroke=\"#333333\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"\(f(h))\" stroke=\"#333333\"/>\n"
        out += "<text x=\"\(f(w / 2))\" y=\"\(f(h + 38))\" text-anchor=\"middle\">\(esc(chart.xLabel))</text>\n"
        if chart.kind != .bar {
            out += "<text transform=\"translate(-46,\(f(h / 2))) rotate(-90)\" text-anchor=\"middle\">\(esc(chart.yLabel))</text>\n"
        }
        switch chart.kind {
        case .bar: out += bars(p, w, h, sx)
        case .line, .point:
            if let d = p.density { out += density(d, w, h) }
            for s in p.series { out += series(chart.kind, s, sx, sy) }
        }
        var labels: [(x: Double, y: Double)] = []
        for t in p.targets { out += target(t, sx, sy, placed: &labels) }
        return out
    }

    static func series(_ kind: Chart.Kind, _ s: Chart.Series, _ sx: (Double) -> Double, _ sy: (Double) -> Double) -> String {
        let color = Palette.hex[s.color % Palette.hex.count]
        var out = ""
        if !s.band.isEmpty {
            let upper = s.band.map { "\(f(sx($0.x))),\(f(sy($0.hi)))" }, lower = s.band.reversed().map { "\(f(sx($0.x))),\(f(sy($0.lo)))" }
            out += "<polygon points=\"\((upper + lower).joined(separator: " "))\" fill=\"\(color)\" fill-opacity=\"0.18\" stroke=\"none\"/>\n"
        }
        if kind == .line {
            // Observed solid; projected dashed, starting from the last observed point.
            // Reduced to eighths of the drawing's pixels (M4; anti-aliasing sees within a pixel):
            // the same picture, O(pixels) to write.
            let points = ChartBuilder.reduced(s.points) { Int((sx($0) * 8).rounded(.down)) }
            let observed = points.filter { !$0.projected }
            var projected = points.filter(\.projected)
            if let last = observed.last, !projected.isEmpty { projected.insert(last, at: 0) }
            if observed.count > 1 {
                out += "<polyline points=\"\(observed.map { "\(f(sx($0.x))),\(f(sy($0.y)))" }.joined(separator: " "))\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\" stroke-linejoin=\"round\"/>\n"
            }
            if projected.count > 1 {
                out += "<polyline points=\"\(projected.map { "\(f(sx($0.x))),\(f(sy($0.y)))" }.joined(separator: " "))\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\" stroke-linejoin=\"round\" stroke-dasharray=\"6 4\"/>\n"
            }
            if s.markers { for p in observed { out += "<circle cx=\"\(f(sx(p.x)))\" cy=\"\(f(sy(p.y)))\" r=\"3\" fill=\"\(color)\"/>" } }
        } else {
            for p in s.points { out += "<circle cx=\"\(f(sx(p.x)))\" cy=\"\(f(sy(p.y)))\" r=\"2.5\" fill=\"\(color)\" fill-opacity=\"0.8\"/>" }
        }
        return out + "\n"
    }

    static func bars(_ p: Chart.Panel, _ w: Double, _ h: Double, _ sx: (Double) -> Double) -> String {
        var out = ""
        let band = h / Double(max(1, p.bars.count))
        for (i, b) in p.bars.enumerated() {
            let y = Double(i) * band, bh = band * 0.7, mid = y + band / 2
            let x0 = sx(0), x1 = sx(b.value)
            out += "<text x=\"-6\" y=\"\(f(mid + 4))\" text-anchor=\"end\">\(esc(b.label))</text>"
            out += "<rect x=\"\(f(min(x0, x1)))\" y=\"\(f(mid - bh / 2))\" width=\"\(f(abs(x1 - x0)))\" height=\"\(f(bh))\" fill=\"\(Palette.hex[b.color % Palette.hex.count])\"/>"
            if let lo = b.lo, let hi = b.hi {
                let c = "#333333"
                out += "<line x1=\"\(f(sx(lo)))\" y1=\"\(f(mid))\" x2=\"\(f(sx(hi)))\" y2=\"\(f(mid))\" stroke=\"\(c)\" stroke-width=\"1.5\"/>"
                out += "<line x1=\"\(f(sx(lo)))\" y1=\"\(f(mid - bh / 3))\" x2=\"\(f(sx(lo)))\" y2=\"\(f(mid + bh / 3))\" stroke=\"\(c)\" stroke-width=\"1.5\"/>"
                out += "<line x1=\"\(f(sx(hi)))\" y1=\"\(f(mid - bh / 3))\" x2=\"\(f(sx(hi)))\" y2=\"\(f(mid + bh / 3))\" stroke=\"\(c)\" stroke-width=\"1.5\"/>"
            }
            out += "\n"
        }
        return out
    }

    static func density(_ d: Chart.Density, _ w: Double, _ h: Double) -> String {
        let cw = w / Double(d.columns), ch = h / Double(d.rows)
        let most = Double(d.counts.max() ?? 1)
        var out = ""
        for r in 0..<d.rows {
            for c in 0..<d.columns where d.counts[r * d.columns + c] > 0 {
                let a = 0.15 + 0.85 * log(1 + Double(d.counts[r * d.columns + c])) / log(1 + most)
                out += "<rect x=\"\(f(Double(c) * cw))\" y=\"\(f(h - Double(r + 1) * ch))\" width=\"\(f(cw))\" height=\"\(f(ch))\" fill=\"#0072B2\" fill-opacity=\"\(f(a))\"/>"
            }
            out += "\n"
        }
        return out + "<text x=\"\(f(w))\" y=\"-4\" text-anchor=\"end\" fill=\"#555555\">\(d.total) points, shown as density</text>\n"
    }

    /// Where a target's label goes: left of its mark, moved up a line at a time while it would
    /// overlap a label already placed (two plans' targets in one year share an x).
    static func labelY(_ x: Double, _ y: Double, _ placed: inout [(x: Double, y: Double)]) -> Double {
        var y = y
        while placed.contains(where: { abs($0.x - x) < 90 && abs($0.y - y) < 11 }) { y -= 11 }
        placed.append((x, y))
        return y
    }

    static func target(_ t: Chart.TargetMark, _ sx: (Double) -> Double, _ sy: (Double) -> Double,
                       placed: inout [(x: Double, y: Double)]) -> String {
        let x = sx(t.x), y = sy(t.lo), c = t.color.map { Palette.hex[$0 % Palette.hex.count] } ?? "#D55E00"
        var out = ""
        if let hi = t.hi {
            let yh = sy(hi)
            out += "<line x1=\"\(f(x))\" y1=\"\(f(y))\" x2=\"\(f(x))\" y2=\"\(f(yh))\" stroke=\"\(c)\" stroke-width=\"4\"/>"
            out += "<line x1=\"\(f(x - 6))\" y1=\"\(f(y))\" x2=\"\(f(x + 6))\" y2=\"\(f(y))\" stroke=\"\(c)\" stroke-width=\"2\"/>"
            out += "<line x1=\"\(f(x - 6))\" y1=\"\(f(yh))\" x2=\"\(f(x + 6))\" y2=\"\(f(yh))\" stroke=\"\(c)\" stroke-width=\"2\"/>"
            out += "<text x=\"\(f(x - 8))\" y=\"\(f(labelY(x, yh - 4, &placed)))\" text-anchor=\"end\" fill=\"\(c)\" font-size=\"10\">\(esc(t.label))</text>\n"
        } else {
            out += "<path d=\"M \(f(x)) \(f(y - 6)) L \(f(x + 6)) \(f(y)) L \(f(x)) \(f(y + 6)) L \(f(x - 6)) \(f(y)) Z\" fill=\"\(c)\" stroke=\"#333333\" stroke-width=\"1\"/>"
            out += "<text x=\"\(f(x - 8))\" y=\"\(f(labelY(x, y - 6, &placed)))\" text-anchor=\"end\" fill=\"\(c)\" font-size=\"10\">\(esc(t.label))</text>\n"
        }
        return out
    }

    /// Two decimals, POSIX, no "-0.00".
    /// A coordinate with two decimals. Not `String(format:)`, which costs tens of microseconds a
    /// call (a reduced million-point line still has thousands of coordinates); a coordinate's
    /// last digit need not round as printf does.
    static func f(_ x: Double) -> String {
        guard x.isFinite, abs(x) < 1e12 else { return NumberFormat.fixed(x, decimals: 2) }
        let hundredths = Int64((x * 100).rounded())
        let whole = hundredths.magnitude / 100, frac = hundredths.magnitude % 100
        return (hundredths < 0 ? "-" : "") + String(whole) + "." + (frac < 10 ? "0" : "") + String(frac)
    }

    static func esc(_ s: String) -> String {
        var out = ""
        for ch in s.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default:
                // Control characters are not allowed in XML 1.0 text.
                if ch.value < 0x20 && ch != "\t" && ch != "\n" { out += "\u{FFFD}" } else { out.unicodeScalars.append(ch) }
            }
        }
        return out
    }
}
