@testable import ChisoKit
import XCTest

/// Projection methods against hand computation, and the logistic fit against SciPy.
final class ProjectionTests: XCTestCase {
    /// Households using fibre, Việt Nam (Datasets/observations.csv, MIC): 2021–2024.
    let fibre: [(year: Int, value: Double)] = [(2021, 65), (2022, 74.5), (2023, 79.4), (2024, 82.2)]

    static let percent = ValueBounds.forUnit("percent")

    func project(_ m: ProjectionMethod, from: Int? = nil, base: Double? = nil, bounds: ValueBounds = percent, to h: Int = 2030) throws -> [Double] {
        try Projector.project(fibre, to: h, ScenarioSpec(name: "s", method: m, from: from, base: base), bounds: bounds).values
    }

    func testLinearByHand() throws {
        // t̄ = 2022.5, x̄ = 301.1/4 = 75.275; Σ(t−t̄)(x−x̄) = (−1.5)(−10.275) + (−0.5)(−0.775)
        // + (0.5)(4.125) + (1.5)(6.925) = 28.25; Σ(t−t̄)² = 5; b = 5.65; x(2025) = 75.275 + 5.65·2.5 = 89.4,
        // x(2026) = 95.05, then 100.7 is kept at 100, a percentage's upper bound.
        let v = try project(.linear)
        XCTAssertEqual(v[0], 89.4, accuracy: 1e-9)
        XCTAssertEqual(v[1], 95.05, accuracy: 1e-9)
        XCTAssertEqual(v[2], 100, accuracy: 1e-12)
        XCTAssertEqual(try project(.linear, bounds: .none)[5], 75.275 + 5.65 * 7.5, accuracy: 1e-9)
        // From a base year: the line through 2022–2024 only: b = (82.2 − 74.5)/2 = 3.85, x̄ = 78.7, x(2025) = 78.7 + 3.85·2 = 86.4.
        XCTAssertEqual(try project(.linear, from: 2022)[0], 86.4, accuracy: 1e-9)
    }

    func testCAGRByHand() throws {
        // r = (82.2/65)^(1/3) − 1; x(2025) = 82.2·(1 + r).
        let r = pow(82.2 / 65.0, 1.0 / 3.0) - 1
        XCTAssertEqual(r, 0.0813995, accuracy: 1e-6)
        let v = try project(.cagr, bounds: .none)
        XCTAssertEqual(v[0], 82.2 * (1 + r), accuracy: 1e-9)
        XCTAssertEqual(v[5], 82.2 * pow(1 + r, 6), accuracy: 1e-9)
        // From 2023: r = 82.2/79.4 − 1.
        XCTAssertEqual(try project(.cagr, from: 2023, bounds: .none)[0], 82.2 * 82.2 / 79.4, accuracy: 1e-9)
    }

    func testLogisticMatchesSciPy() throws {
        // SciPy 1.17.1: curve_fit(lambda t, k, t0: 100/(1+exp(-k*(t-t0))), [2021..2024],
        // [65, 74.5, 79.4, 82.2], p0=[0.3, 2019], ftol=xtol=gtol=1e-15) → k = 0.3187027089049673,
        // t0 = 2018.8998743070608; f(2025) = 87.48047919520855, f(2030) = 97.17399787398088.
        // (With curve_fit's default tolerances it stops earlier, at k = 0.31870260.)
        let (k, t0) = Projector.fitLogistic(fibre.map { Double($0.year) }, fibre.map(\.value), cap: 100)
        XCTAssertEqual(k, 0.3187027089049673, accuracy: 1e-7)
        XCTAssertEqual(t0, 2018.8998743070608, accuracy: 1e-5)
        let v = try project(.logistic)
        XCTAssertEqual(v[0], 87.48047919520855, accuracy: 1e-6)
        XCTAssertEqual(v[5], 97.17399787398088, accuracy: 1e-6)
        // A second series, further from saturation (same call, p0=[0.4, 2025]: k = 0.42949001954061683,
        // t0 = 2024.5040551736283, f(2030) = 91.37615447652541).
        let s2: [(year: Int, value: Double)] = [(2020, 12), (2021, 18), (2022, 26), (2023, 35), (2024, 44)]
        let (k2, t02) = Projector.fitLogistic(s2.map { Double($0.year) }, s2.map(\.value), cap: 100)
        XCTAssertEqual(k2, 0.42949001954061683, accuracy: 1e-7)
        XCTAssertEqual(t02, 2024.5040551736283, accuracy: 1e-5)
        let p2 = try Projector.project(s2, to: 2030, ScenarioSpec(name: "s", method: .logistic, cap: 100)).values
        XCTAssertEqual(p2.last!, 91.37615447652541, accuracy: 1e-6)
    }

