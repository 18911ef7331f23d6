import Foundation

/// What a `plot` stage asks for, with the input column positions bound.
struct PlotSpec: Sendable {
    var kind: Chart.Kind
    var x: Int
    var y: Int
    var by: Int?
    var interval: (lo: Int, hi: Int)?
    var facet: Int?
    var scaleFree: Bool
    /// The input's `kind` column (observed / projected), when it has one.
    var kindColumn: Int?
    /// The input's `indicator` and `area` columns, for `target`.
    var indicator: Int?
    var area: Int?
    var title: String?
    var xLabel: String?
    var yLabel: String?
    var yRange: (Double, Double)?
    var names: [String]
}

/// A plan target that may be drawn: its indicator, area, year, bounds and plan.
struct PlotTarget: Sendable {
    var indicator: String
    var area: String
    var year: Int
    var lo: Double
    var hi: Double?
    var plan: String
}

enum ChartBuilder {
    /// A line series of more points than this is drawn without a marker at each point.
    static let markerLimit = 200
    /// M4 (Jugel et al., VLDB 2014): of the consecutive points that fall in one column of the
    /// drawing (a pixel of the SVG, a braille dot of the terminal) keep the first, the lowest,
    /// the highest and the last, in their order. A polyline through them lights the same
    /// pixels as one through every point: within a column the line spans the lowest to the
    /// highest, and it enters and leaves the column through the same points. Each renderer
    /// reduces to its own columns, so a line of N points costs O(N) once, then O(columns) to
    /// draw. A change from observed to projected starts a new run, so dashes begin where they did.
    static func reduced(_ points: [Chart.Point], column: (Double) -> Int) -> [Chart.Point] {
        guard points.count > 64, ProcessInfo.processInfo.environment["CHISO_DRAW_EVERY_POINT"] != "1" else { return points }
        var out: [Chart.Point] = []
        var i = 0
        var checked = 0
        while i < points.count {
            // Ctrl-C: stop reducing; the caller (`plot`) checks before it shows or writes.
            if i - checked >= 65_536 { checked = i; if Interrupt.requested { return out } }
            let col = column(points[i].x)
            let projected = points[i].projected
            var j = i, lo = i, hi = i
            while j + 1 < points.count, points[j + 1].projected == projected, column(points[j + 1].x) == col {
                j += 1
                if points[j].y < points[lo].y { lo = j }
                if points[j].y > points[hi].y { hi = j }
            }
            out.append(points[i])
            for k in [lo, hi].sorted() where k != i && k != j && (k == lo || lo != hi) { out.append(points[k]) }
            if j != i { out.append(points[j]) }
            i = j + 1
        }
        return out
    }

    /// Above this many points a panel's point cloud is drawn as a density grid.
    static let densityThreshold = 5_000

