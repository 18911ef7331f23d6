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

    /// The bits of rows i..<i + 8 (row i in bit 0), as an Int; rows past the end read as null.
    @inline(__always) func byte(at i: Int) -> Int {
        let w = i >> 6, shift = UInt64(i & 63)
        var bits = words[w] >> shift
        if shift > 56 && w + 1 < words.count { bits |= words[w + 1] << (64 - shift) }
        return Int(truncatingIfNeeded: bits) & 0xFF
    }

    public var nullCount: Int { count - words.reduce(0) { $0 + $1.nonzeroBitCount } }

    /// The validity of rows gathered by index (−1: null) from rows with `source` validity (nil:
    /// all valid); nil when every gathered row is valid. Sixty-four rows' bits a word at a time.
    init?(gathering source: Validity?, through indices: [Int32]) {
        let n = indices.count
        var v = Validity(count: n, allValid: true)
        var any = false
        indices.withUnsafeBufferPointer { ix in v.words.withUnsafeMutableBufferPointer { w in
            for word in 0..<w.count {
                var bits: UInt64 = 0
                let lo = word << 6, hi = Swift.min(n, lo + 64)
                if let source {
                    for i in lo..<hi { let j = ix[i]; bits |= (j >= 0 && source.isValid(Int(j)) ? 1 : 0) << UInt64(i - lo) }
                } else {
                    for i in lo..<hi { bits |= (ix[i] >= 0 ? 1 : 0) << UInt64(i - lo) }
                }
                if bits != w[word] { any = true }
                w[word] = bits
            }
        } }
        guard any else { return nil }
        self = v
    }

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