    /// loglinear: the line through ln x. Σ(t − t̄)(ln x − mean) / 5 and the back-transform, as R's
    /// exp(predict(lm(log(value) ~ year))) gives: 90.850095973869983 for 2025 (R 4.2.2, below).
    func testLoglinearByHand() throws {
        let t = fibre.map { Double($0.year) }, y = fibre.map { log($0.value) }
        let tm = 2022.5, ym = y.reduce(0, +) / 4
        let b = zip(t, y).map { ($0 - tm) * ($1 - ym) }.reduce(0, +) / 5
        let v = try project(.loglinear, bounds: .none)
        XCTAssertEqual(v[0], exp(ym + b * 2.5), accuracy: 1e-9)
        XCTAssertEqual(v[0], 90.850095973869983, accuracy: 1e-9)
    }

    /// Prediction intervals equal R's. The values were computed with R 4.2.2 (Debian r-base-core):
    ///   d <- data.frame(year = 2021:2024, value = c(65, 74.5, 79.4, 82.2))
    ///   predict(lm(value ~ year, d), data.frame(year = c(2025, 2030)), interval = "prediction", level = 0.80)
    ///     2025: fit 89.399999999999636  lwr 82.239925512491482  upr 96.560074487507791
    ///     2030: fit 117.649999999999636 lwr 101.639586721969152 upr 133.660413278030120
    ///   … level = 0.95:  2025: lwr 73.061954499719533 upr 105.73804550027974
    ///                    2030: lwr 81.117019641888135 upr 154.18298035811114
    ///   exp(predict(lm(log(value) ~ year, d), …, interval = "prediction", level = 0.95))
    ///     2025: fit 90.850095973869983 lwr 70.809773983882110 upr 116.56215624046651
    ///     2030: fit 133.381376984910617 lwr 76.397769602642782 upr 232.86794652412763
    func testPredictionIntervalsMatchR() throws {
        func run(_ m: ProjectionMethod, _ level: Double) throws -> SeriesProjection {
            try Projector.project(fibre, to: 2030, ScenarioSpec(name: "s", method: m), bounds: .none, interval: level)
        }
        let l80 = try run(.linear, 80), l95 = try run(.linear, 95), g95 = try run(.loglinear, 95)
        for (got, want) in [(l80.lo[0]!, 82.239925512491482), (l80.hi[0]!, 96.560074487507791),
                            (l80.lo[5]!, 101.639586721969152), (l80.hi[5]!, 133.660413278030120),
                            (l95.lo[0]!, 73.061954499719533), (l95.hi[0]!, 105.73804550027974),
                            (l95.lo[5]!, 81.117019641888135), (l95.hi[5]!, 154.18298035811114),
                            (g95.values[5], 133.381376984910617),
                            (g95.lo[0]!, 70.809773983882110), (g95.hi[0]!, 116.56215624046651),
                            (g95.lo[5]!, 76.397769602642782), (g95.hi[5]!, 232.86794652412763)] {
            XCTAssertEqual(got, want, accuracy: 1e-8 * want)
        }
        // Two points leave no degrees of freedom: no interval, as R gives NaN.
        let two = try Projector.project(Array(fibre.prefix(2)), to: 2025, ScenarioSpec(name: "s", method: .linear), interval: 95)
        XCTAssertNil(two.lo[0])
    }

    /// The unit decides the range: a percentage stays in [0, 100], a count at or above 0, money free.
    func testBoundsFromTheUnit() throws {
        let falling: [(year: Int, value: Double)] = [(2022, 10), (2023, 6), (2024, 2)]
        func last(_ unit: String?) throws -> Double {
            try Projector.project(falling, to: 2026, ScenarioSpec(name: "s", method: .linear), bounds: .forUnit(unit)).values.last!
        }
        XCTAssertEqual(try last("percent"), 0)
        XCTAssertEqual(try last("enterprises"), 0)
        XCTAssertEqual(try last("billion_vnd"), -6, accuracy: 1e-9)
        XCTAssertEqual(try last(nil), -6, accuracy: 1e-9)
    }

    func testWhatIfMethods() throws {
        XCTAssertEqual(try project(.flat), [Double](repeating: 82.2, count: 6))
        // +3 points a year from 2024's 82.2: 85.2 … then capped.
        XCTAssertEqual(try project(.change(3)).prefix(3).map { ($0 * 1e9).rounded() / 1e9 }, [85.2, 88.2, 91.2])
        // 8 %/yr from a base value of 50 in 2024: 50·1.08^(t − 2024).
        XCTAssertEqual(try project(.growth(8), base: 50)[2], 50 * pow(1.08, 3), accuracy: 1e-9)
        // A base year after the data: the latest value is carried to it, then the change applies.
        XCTAssertEqual(try project(.change(3), from: 2026).map { ($0 * 1e9).rounded() / 1e9 }, [82.2, 82.2, 85.2, 88.2, 91.2, 94.2])
    }