    static func build(_ frame: Frame, _ spec: PlotSpec, targets: [PlotTarget], percent: Bool) throws -> Chart {
        let n = frame.rowCount
        guard n > 0 else { throw Diagnostic(.data, "nothing to plot: the input has no rows", hint: "check the where before plot") }
        let xs = frame.column(spec.x), ys = DoubleView(.column(frame.column(spec.y)))
        func text(_ col: Int?, _ i: Int) -> String? {
            guard let col else { return nil }
            let c = frame.column(col)
            return c.isNull(i) ? nil : c.value(at: i).description
        }
        // Series (by) and panels (facet) in order of first appearance, by dense group ids (no
        // per-row string).
        func groups(_ col: Int?) -> (names: [String], of: [Int32]) {
            guard let col else { return ([""], [Int32](repeating: 0, count: n)) }
            let index = GroupIndex(keys: [frame.column(col)], rowCount: n)
            return (index.firstRows.prefix(index.groupCount).map { text(col, Int($0)) ?? "null" }, index.ids)
        }
        let (seriesNames, seriesOf) = groups(spec.by)
        let (panelNames, panelOf) = groups(spec.facet)
        if spec.by != nil, seriesNames.count > Palette.maxSeries {
            throw Diagnostic(.data, "\(seriesNames.count) series are too many to tell apart (at most \(Palette.maxSeries))",
                             hint: "draw small multiples with facet \(spec.names[spec.by!]), or keep fewer with where")
        }
        let xIsYear = frame.column(spec.x).type == .int && spec.kind != .bar
        let xView = DoubleView(.column(xs.type == .date ? xs.cast(to: .int) ?? xs : xs))
        let xNumeric: (Int) -> Double? = { i in xView.isNull(i) ? nil : xView[i] }
        var panels = panelNames.map { Chart.Panel(title: spec.facet == nil ? nil : $0) }
        if spec.kind == .bar {
            for i in 0..<n where !ys.isNull(i) {
                var bar = Chart.Bar(label: text(spec.x, i) ?? "null", value: ys[i], lo: nil, hi: nil, color: Int(seriesOf[i]))
                if let iv = spec.interval {
                    let lo = DoubleView(.column(frame.column(iv.lo))), hi = DoubleView(.column(frame.column(iv.hi)))
                    if !lo.isNull(i) { bar.lo = lo[i] }
                    if !hi.isNull(i) { bar.hi = hi[i] }
                }
                panels[Int(panelOf[i])].bars.append(bar)
            }
        } else {
            // Projected rows are drawn dashed: compare the kind column's dictionary codes.
            var isProjected: (Int) -> Bool = { _ in false }
            if let k = spec.kindColumn, case .text(let codes, let dict) = frame.column(k).storage,
               let code = (0..<dict.count).first(where: { dict.string(Int32($0)) == "projected" }) {
                let c = frame.column(k)
                isProjected = { !c.isNull($0) && codes[$0] == Int32(code) }
            }
            var points = [[[Chart.Point]]](repeating: [[Chart.Point]](repeating: [], count: seriesNames.count), count: panels.count)
            var bands = [[[(x: Double, lo: Double, hi: Double)]]](repeating: [[(x: Double, lo: Double, hi: Double)]](repeating: [], count: seriesNames.count), count: panels.count)
            let lo = spec.interval.map { DoubleView(.column(frame.column($0.lo))) }, hi = spec.interval.map { DoubleView(.column(frame.column($0.hi))) }
            for i in 0..<n {
                // Ctrl-C stops a chart of millions of points here, its one pass over the rows.
                if i & 0xFFFF == 0 { try Interrupt.check() }
                guard let x = xNumeric(i), !ys.isNull(i) else { continue }
                let p = Int(panelOf[i]), s = Int(seriesOf[i])
                points[p][s].append(Chart.Point(x: x, y: ys[i], projected: isProjected(i)))
                if let lo, let hi, !lo.isNull(i), !hi.isNull(i) { bands[p][s].append((x, lo[i], hi[i])) }
            }
            if spec.kind == .line { try checkLines(frame, spec, seriesNames: seriesNames, seriesOf: seriesOf, panelNames: panelNames, panelOf: panelOf) }
            for p in panels.indices {
                let count = points[p].reduce(0) { $0 + $1.count }
                if spec.kind == .point && count > densityThreshold {
                    panels[p].density = Chart.Density(columns: 0, rows: 0, counts: [], total: count)
                }
                for s in seriesNames.indices where !points[p][s].isEmpty {
                    var pts = points[p][s]
                    if spec.kind == .line { pts.sort { $0.x < $1.x } }
                    panels[p].series.append(Chart.Series(name: seriesNames[s], color: s, points: pts,
                                                         band: bands[p][s].sorted { $0.x < $1.x }))
                }
            }
        }
        // Plan targets of the indicator and area each panel shows.
        if !targets.isEmpty, let ic = spec.indicator, let ac = spec.area {
            var shown = [Set<String>](repeating: [], count: panels.count)
            let pairs = GroupIndex(keys: [frame.column(ic), frame.column(ac), Column(.int(panelOf.map { Int64($0) }))], rowCount: n)
            for r in pairs.firstRows.prefix(pairs.groupCount).map({ Int($0) }) {
                if let ind = text(ic, r), let ar = text(ac, r) { shown[Int(panelOf[r])].insert(ind + "\u{1}" + ar) }
            }
            // Each drawn series' indicator and area (constant along a line), by its first row.
            var seriesKey = [[Int: String]](repeating: [:], count: panels.count)
            for i in 0..<n {
                let p = Int(panelOf[i]), s = Int(seriesOf[i])
                if seriesKey[p][s] == nil, let ind = text(ic, i), let ar = text(ac, i) { seriesKey[p][s] = ind + "\u{1}" + ar }
            }
            for p in panels.indices {
                // A target takes the colour of the series it belongs to: the first drawn series of
                // its indicator and area (all scenarios of one series share it), else the one
                // named after its indicator.
                panels[p].targets = targets.filter { shown[p].contains($0.indicator + "\u{1}" + $0.area) }
                    .map { t in
                        let key = t.indicator + "\u{1}" + t.area
                        let own = panels[p].series.first { s in seriesKey[p][s.color] == key }?.color
                        return Chart.TargetMark(x: Double(t.year), lo: t.lo, hi: t.hi, label: t.plan,
                                                color: own ?? panels[p].series.first { $0.name == t.indicator }?.color)
                    }
            }
        }
        try setRanges(&panels, spec, percent: percent)
        for p in panels.indices where panels[p].density != nil { panels[p].density = density(panels[p]); panels[p].series = [] }
        if spec.kind == .line {
            for p in panels.indices {
                for s in panels[p].series.indices { panels[p].series[s].markers = panels[p].series[s].points.count <= markerLimit }
            }
        }
        let yName = spec.names[spec.y], xName = spec.names[spec.x]
        return Chart(kind: spec.kind,
                     title: spec.title ?? (spec.kind == .bar ? "\(yName) by \(xName)" : "\(yName) by \(xName)")
                        + (spec.by.map { ", per \(spec.names[$0])" } ?? ""),
                     xLabel: spec.xLabel ?? (spec.kind == .bar ? yName : xName),
                     yLabel: spec.yLabel ?? (spec.kind == .bar ? xName : yName),
                     xIsYear: xIsYear, panels: panels, legend: spec.by == nil ? [] : seriesNames, sharedY: !spec.scaleFree)
    }

