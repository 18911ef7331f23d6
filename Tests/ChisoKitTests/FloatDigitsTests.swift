@testable import ChisoKit
import XCTest

/// The CSV export's number writers against Swift's own `description` (the shortest round-trip
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

    /// The export's integers (two digits at a time, written from the end) against Swift's own
    /// `String(v)`: each side of every power of ten, both signs, the extremes, random values —
    /// into a growing array and through the export's cursor.
    func testIntegersWriteAsSwiftDoes() {
        var values: [Int64] = [0, 1, 9, Int64.max, Int64.min, Int64.min + 1]
        var p: Int64 = 10
        while true {
            values += [p - 1, p, p + 1, -(p - 1), -p, -(p + 1)]
            if p > Int64.max / 10 { break }
            p *= 10
        }
        var rng = SplitMix64(seed: 19)
        for _ in 0..<100_000 { values.append(Int64(bitPattern: rng.next()) >> Int64(rng.next() % 64)) }
        for v in values {
            var array: [UInt8] = []
            CSVWriter.Encoder.appendInt(v, to: &array)
            XCTAssertEqual(String(decoding: array, as: UTF8.self), String(v))
            let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: 24)
            defer { buffer.deallocate() }
            var cursor = ByteCursor(at: buffer)
            CSVWriter.Encoder.appendInt(v, to: &cursor)
            XCTAssertEqual(String(decoding: UnsafeBufferPointer(start: buffer, count: cursor.at - buffer), as: UTF8.self), String(v))
        }
    }
}
