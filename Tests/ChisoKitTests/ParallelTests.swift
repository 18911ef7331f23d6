@testable import ChisoKit
import ChisoTestSupport
import Foundation
import XCTest

/// The kernels that split work over cores give the same answer for any number of threads, and
/// the same as a plain serial computation written here (the reference beside each check).
final class ParallelTests: XCTestCase {
    /// First-appearance ids the obvious way: a dictionary, row by row.
    func reference(_ keys: [Int64]) -> (ids: [Int32], firstRows: [Int32]) {
        var seen: [Int64: Int32] = [:]
        var ids: [Int32] = [], first: [Int32] = []
        for (r, k) in keys.enumerated() {
            if let g = seen[k] { ids.append(g) } else {
                let g = Int32(first.count); seen[k] = g; first.append(Int32(r)); ids.append(g)
            }
        }
        return (ids, first)
    }

    /// 600,000 rows of a key with ~200,000 values spread over a range far too wide for a direct
    /// table: the radix-partitioned path (several partitions, several lanes).
    func testRadixGroupsAreFirstAppearanceForAnyThreadCount() {
        var rng = SplitMix64(seed: 11)
        let keys = (0..<600_000).map { _ in Int64(rng.next() % 200_000) * 1_000_003 - 40_000_000_000 }
        let expected = reference(keys)
        for threads in [1, 2, 3, 5] {
            let index = GroupIndex(keys: [Column(.int(keys))], rowCount: keys.count, threads: threads)
            XCTAssertEqual(index.groupCount, expected.firstRows.count, "threads \(threads)")
            XCTAssertEqual(index.firstRows, expected.firstRows, "threads \(threads)")
            XCTAssertTrue(index.ids == expected.ids, "threads \(threads)")
        }
    }

    /// A gather split over lanes is the serial gather: values, and nulls where the index is −1
    /// or the source row is null.
    func testParallelGatherIsTheSerialGather() {
        let m = 1000
        let source = TableFixture.make([
            ("i", .ints((0..<m).map { $0 % 10 == 3 ? nil : Int64($0) * 7 })),
            ("x", .floats((0..<m).map { Double($0) / 4 })),
            ("s", .texts((0..<m).map { ["Hà Nội", "Huế", nil][$0 % 3] })),
        ])
        var rng = SplitMix64(seed: 5)
        let indices = (0..<500_000).map { k -> Int32 in k % 1001 == 0 ? -1 : Int32(rng.next() % UInt64(m)) }
        for c in source.columns {
            let serial = c.gather(indices, threads: 1), parallel = c.gather(indices, threads: 4)
            for k in stride(from: 0, to: indices.count, by: 997) {
                let i = Int(indices[k])
                XCTAssertEqual(parallel.value(at: k), i < 0 ? .null : c.value(at: i))
                XCTAssertEqual(serial.value(at: k), parallel.value(at: k))
            }
            XCTAssertEqual(serial.nullCount, parallel.nullCount)
        }
        // By hand: index 0 is −1 (null); the i column is null at rows ≡ 3 (mod 10).
        XCTAssertEqual(source.columns[0].gather(indices, threads: 2).value(at: 0), .null)
        XCTAssertEqual(source.columns[0].gather([3, 4], threads: 2).value(at: 0), .null)
        XCTAssertEqual(source.columns[0].gather([3, 4], threads: 2).value(at: 1), .int(28))
    }

    /// The one-pass lookup join (unique int key in a narrow range) over 300,000 rows: inner and
    /// left, with null keys and keys the lookup lacks; the counts are worked out here by hand.
    func testLookupJoinCountsByHand() throws {
        let n = 300_000
        let session = Session(workingDirectory: NSTemporaryDirectory(), output: { _ in }, info: { _ in })
        // Key k = i % 1000, null every 7th row; the lookup has keys 0..<900, band = k / 100.
        session.register(TableFixture.make([("k", .ints((0..<n).map { $0 % 7 == 0 ? nil : Int64($0 % 1000) }))]), as: "l")
        session.register(TableFixture.make([("k", .ints((0..<900).map { Int64($0) })),
                                            ("band", .ints((0..<900).map { Int64($0 / 100) }))]), as: "r")
        var inner = [Int64: Int](), unmatched = 0
        for i in 0..<n {
            if i % 7 == 0 || i % 1000 >= 900 { unmatched += 1; continue }
            inner[Int64((i % 1000) / 100), default: 0] += 1
        }
        var out = ""
        session.present = Session.sinks(output: { out += $0 }, info: { _ in })
        session.options.format = .csv
        try session.run("from l | join r on k | group band { n = count() } | sort band")
        XCTAssertEqual(out, "band,n\n" + (0..<9).map { "\($0),\(inner[Int64($0)]!)" }.joined(separator: "\n") + "\n")
        out = ""
        try session.run("from l | join left r on k | where band is null | group { n = count() }")
        XCTAssertEqual(out, "n\n\(unmatched)\n")
        out = ""
        try session.run("from l | join left r on k | group { n = count() }")
        XCTAssertEqual(out, "n\n\(n)\n")
    }

    /// Integer + − × over 32-bit columns and constants: exact values, and overflow is an error.
    func testIntegerArithmeticKernels() throws {
        let session = Session(workingDirectory: NSTemporaryDirectory(), output: { _ in }, info: { _ in })
        session.register(Table(names: ["a", "b"], columns: [Column(narrowInts: [2_000_000_000, -7, 0]),
                                                            Column(.int([3, Int64.max / 2, -1]))]), as: "t")
        var out = ""
        session.present = Session.sinks(output: { out += $0 }, info: { _ in })
        session.options.format = .csv
        try session.run("from t | derive c = a * 1000 + 1, d = a - b | select c, d")
        XCTAssertEqual(out, "c,d\n2000000000001,1999999997\n-6999,\(-7 - Int64.max / 2)\n1,1\n")
        XCTAssertThrowsError(try session.run("from t | derive e = b * 3"))
        XCTAssertThrowsError(try session.run("from t | derive e = b + b + b"))
    }
}
