import CReadStat
import ChisoKit
import Foundation

/// Writes a table through ReadStat's writer: each column as the file's type for it, its
/// variable label, and — for a text column that was read from value labels — the codes with
/// their label set, so Stata, SPSS, R haven and pyreadstat read back what was loaded.
struct ReadStatWriter {
    let formatName: String
    /// `readstat_begin_writing_dta`…
    let begin: (UnsafeMutablePointer<readstat_writer_t>?, UnsafeMutableRawPointer?, Int) -> readstat_error_t
    /// The file version and compression (`.zsav`).
    let configure: (UnsafeMutablePointer<readstat_writer_t>?, String) -> Void
    /// How a date is stored, and the display format that marks it as one.
    let date: Temporal
    let dateFormat: String
    /// The longest fixed-width string; longer text needs a string reference (Stata's strL).
    let maxStringWidth: Int
    let stringRefs: Bool
    /// Whether the format declares user-missing codes (SPSS).
    var writesMissingRanges = false
    /// Whether a name is one the format accepts (ReadStat checks again).
    let nameProblem: (String) -> String?

    /// What ReadStat's data-writer callback appends to.
    final class Sink { var bytes: [UInt8] = [] }

    /// One column as it will be written.
    struct Plan {
        enum Kind { case number, integer, byte, date, text(width: Int), reference, labelledNumber([String: Double]), labelledText([String: String]) }
        var kind: Kind
        var variable: UnsafeMutablePointer<readstat_variable_t>?
        /// Each dictionary entry as a C string (text columns).
        var cStrings: [UInt8] = []
        var offsets: [Int] = []
        var references: [UnsafeMutablePointer<readstat_string_ref_t>?] = []
        /// The column's values, taken out once (never a boxed value per cell).
        var numbers: [Double] = []
        var codes: [Int32] = []
        /// For a labelled text column: each dictionary entry's code in the file.
        var codeOf: [Double] = []
    }

