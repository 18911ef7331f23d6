import Synchronization

/// The distinct strings of a text column, stored contiguously as NFC UTF-8 bytes.
///
/// Text columns hold an `Int32` code per row into one of these, so filtering, grouping and
/// joining compare integers, and string functions run once per distinct value instead of once
/// per row. A dictionary is immutable once built and shared between columns derived from it.
public final class TextDictionary: Sendable {
    public let bytes: [UInt8]
    /// `offsets[i]..<offsets[i+1]` are the bytes of entry i.
    public let offsets: [Int32]

    init(bytes: [UInt8], offsets: [Int32]) {
        self.bytes = bytes
        self.offsets = offsets
    }

    public var count: Int { offsets.count - 1 }

    public func string(_ code: Int32) -> String {
        let i = Int(code)
        return String(decoding: bytes[Int(offsets[i])..<Int(offsets[i + 1])], as: UTF8.self)
    }

    @inline(__always) func withBytes<R>(_ code: Int32, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        let i = Int(code)
        return bytes.withUnsafeBufferPointer { all in
            body(UnsafeBufferPointer(rebasing: all[Int(offsets[i])..<Int(offsets[i + 1])]))
        }
    }

    /// All entries as Swift strings (for per-entry functions such as `lower`).
    public var strings: [String] { (0..<count).map { string(Int32($0)) } }

    /// The ranks once computed; a mutex, since one dictionary may be sorted by two threads.
    private let cachedRanks = Mutex<[Int32]?>(nil)
    /// Rank of each entry in chiso's text order (see `TextOrder`), computed once.
    var sortRanks: [Int32] {
        if let r = cachedRanks.withLock({ $0 }) { return r }
        let strs = strings
        let keys = strs.map { TextOrder.key($0) }
        let order = (0..<count).sorted { TextOrder.less(keys[$0], strs[$0], keys[$1], strs[$1]) }
        var ranks = [Int32](repeating: 0, count: count)
        var rank: Int32 = 0
        for (pos, idx) in order.enumerated() {
            if pos > 0, strs[order[pos - 1]] != strs[idx] { rank += 1 }
            ranks[idx] = rank
        }
        cachedRanks.withLock { $0 = ranks }
        return ranks
    }

    static let empty = TextDictionary(bytes: [], offsets: [0])
}

/// How chiso orders text: by the diacritic- and case-folded form first ("an" < "Ân" < "bạc"),
/// then by the exact bytes, so Vietnamese names sort the way readers expect rather than with
/// every accented capital after "z".
enum TextOrder {
    static func key(_ s: String) -> [UInt8] { Array(Fold.fold(s).utf8) }
    static func less(_ ka: [UInt8], _ a: String, _ kb: [UInt8], _ b: String) -> Bool {
        if ka != kb { return ka.lexicographicallyPrecedes(kb) }
        return Array(a.utf8).lexicographicallyPrecedes(Array(b.utf8))
    }
}

/// Interns byte strings into a `TextDictionary`, deduplicating with an open-addressing hash
/// table over the stored bytes (no per-value `String` is made for ASCII input).
/// Public for the readers outside ChisoKit (StatFiles) that build text columns as they scan.
public struct TextDictionaryBuilder {
    private(set) var bytes: [UInt8] = []
    private(set) var offsets: [Int32] = [0]
    private var slots: [Int32]          // code + 1, 0 = empty
    private var hashes: [UInt64] = []    // per entry
    private var mask: Int

    public init(capacity: Int = 64) {
        var n = 16
        while n < capacity * 2 { n <<= 1 }
        slots = [Int32](repeating: 0, count: n)
        mask = n - 1
    }

    public var count: Int { offsets.count - 1 }

    @inline(__always) static func hash(_ p: UnsafeBufferPointer<UInt8>) -> UInt64 {
        // FNV-1a, 64-bit: simple and good enough for short identifiers and names.
        var h = hashSeed
        for b in p { h = hashStep(h, b) }
        return h
    }
    static let hashSeed: UInt64 = 0xcbf29ce484222325
    @inline(__always) static func hashStep(_ h: UInt64, _ b: UInt8) -> UInt64 { (h ^ UInt64(b)) &* 0x100000001b3 }

    /// The code of these bytes, adding them if new. Non-ASCII input is NFC-normalised first.
    public mutating func intern(_ p: UnsafeBufferPointer<UInt8>) -> Int32 {
        var ascii = true
        for b in p where b >= 0x80 { ascii = false; break }
        if !ascii {
            let s = Unicode.nfc(String(decoding: p, as: UTF8.self))
            var u = Array(s.utf8)
            return u.withUnsafeMutableBufferPointer { internExact(UnsafeBufferPointer($0)) }
        }
        return internExact(p)
    }

    public mutating func intern(_ s: String) -> Int32 {
        var u = Array(Unicode.nfc(s).utf8)
        return u.withUnsafeMutableBufferPointer { internExact(UnsafeBufferPointer($0)) }
    }

    /// Interns bytes as they are (known to be NFC already, or to be normalised later once per
    /// distinct string, as the statistics-file reader does).
    public mutating func internExact(_ p: UnsafeBufferPointer<UInt8>) -> Int32 {
        internExact(p, hash: Self.hash(p))
    }

    /// Interns NFC bytes whose `hash` the caller computed (the CSV reader hashes a cell while
    /// it looks for the cell's end, so the bytes are read once).
    @inline(__always) mutating func internExact(_ p: UnsafeBufferPointer<UInt8>, hash h: UInt64) -> Int32 {
        var slot = Int(truncatingIfNeeded: h) & mask
        while true {
            let s = slots[slot]
            if s == 0 { break }
            let code = Int(s - 1)
            if hashes[code] == h {
                let lo = Int(offsets[code]), hi = Int(offsets[code + 1])
                if hi - lo == p.count && bytes.withUnsafeBufferPointer({ all in
                    Self.same(all.baseAddress! + lo, p.baseAddress, p.count)
                }) {
                    return Int32(code)
                }
            }
            slot = (slot + 1) & mask
        }
        let code = Int32(count)
        bytes.append(contentsOf: p)
        offsets.append(Int32(bytes.count))
        hashes.append(h)
        slots[slot] = code + 1
        if count * 2 > mask { grow() }
        return code
    }

    /// Equal bytes; short ones (most cells: names, codes) compared inline, not through memcmp.
    @inline(__always) private static func same(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>?, _ n: Int) -> Bool {
        guard n > 0, let b else { return true }
        if n > 16 { return memcmp(a, b, n) == 0 }
        for k in 0..<n where a[k] != b[k] { return false }
        return true
    }

    private mutating func grow() {
        let n = (mask + 1) * 2
        slots = [Int32](repeating: 0, count: n)
        mask = n - 1
        for code in 0..<count {
            var slot = Int(truncatingIfNeeded: hashes[code]) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(code + 1)
        }
    }

    public func build() -> TextDictionary { TextDictionary(bytes: bytes, offsets: offsets) }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
