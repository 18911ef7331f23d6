/// A validity bitmap: bit i set means row i holds a value, clear means null.
/// Columns without nulls carry no bitmap at all (`Column.validity == nil`).
public struct Validity: Sendable, Equatable {
    public private(set) var words: [UInt64]
    public let count: Int

    public init(count: Int, allValid: Bool) {
        self.count = count
        let n = (count + 63) >> 6
        words = [UInt64](repeating: allValid ? ~0 : 0, count: n)
        if allValid && count & 63 != 0 { words[n - 1] = (1 << UInt64(count & 63)) - 1 }
    }

    @inline(__always) public func isValid(_ i: Int) -> Bool {
        words[i >> 6] & (1 << UInt64(i & 63)) != 0
    }

    @inline(__always) public mutating func set(_ i: Int, _ valid: Bool) {
        if valid { words[i >> 6] |= 1 << UInt64(i & 63) } else { words[i >> 6] &= ~(1 << UInt64(i & 63)) }
    }

    public var nullCount: Int { count - words.reduce(0) { $0 + $1.nonzeroBitCount } }

    /// Builds a bitmap from a predicate; returns nil when every row is valid.
    static func from(count: Int, _ valid: (Int) -> Bool) -> Validity? {
        var v = Validity(count: count, allValid: true)
        var any = false
        for i in 0..<count where !valid(i) { v.set(i, false); any = true }
        return any ? v : nil
    }

    /// Rows valid in both.
    static func and(_ a: Validity?, _ b: Validity?) -> Validity? {
        guard let a else { return b }
        guard let b else { return a }
        var r = a
        for i in 0..<r.words.count { r.words[i] &= b.words[i] }
        return r
    }
}
