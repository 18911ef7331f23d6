@testable import ChisoKit
import ChisoTestSupport
import Foundation
import XCTest

/// Stages that read a lookup join's right columns or a deferred `derive` a piece at a time
/// (`BlockSource`) give what the same stages give over built columns (`let` builds every
/// column of a result): bit for bit, with nulls, at any thread count. The totals are also
/// worked out here by hand, in the order `WholeColumnSums` documents.
final class PiecewiseTests: XCTestCase {
    /// 300,001 rows: several 65,536-row blocks and a tail that is not a multiple of 8.
    let n = 300_001
    /// Table `l`: key i mod 1000, null every 7th row (a left join keeps these rows, with nulls).
    func leftKey(_ i: Int) -> Int64? { i % 7 == 0 ? nil : Int64(i % 1000) }
    /// Table `m`: key i mod 900, every one in the lookup (an inner join keeps every row, so its
    /// right columns stay unbuilt too).
    func fullKey(_ i: Int) -> Int64 { Int64(i % 900) }
    /// Both tables' weight: null every 13th row.
    func weight(_ i: Int) -> Double? { i % 13 == 0 ? nil : Double(i % 17) * 0.25 + 0.1 }
    /// The lookup `r`: keys 0..<900 once each, f = k / 7, null when k mod 10 = 3.
    func factor(_ k: Int64) -> Double? { k >= 900 || k % 10 == 3 ? nil : Double(k) / 7 }

    func session() -> CSVSession {
        let s = CSVSession()
        s.session.register(TableFixture.make([("k", .ints((0..<n).map(leftKey))), ("w", .floats((0..<n).map(weight)))]), as: "l")
        s.session.register(TableFixture.make([("k", .ints((0..<n).map(fullKey))), ("w", .floats((0..<n).map(weight)))]), as: "m")
        s.session.register(TableFixture.make([("k", .ints((0..<900).map { Int64($0) })),
                                              ("f", .floats((0..<900).map { factor(Int64($0)) })),
                                              ("band", .texts((0..<900).map { "nhóm \($0 / 100)" }))]), as: "r")
        return s
    }

    /// The documented order of a whole-table sum: blocks of 65,536 rows; row k of a block into
    /// running sum k mod 8; the eight added pairwise; the blocks added in order.
    func documentedSum(_ values: [Double?]) -> Double {
        var total = 0.0
        for start in stride(from: 0, to: values.count, by: 65_536) {
            var lanes = [Double](repeating: 0, count: 8)
            for k in 0..<min(65_536, values.count - start) { if let v = values[start + k] { lanes[k % 8] += v } }
            total += ((lanes[0] + lanes[1]) + (lanes[2] + lanes[3])) + ((lanes[4] + lanes[5]) + (lanes[6] + lanes[7]))
        }
        return total
    }

    /// The second line of a one-row CSV result, as numbers (nil for an empty field).
    func numbers(_ csv: String) -> [Double?] {
        csv.split(separator: "\n")[1].split(separator: ",", omittingEmptySubsequences: false).map { Double($0) }
    }

    func testWholeTableSumsOverLookupColumnsAreTheBuiltColumns() throws {
        let saved = Parallelism.threads
        defer { Parallelism.threads = saved }
        let query = "group { f = sum(f), fw = sum(w), n = count(f), m = mean(f, w), c = count() }"
        for threads in [1, 3] {
            Parallelism.threads = threads
            let s = session()
            for join in ["from l | join left r on k", "from m | join r on k"] {
                let piecewise = try s.csv("\(join) | \(query)")
                _ = try s.csv("let j = \(join)")
                XCTAssertEqual(piecewise, try s.csv("from j | \(query)"), "\(join), threads \(threads)")
            }
            // By hand, over table m (every key found).
            let fs = (0..<n).map { factor(fullKey($0)) }
            let out = numbers(try s.csv("from m | join r on k | group { f = sum(f), n = count(f), c = count() }"))
            XCTAssertEqual(out[0], documentedSum(fs))
            XCTAssertEqual(out[1], Double(fs.compactMap { $0 }.count))
            XCTAssertEqual(out[2], Double(n))
        }
    }

