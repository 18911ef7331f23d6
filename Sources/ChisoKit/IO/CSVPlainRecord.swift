/// The CSV reader's fast path for plain records.
///
/// Most records of an office's file have no quote and no line break inside a field. Such a
/// record, when it lies wholly in the buffer, is parsed straight into the column builders while
/// it is scanned: an integer digit by digit, a text cell hashed on the way to its end, so each
/// byte is read once and no field spans are written and read back. Splitting into spans first
/// and converting cell by cell (the general path, `CSVScanner.tokenize`) read every byte twice
/// and cost half of a load's time.
///
/// The general path owns every rule and every message. This path only takes a record when its
/// result is certainly the same; on anything else — a quote, a carriage return inside a field, a
/// blank line, a cell that does not parse as its column's type, too few or too many fields, the
/// end of the buffer — it takes back the cells it appended and leaves the record, from its start,
/// to the general path. So a late value that widens a column, a located error, or a partial last
/// line behave exactly as before.
enum PlainCell: UInt8 {
    case int, float, text, bool, date, null

    /// The kinds for a file's columns, or nil where the plain path does not apply: null tokens
    /// (a cell's text decides) or other number separators (cells are rewritten first).
    static func kinds(types: [DataType], options: CSVOptions) -> [PlainCell]? {
        guard options.plainRecords, options.nullTokens.isEmpty, options.separators.isStandard else { return nil }
        return types.map { t in
            switch t {
            case .int: .int
            case .float: .float
            case .text: .text
            case .bool: .bool
            case .date: .date
            case .null: .null
            }
        }
    }
}

/// The bytes that end an unquoted cell's scan: the delimiter and line feed, and the quote and
/// carriage return that only the general path reads.
struct PlainStops {
    private var table = [Bool](repeating: false, count: 256)
    init(delimiter: UInt8) {
        for b in [delimiter, 10, 13, UInt8(ascii: "\"")] { table[Int(b)] = true }
    }
    func withTable<R>(_ body: (UnsafePointer<Bool>) throws -> R) rethrows -> R {
        try table.withUnsafeBufferPointer { try body($0.baseAddress!) }
    }
}

extension CSVScanner {
    /// Reads the record at `pos` into `builders`; false, with every builder as it was before,
    /// when the general path must read it.
    @inline(__always)
    func plainRecord(_ kinds: UnsafeBufferPointer<PlainCell>, _ builders: UnsafeBufferPointer<Unmanaged<ColumnBuilder>>,
                     stops: UnsafePointer<Bool>) -> Bool {
        let width = kinds.count
        var i = pos
        for k in 0..<width {
            let last = k == width - 1
            let ok = builders[k]._withUnsafeGuaranteedRef { b in plainCell(kinds[k], into: b, at: &i, last: last, stops: stops) }
            guard ok else {
                for j in 0..<k { builders[j]._withUnsafeGuaranteedRef { $0.dropLast() } }
                return false
            }
        }
        pos = i
        line += 1
        recordStart = i
        return true
    }

