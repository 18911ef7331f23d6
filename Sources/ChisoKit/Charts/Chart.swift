import Foundation

/// A chart with its data resolved: what the renderers draw (terminal, SVG). Built by
/// `ChartBuilder` from a plot stage's rows; it holds numbers and labels, no columns.
public struct Chart: Sendable {
    public enum Kind: String, Sendable { case line, bar, point }

    public var kind: Kind
    public var title: String
    public var xLabel: String
    public var yLabel: String
    /// x values are calendar years: ticks are whole numbers, printed without separators.
    public var xIsYear: Bool
    public var panels: [Panel]
    /// Series names in colour order (the legend); empty for a single unnamed series.
    public var legend: [String]
    /// Whether panels share one y range (`facet … scale free` gives each its own).
    public var sharedY: Bool

    public struct Panel: Sendable {
        public var title: String?
        public var series: [Series] = []
        public var bars: [Bar] = []
        public var targets: [TargetMark] = []
        /// Point clouds too large to draw point by point, as counts on a grid.
        public var density: Density?
        public var xRange: ClosedRange<Double> = 0...1
        public var yRange: ClosedRange<Double> = 0...1
    }

    public struct Series: Sendable {
        public var name: String
        public var color: Int
        /// Points in x order; `projected` ones are drawn dashed.
        public var points: [Point]
        /// A prediction interval: (x, lo, hi) in x order.
        public var band: [(x: Double, lo: Double, hi: Double)]
        /// Whether each point gets a marker: a series of a few points does; a dense one (more
        /// than `ChartBuilder.markerLimit`) is a line only, so reducing it changes no pixel.
        public var markers = true
    }

    public struct Point: Sendable {
        public var x: Double
        public var y: Double
        public var projected: Bool
    }

    public struct Bar: Sendable {
        public var label: String
        public var value: Double
        public var lo: Double?
        public var hi: Double?
        public var color: Int
    }

    /// A plan target at its year: a point target (`lo` only) or a range (`lo` to `hi`).
    public struct TargetMark: Sendable {
        public var x: Double
        public var lo: Double
        public var hi: Double?
        public var label: String
        /// The colour of the series the target belongs to (its indicator), when one is drawn.
        public var color: Int?
    }

    /// Counts of points on a grid over the panel's ranges (columns × rows, row 0 at the bottom).
    public struct Density: Sendable {
        public var columns: Int
        public var rows: Int
        public var counts: [Int]
        public var total: Int
    }
}

/// The colour-blind-safe palette: Okabe & Ito (2008) for the first eight series, then four of
/// Paul Tol's muted scheme, so up to twelve series stay distinguishable.
enum Palette {
    static let hex = ["#E69F00", "#56B4E9", "#009E73", "#CC79A7", "#0072B2", "#D55E00", "#F0E442", "#000000",
                      "#882255", "#44AA99", "#999933", "#332288"]
    /// ANSI 256-colour codes nearest to each.
    static let ansi = [214, 74, 35, 175, 25, 166, 227, 16, 89, 73, 142, 54]
    static let maxSeries = 12
}

/// Round tick positions for an axis: steps of 1, 2 or 5 × 10ⁿ, about `count` of them.
enum Ticks {
    static func nice(_ range: ClosedRange<Double>, count: Int = 5, integers: Bool = false) -> [Double] {
        let span = range.upperBound - range.lowerBound
        guard span > 0, span.isFinite else { return [range.lowerBound] }
        let raw = span / Double(max(1, count))
        let mag = pow(10, floor(log10(raw)))
        var step = [1.0, 2, 5, 10].map { $0 * mag }.first { $0 >= raw } ?? 10 * mag
        if integers { step = max(1, step.rounded()) }
        var t = (range.lowerBound / step).rounded(.up) * step
        var out: [Double] = []
        while t <= range.upperBound + step * 1e-9 {
            out.append(abs(t) < step * 1e-9 ? 0 : t)
            t += step
        }
        return out
    }

    /// A tick label: years and whole numbers without decimals, others with as few as the step needs.
    static func label(_ v: Double, step: Double) -> String {
        if v == v.rounded() && abs(v) < 1e15 { return String(Int64(v)) }
        let decimals = max(0, min(6, Int(-floor(log10(step)))))
        return NumberFormat.fixed(v, decimals: decimals)
    }

    /// The range extended to round ticks at both ends (a little margin when the data are flat).
    static func padded(_ lo: Double, _ hi: Double) -> ClosedRange<Double> {
        if lo == hi { return (lo - 1)...(hi + 1) }
        let t = nice(lo...hi)
        let step = t.count > 1 ? t[1] - t[0] : (hi - lo)
        return (floor(lo / step) * step)...(ceil(hi / step) * step)
    }
}
