import Dispatch
/// A typed, contiguous column with an optional validity bitmap.
public struct Column: Sendable {
    public enum Storage: Sendable {
        case int([Int64])
        case float([Double])
        case bool([Bool])
        /// Days since 1970-01-01.
        case date([Int32])
        /// Per-row codes into a shared dictionary.
        case text(codes: [Int32], dictionary: TextDictionary)
        /// A column of nulls only (the type of a bare `null` literal).
        case null(count: Int)
    }

    /// How the values are held. Integers that fit in 32 bits are kept narrow at rest (a loaded
    /// survey's years, ages, 0/1 answers and codes): half the memory of a 64-bit column. Kernels
    /// see the canonical `storage`, widened when read; per-row accessors read the narrow form.
    enum Layout: Sendable {
        case canonical(Storage)
        case int32([Int32])
    }

    var layout: Layout
    /// nil when no row is null.
    public var validity: Validity?

    /// The values in canonical form (narrow integers widened to 64 bits).
    public var storage: Storage {
        get {
            switch layout {
            case .canonical(let s): return s
            case .int32(let v): return .int(v.map { Int64($0) })
            }
        }
        set { layout = .canonical(newValue) }
    }

    public init(_ storage: Storage, validity: Validity? = nil) {
        self.layout = .canonical(storage)
        self.validity = validity.flatMap { $0.nullCount == 0 ? nil : $0 }
    }

    /// An integer column kept in 32 bits (every value must fit).
    init(narrowInts values: [Int32], validity: Validity? = nil) {
        self.layout = .int32(values)
        self.validity = validity.flatMap { $0.nullCount == 0 ? nil : $0 }
    }

    /// The layout's canonical storage without widening, or nil for narrow integers.
    var canonical: Storage? { if case .canonical(let s) = layout { return s } else { return nil } }

    public var type: DataType {
        guard let storage = canonical else { return .int }
        switch storage {
        case .int: return .int
        case .float: return .float
        case .bool: return .bool
        case .date: return .date
        case .text: return .text
        case .null: return .null
        }
    }

    public var count: Int {
        guard let storage = canonical else { if case .int32(let v) = layout { return v.count }; return 0 }
        switch storage {
        case .int(let a): return a.count
        case .float(let a): return a.count
        case .bool(let a): return a.count
        case .date(let a): return a.count
        case .text(let c, _): return c.count
        case .null(let n): return n
        }
    }

    @inline(__always) public func isNull(_ i: Int) -> Bool {
        if case .canonical(.null) = layout { return true }
        return validity.map { !$0.isValid(i) } ?? false
    }

    public var nullCount: Int {
        if case .canonical(.null(let n)) = layout { return n }
        return validity?.nullCount ?? 0
    }

    /// One cell as a `Value` (for display and tests, not for hot loops).
    public func value(at i: Int) -> Value {
        if isNull(i) { return .null }
        guard let storage = canonical else {
            if case .int32(let v) = layout { return .int(Int64(v[i])) }
            return .null
        }
        switch storage {
        case .int(let a): return .int(a[i])
        case .float(let a): return .float(a[i])
        case .bool(let a): return .bool(a[i])
        case .date(let a): return .date(a[i])
        case .text(let c, let d): return .text(d.string(c[i]))
        case .null: return .null
        }
    }

    /// A column of `count` copies of a value.
    public static func constant(_ v: Value, count: Int) -> Column {
        switch v {
        case .null: return Column(.null(count: count))
        case .int(let x): return Column(.int([Int64](repeating: x, count: count)))
        case .float(let x): return Column(.float([Double](repeating: x, count: count)))
        case .bool(let x): return Column(.bool([Bool](repeating: x, count: count)))
        case .date(let x): return Column(.date([Int32](repeating: x, count: count)))
        case .text(let s):
            var b = TextDictionaryBuilder(capacity: 1)
            let code = b.intern(s)
            return Column(.text(codes: [Int32](repeating: code, count: count), dictionary: b.build()))
        }
    }

    /// Rows picked by index; an index of -1 gives a null (used by left joins). One pass writes
    /// the values straight into uninitialised memory and notes any -1 on the way; with
    /// `threads` > 1 a long gather is split into ranges, one per core.
    public func gather(_ indices: [Int32], threads: Int = 1) -> Column {
        let n = indices.count
        if type == .null { return Column(.null(count: n)) }   // (`storage` would widen narrow ints)
        var picker = IndexPicker(indices: indices, lanes: max(1, min(threads, n >> 17, 64)))
        let column = picking(&picker)
        let missing = picker.missing
        guard self.validity != nil || missing else { return column }
        var result = column
        result.validity = Validity(gathering: self.validity, through: indices)
        return result
    }

    /// This column's values rebuilt by `picker` (validity left to the caller): the one place a
    /// gather-like operation opens a column's storage, whatever it reads its rows through.
    func picking<P: ValuePicker>(_ picker: inout P) -> Column {
        if case .int32(let a) = layout { return Column(narrowInts: picker.pick(a, 0)) }
        switch storage {
        case .int(let a): return Column(.int(picker.pick(a, 0)))
        case .float(let a): return Column(.float(picker.pick(a, 0)))
        case .bool(let a): return Column(.bool(picker.pick(a, false)))
        case .date(let a): return Column(.date(picker.pick(a, 0)))
        case .text(let c, let d): return Column(.text(codes: picker.pick(c, 0), dictionary: d))
        case .null(let n): return Column(.null(count: n))
        }
    }

