/// Types the grid's columns and builds the table: one pass to infer each column's type as the
/// CSV reader would, one to fill its typed array. A text entry (a shared string repeated down a
/// column) is typed and interned once, not once per cell.
extension Grid {
    func table(origin: String, options: SheetOptions, shown: String, sheet: String) throws -> (Table, [String]) {
        let known = Set(names)
        for col in options.types.keys.sorted() where !known.contains(col) {
            throw Diagnostic(.name, "option types names column '\(col)', which sheet '\(sheet)' does not have",
                             hint: NameSuggestion.hint(for: col, in: names))
        }
        var texts = TextTypes(cells.texts, options)
        var errorCells = 0
        var firstError: String? = nil
        var built: [Column] = []
        for (k, c) in columns.enumerated() {
            var type = DataType.null
            for p in 0..<dataRows.count {
                let i = Int(at[p * columns.count + k])
                guard i >= 0 else { continue }
                if cells.kinds[i] == .error {
                    errorCells += 1
                    if firstError == nil { firstError = "\(CellArea.reference(row: dataRows[p], column: c)) holds \(cells.texts[Int(cells.numbers[i])])" }
                    continue
                }
                type = CellParser.widen(type, cellType(i, &texts))
            }
            if let forced = options.types[names[k]] { type = forced }
            if type == .null { type = .text }
            var builder = TypedColumn(type: type, rows: dataRows.count, texts: cells.texts.count)
            for p in 0..<dataRows.count {
                let i = Int(at[p * columns.count + k])
                if i < 0 || cells.kinds[i] == .error || !builder.append(cell: i, row: p, cells, &texts) {
                    if i >= 0, cells.kinds[i] != .error, !texts.isNull(cell: i, cells) {
                        throw Diagnostic(.type, "\(shown): sheet '\(sheet)' cell \(CellArea.reference(row: dataRows[p], column: c)) holds '\(cells.display(i))', which is not \(type == .int ? "an" : "a") \(type)",
                                         hint: "column '\(names[k])' is read as \(type); leave types = (…) out to infer it, or fix the cell")
                    }
                    builder.appendNull(row: p)
                }
            }
            built.append(builder.column())
        }
        var notes: [String] = []
        if errorCells > 0 {
            notes.append("\(errorCells) cell\(errorCells == 1 ? "" : "s") hold\(errorCells == 1 ? "s" : "") an error, read as null (\(firstError!))")
        }
        return (Table(names: names, columns: built, rowCount: dataRows.count, origin: origin), notes)
    }

    /// What one cell reads as before its column's type is known.
    private func cellType(_ i: Int, _ texts: inout TextTypes) -> DataType {
        let v = cells.numbers[i]
        switch cells.kinds[i] {
        case .number: return v == v.rounded() && abs(v) <= 9.007199254740992e15 ? .int : .float
        case .bool: return .bool
        case .date: return v == v.rounded(.down) ? .date : .text     // a time of day: written out as text
        case .error: return .null
        case .text: return texts.type(of: Int(v))
        }
    }
}

/// Per text entry: the type the CSV reader would give it (computed once), and its parse.
struct TextTypes {
    let texts: [String]
    let options: SheetOptions
    private var types: [DataType?]
    private var scratch: [UInt8] = []

    init(_ texts: [String], _ options: SheetOptions) {
        self.texts = texts
        self.options = options
        types = [DataType?](repeating: nil, count: texts.count)
    }

    mutating func type(of id: Int) -> DataType {
        if let t = types[id] { return t }
        let s = texts[id]
        var t = DataType.null
        if !s.isEmpty && !options.nullTokens.contains(s) {
            var bytes = Array(s.utf8)
            t = bytes.withUnsafeMutableBufferPointer { b in options.numbers.infer(b.baseAddress!, b.count, scratch: &scratch) }
        }
        types[id] = t
        return t
    }

    /// Whether a cell reads as null (an empty text, a null token).
    func isNull(cell i: Int, _ cells: SheetCells) -> Bool {
        guard cells.kinds[i] == .text else { return false }
        let s = texts[Int(cells.numbers[i])]
        return s.isEmpty || options.nullTokens.contains(s)
    }

