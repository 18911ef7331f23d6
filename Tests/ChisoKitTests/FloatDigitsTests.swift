@testable import ChisoKit
import XCTest

/// The CSV export's number writer against Swift's own `description` (the shortest round-trip
/// text, which every other output of chiso uses): the same bytes for every value tried.
final class FloatDigitsTests: XCTestCase {
    func text(_ v: Double) -> String {
        var out: [UInt8] = []
        FloatDigits.append(v, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    func testEdgesWriteAsSwiftDoes() {
        for v: Double in [0, -0.0, 1, -1, 0.1, 0.2, 0.3, 76.6316, 100, 1e-4, 1.2e-4, 9.9999e-5, 1e-5, 1e15, 1e16, 9007199254740992, 9007199254740991,
                          123456789012345.0, 0.30000000000000004, 2.5, 1 / 3, 2.0 / 3, 1e300, Double.leastNonzeroMagnitude, .infinity, -.infinity, .nan, 12345678.9, 0.1 + 0.2] {
            XCTAssertEqual(text(v), v.isNaN ? "NaN" : v.isInfinite ? (v > 0 ? "inf" : "-inf") : "\(v)", "\(v)")
        }
    }

    /// Random doubles of three kinds: short decimals (as surveys hold), random bit patterns
    /// (every magnitude), and values next to short decimals (the hard cases for rounding).
    func testAMillionRandomValuesWriteAsSwiftDoes() {
        var rng = SplitMix64(seed: 411)
        var fast = 0
        for i in 0..<1_000_000 {
            let v: Double
            switch i % 3 {
            case 0: v = Double(Int64(bitPattern: rng.next()) % 100_000_000) / [1, 10, 100, 1000, 10_000, 100_000][Int(rng.next() % 6)]
            case 1: v = Double(bitPattern: rng.next())
            default:
                let base = Double(Int64(rng.next() % 1_000_000)) / 1000
                v = rng.next() % 2 == 0 ? base.nextUp : base.nextDown
            }
            let expected = v.isNaN ? "NaN" : v.isInfinite ? (v > 0 ? "inf" : "-inf") : "\(v)"
            var out: [UInt8] = []
            if FloatDigits.appendFixed(v, to: &out) { fast += 1 } else { FloatDigits.append(v, to: &out) }
            let got = String(decoding: out, as: UTF8.self)
            if got != expected { XCTFail("\(v.bitPattern): \(got) vs \(expected)"); return }
        }
        XCTAssertGreaterThan(fast, 300_000, "the fast path takes the short decimals")
    }
}
