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

    /// Several keys whose combinations outnumber the rows four times over (text, a 32-bit int
    /// with nulls, a wide int): the combined keys go through the radix path; nulls are a value.
    func testManyKeyGroupsAreFirstAppearance() {
        var rng = SplitMix64(seed: 23)
        let n = 300_000
        let names = ["Hà Nội", "Huế", "Cà Mau", "Sơn La"]
        let p = (0..<n).map { _ in names[Int(rng.next() % 4)] }
        let psu = (0..<n).map { _ -> Int64? in rng.next() % 20 == 0 ? nil : Int64(rng.next() % 30_000) }
        let wide = (0..<n).map { _ in Int64(rng.next() % 3) * 1_000_000_007 }
        var valid = Validity(count: n, allValid: true)
        for r in 0..<n where psu[r] == nil { valid.set(r, false) }
        // psu held in 32 bits, as a load holds it (the narrow path reads it without widening).
        let table = Table(names: ["p", "psu", "w"], columns: [
            Column.fromStrings(p), Column(narrowInts: psu.map { Int32($0 ?? 0) }, validity: valid), Column(.int(wide))])
        var seen: [String: Int32] = [:], firstRows: [Int32] = [], ids: [Int32] = []
        for r in 0..<n {
            let key = "\(p[r])|\(psu[r].map(String.init) ?? "null")|\(wide[r])"
            if let g = seen[key] { ids.append(g) } else { seen[key] = Int32(firstRows.count); ids.append(Int32(firstRows.count)); firstRows.append(Int32(r)) }
        }
        for threads in [1, 2] {
            let index = GroupIndex(keys: table.columns, rowCount: n, threads: threads)
            XCTAssertEqual(index.groupCount, firstRows.count)
            XCTAssertEqual(index.firstRows, firstRows)
            XCTAssertTrue(index.ids == ids)
        }
    }

    /// Two keys whose combinations could outnumber the rows (a wide int of 50 values, a 32-bit
    /// int spanning 100,000) with few present — one cached hash table — and with many — more
    /// than it takes, so the radix path — give first-appearance ids, as a Dictionary does.
    func testFewAndManyCombinationsAreFirstAppearance() {
        var rng = SplitMix64(seed: 31)
        let n = 200_000
        let a = (0..<n).map { _ in Int64(rng.next() % 50) * 1_000_003 - 7_000_000 }
        for (spread, name) in [(20, "few"), (100_000, "many")] {
            let b = (0..<n).map { _ in Int32(rng.next() % UInt64(spread)) * Int32(100_000 / spread) }
            var seen: [Int64: Int32] = [:], firstRows: [Int32] = [], ids: [Int32] = []
            for r in 0..<n {
                let key = a[r] * 1_000_000 + Int64(b[r])
                if let g = seen[key] { ids.append(g) } else { seen[key] = Int32(firstRows.count); ids.append(Int32(firstRows.count)); firstRows.append(Int32(r)) }
            }
            XCTAssertEqual(firstRows.count > GroupIndex.cachedGroups, name == "many")
            for threads in [1, 2] {
                let index = GroupIndex(keys: [Column(.int(a)), Column(narrowInts: b)], rowCount: n, threads: threads)
                XCTAssertEqual(index.groupCount, firstRows.count, name)
                XCTAssertEqual(index.firstRows, firstRows, name)
                XCTAssertTrue(index.ids == ids, name)
            }
        }
        // The table gives up past its limit, and not at it.
        XCTAssertEqual(GroupIndex.fewGroups([5, 5, 7, 9, 7], limit: 3)?.0, [0, 0, 1, 2, 1])
        XCTAssertEqual(GroupIndex.fewGroups([5, 5, 7, 9, 7], limit: 3)?.2, [0, 2, 3])
        XCTAssertNil(GroupIndex.fewGroups([5, 5, 7, 9, 7], limit: 2))
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

    /// A planned gather is the plain gather, for every storage and each plan: a permutation of
    /// all 1.65M rows and a shuffled two thirds of them (the inverse plan, complete and not),
    /// and a shuffled sixth of a longer column (blocked); at 1 and 3 threads. A column with nulls, indices with a −1,
    /// or too few rows take the plain way.
    func testPlannedGatherIsThePlainGather() {
        var rng = SplitMix64(seed: 41)
        let n = 1_650_000
        var perm = (0..<Int32(n)).map { $0 }
        for i in stride(from: n - 1, to: 0, by: -1) { perm.swapAt(i, Int(rng.next() % UInt64(i + 1))) }
        let columns = [
            Column(narrowInts: (0..<n).map { Int32($0 % 1000) }), Column(.int((0..<n).map { Int64($0) * 3 })),
            Column(.float((0..<n).map { Double($0) / 8 })), Column(.bool((0..<n).map { $0 % 3 == 0 })),
            Column.fromStrings((0..<n).map { ["Huế", "Hà Giang", "Lào Cai"][$0 % 3] }),
        ]
        let cases: [([Int32], Int, String)] = [(perm, n, "complete"), (perm.filter { $0 % 3 != 0 }.reversed(), n, "two thirds"),
                                                (perm, 6 * n, "a sixth")]
        for (indices, sourceCount, name) in cases {
            for threads in [1, 3] {
                let plan = GatherPlan(indices, sourceCount: sourceCount, threads: threads)!
                switch (plan.kind, name) {
                case (.inverse(_, let complete), "complete"): XCTAssertTrue(complete)
                case (.inverse(_, let complete), "two thirds"): XCTAssertFalse(complete)
                case (.blocked, "a sixth"): break
                default: XCTFail("\(name): \(plan.kind)")
                }
                guard sourceCount == n else { continue }
                for c in columns {
                    let planned = c.gather(plan, threads: threads)!, plain = c.gather(indices, threads: 1)
                    XCTAssertEqual(planned.count, indices.count)
                    for k in stride(from: 0, to: indices.count, by: 4999) {
                        XCTAssertEqual(planned.value(at: k), plain.value(at: k), "\(name), threads \(threads)")
                        XCTAssertEqual(planned.value(at: k), c.value(at: Int(indices[k])), "\(name), threads \(threads)")
                    }
                }
            }
        }
        // The blocked plan over a longer source: every value where the plain gather puts it.
        let long = Column(narrowInts: (0..<Int32(6 * n)).map { $0 &* 7 })
        let sixth = perm.map { $0 * 6 + 5 }
        let blocked = long.gather(GatherPlan(sixth, sourceCount: 6 * n, threads: 2)!, threads: 2)!
        XCTAssertTrue((0..<n).allSatisfy { blocked.value(at: $0) == long.value(at: Int(sixth[$0])) })
        var withNull = perm; withNull[5] = -1
        XCTAssertNil(GatherPlan(withNull, sourceCount: n, threads: 2))
        XCTAssertNil(GatherPlan(Array(perm.prefix(1000)), sourceCount: n, threads: 2))
        XCTAssertNil(Column.ints((0..<n).map { $0 == 7 ? nil : Int64($0) }).gather(GatherPlan(perm, sourceCount: n, threads: 2)!, threads: 2))
    }

    /// A sort of a table longer than `GatherPlan.minimumRows` by keys that pack into few bits
    /// (province, then age descending, with null ages) takes one counting pass, which also
    /// gives each row's place; every column, of every storage, then moved through those places
    /// is the plain gather through the order. The order itself is checked here without a
    /// sort: adjacent rows in key order, ties by row number, every row once.
    func testLongSortMovesEveryColumnThroughItsCountingPass() throws {
        var rng = SplitMix64(seed: 57)
        let n = GatherPlan.minimumRows + 12_345
        let names = ["An Giang", "Bac Ninh", "Ca Mau", "Da Nang", "Hue"]
        let province = (0..<n).map { _ in Int(rng.next() % 5) }
        let age: [Int64?] = (0..<n).map { _ in rng.next() % 30 == 0 ? nil : Int64(rng.next() % 90) }
        // Text columns by their codes into a dictionary of the names (first appearance: codes 0…).
        func text(_ names: [String], _ codes: [Int]) -> Column {
            guard case .text(_, let dictionary) = Column.fromStrings(names).storage else { fatalError() }
            return Column(.text(codes: codes.map { Int32($0) }, dictionary: dictionary))
        }
        let keys = [text(names, province), Column.ints(age)]
        let columns = keys + [
            Column(narrowInts: (0..<n).map { Int32($0 % 1000) }), Column(.int((0..<n).map { Int64($0) * 3 })),
            Column(.float((0..<n).map { Double($0) / 8 })), Column(.bool((0..<n).map { $0 % 3 == 0 })),
            text(["Huế", "Hà Giang", "Lào Cai"], (0..<n).map { $0 % 3 }),
        ]
        for threads in [1, 3] {
            let permutation = try SortOrder.sorted(keys, descending: [false, true], rowCount: n, threads: threads)
            let order = permutation.order, positions = try XCTUnwrap(permutation.positions)
            // Key order: province ascending, then age descending with nulls last, then row.
            func key(_ r: Int32) -> (Int, Int64, Int32) { (province[Int(r)], age[Int(r)].map { 100 - $0 } ?? 1000, r) }
            XCTAssertEqual(order.count, n)
            XCTAssertTrue((1..<n).allSatisfy { key(order[$0 - 1]) < key(order[$0]) }, "threads \(threads)")
            XCTAssertTrue((0..<n).allSatisfy { positions[Int(order[$0])] == Int32($0) }, "threads \(threads)")
            let sorted = Frame(names: columns.indices.map { "c\($0)" }, columns: columns, rowCount: n).sorted(permutation)
            for (i, c) in columns.enumerated() {
                let moved = sorted.column(i), plain = c.gather(order, threads: 1)
                XCTAssertEqual(moved.count, n)
                XCTAssertTrue(stride(from: threads - 1, to: n, by: 4).allSatisfy { moved.value(at: $0) == plain.value(at: $0) },
                              "column \(i), threads \(threads)")
            }
        }
        // Fewer rows: the order alone (the columns are gathered the plain way).
        let short = try SortOrder.sorted(keys.map { $0.gather((0..<Int32(1000)).map { $0 }, threads: 1) },
                                         descending: [false, true], rowCount: 1000)
        XCTAssertNil(short.positions)
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

    /// A group by a lookup join's right column (grouped through the join's row numbers, never
    /// gathered) gives the groups, in the order, that the gathered column gives: text keys,
    /// the left join's null group, and the key values themselves.
    func testGroupByALookupColumnIsTheGroupByItsGatheredColumn() throws {
        let s = CSVSession()
        let leftKeys: [Int64?] = (0..<50_000).map { i -> Int64? in i % 11 == 0 ? nil : Int64((i * 7) % 40) }
        let bands: [String?] = (0..<30).map { i -> String? in i % 4 == 3 ? nil : "nhóm \(i / 5)" }
        s.session.register(TableFixture.make([("k", .ints(leftKeys))]), as: "l")
        s.session.register(TableFixture.make([("k", .ints((0..<30).map { Int64($0) })), ("band", .texts(bands))]), as: "r")
        var out = ""
        for kind in ["", "left "] {
            let fused = try s.csv("from l | join \(kind)r on k | group band { n = count(), lo = min(k) }")
            // `let` builds every column of the join first: the plain group.
            _ = try s.csv("let built = from l | join \(kind)r on k")
            out = try s.csv("from built | group band { n = count(), lo = min(k) }")
            XCTAssertEqual(fused, out, kind)
        }
        // By hand for the left join's first groups: row 0 has a null key (null band); row 1's
        // key 7 is band "nhóm 1"; row 2's key 14 is "nhóm 2".
        XCTAssertTrue(out.hasPrefix("band,n,lo\n,"), out)
        XCTAssertTrue(out.contains("\nnhóm 1,"), out)
    }

    /// A key with few values (a direct table): ids and first rows split over 1–5 lanes are the
    /// serial first-appearance ones, and the frequency-table counts (no ids) agree with them —
    /// including values that first appear only in a late lane.
    func testDirectGroupsAndCountsAreFirstAppearanceForAnyThreadCount() {
        var rng = SplitMix64(seed: 29)
        let n = 400_000
        var keys: [Int64] = []
        for r in 0..<n {
            let late = r > 350_000 && r % 1000 == 0
            keys.append(late ? 700 + Int64(r % 7) : Int64(rng.next() % 600))
        }
        let expected = reference(keys)
        var counts = [Int64](repeating: 0, count: expected.firstRows.count)
        for g in expected.ids { counts[Int(g)] += 1 }
        let column = Column(narrowInts: keys.map { Int32($0) })
        let saved = Parallelism.threads
        defer { Parallelism.threads = saved }
        for threads in [1, 2, 3, 5] {
            Parallelism.threads = threads
            let index = GroupIndex(keys: [column], rowCount: n, threads: threads)
            XCTAssertEqual(index.firstRows, expected.firstRows, "threads \(threads)")
            XCTAssertTrue(index.ids == expected.ids, "threads \(threads)")
            let counted = GroupIndex.counts(column, n)
            XCTAssertEqual(counted?.firstRows, expected.firstRows, "threads \(threads)")
            XCTAssertEqual(counted?.counts, counts, "threads \(threads)")
        }
    }

    /// `where … | group` reads the key and the aggregates' columns through the selection (no
    /// column gathered); a `derive` before the group makes it gather them first. Both must give
    /// the same text, floats to the last digit, at any thread count — with nulls in the
    /// values and weights, and keys with and without nulls.
    func testGroupUnderASelectionIsTheGroupOfTheGatheredRows() throws {
        var rng = SplitMix64(seed: 31)
        let n = 300_000
        let names = ["Hà Nội", "Huế", "Cà Mau", "Sơn La", "Điện Biên"]
        let table = TableFixture.make([
            ("x", .ints((0..<n).map { _ in Int64(rng.next() % 10) })),
            ("name", .texts((0..<n).map { _ in names[Int(rng.next() % 5)] })),
            ("zone", .texts((0..<n).map { _ in rng.next() % 9 == 0 ? nil : names[Int(rng.next() % 3)] })),
            ("v", .floats((0..<n).map { _ in rng.next() % 13 == 0 ? nil : Double(rng.next() % 1000) / 7 })),
            ("w", .ints((0..<n).map { _ in rng.next() % 17 == 0 ? nil : Int64(rng.next() % 50) })),
            ("k", .ints((0..<n).map { _ in Int64(rng.next() % 40) })),
        ])
        let s = CSVSession()
        s.session.register(table, as: "t")
        let aggregates = "{ n = count(), c = count(v), s = sum(v), si = sum(w), m = mean(v), mw = mean(v, w), lo = min(v) }"
        var first: String?
        for threads in [1, 2, 3] {
            try s.csv("set threads \(threads)")
            for key in ["name", "zone", "k"] {
                let through = try s.csv("from t | where x > 3 | group \(key) \(aggregates)")
                let gathered = try s.csv("from t | where x > 3 | derive gathered = 1 | group \(key) \(aggregates)")
                XCTAssertEqual(through, gathered, "key \(key), threads \(threads)")
                let out = try s.csv("from t | where x > 3 | group \(key) { n = count() }")
                XCTAssertEqual(out, "\(key),n\n" + through.split(separator: "\n").dropFirst().map { line in
                    line.split(separator: ",", omittingEmptySubsequences: false).prefix(2).joined(separator: ",")
                }.joined(separator: "\n") + "\n", "frequency table, key \(key), threads \(threads)")
            }
            let byName = try s.csv("from t | where x > 3 | group name \(aggregates)")
            if let first { XCTAssertEqual(first, byName) } else { first = byName }
        }
        // By hand: the rows with x > 3, counted per name.
        var perName: [String: Int] = [:]
        for i in 0..<n { if case .int(let x) = table.columns[0].value(at: i), x > 3, case .text(let s) = table.columns[1].value(at: i) { perName[s, default: 0] += 1 } }
        let out = try s.csv("from t | where x > 3 | group name { n = count() } | sort name")
        let byHand = perName.keys.sorted { TextOrder.less(TextOrder.key($0), $0, TextOrder.key($1), $1) }.map { "\($0),\(perName[$0]!)" }
        XCTAssertEqual(out, "name,n\n" + byHand.joined(separator: "\n") + "\n")
    }

    /// A lookup join's rows are kept as keys and a slot table; a frequency table by a right
    /// column counts through it without writing the row numbers. Against the gathered column,
    /// and against counts by hand: null keys, keys outside the right table's range, an empty
    /// slot inside it, inner and left, 1–3 threads.
    func testFrequencyTableThroughALookupJoin() throws {
        var rng = SplitMix64(seed: 37)
        let n = 300_000
        let leftKeys: [Int64?] = (0..<n).map { _ in rng.next() % 50 == 0 ? nil : Int64(rng.next() % 120) - 10 }
        // Keys 0..<100 except 42; bands of ten, one band null.
        let rightKeys = (0..<100).filter { $0 != 42 }.map { Int64($0) }
        let bands: [String?] = rightKeys.map { $0 / 10 == 6 ? nil : "b\($0 / 10)" }
        let s = CSVSession()
        s.session.register(TableFixture.make([("k", .ints(leftKeys))]), as: "l")
        s.session.register(TableFixture.make([("k", .ints(rightKeys)), ("band", .texts(bands))]), as: "r")
        var expected: [String: [String: Int]] = ["inner": [:], "left": [:]]
        for k in leftKeys {
            let band: String?? = k.flatMap { k in rightKeys.firstIndex(of: k).map { bands[$0] } }
            if let band { expected["inner"]![band ?? "", default: 0] += 1 }
            expected["left"]![band.flatMap { $0 } ?? "", default: 0] += 1
        }
        for threads in [1, 2, 3] {
            try s.csv("set threads \(threads)")
            for kind in ["inner", "left"] {
                let counted = try s.csv("from l | join \(kind) r on k | group band { n = count() }")
                // `let` builds every column of the join: the plain group of the gathered column.
                _ = try s.csv("let built = from l | join \(kind) r on k")
                let gathered = try s.csv("from built | group band { n = count() }")
                XCTAssertEqual(counted, gathered, "\(kind), threads \(threads)")
                let rows = counted.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
                XCTAssertEqual(Dictionary(uniqueKeysWithValues: rows.map { (String($0[0]), Int($0[1])!) }), expected[kind]!, "\(kind), threads \(threads)")
            }
        }
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

/// Sorting by packed keys (all keys within 64 bits) and key by key (wider keys) both give the
/// order a plain comparison sort gives: each key in its type, `-` descending, nulls last,
/// ties in input order.
final class SortOrderTests: XCTestCase {
    func reference(_ cols: [Column], _ descending: [Bool], _ n: Int) -> [Int32] {
        // Each key as a Double to compare (text: its place among the distinct strings in
        // TextOrder; −0 as 0; NaN after +∞), nil for null.
        let keys: [[Double?]] = cols.map { c in
            let values = (0..<n).map { c.value(at: $0) }
            let strings = Set(values.compactMap { v -> String? in if case .text(let s) = v { return s }; return nil })
            let ranked = strings.sorted { TextOrder.less(TextOrder.key($0), $0, TextOrder.key($1), $1) }
            let rank = Dictionary(uniqueKeysWithValues: ranked.enumerated().map { ($0.element, Double($0.offset)) })
            return values.map { v -> Double? in
                switch v {
                case .int(let x): return Double(x)
                case .float(let x): return x.isNaN ? .infinity.nextUp : (x == 0 ? 0 : x)
                case .text(let s): return rank[s]!
                default: return nil
                }
            }
        }
        return (0..<Int32(n)).sorted { a, b in
            for (k, key) in keys.enumerated() {
                let x = key[Int(a)], y = key[Int(b)]
                if x == nil || y == nil {
                    if (x == nil) != (y == nil) { return y == nil }   // nulls last
                    continue
                }
                if x! != y! { return descending[k] ? x! > y! : x! < y! }
            }
            return a < b
        }
    }

    /// Sort keys of every kind: p (text, some null), age (int, some null), x (NaN, ±0, …), wide
    /// (64-bit multiples of 2^12), mid (0..<700,000). Each column draws from `seed` in turn, so
    /// the first columns do not depend on the later ones.
    func keyColumns(seed: UInt64, n: Int) -> [Column] {
        var rng = SplitMix64(seed: seed)
        let provinces = ["Hà Nội", "Huế", "An Giang", "Đà Nẵng", "Bắc Ninh", "Cà Mau"]
        return TableFixture.make([
            ("p", .texts((0..<n).map { _ in rng.next() % 50 == 0 ? nil : provinces[Int(rng.next() % 6)] })),
            ("age", .ints((0..<n).map { _ in rng.next() % 40 == 0 ? nil : Int64(rng.next() % 100) - 5 })),
            ("x", .floats((0..<n).map { _ in [Double.nan, -0.0, 0.0, -1.5, 2.25, 1e300][Int(rng.next() % 6)] })),
            ("wide", .ints((0..<n).map { _ in Int64(bitPattern: rng.next() & ~0xFFF) })),
            ("mid", .ints((0..<n).map { _ in Int64(rng.next() % 700_000) })),
        ]).columns
    }

    func testPackedAndKeyByKeyOrdersAreTheComparisonOrder() throws {
        let n = 150_000
        let c = keyColumns(seed: 3, n: n)
        // `wide` spans 64 bits (so province + wide cannot be packed); its values are distinct
        // multiples of 2^12, exact as doubles, so the reference compares them exactly.
        for (cols, desc) in [([c[0], c[1]], [false, true]), ([c[1], c[0], c[2]], [true, false, false]),
                             ([c[2]], [true]), ([c[0], c[3]], [false, false]), ([c[3], c[1]], [true, false]),
                             ([c[4], c[0]], [true, false])] {
            let expected = reference(cols, desc, n)
            for threads in [1, 2, 3] {
                let got = try SortOrder.permutation(cols, descending: desc, rowCount: n, threads: threads)
                XCTAssertTrue(got == expected, "keys \(cols.map(\.type)) \(desc), threads \(threads)")
            }
        }
        // The packed path is taken for province + age (4 + 8 bits with their null bits: one
        // counting pass) and for mid + province (20 + 4 bits: radix passes), not with a 64-bit key.
        XCTAssertEqual(PackedSortKey([c[0], c[1]], descending: [false, true], rowCount: n)?.bits, 12)
        XCTAssertEqual(PackedSortKey([c[4], c[0]], descending: [true, false], rowCount: n)?.bits, 24)
        XCTAssertLessThanOrEqual(12, PackedSortKey.countingBits)
        XCTAssertGreaterThan(24, PackedSortKey.countingBits)
        XCTAssertNil(PackedSortKey([c[0], c[3]], descending: [false, false], rowCount: n))
    }

    /// `sort … | take k`'s heap gives exactly the comparison order's first k rows: nulls last,
    /// ties by row number, text by its order, NaN after +∞, −0 as 0, keys descending or not.
    func testTopRowsAreTheFirstRowsOfTheFullOrder() throws {
        let n = 100_000
        let c = keyColumns(seed: 7, n: n)
        for (cols, desc) in [([c[0], c[1]], [false, true]), ([c[2], c[3]], [true, false]), ([c[1]], [true]), ([c[3], c[0]], [false, false])] {
            let expected = reference(cols, desc, n)
            for k in [1, 7, 1000] {
                let got = try SortOrder.top(cols, descending: desc, rowCount: n, k: k)
                XCTAssertEqual(got, Array(expected.prefix(k)), "keys \(cols.map(\.type)) \(desc), k \(k)")
            }
        }
        XCTAssertEqual(try SortOrder.top([c[1]], descending: [false], rowCount: 3, k: 10).count, 3)
    }
}