    /// This column converted to `type` (int → float, null → anything); nil if not possible.
    public func cast(to type: DataType) -> Column? {
        if type == self.type { return self }
        switch (storage, type) {
        case (.int(let a), .float): return Column(.float(a.map { Double($0) }), validity: validity)
        case (.null(let n), _):
            let v = Validity(count: n, allValid: false)
            switch type {
            case .int: return Column(.int([Int64](repeating: 0, count: n)), validity: v)
            case .float: return Column(.float([Double](repeating: 0, count: n)), validity: v)
            case .bool: return Column(.bool([Bool](repeating: false, count: n)), validity: v)
            case .date: return Column(.date([Int32](repeating: 0, count: n)), validity: v)
            case .text: return Column(.text(codes: [Int32](repeating: 0, count: n), dictionary: .empty), validity: v)
            case .null: return self
            }
        default: return nil
        }
    }

    /// The values as doubles (int or float columns), for numeric kernels.
    func doubles() -> [Double]? {
        if case .int32(let a) = layout { return a.map { Double($0) } }
        switch storage {
        case .float(let a): return a
        case .int(let a): return a.map { Double($0) }
        case .bool(let a): return a.map { $0 ? 1 : 0 }
        case .null(let n): return [Double](repeating: 0, count: n)
        default: return nil
        }
    }

    /// Appends the rows of `other` (same type) after these; used by `union`-like operations.
    static func concatenate(_ parts: [Column], type: DataType) -> Column {
        let total = parts.reduce(0) { $0 + $1.count }
        let casted = parts.map { $0.cast(to: type) ?? $0 }
        var validity: Validity? = nil
        if casted.contains(where: { $0.validity != nil || $0.type == .null }) {
            var v = Validity(count: total, allValid: true)
            var base = 0
            for p in casted {
                for i in 0..<p.count where p.isNull(i) { v.set(base + i, false) }
                base += p.count
            }
            validity = v
        }
        switch type {
        case .int: return Column(.int(casted.flatMap { if case .int(let a) = $0.storage { return a } else { return [] } }), validity: validity)
        case .float: return Column(.float(casted.flatMap { if case .float(let a) = $0.storage { return a } else { return [] } }), validity: validity)
        case .bool: return Column(.bool(casted.flatMap { if case .bool(let a) = $0.storage { return a } else { return [] } }), validity: validity)
        case .date: return Column(.date(casted.flatMap { if case .date(let a) = $0.storage { return a } else { return [] } }), validity: validity)
        case .null: return Column(.null(count: total))
        case .text:
            var b = TextDictionaryBuilder()
            var codes: [Int32] = []
            codes.reserveCapacity(total)
            for p in casted {
                guard case .text(let c, let d) = p.storage else { continue }
                let remap = d.strings.map { b.intern($0) }
                codes.append(contentsOf: c.map { remap.isEmpty ? 0 : remap[Int($0)] })
            }
            return Column(.text(codes: codes, dictionary: b.build()), validity: validity)
        }
    }
}

/// Builds the values of new rows from a column's stored values (see `Column.picking`).
protocol ValuePicker {
    /// The new rows' values from `values`, `zero` where a row reads none.
    mutating func pick<T: BitwiseCopyable & Sendable>(_ values: [T], _ zero: T) -> [T]
}

/// Rows by index, -1 for none; the rows split over `lanes` cores.
struct IndexPicker: ValuePicker {
    let indices: [Int32]
    let lanes: Int
    /// Whether some index was -1.
    var missing = false

    mutating func pick<T: BitwiseCopyable & Sendable>(_ a: [T], _ zero: T) -> [T] {
        let n = indices.count, lanes = self.lanes
        var anyMissing = [Bool](repeating: false, count: lanes)
        let out = [T](unsafeUninitializedCapacity: n) { buffer, count in
            a.withUnsafeBufferPointer { s in indices.withUnsafeBufferPointer { ix in anyMissing.withUnsafeMutableBufferPointer { m in
                let src = SharedBuffer(s), idx = SharedBuffer(ix), dst = SharedBuffer(buffer), flags = SharedBuffer(m)
                let chunk = (n + lanes - 1) / lanes
                @Sendable func range(_ lane: Int) {
                    var gap = false
                    for k in (lane * chunk)..<Swift.min(n, (lane + 1) * chunk) {
                        let i = idx[k]
                        if i >= 0 { (dst.base + k).initialize(to: src[Int(i)]) } else { (dst.base + k).initialize(to: zero); gap = true }
                    }
                    flags[lane] = gap
                }
                if lanes == 1 { range(0) } else { Parallelism.perform(lanes) { range($0) } }
            } } }
            count = n
        }
        missing = missing || anyMissing.contains(true)
        return out
    }
}