    func testErrors() {
        func message(_ obs: [(year: Int, value: Double)], _ m: ProjectionMethod, to h: Int = 2030) -> String? {
            do { _ = try Projector.project(obs, to: h, ScenarioSpec(name: "s", method: m)); return nil } catch ProjectionError.message(let s) { return s } catch { return "\(error)" }
        }
        XCTAssertEqual(message([(2024, 50)], .linear), "tooFew(\"linear needs at least two observations, found 1\")")
        XCTAssertEqual(message([(2023, 0), (2024, 5)], .cagr), "cagr needs positive values, found 0.0")
        XCTAssertEqual(message(fibre, .linear, to: 2020), "the horizon 2020 is before the latest observation (2024)")
        XCTAssertEqual(message([(2023, 100), (2024, 100)], .logistic), "logistic needs a cap: the unit gives no upper bound (write cap N)")
    }
}

/// Reading the plans' wording at the boundaries, and each method's thresholds at their edges.
final class AssessmentTests: XCTestCase {
    func target(_ op: String, _ lo: Double, _ hi: Double? = nil, direction: Int = 1) -> ProgressTarget {
        ProgressTarget(op: op, lo: lo, hi: hi, year: 2030, direction: direction, tolerance: 1)
    }

    func testOperatorsAtTheBoundary() {
        XCTAssertFalse(target(">", 50).isMet(by: 50))        // "trên 50%": strictly above
        XCTAssertTrue(target(">", 50).isMet(by: 50.01))
        XCTAssertTrue(target("=", 80).isMet(by: 80))         // "đạt 80%": reached
        XCTAssertFalse(target("=", 80).isMet(by: 79.99))
        XCTAssertTrue(target("=", 5, direction: -1).isMet(by: 5))   // lower is better: reached from above
        XCTAssertFalse(target("=", 5, direction: -1).isMet(by: 5.01))
        XCTAssertTrue(target(">=", 10).isMet(by: 10))        // "tối thiểu 10%"
        XCTAssertTrue(target("~", 20).isMet(by: 19))         // "khoảng 20%": within the tolerance, either side
        XCTAssertTrue(target("~", 20).isMet(by: 21))
        XCTAssertFalse(target("~", 20).isMet(by: 18.99))
        XCTAssertTrue(target("range", 15, 20).isMet(by: 15)) // "15-20%": weakest bound
        XCTAssertFalse(target("range", 15, 20).isMet(by: 14.9))
        XCTAssertEqual(target("range", 15, 20).value, 15)
        XCTAssertEqual(target("range", 15, 20).otherBound, 20)
        XCTAssertEqual(target("range", 15, 20, direction: -1).value, 20)
    }

    /// A series whose growth ratio lands exactly on a threshold: base 2020 = 100, target 2030.
    func verdict(_ method: ProgressMethod, latest: Double, target tv: Double) -> Verdict {
        let obs = Observations(points: [(2020, 100), (2025, latest)])
        return ProgressMethods.judge(method, ProgressCase(obs: obs, target: target("=", tv), baseYear: 2020, anticipated: nil,
                                                          window: 5, onTrack: 1))
    }

    func testThresholdEdges() {
        // ESCAP: with two points the regression is their line; P = (Ŷ − 100)/(TV − 100).
        XCTAssertEqual(verdict(.escap, latest: 110, target: 120).status, "maintain_progress")   // Ŷ = 120, P = 1
        XCTAssertEqual(verdict(.escap, latest: 109, target: 120).status, "accelerate_progress")  // P = 0.9
        XCTAssertEqual(verdict(.escap, latest: 100, target: 120).status, "reverse_trend")        // P = 0
        // UNSD: r below 0.10 is stagnation; r < 0 is regressing in the tier.
        let flat = verdict(.unsd, latest: 100, target: 120)
        XCTAssertEqual(flat.status, "stagnation_or_regression")
        XCTAssertEqual(flat.tier, .limited)
        XCTAssertEqual(verdict(.unsd, latest: 99, target: 120).tier, .regressing)
        // Open SDG and Eurostat: movement away gives a negative ratio.
        XCTAssertEqual(verdict(.opensdg, latest: 90, target: 120).status, "deterioration")
        XCTAssertEqual(verdict(.eurostat, latest: 90, target: 120).status, "movement_away")
        // Too few points, or values a growth rate cannot take, are not assessable — never an abort.
        let one = ProgressMethods.judge(.escap, ProgressCase(obs: Observations(points: [(2024, 50)]), target: target("=", 80),
                                                              baseYear: 2020, anticipated: nil, window: 5, onTrack: 1))
        XCTAssertEqual(one.tier, .not_assessable)
        XCTAssertEqual(verdict(.unsd, latest: 0, target: 120).tier, .not_assessable)
    }
}