    func write(_ table: Table, _ r: WriteRequest) throws {
        for name in table.names { if let p = nameProblem(name) { throw Diagnostic(.usage, "\(formatName) cannot hold the column name '\(name)': \(p)", hint: "rename it first: rename new_name = \(name)") } }
        guard let writer = readstat_writer_init() else { throw Diagnostic(.runtime, "ReadStat could not start a writer") }
        defer { readstat_writer_free(writer) }
        let sink = Sink()
        let box = Unmanaged.passRetained(sink)
        defer { box.release() }
        readstat_set_data_writer(writer) { data, length, ctx in
            let sink = Unmanaged<Sink>.fromOpaque(ctx!).takeUnretainedValue()
            sink.bytes.append(contentsOf: UnsafeRawBufferPointer(start: data, count: length))
            return length
        }
        configure(writer, r.path)
        var plans: [Plan] = []
        var sets: [String: UnsafeMutablePointer<readstat_label_set_t>?] = [:]
        for (k, column) in table.columns.enumerated() {
            let name = table.names[k]
            var info = r.variables[name]
            // A format that cannot declare missing codes (Stata) gets no labels for them: the
            // codes were read as null and appear nowhere in the data.
            if !writesMissingRanges, var i = info, !i.missingRanges.isEmpty {
                i.valueLabels.removeAll { code, _ in
                    switch code {
                    case .int(let x): return i.missingRanges.contains { $0.contains(Double(x)) }
                    case .float(let x): return i.missingRanges.contains { $0.contains(x) }
                    default: return false
                    }
                }
                info = i
            }
            var plan = try self.plan(column, name: name, info: info, table.rowCount)
            let type: readstat_type_t
            var width = 0
            switch plan.kind {
            case .number: type = READSTAT_TYPE_DOUBLE
            case .integer: type = READSTAT_TYPE_INT32
            case .byte: type = READSTAT_TYPE_INT8
            case .date: type = READSTAT_TYPE_DOUBLE
            case .text(let w): type = READSTAT_TYPE_STRING; width = w
            case .reference: type = READSTAT_TYPE_STRING_REF
            case .labelledNumber(let codes): type = codes.values.allSatisfy { $0 == $0.rounded() && abs($0) < 2e9 } ? READSTAT_TYPE_INT32 : READSTAT_TYPE_DOUBLE
            case .labelledText(let codes): type = READSTAT_TYPE_STRING; width = max(1, codes.values.map(\.utf8.count).max() ?? 1)
            }
            let variable = readstat_add_variable(writer, name, type, width)
            if let label = info?.label { readstat_variable_set_label(variable, label) }
            // SPSS keeps which codes mean missing; the values themselves were read as null.
            if writesMissingRanges, let info, type != READSTAT_TYPE_STRING {
                for r in info.missingRanges.prefix(3) {
                    if r.lowerBound == r.upperBound { readstat_variable_add_missing_double_value(variable, r.lowerBound) }
                    else { readstat_variable_add_missing_double_range(variable, r.lowerBound, r.upperBound) }
                }
            }
            if case .date = plan.kind { readstat_variable_set_format(variable, dateFormat) }
            if let info, !info.valueLabels.isEmpty, info.readAsLabels || column.type != .text {
                let setName = info.labelSet ?? name
                if sets[setName] == nil {
                    let set = readstat_add_label_set(writer, type == READSTAT_TYPE_STRING ? READSTAT_TYPE_STRING : (type == READSTAT_TYPE_INT32 ? READSTAT_TYPE_INT32 : READSTAT_TYPE_DOUBLE), setName)
                    for (code, label) in info.valueLabels {
                        switch code {
                        case .int(let x) where type == READSTAT_TYPE_INT32: readstat_label_int32_value(set, Int32(x), label)
                        case .int(let x): readstat_label_double_value(set, Double(x), label)
                        case .float(let x): readstat_label_double_value(set, x, label)
                        case .text(let s) where s.hasPrefix(".") && s.count == 2: readstat_label_tagged_value(set, CChar(bitPattern: s.utf8.last ?? 0), label)
                        case .text(let s): readstat_label_string_value(set, s, label)
                        default: break
                        }
                    }
                    sets[setName] = set
                }
                if let set = sets[setName] { readstat_variable_set_label_set(variable, set) }
            }
            plan.variable = variable
            if case .reference = plan.kind {
                plan.references = plan.offsets.map { off in plan.cStrings.withUnsafeBufferPointer { readstat_add_string_ref(writer, UnsafeRawPointer($0.baseAddress! + off).assumingMemoryBound(to: CChar.self)) } }
            }
            plans.append(plan)
        }
        try check(begin(writer, box.toOpaque(), table.rowCount), r)
        try check(readstat_validate_metadata(writer), r)
        for p in plans { try check(readstat_validate_variable(writer, p.variable), r, variable: p.variable) }
        for i in 0..<table.rowCount {
            if i & 0xFFFF == 0 { try Interrupt.check() }
            try check(readstat_begin_row(writer), r)
            for (k, p) in plans.enumerated() { try insert(writer, p, table.columns[k], i, r) }
            try check(readstat_end_row(writer), r)
        }
        try check(readstat_end_writing(writer), r)
        try AtomicFile.write(sink.bytes, to: r.path, displayName: r.shown)
    }

