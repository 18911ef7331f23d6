/// Accumulates one CSV column in its typed buffer while the file is read.
final class ColumnBuilder {
    let type: DataType
    /// Integers are kept in 32 bits while every value fits, in 64 from the first that does not.
    private var ints32 = GrowableBuffer<Int32>()
    private var ints = GrowableBuffer<Int64>()
    private var wide = false
    private var doubles = GrowableBuffer<Double>()
    private var bools = GrowableBuffer<Bool>()
    private var dates = GrowableBuffer<Int32>()
    private var codes = GrowableBuffer<Int32>()
    /// Rows that are null, in order (nulls are rare, so a list beats a bitmap while reading).
    private var nullRows: [Int] = []
    private(set) var count = 0

    /// Raw bytes as they appear in the file → code in `text`. Distinct raw spellings of one
    /// NFC string (composed vs decomposed "ệ") share a final code; ASCII goes straight to `text`.
    private var raw = TextDictionaryBuilder()
    private var rawToFinal: [Int32] = []
    fileprivate(set) var text = TextDictionaryBuilder()

    /// Set when a value needs a wider type than `type`.
    private(set) var widenTo: DataType?
    private(set) var invalidUTF8 = false

    init(type: DataType, reserve n: Int) {
        self.type = type
        switch type {
        case .int: ints32.reserve(n)
        case .float: doubles.reserve(n)
        case .bool: bools.reserve(n)
        case .date: dates.reserve(n)
        case .text: codes.reserve(n)
        case .null: break
        }
    }

    deinit {
        ints32.free(); ints.free(); doubles.free(); bools.free(); dates.free(); codes.free()
    }

    /// Set when a cell's number is beyond a 64-bit float's range (the reader stops there).
    var overflowed = false

    /// Decimal and thousands separators of number cells (`load … (decimal = ",")`).
    var separators = NumberSeparators.standard
    private var scratch: [UInt8] = []
    private var inferScratch: [UInt8] = []

    func appendNull() {
        switch type {
        case .int: if wide { ints.append(0) } else { ints32.append(0) }
        case .float: doubles.append(0)
        case .bool: bools.append(false)
        case .date: dates.append(0)
        case .text: codes.append(0)
        case .null: break
        }
        nullRows.append(count)
        count += 1
    }

    /// Appends a cell; false when it does not fit the column's type (the column is then marked
    /// for widening and a null is stored in its place for the rest of this pass).
    @inline(__always) func append(_ p: UnsafePointer<UInt8>, _ n: Int, highBit: Bool) -> Bool {
        // A byte order mark inside the file (two CSVs joined end to end) is no part of a cell.
        if highBit && n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF { return append(p + 3, n - 3, highBit: highBit) }
        if !separators.isStandard && (type == .int || type == .float) { return appendSeparated(p, n) }
        return appendStandard(p, n, highBit: highBit)
    }

    /// A number cell written with other separators, rewritten into chiso's form first.
    private func appendSeparated(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        switch separators.normalize(p, n, into: &scratch) {
        case .other: return appendStandard(p, n, highBit: false)
        case .notNumber: return mismatch(.text)
        case .number:
            let normalized = scratch   // shares the storage; mismatch() writes to inferScratch only
            return normalized.withUnsafeBufferPointer { appendStandard($0.baseAddress!, $0.count, highBit: false) }
        }
    }

    @inline(__always) private func appendStandard(_ p: UnsafePointer<UInt8>, _ n: Int, highBit: Bool) -> Bool {
        switch type {
        case .int:
            if let v = CellParser.int(p, n) ?? trimmed(p, n) { appendInt(v); return true }
        case .float:
            if let v = CellParser.decimal(p, n) {
                // A number too large for a double reads as ±inf: never a silent value.
                if v.isInfinite && CellParser.special(p, n) == nil { overflowed = true }
                appendFloat(v); return true
            }
        case .bool:
            if let v = CellParser.bool(p, n) { appendBool(v); return true }
        case .date:
            if let v = CellParser.date(p, n) { appendDate(v); return true }
        case .text:
            let bytes = UnsafeBufferPointer(start: p, count: n)
            if appendText(bytes, highBit: highBit, hash: TextDictionaryBuilder.hash(bytes)) { return true }
            appendNull()
            return false
        case .null:
            break
        }
        return mismatch(separators.infer(p, n, scratch: &inferScratch))
    }

