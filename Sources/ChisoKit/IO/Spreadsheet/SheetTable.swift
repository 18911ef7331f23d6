/// Types the grid's columns and builds the table.
extension Grid {
    /// What one cell reads as, before the column's type is known.
    private enum Reading {
        case null, int(Int64), float(Double), bool(Bool), date(Int32), text(String)
        /// A text cell: the CSV reader's verdict on its text.
        case textTyped(DataType, String)
        case error(String)

        var type: DataType {
            switch self {
            case .null, .error: return .null
            case .int: return .int
            case .float: return .float
            case .bool: return .bool
            case .date: return .date
            case .text: return .text
            case .textTyped(let t, _): return t
            }
        }
    }

    func table(origin: String, options: SheetOptions, shown: String, sheet: String) throws -> (Table, [String]) {
        let known = Set(names)
        for col in options.types.keys.sorted() where !known.contains(col) {
            throw Diagnostic(.name, "option types names column '\(col)', which sheet '\(sheet)' does not have",
                             hint: NameSuggestion.hint(for: col, in: names))
        }
        var notes: [String] = []
        var errorCells = 0
        var firstError: String? = nil
        var scratch: [UInt8] = []
        var built: [Column] = []
        for (k, c) in columns.enumerated() {
            var readings: [Reading] = []
            readings.reserveCapacity(dataRows.count)
            var type = DataType.null
            for p in 0..<dataRows.count {
                let i = Int(at[p * self.columns.count + k])
                let r = i < 0 ? Reading.null : reading(i, options: options, scratch: &scratch)
                if case .error(let e) = r {
                    errorCells += 1
                    if firstError == nil { firstError = "\(CellArea.reference(row: dataRows[p], column: c)) holds \(e)" }
                }
                type = CellParser.widen(type, r.type)
                readings.append(r)
            }
            if let forced = options.types[names[k]] { type = forced }
            if type == .null { type = .text }
            built.append(try build(readings, as: type, column: c, options: options, shown: shown, sheet: sheet, scratch: &scratch))
        }
        if errorCells > 0 {
            notes.append("\(errorCells) cell\(errorCells == 1 ? "" : "s") hold\(errorCells == 1 ? "s" : "") an error, read as null (\(firstError!))")
        }
        return (Table(names: names, columns: built, rowCount: dataRows.count, origin: origin), notes)
    }

    private func reading(_ i: Int, options: SheetOptions, scratch: inout [UInt8]) -> Reading {
        let v = cells.numbers[i]
        switch cells.kinds[i] {
        case .number:
            if v == v.rounded(), abs(v) <= 9.007199254740992e15 { return .int(Int64(v)) }
            return .float(v)
        case .bool: return .bool(v != 0)
        case .date:
            return v == v.rounded(.down) ? .date(Int32(v)) : .textTyped(.text, SheetCells.dateText(v))
        case .error: return .error(cells.texts[Int(v)])
        case .text:
            let s = cells.texts[Int(v)]
            if s.isEmpty || options.nullTokens.contains(s) { return .null }
            var bytes = Array(s.utf8)
            let t = bytes.withUnsafeMutableBufferPointer { b in options.numbers.infer(b.baseAddress!, b.count, scratch: &scratch) }
            bytes.removeAll()
            return .textTyped(t, s)
        }
    }

    /// One column of `type`; a cell that cannot be read as the forced type is a located error.
    private func build(_ readings: [Reading], as type: DataType, column c: Int, options: SheetOptions,
                       shown: String, sheet: String, scratch: inout [UInt8]) throws -> Column {
        var failed: (Int, String)? = nil
        let col = buildColumn(type: type, count: readings.count) { p -> Value in
            let v = Self.value(readings[p], as: type, options: options, scratch: &scratch)
            if v == nil, failed == nil {
                switch readings[p] {
                case .null, .error: break
                default: failed = (p, Self.shown(readings[p]))
                }
            }
            return v ?? .null
        }
        if let (p, text) = failed {
            throw Diagnostic(.type, "\(shown): sheet '\(sheet)' cell \(CellArea.reference(row: dataRows[p], column: c)) holds '\(text)', which is not \(type == .int ? "an" : "a") \(type)",
                             hint: "column '\(names[columns.firstIndex(of: c)!])' is read as \(type); leave types = (…) out to infer it, or fix the cell")
        }
        return col
    }

    private static func shown(_ r: Reading) -> String {
        switch r {
        case .null, .error: return ""
        case .int(let v): return String(v)
        case .float(let v): return NumberFormat.shortest(v)
        case .bool(let b): return b ? "true" : "false"
        case .date(let d): return CivilDate.format(d)
        case .text(let s), .textTyped(_, let s): return s
        }
    }

    private static func value(_ r: Reading, as type: DataType, options: SheetOptions, scratch: inout [UInt8]) -> Value? {
        switch (r, type) {
        case (.null, _), (.error, _): return .null
        case (.int(let v), .int): return .int(v)
        case (.int(let v), .float): return .float(Double(v))
        case (.float(let v), .float): return .float(v)
        case (.bool(let b), .bool): return .bool(b)
        case (.date(let d), .date): return .date(d)
        case (.textTyped(_, let s), .text), (.text(let s), .text): return .text(Unicode.nfc(s))
        case (_, .text): return .text(shown(r))
        case (.textTyped(_, let s), _): return parse(s, as: type, options.numbers, scratch: &scratch)
        default: return nil
        }
    }

    /// A text cell read as a number, bool or date, as the CSV reader reads it.
    private static func parse(_ s: String, as type: DataType, _ seps: NumberSeparators, scratch: inout [UInt8]) -> Value? {
        var bytes = Array(s.utf8)
        if bytes.isEmpty { return nil }
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