    func plan(_ c: Column, name: String, info: VariableInfo?, _ rows: Int) throws -> Plan {
        switch c.storage {
        case .int(let v):
            let valid = (0..<v.count).filter { !c.isNull($0) }
            let (lo, hi) = (valid.map { v[$0] }.min() ?? 0, valid.map { v[$0] }.max() ?? 0)
            let numbers = v.map { Double($0) }
            if lo >= -2_147_483_647 && hi <= 2_147_483_620 { return Plan(kind: .integer, numbers: numbers) }
            if max(lo.magnitude, hi.magnitude) <= 9_007_199_254_740_992 { return Plan(kind: .number, numbers: numbers) }
            throw Diagnostic(.usage, "column '\(name)' holds integers beyond 2^53 (\(abs(lo) > abs(hi) ? lo : hi)), which \(formatName) stores only as rounded doubles",
                             hint: "export it as text: derive \(name) = cast(\(name), text)")
        case .float(let v): return Plan(kind: .number, numbers: v)
        case .bool(let v): return Plan(kind: .byte, numbers: v.map { $0 ? 1 : 0 })
        case .date(let v): return Plan(kind: .date, numbers: v.map { date.stored($0) })
        case .null: return Plan(kind: .number)
        case .text(let codes, let dict):
            if let info, info.readAsLabels, !info.valueLabels.isEmpty {
                var numeric: [String: Double] = [:], textual: [String: String] = [:]
                for (code, label) in info.valueLabels {
                    switch code {
                    case .int(let x): numeric[label] = Double(x)
                    case .float(let x): numeric[label] = x
                    case .text(let s) where !s.hasPrefix("."): textual[label] = s
                    default: break
                    }
                }
                // Every value must be one of the labels (or, as read, an unlabelled code).
                var used = [Bool](repeating: false, count: dict.count)
                for i in 0..<c.count where !c.isNull(i) { used[Int(codes[i])] = true }
                let isNumeric = textual.isEmpty
                let strings = dict.strings
                for (k, s) in strings.enumerated() where used[k] && (isNumeric ? numeric[s] == nil && Double(s) == nil : textual[s] == nil) {
                    throw Diagnostic(.usage, "column '\(name)' holds '\(s)', which is none of its labels (\(info.valueLabelText)): \(formatName) stores the codes",
                                     hint: "keep to the labels' values, or write the column as plain text under another name: rename \(name)_text = \(name)")
                }
                if isNumeric {
                    for s in strings where numeric[s] == nil { if let d = Double(s) { numeric[s] = d } }
                    return Plan(kind: .labelledNumber(numeric), codes: codes, codeOf: strings.map { numeric[$0] ?? 0 })
                }
                var bytes: [UInt8] = []
                var offsets: [Int] = []
                for s in strings { offsets.append(bytes.count); bytes += Array((textual[s] ?? s).utf8); bytes.append(0) }
                return Plan(kind: .labelledText(textual), cStrings: bytes, offsets: offsets, codes: codes)
            }
            var bytes: [UInt8] = []
            var offsets: [Int] = []
            var width = 1
            for s in dict.strings {
                offsets.append(bytes.count)
                let u = Array(s.utf8)
                width = max(width, u.count)
                bytes += u
                bytes.append(0)
            }
            if width > maxStringWidth {
                guard stringRefs else {
                    throw Diagnostic(.usage, "column '\(name)' holds text of \(width) bytes; \(formatName) holds at most \(maxStringWidth)", hint: "shorten it: derive \(name) = substr(\(name), 1, \(maxStringWidth))")
                }
                return Plan(kind: .reference, cStrings: bytes, offsets: offsets, codes: codes)
            }
            return Plan(kind: .text(width: width), cStrings: bytes, offsets: offsets, codes: codes)
        }
    }

    @inline(__always)
    func insert(_ w: UnsafeMutablePointer<readstat_writer_t>?, _ p: Plan, _ c: Column, _ i: Int, _ r: WriteRequest) throws {
        let v = p.variable
        let status: readstat_error_t
        if c.isNull(i) {
            status = readstat_insert_missing_value(w, v)
        } else {
            switch p.kind {
            case .integer: status = readstat_insert_int32_value(w, v, Int32(p.numbers[i]))
            case .number, .date: status = readstat_insert_double_value(w, v, p.numbers[i])
            case .byte: status = readstat_insert_int8_value(w, v, Int8(p.numbers[i]))
            case .reference: status = readstat_insert_string_ref(w, v, p.references[Int(p.codes[i])])
            case .text, .labelledText:
                status = p.cStrings.withUnsafeBufferPointer {
                    readstat_insert_string_value(w, v, UnsafeRawPointer($0.baseAddress! + p.offsets[Int(p.codes[i])]).assumingMemoryBound(to: CChar.self))
                }
            case .labelledNumber:
                let d = p.codeOf[Int(p.codes[i])]
                status = readstat_variable_get_type(v) == READSTAT_TYPE_INT32 ? readstat_insert_int32_value(w, v, Int32(d)) : readstat_insert_double_value(w, v, d)
            }
        }
        try check(status, r, variable: v)
    }

    func check(_ status: readstat_error_t, _ r: WriteRequest, variable: UnsafeMutablePointer<readstat_variable_t>? = nil) throws {
        guard status != READSTAT_OK else { return }
        let what = String(cString: readstat_error_message(status))
        let name = variable.map { " (column '\(String(cString: readstat_variable_get_name($0)))')" } ?? ""
        throw Diagnostic(.usage, "cannot write \(r.shown) as \(formatName)\(name): \(what)", hint: "the file was not written; an older file of that name is kept")
    }
}
