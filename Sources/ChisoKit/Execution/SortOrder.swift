/// Multi-key ordering: each key compared in its own type, `-` keys descending, nulls last
/// whatever the direction, ties kept in input order.
enum SortOrder {
    enum Key {
        case ints([Int64]), doubles([Double]), ranks([Int32]), none
    }

    /// Checks for Ctrl-C every 65,536 comparisons, so a long sort stops within a fraction of a second.
    static func permutation(_ cols: [Column], descending: [Bool], rowCount n: Int) throws -> [Int32] {
        let keys: [Key] = cols.map { c in
            switch c.storage {
            case .int(let a): return .ints(a)
            case .float(let a): return .doubles(a)
            case .date(let a): return .ints(a.map { Int64($0) })
            case .bool(let a): return .ints(a.map { $0 ? 1 : 0 })
            case .text(let codes, let dict):
                let r = dict.sortRanks
                return .ranks(r.isEmpty ? codes : codes.map { r[Int($0)] })
            case .null: return .none
            }
        }
        func compare(_ a: Int, _ b: Int) -> Bool {
            for (k, key) in keys.enumerated() {
                let na = cols[k].isNull(a), nb = cols[k].isNull(b)
                if na != nb { return nb }           // the non-null row first
                if na { continue }
                let c: Int
                switch key {
                case .ints(let v): c = Kernels.cmp(v[a], v[b])
                case .doubles(let v): c = Kernels.cmp(v[a], v[b])
                case .ranks(let v): c = Kernels.cmp(v[a], v[b])
                case .none: c = 0
                }
                if c != 0 { return descending[k] ? c > 0 : c < 0 }
            }
            return a < b
        }
        var order = Array(0..<n)
        var calls = 0
        try order.sort { a, b in
            calls &+= 1
            if calls & 0xFFFF == 0 { try Interrupt.check() }
            return compare(a, b)
        }
        return order.map { Int32($0) }
    }
}