    func testDeferredDeriveIsTheBuiltDerive() throws {
        let s = session()
        let query = "derive y = f * w + 1.0 | group { s = sum(y), c = count(y), a = mean(y) }"
        let piecewise = try s.csv("from l | join left r on k | \(query)")
        _ = try s.csv("let j = from l | join left r on k")
        XCTAssertEqual(piecewise, try s.csv("from j | \(query)"))
        // By hand: y is null where the key, the factor or the weight is.
        let ys: [Double?] = (0..<n).map { i in
            guard let k = leftKey(i), let f = factor(k), let w = weight(i) else { return nil }
            return f * w + 1
        }
        let present = ys.compactMap { $0 }.count
        XCTAssertEqual(numbers(piecewise), [documentedSum(ys), Double(present), documentedSum(ys) / Double(present)])

        // A deferred item that reads a column a later item replaces keeps the value it read.
        _ = try s.csv("let jm = from m | join r on k")
        let replaced = "derive y = f * 2.0, f = 0.0 | group { s = sum(y), t = sum(f) }"
        XCTAssertEqual(try s.csv("from m | join r on k | \(replaced)"), try s.csv("from jm | \(replaced)"))
        XCTAssertEqual(numbers(try s.csv("from m | join r on k | \(replaced)"))[1], 0)
        // The rows of a deferred column, as a stage that does not read in pieces sees them
        // (m's rows 0–3 have keys 0–3; key 3's factor is null).
        XCTAssertEqual(try s.csv("from m | join r on k | derive y = f * 2.0 | take 4 | select k, y"),
                       "k,y\n0,0.0\n1,\(2.0 / 7)\n2,\(4.0 / 7)\n3,\n")
    }

    func testWhereOnALookupColumnKeepsTheRowsOfTheBuiltColumn() throws {
        let saved = Parallelism.threads
        defer { Parallelism.threads = saved }
        for threads in [1, 2] {
            Parallelism.threads = threads
            let s = session()
            let byHand = (0..<n).filter { i in leftKey(i).flatMap(factor).map { $0 > 50 } ?? false }.count
            XCTAssertEqual(try s.csv("from l | join left r on k | where f > 50.0 | group { n = count() }"), "n\n\(byHand)\n")
            _ = try s.csv("let j = from l | join left r on k")
            // Groups, sorts and derives through the where's selection (the lookups read through it).
            for tail in ["group band { n = count(), s = sum(w) } | sort band", "sort w, k | take 5",
                         "group { n = count(), s = sum(w), c = count(w), m = mean(f, w) }",
                         "derive z = f * w | where z > 100.0 | group { n = count(), s = sum(z) }"] {
                XCTAssertEqual(try s.csv("from l | join left r on k | where f > 50.0 | \(tail)"),
                               try s.csv("from j | where f > 50.0 | \(tail)"), tail)
            }
        }
    }

    /// Integer arithmetic can overflow, so a derive of it is computed where it is written and
    /// its error is raised there, even over a lookup's column.
    func testAFailingDeriveIsNotDeferred() throws {
        let s = session()
        s.session.register(TableFixture.make([("k", .ints((0..<900).map { Int64($0) })),
                                              ("big", .ints((0..<900).map { $0 == 5 ? Int64.max : 1 }))]), as: "huge")
        XCTAssertThrowsError(try s.csv("from m | join huge on k | derive z = big * 2 | select k")) { error in
            XCTAssertTrue("\(error)".contains("integer overflow in '*'"), "\(error)")
        }
    }