    /// A line joins the points of one series: two points at one x, or rows of two values of a
    /// column that names a series (series, scenario, indicator, area) that is neither the line's
    /// `by` nor its facet, would draw one line through two series. Each is an error naming the
    /// line and the column that tells them apart.
    static func checkLines(_ frame: Frame, _ spec: PlotSpec, seriesNames: [String], seriesOf: [Int32],
                           panelNames: [String], panelOf: [Int32]) throws {
        let n = frame.rowCount
        let used = Set([spec.by, spec.facet].compactMap { $0 })
        let identity = ["series", "scenario", "indicator", "area"].compactMap { name in frame.names.firstIndex(of: name) }
            .filter { !used.contains($0) }
        let xs = frame.column(spec.x)
        func line(_ i: Int) -> String {
            var parts: [String] = []
            if spec.facet != nil { parts.append("\(spec.names[spec.facet!])=\(panelNames[Int(panelOf[i])])") }
            if spec.by != nil { parts.append("\(spec.names[spec.by!])=\(seriesNames[Int(seriesOf[i])])") }
            return parts.isEmpty ? "the line" : "the line " + parts.joined(separator: ", ")
        }
        let byHint = { (col: String) in "plot line \(spec.names[spec.x]), \(spec.names[spec.y]) by \(col) (or facet \(col)), or keep one with where \(col) == …" }
        // Lines and (line, x) pairs by the engine's typed grouping, not a set per line: a chart
        // of millions of points was a hash set growing row by row (and deaf to Ctrl-C while it
        // rehashed). A (line, x) group seen twice is two points at one x.
        let lineKeys = [Column(.int(panelOf.map { Int64($0) })), Column(.int(seriesOf.map { Int64($0) }))]
        let lines = GroupIndex(keys: lineKeys, rowCount: n)
        try Interrupt.check()
        let points = GroupIndex(keys: lineKeys + [xs], rowCount: n)
        try Interrupt.check()
        var pointSeen = [Bool](repeating: false, count: points.groupCount)
        for i in 0..<n {
            if i & 0xFFFF == 0 { try Interrupt.check() }
            let f = Int(lines.firstRows[Int(lines.ids[i])])
            if f != i {
                for c in identity where !frame.column(c).sameValue(f, i) {
                    let col = frame.column(c)
                    let a = col.isNull(f) ? "null" : col.value(at: f).description, b = col.isNull(i) ? "null" : col.value(at: i).description
                    throw Diagnostic(.data, "\(line(i)) mixes two values of '\(frame.names[c])' (\(a) and \(b)): one line would join two series",
                                     hint: byHint(frame.names[c]))
                }
            }
            guard !xs.isNull(i) else { continue }
            let g = Int(points.ids[i])
            if pointSeen[g] {
                let col = identity.first.map { frame.names[$0] } ?? "series"
                throw Diagnostic(.data, "\(line(i)) has two points at \(spec.names[spec.x]) \(xs.value(at: i).description): one line would zigzag between them",
                                 hint: byHint(col))
            }
            pointSeen[g] = true
        }
    }

