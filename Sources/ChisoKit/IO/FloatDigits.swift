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
        var p = 1.0     // 10ᵏ, exact for every k here
        for k in 0...17 {
            defer { p *= 10 }
            let scaled = a * p
            guard scaled < limit - 2 else { return false }
            // Rounded half away from zero, as `rounded()` does but without a call into libm:
            // below 2^53 the integer part and the fraction are exact, and so is scaled − m.
            let whole = Double(Int64(scaled))
            let m = scaled - whole >= 0.5 ? whole + 1 : whole
            if scaled < 0x1p50 {
                // m / 10ᵏ reads back as a only if |m − a·10ᵏ| ≤ a·10ᵏ·2⁻⁵³; with the rounding of
                // `scaled`, only if |scaled − m| < scaled·2⁻⁵¹. Further off, no division is needed.
                if abs(scaled - m) > scaled * 0x1p-50 { continue }
                // Below 2^50, m ± 1 lie at least 7/16 from a·10ᵏ, and a quotient (m ± 1) / 10ᵏ
                // reads back as a only within a·10ᵏ·2⁻⁵³ < 1/8 of it: m is the one candidate.
                if m / p == a { write(UInt64(m), decimals: k, negative: v < 0, to: &out); return true }
                continue
            }
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
        if negative { out.append(45) }
        if k == 0 {
            out.appendDecimal(digits)
            out.append(46); out.append(48)
            return
        }
        var scale: UInt64 = 1
        for _ in 0..<k { scale &*= 10 }
        let whole = digits / scale, fraction = digits &- whole &* scale
        out.appendDecimal(whole)
        out.append(46)
        for _ in Decimal.digitCount(fraction)..<k { out.append(48) }
        out.appendDecimal(fraction)
    }
}

/// Where formatters put bytes: a growing array, or a cursor into memory already sized for the
/// cells (the CSV export), so the same digit code serves both without per-byte checks in the
/// second.
protocol ByteSink {
    mutating func append(_ byte: UInt8)
    mutating func append(bytes: UnsafeBufferPointer<UInt8>)
    /// The decimal digits of `m`, most significant first.
    mutating func appendDecimal(_ m: UInt64)
}

extension ByteSink {
    mutating func appendDecimal(_ m: UInt64) {
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)   // 24 bytes: 20 digits at most
        withUnsafeMutableBytes(of: &digits) { d in
            let n = Decimal.digitCount(m)
            Decimal.write(m, endingAt: d.baseAddress!.assumingMemoryBound(to: UInt8.self) + n)
            append(bytes: UnsafeBufferPointer(start: d.baseAddress!.assumingMemoryBound(to: UInt8.self), count: n))
        }
    }
}

extension Array: ByteSink where Element == UInt8 {
    @inline(__always) mutating func append(bytes: UnsafeBufferPointer<UInt8>) { append(contentsOf: bytes) }
}

/// Decimal digits two at a time from a table of the hundred pairs "00"…"99": half the
/// divisions of one digit at a time, written from the last digit back so none is reversed.
enum Decimal {
    /// "00", "01", … "99", one after another: a literal, so reading it needs no set-up.
    @inline(__always) static var pairs: UnsafePointer<UInt8> {
        let table: StaticString = """
            00010203040506070809101112131415161718192021222324252627282930313233343536373839\
            40414243444546474849505152535455565758596061626364656667686970717273747576777879\
            8081828384858687888990919293949596979899
            """
        return table.utf8Start
    }

    @inline(__always) static func digitCount(_ m: UInt64) -> Int {
        if m < 10 { return 1 }
        if m < 100 { return 2 }
        if m < 1000 { return 3 }
        if m < 10_000 { return 4 }
        if m < 100_000 { return 5 }
        var n = 6, p: UInt64 = 1_000_000
        while n < 20 && m >= p { n += 1; p &*= 10 }
        return n
    }

    /// The digits of `m` in the bytes just before `end` (as many as `digitCount(m)`).
    @inline(__always) static func write(_ m: UInt64, endingAt end: UnsafeMutablePointer<UInt8>) {
        var x = m, p = end
        let pairs = Self.pairs
        while x >= 100 {
            let q = x / 100, r = Int(x &- q &* 100) &* 2
            p -= 2
            p[0] = pairs[r]; p[1] = pairs[r &+ 1]
            x = q
        }
        if x >= 10 {
            let r = Int(x) &* 2
            p -= 2
            p[0] = pairs[r]; p[1] = pairs[r &+ 1]
        } else {
            p -= 1
            p[0] = UInt8(truncatingIfNeeded: 48 &+ x)
        }
    }
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

    @inline(__always) mutating func appendDecimal(_ m: UInt64) {
        let n = Decimal.digitCount(m)
        Decimal.write(m, endingAt: at + n)
        at += n
    }
}