    /// One cell from `i`; on success `i` is just past its delimiter or line break.
    @inline(__always)
    private func plainCell(_ kind: PlainCell, into b: ColumnBuilder, at i: inout Int, last: Bool, stops: UnsafePointer<Bool>) -> Bool {
        let buf = self.buf, end = filled
        let start = i
        switch kind {
        case .int:
            // Sign and up to 18 digits (no Int64 overflow); "007", "+5", " 5" and longer numbers
            // go to the general path, which decides between int, wider types and errors.
            var neg = false
            if i < end && buf[i] == UInt8(ascii: "-") { neg = true; i += 1 }
            let digitsStart = i
            var v: Int64 = 0
            while i < end {
                let d = buf[i] &- 48
                if d > 9 { break }
                v = v &* 10 &+ Int64(d)
                i += 1
            }
            let cellEnd = i
            guard cellEnds(at: &i, last: last) else { return false }
            let digits = cellEnd - digitsStart
            if digits == 0 {
                if neg { return false }
                b.appendNull()
                return true
            }
            if digits > 18 || (digits > 1 && buf[digitsStart] == UInt8(ascii: "0")) { return false }
            b.appendInt(neg ? -v : v)
            return true
        case .text:
            var h = TextDictionaryBuilder.hashSeed
            var high: UInt8 = 0
            while i < end {
                let c = buf[i]
                if stops[Int(c)] { break }
                h = TextDictionaryBuilder.hashStep(h, c)
                high |= c
                i += 1
            }
            let cellEnd = i
            guard cellEnds(at: &i, last: last) else { return false }
            if cellEnd == start { b.appendNull(); return true }
            return b.appendText(UnsafeBufferPointer(start: buf + start, count: cellEnd - start), highBit: high >= 0x80, hash: h)
        case .float:
            if let v = plainDecimal(at: &i) {
                guard cellEnds(at: &i, last: last) else { return false }
                b.appendFloat(v)
                return true
            }
            i = start
            fallthrough
        case .bool, .date, .null:
            while i < end && !stops[Int(buf[i])] { i += 1 }
            let cellEnd = i
            guard cellEnds(at: &i, last: last) else { return false }
            let p = buf + start, n = cellEnd - start
            if n == 0 { b.appendNull(); return true }
            switch kind {
            case .float:
                // ±inf from an out-of-range number is the general path's error, not a value.
                guard let v = CellParser.decimal(p, n), v.isFinite || CellParser.special(p, n) != nil else { return false }
                b.appendFloat(v)
            case .bool:
                guard let v = CellParser.bool(p, n) else { return false }
                b.appendBool(v)
            case .date:
                guard let v = CellParser.date(p, n) else { return false }
                b.appendDate(v)
            default:
                return false
            }
            return true
        }
    }

    /// The common float cell, `[-]digits[.digits]` with at most 15 significant digits, read
    /// while it is scanned; nil (with `i` anywhere in the cell) for any other spelling, which
    /// `CellParser.decimal` then reads. The value is `CellParser.double`'s, bit for bit: the
    /// same mantissa and scale, and Clinger's exact path of one division by a power of ten.
    @inline(__always) private func plainDecimal(at i: inout Int) -> Double? {
        let buf = self.buf, end = filled
        var neg = false
        if i < end && buf[i] == UInt8(ascii: "-") { neg = true; i += 1 }
        var mantissa: UInt64 = 0
        var significant = 0
        /// Digits from `i` into the mantissa (leading zeros are not significant); how many.
        func digits() -> Int {
            let start = i
            while i < end {
                let d = buf[i] &- 48
                if d > 9 { break }
                if mantissa != 0 || d != 0 { significant += 1 }
                mantissa = mantissa &* 10 &+ UInt64(d)
                i += 1
            }
            return i - start
        }
        let wholeStart = i
        let whole = digits()
        var dot = false, fraction = 0
        if i < end && buf[i] == UInt8(ascii: ".") {
            dot = true
            i += 1
            fraction = digits()
        }
        // "007" is not a float (CellParser.isFloatText); an exponent, "inf" or a long mantissa
        // stop here too and take the full parser.
        guard whole + fraction > 0, significant <= 15, fraction <= 22,
              dot || whole < 2 || buf[wholeStart] != UInt8(ascii: "0") else { return nil }
        let v = Double(mantissa) / CellParser.powersOfTen[fraction]
        return neg ? -v : v
    }

    /// Whether the cell's scan stopped where a cell ends (the delimiter, or the line break after
    /// the last cell: LF or CRLF); if so, moves `i` past it.
    @inline(__always) private func cellEnds(at i: inout Int, last: Bool) -> Bool {
        let end = filled
        guard i < end else { return false }
        let c = buf[i]
        if !last { if c == delimiter { i += 1; return true }; return false }
        if c == 10 { i += 1; return true }
        if c == 13 && i + 1 < end && buf[i + 1] == 10 { i += 2; return true }
        return false
    }
}