    /// Axis ranges: the data, their intervals and targets, from 0 for percentages (and for bars),
    /// padded to round ticks; one y range for all panels unless `scale free`.
    static func setRanges(_ panels: inout [Chart.Panel], _ spec: PlotSpec, percent: Bool) throws {
        // Running minimum and maximum (no copy of millions of values), stopping on Ctrl-C.
        struct Extent {
            var lo = Double.infinity, hi = -Double.infinity
            mutating func add(_ v: Double) { if v < lo { lo = v }; if v > hi { hi = v } }
            var range: (Double, Double)? { lo <= hi ? (lo, hi) : nil }
        }
        func valueRange(_ p: Chart.Panel) throws -> (Double, Double)? {
            var e = Extent()
            for s in p.series {
                for (k, pt) in s.points.enumerated() { if k & 0xFFFF == 0 { try Interrupt.check() }; e.add(pt.y) }
                for b in s.band { e.add(b.lo); e.add(b.hi) }
            }
            for b in p.bars { e.add(b.value); if let l = b.lo { e.add(l) }; if let h = b.hi { e.add(h) } }
            for t in p.targets { e.add(t.lo); if let h = t.hi { e.add(h) } }
            return e.range
        }
        func pad(_ r: (Double, Double)) -> ClosedRange<Double> {
            if let fixed = spec.yRange { return fixed.0...fixed.1 }
            var (lo, hi) = r
            if percent || spec.kind == .bar { lo = min(lo, 0); hi = max(hi, 0) }
            return Ticks.padded(lo, hi)
        }
        let ranges = try panels.map(valueRange)
        // One x range for every panel: all points and targets of all panels.
        var xExtent = Extent()
        if spec.kind != .bar {
            for q in panels {
                for s in q.series { for (k, pt) in s.points.enumerated() { if k & 0xFFFF == 0 { try Interrupt.check() }; xExtent.add(pt.x) } }
                for t in q.targets { xExtent.add(t.x) }
            }
        }
        guard ranges.contains(where: { $0 != nil }) else {
            throw Diagnostic(.data, "nothing to plot: every row has a null x or y", hint: "check the columns with where … is not null")
        }
        let all = ranges.compactMap { $0 }
        let shared = pad((all.map(\.0).min()!, all.map(\.1).max()!))
        for p in panels.indices {
            let own = ranges[p].map(pad) ?? shared
            let yr = spec.scaleFree ? own : shared
            if spec.kind == .bar {
                panels[p].xRange = yr            // bars run along x
                panels[p].yRange = 0...Double(max(1, panels[p].bars.count))
            } else {
                let lo = xExtent.range?.0 ?? 0, hi = xExtent.range?.1 ?? 1
                panels[p].xRange = lo == hi ? (lo - 1)...(hi + 1) : lo...hi
                panels[p].yRange = yr
            }
        }
    }

    /// Counts on a 100 × 60 grid over the panel's ranges.
    static func density(_ p: Chart.Panel) -> Chart.Density {
        let cols = 100, rows = 60
        var counts = [Int](repeating: 0, count: cols * rows)
        let xr = p.xRange, yr = p.yRange
        var total = 0
        for s in p.series {
            for pt in s.points {
                let cx = Int(((pt.x - xr.lowerBound) / (xr.upperBound - xr.lowerBound) * Double(cols)).rounded(.down))
                let cy = Int(((pt.y - yr.lowerBound) / (yr.upperBound - yr.lowerBound) * Double(rows)).rounded(.down))
                counts[min(rows - 1, max(0, cy)) * cols + min(cols - 1, max(0, cx))] += 1
                total += 1
            }
        }
        return Chart.Density(columns: cols, rows: rows, counts: counts, total: total)
    }
}