    /// A text entry read as a number, bool or date, as the CSV reader reads it.
    mutating func parse(_ id: Int, as type: DataType) -> Value? {
        var bytes = Array(texts[id].utf8)
        guard !bytes.isEmpty else { return nil }
        let seps = options.numbers
        if !seps.isStandard, type == .int || type == .float {
            let r = bytes.withUnsafeBufferPointer { seps.normalize($0.baseAddress!, $0.count, into: &scratch) }
            if r == .notNumber { return nil }
            if r == .number { bytes = scratch }
        }
        return bytes.withUnsafeBufferPointer { b -> Value? in
            var p = b.baseAddress!, n = b.count
            while n > 0 && p[0] == 32 { p += 1; n -= 1 }
            while n > 0 && p[n - 1] == 32 { n -= 1 }
            switch type {
            case .int: return CellParser.int(p, n).map(Value.int)
            case .float: return CellParser.decimal(p, n).map(Value.float)
            case .bool: return CellParser.bool(p, n).map(Value.bool)
            case .date: return CellParser.date(p, n).map(Value.date)
            default: return nil
            }
        }
    }
}

/// One column's typed array under construction. Text is interned per text entry, once.
private struct TypedColumn {
    let type: DataType
    var ints: [Int64] = [], doubles: [Double] = [], bools: [Bool] = [], dates: [Int32] = [], codes: [Int32] = []
    var validity: Validity
    var hasNull = false
    var dictionary = TextDictionaryBuilder()
    /// Text entry → code in this column's dictionary (-1: not interned yet).
    var codeOf: [Int32]

    init(type: DataType, rows: Int, texts: Int) {
        self.type = type
        validity = Validity(count: rows, allValid: true)
        codeOf = type == .text ? [Int32](repeating: -1, count: texts) : []
        switch type {
        case .int: ints = [Int64](repeating: 0, count: rows)
        case .float: doubles = [Double](repeating: 0, count: rows)
        case .bool: bools = [Bool](repeating: false, count: rows)
        case .date: dates = [Int32](repeating: 0, count: rows)
        case .text: codes = [Int32](repeating: 0, count: rows)
        case .null: break
        }
    }

    mutating func appendNull(row p: Int) { validity.set(p, false); hasNull = true }

    /// Stores cell `i` at row `p`; false when it cannot be read as the column's type.
    mutating func append(cell i: Int, row p: Int, _ cells: SheetCells, _ texts: inout TextTypes) -> Bool {
        let v = cells.numbers[i]
        let kind = cells.kinds[i]
        if kind == .text, texts.isNull(cell: i, cells) { appendNull(row: p); return true }
        switch (type, kind) {
        case (.int, .number) where v == v.rounded() && abs(v) <= 9.007199254740992e15: ints[p] = Int64(v)
        case (.float, .number): doubles[p] = v
        case (.bool, .bool): bools[p] = v != 0
        case (.date, .date) where v == v.rounded(.down): dates[p] = Int32(v)
        case (.text, .text): codes[p] = intern(Int(v), texts.texts)
        case (.text, _): codes[p] = dictionary.intern(cells.display(i))
        case (_, .text):
            switch texts.parse(Int(v), as: type) {
            case .int(let x)?: ints[p] = x
            case .float(let x)?: doubles[p] = x
            case .bool(let x)?: bools[p] = x
            case .date(let x)?: dates[p] = x
            default: return false
            }
        default: return false
        }
        return true
    }

    private mutating func intern(_ id: Int, _ texts: [String]) -> Int32 {
        if codeOf[id] < 0 { codeOf[id] = dictionary.intern(texts[id]) }
        return codeOf[id]
    }

    func column() -> Column {
        let valid: Validity? = hasNull ? validity : nil
        switch type {
        case .int: return Column(.int(ints), validity: valid)
        case .float: return Column(.float(doubles), validity: valid)
        case .bool: return Column(.bool(bools), validity: valid)
        case .date: return Column(.date(dates), validity: valid)
        case .text: return Column(.text(codes: codes, dictionary: dictionary.build()), validity: valid)
        case .null: return Column(.null(count: validity.count))
        }
    }
}