    // Typed appends of values already parsed (the plain-record path parses while it scans).
    @inline(__always) func appendInt(_ v: Int64) {
        if wide { ints.append(v) } else if let small = Int32(exactly: v) { ints32.append(small) } else {
            widen(); ints.append(v)
        }
        count += 1
    }
    @inline(__always) func appendFloat(_ v: Double) { doubles.append(v); count += 1 }
    @inline(__always) func appendBool(_ v: Bool) { bools.append(v); count += 1 }
    @inline(__always) func appendDate(_ v: Int32) { dates.append(v); count += 1 }
    /// False (nothing appended) for bytes that are not valid UTF-8.
    @inline(__always) func appendText(_ bytes: UnsafeBufferPointer<UInt8>, highBit: Bool, hash: UInt64) -> Bool {
        if highBit && bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF {
            let rest = UnsafeBufferPointer(rebasing: bytes[3...])
            return appendText(rest, highBit: highBit, hash: TextDictionaryBuilder.hash(rest))
        }
        guard let code = internText(bytes, highBit: highBit, hash: hash) else { return false }
        codes.append(code); count += 1
        return true
    }

    /// Takes back the last cell appended (a record the plain path began and handed over to the
    /// general one). Text interned for it stays in the dictionary: the general path interns the
    /// same bytes again and gets the same code, so codes keep their first-appearance order.
    func dropLast() {
        count -= 1
        if nullRows.last == count { nullRows.removeLast() }
        switch type {
        case .int: if wide { ints.removeLast() } else { ints32.removeLast() }
        case .float: doubles.removeLast()
        case .bool: bools.removeLast()
        case .date: dates.removeLast()
        case .text: codes.removeLast()
        case .null: break
        }
    }

    /// Does not fit: note the type needed and keep the column aligned with a null.
    private func mismatch(_ found: DataType) -> Bool {
        let needed = CellParser.widen(type, found)
        widenTo = widenTo.map { CellParser.widen($0, needed) } ?? needed
        appendNull()
        return false
    }

    /// Moves the integers read so far to 64 bits.
    private func widen() {
        guard !wide else { return }
        ints.reserve(max(16, ints32.count * 2))
        for i in 0..<ints32.count { ints.append(Int64(ints32[i])) }
        ints32.free()
        wide = true
    }

    /// An integer with spaces around it (" 12 ").
    private func trimmed(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int64? {
        var a = 0, b = n
        while a < b && p[a] == 32 { a += 1 }
        while b > a && p[b - 1] == 32 { b -= 1 }
        return (a == 0 && b == n) ? nil : CellParser.int(p + a, b - a)
    }

    @inline(__always) private func internText(_ bytes: UnsafeBufferPointer<UInt8>, highBit: Bool, hash: UInt64) -> Int32? {
        if !highBit { return text.internExact(bytes, hash: hash) }
        let before = raw.count
        let r = raw.internExact(bytes, hash: hash)
        if Int(r) < before {
            let code = rawToFinal[Int(r)]
            if code < 0 { invalidUTF8 = true; return nil }
            return code
        }
        // New raw spelling: validate, normalise, and map it to its NFC entry.
        guard let s = String(validating: bytes, as: UTF8.self) else {
            invalidUTF8 = true
            rawToFinal.append(-1)
            return nil
        }
        let code = text.intern(s)
        rawToFinal.append(code)
        return code
    }

    /// One column from the builders of consecutive parts of the file (one part, or one per
    /// thread). Text codes of later parts are remapped onto the first part's dictionary.
    static func finish(_ parts: [ColumnBuilder]) -> Column {
        let first = parts[0]
        let rows = parts.reduce(0) { $0 + $1.count }
        var validity: Validity? = nil
        if parts.contains(where: { !$0.nullRows.isEmpty }) {
            var v = Validity(count: rows, allValid: true)
            var base = 0
            for p in parts {
                for r in p.nullRows { v.set(base + r, false) }
                base += p.count
            }
            validity = v
        }
        switch first.type {
        case .int:
            if parts.allSatisfy({ !$0.wide }) {
                return Column(narrowInts: join(parts, \.ints32), validity: validity)
            }
            parts.forEach { $0.widen() }
            return Column(.int(join(parts, \.ints)), validity: validity)
        case .float:
            return Column(.float(join(parts, \.doubles)), validity: validity)
        case .bool:
            return Column(.bool(join(parts, \.bools)), validity: validity)
        case .date:
            return Column(.date(join(parts, \.dates)), validity: validity)
        case .text:
            for p in parts.dropFirst() {
                let remap = p.text.build().strings.map { first.text.intern($0) }
                guard !remap.isEmpty else { continue }   // only nulls: codes are never read
                for i in 0..<p.count { p.codes[i] = remap[Int(p.codes[i])] }
            }
            return Column(.text(codes: join(parts, \.codes), dictionary: first.text.build()), validity: validity)
        case .null:
            return Column(.null(count: rows))
        }
    }

    /// Moves one buffer out of every part (so each is freed as soon as it is copied) and joins them.
    private static func join<T>(_ parts: [ColumnBuilder], _ buffer: ReferenceWritableKeyPath<ColumnBuilder, GrowableBuffer<T>>) -> [T] {
        var bufs = parts.map { $0[keyPath: buffer] }
        parts.forEach { $0[keyPath: buffer] = GrowableBuffer() }
        return GrowableBuffer.join(&bufs)
    }
}
