/// Accumulates one CSV column in its typed array while the file is read.
struct ColumnBuilder {
    let type: DataType
    private var ints: [Int64] = []
    private var doubles: [Double] = []
    private var bools: [Bool] = []
    private var dates: [Int32] = []
    private var codes: [Int32] = []
    private var valid: [UInt64] = []
    private var count = 0
    private var nulls = 0

    /// Raw bytes as they appear in the file → code in `text`. Distinct raw spellings of one
    /// NFC string (composed vs decomposed "ệ") share a final code.
    private var raw = TextDictionaryBuilder()
    private var rawToFinal: [Int32] = []
    private var text = TextDictionaryBuilder()

    /// Set when a value needs a wider type than `type`.
    private(set) var widenTo: DataType?
    private(set) var invalidUTF8 = false

    init(type: DataType) { self.type = type == .null ? .null : type }

    mutating func reserve(_ n: Int) {
        switch type {
        case .int: ints.reserveCapacity(n)
        case .float: doubles.reserveCapacity(n)
        case .bool: bools.reserveCapacity(n)
        case .date: dates.reserveCapacity(n)
        case .text: codes.reserveCapacity(n)
        case .null: break
        }
        valid.reserveCapacity(n / 64 + 1)
    }

    @inline(__always) private mutating func setValid(_ ok: Bool) {
        if count & 63 == 0 { valid.append(0) }
        if ok { valid[valid.count - 1] |= 1 << UInt64(count & 63) } else { nulls += 1 }
        count += 1
    }

    mutating func appendNull() {
        switch type {
        case .int: ints.append(0)
        case .float: doubles.append(0)
        case .bool: bools.append(false)
        case .date: dates.append(0)
        case .text: codes.append(0)
        case .null: break
        }
        setValid(false)
    }

    /// Appends a cell; false when it does not fit the column's type (the column is then marked
    /// for widening and a null is stored in its place for the rest of this pass).
    @inline(__always) mutating func append(_ p: UnsafePointer<UInt8>, _ n: Int, quoted: Bool, highBit: Bool) -> Bool {
        switch type {
        case .int:
            if let v = CellParser.int(p, n) ?? trimmed(p, n, CellParser.int) { ints.append(v); setValid(true); return true }
        case .float:
            if CellParser.isFloatText(p, n) || CellParser.int(p, n) != nil, let v = CellParser.double(p, n) {
                doubles.append(v); setValid(true); return true
            }
        case .bool:
            if let v = CellParser.bool(p, n) { bools.append(v); setValid(true); return true }
        case .date:
            if let v = CellParser.date(p, n) { dates.append(v); setValid(true); return true }
        case .text:
            if let code = internText(p, n, highBit: highBit) { codes.append(code); setValid(true); return true }
            appendNull()
            return false
        case .null:
            break
        }
        // Does not fit: note the type needed and keep the column aligned with a null.
        let needed = CellParser.widen(type == .null ? .null : type, CellParser.infer(p, n))
        widenTo = widenTo.map { CellParser.widen($0, needed) } ?? needed
        if type != .null { appendNull() } else { setValid(false) }
        return false
    }

    private func trimmed(_ p: UnsafePointer<UInt8>, _ n: Int, _ f: (UnsafePointer<UInt8>, Int) -> Int64?) -> Int64? {
        var a = 0, b = n
        while a < b && p[a] == 32 { a += 1 }
        while b > a && p[b - 1] == 32 { b -= 1 }
        return (a == 0 && b == n) ? nil : f(p + a, b - a)
    }

    private mutating func internText(_ p: UnsafePointer<UInt8>, _ n: Int, highBit: Bool) -> Int32? {
        let bytes = UnsafeBufferPointer(start: p, count: n)
        if !highBit { return text.internExact(bytes) }
        let before = raw.count
        let r = raw.internExact(bytes)
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

    func finish(_ rows: Int) -> Column {
        var validity: Validity? = nil
        if nulls > 0 {
            var v = Validity(count: rows, allValid: false)
            for i in 0..<rows where valid[i >> 6] & (1 << UInt64(i & 63)) != 0 { v.set(i, true) }
            validity = v
        }
        switch type {
        case .int: return Column(.int(ints), validity: validity)
        case .float: return Column(.float(doubles), validity: validity)
        case .bool: return Column(.bool(bools), validity: validity)
        case .date: return Column(.date(dates), validity: validity)
        case .text: return Column(.text(codes: codes, dictionary: text.build()), validity: validity)
        case .null: return Column(.null(count: rows))
        }
    }
}
