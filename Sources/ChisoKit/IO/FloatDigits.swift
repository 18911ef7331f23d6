/// Writes a double's shortest round-trip text — exactly what Swift's `description` writes
/// (`76.6316`, `100.0`, `0.0001`, `1e-05`) — straight into a byte buffer, without making a
/// `String` per value: the CSV export's numbers (a `String` per cell was 39 % of an export's
/// samples).
///
/// The fast path covers what surveys and plans hold: magnitudes from 1e-4 to 2^53, which Swift
/// writes in fixed notation, with few decimals. For k = 0, 1, 2, … it looks for the integers m
/// whose decimal m·10⁻ᵏ reads back as the value (the division m / 10ᵏ is correctly rounded, as
/// reading the decimal is, while m < 2^53 and 10ᵏ are exact); the first k with exactly one
/// such m gives the shortest text, which is then the one Swift chooses too. Anything else —
/// two candidates (Swift picks the closer), exponent notation, nan, inf — goes through
/// `description`.
enum FloatDigits {
    private static let powers: [Double] = (0...17).map { k in (0..<k).reduce(1.0) { a, _ in a * 10 } }
    private static let limit = 9007199254740992.0   // 2^53

    static func append<Out: ByteSink>(_ v: Double, to out: inout Out) {
        if appendFixed(v, to: &out) { return }
        var text = NumberFormat.shortest(v)
        text.withUTF8 { out.append(bytes: $0) }
    }

    /// False when the value needs the general path (nothing is written then).
    @inline(__always)
    static func appendFixed<Out: ByteSink>(_ v: Double, to out: inout Out) -> Bool {
        let a = abs(v)
        if a == 0 {
            if v.sign == .minus { out.append(45) }
            out.append(48); out.append(46); out.append(48)
            return true
        }
        guard a >= 1e-4, a < limit else { return false }
        for k in 0..<powers.count {
            let p = powers[k]
            let scaled = a * p
            guard scaled < limit - 2 else { return false }
            let m = scaled.rounded()
            let here = m / p == a
            let below = m >= 1 && (m - 1) / p == a
            let above = (m + 1) / p == a
            let count = (here ? 1 : 0) + (below ? 1 : 0) + (above ? 1 : 0)
            if count == 0 { continue }
            guard count == 1 else { return false }
            let digits = UInt64(here ? m : below ? m - 1 : m + 1)
            write(digits, decimals: k, negative: v < 0, to: &out)
            return true
        }
        return false
    }

    /// `digits` with a point `decimals` places from the right ("0.0001", "12.5", "100.0").
    private static func write<Out: ByteSink>(_ digits: UInt64, decimals k: Int, negative: Bool, to out: inout Out) {
        var buffer: (UInt64, UInt64, UInt64) = (0, 0, 0)   // 24 bytes: 17 digits at most
        withUnsafeMutableBytes(of: &buffer) { d in
            var n = 0, m = digits
            repeat { d[n] = UInt8(48 + m % 10); m /= 10; n += 1 } while m > 0
            if negative { out.append(45) }
            if k == 0 {
                for j in stride(from: n - 1, through: 0, by: -1) { out.append(d[j]) }
                out.append(46); out.append(48)
                return
            }
            if n <= k {
                out.append(48); out.append(46)
                for _ in 0..<(k - n) { out.append(48) }
                for j in stride(from: n - 1, through: 0, by: -1) { out.append(d[j]) }
                return
            }
            for j in stride(from: n - 1, through: k, by: -1) { out.append(d[j]) }
            out.append(46)
            for j in stride(from: k - 1, through: 0, by: -1) { out.append(d[j]) }
        }
    }
}

/// Where formatters put bytes: a growing array, or a cursor into memory already sized for the
/// cells (the CSV export), so the same digit code serves both without per-byte checks in the
/// second.
protocol ByteSink {
    mutating func append(_ byte: UInt8)
    mutating func append(bytes: UnsafeBufferPointer<UInt8>)
}

extension Array: ByteSink where Element == UInt8 {
    @inline(__always) mutating func append(bytes: UnsafeBufferPointer<UInt8>) { append(contentsOf: bytes) }
}

/// Writes bytes at a pointer and moves on; the caller has made room for everything written
/// (an upper bound per cell), so there is no capacity check per byte.
struct ByteCursor: ByteSink {
    var at: UnsafeMutablePointer<UInt8>

    @inline(__always) mutating func append(_ byte: UInt8) { at.pointee = byte; at += 1 }

    @inline(__always) mutating func append(bytes: UnsafeBufferPointer<UInt8>) {
        guard let base = bytes.baseAddress else { return }
        at.update(from: base, count: bytes.count)
        at += bytes.count
    }
}