    /// A many-to-many join's rows, written over the cores: each left row's matches in the right
    /// table's order, left rows in order; the counts and sums by hand.
    func testManyToManyRowsForAnyThreadCount() throws {
        let saved = Parallelism.threads
        defer { Parallelism.threads = saved }
        var firstRows: [String] = []
        for threads in [1, 2, 5] {
            Parallelism.threads = threads
            let s = session()
            s.session.register(TableFixture.make([("k", .ints((0..<900).flatMap { [Int64($0), Int64($0)] })),
                                                  ("copy", .ints((0..<1800).map { Int64($0 % 2 + 1) }))]), as: "twice")
            let matched = (0..<n).filter { leftKey($0).map { $0 < 900 } ?? false }.count
            XCTAssertEqual(try s.csv("from l | join twice on k | group { n = count(), c = sum(copy) }"), "n,c\n\(2 * matched),\(3 * matched)\n")
            XCTAssertEqual(try s.csv("from l | join left twice on k | group { n = count() }"), "n\n\(2 * matched + (n - matched))\n")
            // The output rows before left row 99,990: two for a key in `twice`, one otherwise.
            let before = (0..<99_990).reduce(0) { $0 + (leftKey($1).map { $0 < 900 } ?? false ? 2 : 1) }
            firstRows.append(try s.csv("from l | join left twice on k | skip \(before) | take 12 | select k, copy"))
        }
        XCTAssertEqual(Set(firstRows).count, 1)
        // Left rows 99,990… : keys 990–999 are not in `twice` (one row each, copy null); row
        // 99,995 is a multiple of 7 (null key); then 100,000 → key 0, twice.
        XCTAssertEqual(firstRows[0], "k,copy\n990,\n991,\n992,\n993,\n994,\n,\n996,\n997,\n998,\n999,\n0,1\n0,2\n")
    }

    /// Semi, anti, right and full joins and an inner join where some rows find nothing (their
    /// rows kept as a selection or read through row numbers, never built whole): counts and
    /// sums by hand, the same at 1 and 3 threads.
    func testEveryJoinKindByHand() throws {
        let saved = Parallelism.threads
        defer { Parallelism.threads = saved }
        // The right side: keys 0..<900 and 2000..<2010 (no left row has those), value v = k.
        let keys = (0..<900).map { Int64($0) } + (2000..<2010).map { Int64($0) }
        let matched = (0..<n).filter { leftKey($0).map { $0 < 900 } ?? false }
        let unmatched = n - matched.count
        let vSum = matched.reduce(Int64(0)) { $0 + leftKey($1)! }
        let wSum = { (rows: [Int]) in rows.compactMap(self.weight).count }
        for threads in [1, 3] {
            Parallelism.threads = threads
            let s = session()
            s.session.register(TableFixture.make([("k", .ints(keys)), ("v", .ints(keys))]), as: "rv")
            XCTAssertEqual(try s.csv("from l | join semi rv on k | group { n = count(), w = count(w) }"),
                           "n,w\n\(matched.count),\(wSum(matched))\n", "threads \(threads)")
            let missing = (0..<n).filter { !(leftKey($0).map { $0 < 900 } ?? false) }
            XCTAssertEqual(try s.csv("from l | join anti rv on k | group { n = count(), w = count(w) }"),
                           "n,w\n\(unmatched),\(wSum(missing))\n")
            XCTAssertEqual(try s.csv("from l | join rv on k | group { n = count(), v = sum(v), w = count(w) }"),
                           "n,v,w\n\(matched.count),\(vSum),\(wSum(matched))\n")
            // Right: every right row with its left rows; the 10 keys no left row has once each,
            // their key from the right side.
            XCTAssertEqual(try s.csv("from l | join right rv on k | group { n = count(), k = sum(k), v = sum(v) }"),
                           "n,k,v\n\(matched.count + 10),\(vSum + 20045),\(vSum + 20045)\n")
            XCTAssertEqual(try s.csv("from l | join full rv on k | group { n = count(), k = count(k), v = count(v) }"),
                           "n,k,v\n\(n + 10),\(n - (0..<n).filter { $0 % 7 == 0 }.count + 10),\(matched.count + 10)\n")
            // A sort, a where and a derive over the rows read lazily: as over the built rows.
            for kind in ["full", "right", "inner", "semi", "anti"] {
                _ = try s.csv("let built = from l | join \(kind) rv on k")
                for tail in ["sort w, k | take 4", "where w > 3.0 | derive z = w * 2.0 | group { n = count(), z = sum(z) }"] {
                    XCTAssertEqual(try s.csv("from l | join \(kind) rv on k | \(tail)"), try s.csv("from built | \(tail)"), "\(kind): \(tail)")
                }
            }
            // Row order: a right join's rows in the right table's order, each with its left rows in order.
            XCTAssertEqual(try s.csv("from l | join right rv on k | take 2 | select k, w"), "k,w\n0,\(weight(1000)!)\n0,\(weight(2000)!)\n")
        }
    }
}
