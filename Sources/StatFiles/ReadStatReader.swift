import CReadStat
import ChisoKit
import Foundation

/// Reads a statistics file through ReadStat's callbacks into chiso's columns. ReadStat calls
/// back once per variable (its type, label, format, label set), once per value label, and once
/// per cell; each cell is written straight into the column's typed buffer (doubles or dictionary
/// codes, and a validity byte), so a million rows of fifty variables allocate nothing per cell.
struct ReadStatReader {
    /// `readstat_parse_dta`, `readstat_parse_sav`…: the one thing that differs between formats
    /// on the way in, besides which display formats are dates.
    typealias Parse = (UnsafeMutablePointer<readstat_parser_t>?, UnsafePointer<CChar>?, UnsafeMutableRawPointer?) -> readstat_error_t

    let formatName: String
    let parse: Parse
    let temporal: (String) -> Temporal?
    /// Whether a numeric variable with this display format holds whole numbers (SPSS `F8.0`):
    /// it is int in the schema, before any row is read.
    let integral: (String) -> Bool
    /// Whether the file itself holds its value labels (SPSS, Stata; not SAS).
    var labelSetsInFile = true
    /// Whether the file's first bytes are this format's signature.
    var signature: ([UInt8]) -> Bool = { _ in true }

    func read(_ r: ReadRequest, schemaOnly: Bool = false) throws -> ReadResult {
        let fileSize = (try? FileManager.default.attributesOfItem(atPath: r.path)[.size] as? Int) ?? nil
        guard let fileSize else {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: r.path, isDirectory: &isDir), isDir.boolValue {
                throw Diagnostic(.io, "cannot open \(r.shown): it is a folder", hint: "name the file itself")
            }
            throw Diagnostic(.io, "cannot open \(r.shown): no such file", hint: "check the path (relative paths start from the script's folder)")
        }
        try checkSignature(r, size: fileSize)
        let context = ReadContext(settings: r.settings, fileSize: fileSize, schemaOnly: schemaOnly, labelSetsInFile: labelSetsInFile)
        let box = Unmanaged.passRetained(context)
        defer { box.release() }
        guard let parser = readstat_parser_init() else { throw Diagnostic(.runtime, "ReadStat could not start") }
        defer { readstat_parser_free(parser) }
        readstat_set_metadata_handler(parser, { metadata, ctx in
            ReadContext.from(ctx).metadata(metadata)
        })
        readstat_set_variable_handler(parser, { index, variable, labels, ctx in
            ReadContext.from(ctx).variable(index, variable, labels)
        })
        readstat_set_value_label_handler(parser, { set, value, label, ctx in
            ReadContext.from(ctx).valueLabel(set, value, label)
        })
        // The hot path: a guaranteed reference (no retain/release per cell).
        readstat_set_value_handler(parser, { row, variable, value, ctx in
            Unmanaged<ReadContext>.fromOpaque(ctx!)._withUnsafeGuaranteedRef { $0.value(row, variable, value) }
        })
        readstat_set_error_handler(parser, { message, ctx in
            guard let message else { return }
            ReadContext.from(ctx).errors.append(String(cString: message).trimmingCharacters(in: .whitespacesAndNewlines))
        })
        if schemaOnly { readstat_set_row_limit(parser, 1) }
        if let encoding = r.settings.encoding {
            if let own = TextEncoding(name: encoding), own == .windows1258 {
                // glibc's iconv decodes windows-1258 statefully (it holds a letter back to join it
                // with a following tone mark), which shifts characters between ReadStat's strings.
                // Read the bytes as Latin-1 (one character per byte) and decode them here.
                readstat_set_file_character_encoding(parser, "ISO-8859-1")
                context.recode = { text in
                    let bytes = text.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) }
                    return (try? own.decode(bytes)).map { String(decoding: $0, as: UTF8.self) } ?? text
                }
            } else {
                readstat_set_file_character_encoding(parser, encoding)
            }
        }
        let status = r.path.withCString { parse(parser, $0, box.toOpaque()) }
        try Interrupt.check()
        guard status == READSTAT_OK else { throw failure(status, context, r) }
        return try context.result(r, temporal: temporal, integral: integral, format: formatName)
    }

    /// An empty file, or one that is not this format at all (a CSV saved as .dta), is named as
    /// such before ReadStat reads a byte of it; one that is another statistics format says which.
    func checkSignature(_ r: ReadRequest, size: Int) throws {
        guard size > 0 else {
            throw Diagnostic(.data, "\(r.shown) is empty (0 bytes), not \(StatFiles.article(formatName)) \(formatName) file", hint: "the file was not written whole; copy or export it again")
        }
        guard let handle = FileHandle(forReadingAtPath: r.path) else { return }
        defer { try? handle.close() }
        let head = [UInt8]((try? handle.read(upToCount: 128)) ?? Data())
        guard !signature(head) else { return }
        let firstLine = head.prefix(24).prefix { $0 != 10 && $0 != 13 }
        let text = String(decoding: firstLine, as: UTF8.self).filter { $0 != "\0" }
        let printable = head.prefix(24).allSatisfy { $0 >= 32 || $0 == 9 || $0 == 10 || $0 == 13 }
        let other = StatFiles.all.first { $0.name != formatName && $0.reader.signature(head) }
        throw Diagnostic(.data, "\(r.shown) is not \(StatFiles.article(formatName)) \(formatName) file: it begins with " + (printable ? "\"\(text)…\" (text)" : "bytes that are not \(formatName)'s signature"),
                         hint: other.map { "it looks like \(StatFiles.article($0.name)) \($0.name) file: rename it to .\($0.extensions[0])" }
                            ?? (printable ? "load it under its own extension (a CSV as .csv)" : "check the file; save it again from the program that made it"))
    }

    /// A located, specific message for each way a file can be bad.
    func failure(_ status: readstat_error_t, _ c: ReadContext, _ r: ReadRequest) -> Diagnostic {
        let what = String(cString: readstat_error_message(status))
        let detail = c.errors.last.map { ": \($0)" } ?? ""
        switch status {
        case READSTAT_ERROR_UNSUPPORTED_CHARSET:
            return Diagnostic(.data, "\(r.shown): the encoding \(r.settings.encoding.map { "'\($0)'" } ?? c.fileEncoding.map { "'\($0)' the file declares" } ?? "") is not one chiso can decode (\(what))",
                              hint: "encodings are iconv's names: encoding = \"windows-1258\", \"TCVN\", \"latin1\", \"utf-8\"")
        case READSTAT_ERROR_PARSE, READSTAT_ERROR_UNSUPPORTED_FILE_FORMAT_VERSION, READSTAT_ERROR_UNSUPPORTED_COMPRESSION:
            return Diagnostic(.data, "\(r.shown) is not a readable \(formatName) file (\(what)\(detail))",
                              hint: "check that the file is \(formatName) and whole; save it again from the program that made it")
        case READSTAT_ERROR_READ, READSTAT_ERROR_SEEK:
            return Diagnostic(.data, "\(r.shown) ends early: the \(formatName) header promises more than the file holds (\(what)\(detail))",
                              hint: "the file is truncated; copy it again")
        case READSTAT_ERROR_CONVERT, READSTAT_ERROR_CONVERT_BAD_STRING, READSTAT_ERROR_CONVERT_SHORT_STRING, READSTAT_ERROR_CONVERT_LONG_STRING:
            let row = c.rows > 0 ? " near row \(c.rows)" : ""
            return Diagnostic(.data, "\(r.shown): text\(row) could not be decoded from the file's encoding\(c.fileEncoding.map { " (\($0))" } ?? "") (\(what)\(detail))",
                              hint: "give the encoding the file was written in: load \"\(r.shown)\" (encoding = \"windows-1258\")")
        case READSTAT_ERROR_OPEN:
            return Diagnostic(.io, "cannot open \(r.shown) (\(what))", hint: "check the path and that the file can be read")
        case READSTAT_ERROR_MALLOC:
            return Diagnostic(.data, "\(r.shown): the \(formatName) header declares more than memory can hold (\(what)\(detail))", hint: "the file is damaged")
        default:
            return Diagnostic(.data, "\(r.shown): \(what)\(detail)", hint: "the file is damaged or not \(formatName)")
        }
    }
}

/// One variable as it is read: its typed buffer grows with the rows.
final class VariableBuffer {
    var name: String
    let isString: Bool
    /// Stored as a whole-number type (Stata byte, int, long).
    let intStorage: Bool
    var info: VariableInfo
    let hasRanges: Bool
    var numbers: UnsafeMutablePointer<Double>
    var codes: UnsafeMutablePointer<Int32>
    var valid: UnsafeMutablePointer<UInt8>
    var capacity: Int
    var dictionary = TextDictionaryBuilder(capacity: 16)
    /// Codes the file declares missing (SPSS user-missing, Stata .a–.z), read as null.
    var declaredMissing = 0
    /// With missing = keep: Stata's .a–.z have no number to keep; read as null and counted.
    var taggedKept = 0
    /// Text cells ReadStat delivered without their text.
    var unreadable = 0
    var allIntegral = true
    /// SPSS user-missing ranges of a numeric variable (a label on such a code labels a missing value).
    var missingRanges: [ClosedRange<Double>] = []
    init(name: String, isString: Bool, intStorage: Bool, info: VariableInfo, hasRanges: Bool, capacity: Int) {
        self.name = name; self.isString = isString; self.intStorage = intStorage; self.info = info; self.hasRanges = hasRanges
        self.capacity = max(capacity, 16)
        // Zeroed, so a null row holds a defined value (0, or the dictionary's first entry).
        numbers = isString ? .allocate(capacity: 1) : .allocate(capacity: self.capacity)
        codes = isString ? .allocate(capacity: self.capacity) : .allocate(capacity: 1)
        if isString { codes.initialize(repeating: 0, count: self.capacity) } else { numbers.initialize(repeating: 0, count: self.capacity) }
        valid = .allocate(capacity: self.capacity)
        valid.initialize(repeating: 0, count: self.capacity)
    }

    deinit { numbers.deallocate(); codes.deallocate(); valid.deallocate() }

    func grow(to n: Int) {
        var c = capacity
        while c <= n { c *= 2 }
        func moved<T>(_ p: UnsafeMutablePointer<T>, _ keep: Int, zero: T) -> UnsafeMutablePointer<T> {
            let q = UnsafeMutablePointer<T>.allocate(capacity: c)
            q.moveInitialize(from: p, count: keep)
            (q + keep).initialize(repeating: zero, count: c - keep)
            p.deallocate()
            return q
        }
        if isString { codes = moved(codes, capacity, zero: 0) } else { numbers = moved(numbers, capacity, zero: 0) }
        let v = UnsafeMutablePointer<UInt8>.allocate(capacity: c)
        v.moveInitialize(from: valid, count: capacity)
        (v + capacity).initialize(repeating: 0, count: c - capacity)
        valid.deallocate()
        valid = v
        capacity = c
    }
}

/// The state ReadStat's callbacks fill in.
final class ReadContext {
    let settings: LoadSettings
    let fileSize: Int
    let schemaOnly: Bool
    var declaredRows = -1
    var rows = 0
    var variables: [VariableBuffer] = []
    /// Label sets by name, codes in the file's order.
    var labelSets: [String: [(code: Value, label: String)]] = [:]
    var errors: [String] = []
    var fileEncoding: String?
    var fileLabel: String?
    var hot: UnsafeMutablePointer<Unmanaged<VariableBuffer>>?
    var hotCount = 0
    deinit { hot?.deallocate() }

    /// Decodes text ReadStat read as Latin-1 (a windows-1258 file), or nil.
    var recode: ((String) -> String)?
    /// Variables (1-based) whose names could not be decoded.
    var unnamed: [Int] = []

    /// False for SAS, whose "label set" names are formats kept in a separate catalog.
    let labelSetsInFile: Bool

    init(settings: LoadSettings, fileSize: Int, schemaOnly: Bool, labelSetsInFile: Bool) {
        self.settings = settings; self.fileSize = fileSize; self.schemaOnly = schemaOnly; self.labelSetsInFile = labelSetsInFile
    }

    static func from(_ ctx: UnsafeMutableRawPointer?) -> ReadContext {
        Unmanaged<ReadContext>.fromOpaque(ctx!).takeUnretainedValue()
    }

    /// Room for the rows the header declares, but never more than the file could hold at one
    /// byte a row: a damaged header cannot make chiso reserve gigabytes.
    var initialCapacity: Int {
        if schemaOnly { return 16 }
        let declared = declaredRows >= 0 ? declaredRows : 1024
        return min(declared, fileSize + 16)
    }

    func metadata(_ m: UnsafeMutablePointer<readstat_metadata_t>?) -> Int32 {
        declaredRows = Int(readstat_get_row_count(m))
        if let e = readstat_get_file_encoding(m) { fileEncoding = String(cString: e) }
        if let l = readstat_get_file_label(m), l.pointee != 0 { fileLabel = String(cString: l) }
        if Interrupt.requested { return Int32(READSTAT_HANDLER_ABORT) }
        return Int32(READSTAT_HANDLER_OK)
    }

    func variable(_ index: Int32, _ v: UnsafeMutablePointer<readstat_variable_t>?, _ labels: UnsafePointer<CChar>?) -> Int32 {
        // A name ReadStat could not decode comes back as NULL: named by position, with a note.
        guard let cName = readstat_variable_get_name(v), cName.pointee != 0 else {
            unnamed.append(Int(index) + 1)
            return addVariable("v\(Int(index) + 1)", v, labels)
        }
        return addVariable(String(cString: cName), v, labels)
    }

    func addVariable(_ name: String, _ v: UnsafeMutablePointer<readstat_variable_t>?, _ labels: UnsafePointer<CChar>?) -> Int32 {
        var info = VariableInfo()
        if let l = readstat_variable_get_label(v), l.pointee != 0 { info.label = String(cString: l) }
        if let f = readstat_variable_get_format(v), f.pointee != 0 { info.format = String(cString: f) }
        if let labels, labels.pointee != 0 { info.labelSet = String(cString: labels) }
        let isString = readstat_variable_get_type_class(v) == READSTAT_TYPE_CLASS_STRING
        let ranges = Int(readstat_variable_get_missing_ranges_count(v))
        var numericRanges: [ClosedRange<Double>] = []
        for i in 0..<ranges {
            let loValue = readstat_variable_get_missing_range_lo(v, Int32(i)), hiValue = readstat_variable_get_missing_range_hi(v, Int32(i))
            let lo = Self.text(loValue), hi = Self.text(hiValue)
            info.missingCodes.append(lo == hi ? lo : "\(lo) to \(hi)")
            if !isString { numericRanges.append(readstat_double_value(loValue)...max(readstat_double_value(loValue), readstat_double_value(hiValue))) }
        }
        if !labelSetsInFile { info.labelSet = nil }
        info.missingRanges = numericRanges
        let type = readstat_variable_get_type(v)
        let intStorage = type == READSTAT_TYPE_INT8 || type == READSTAT_TYPE_INT16 || type == READSTAT_TYPE_INT32
        let buffer = VariableBuffer(name: name, isString: isString, intStorage: intStorage, info: info, hasRanges: ranges > 0, capacity: initialCapacity)
        buffer.missingRanges = numericRanges
        variables.append(buffer)
        return Int32(READSTAT_HANDLER_OK)
    }

    static func text(_ v: readstat_value_t) -> String {
        if v.type == READSTAT_TYPE_STRING || v.type == READSTAT_TYPE_STRING_REF {
            return v.v.string_value.map { String(cString: $0) } ?? ""
        }
        return code(readstat_double_value(v))
    }

    /// A numeric code as people write it: 97, not 97.0.
    static func code(_ d: Double) -> String {
        d == d.rounded() && abs(d) < 9e15 ? String(Int64(d)) : NumberFormat.shortest(d)
    }

    func valueLabel(_ set: UnsafePointer<CChar>?, _ value: readstat_value_t, _ label: UnsafePointer<CChar>?) -> Int32 {
        guard let set, let label else { return Int32(READSTAT_HANDLER_OK) }
        let code: Value
        if value.is_tagged_missing != 0 {
            code = .text("." + String(Character(Unicode.Scalar(UInt8(bitPattern: value.tag)))))
        } else if value.type == READSTAT_TYPE_STRING || value.type == READSTAT_TYPE_STRING_REF {
            code = .text(value.v.string_value.map { String(cString: $0) } ?? "")
        } else {
            let d = readstat_double_value(value)
            code = d == d.rounded() && abs(d) < 9e15 ? .int(Int64(d)) : .float(d)
        }
        labelSets[String(cString: set), default: []].append((code, String(cString: label)))
        return Int32(READSTAT_HANDLER_OK)
    }

    /// The variables as unretained references, made when the first cell arrives (every
    /// variable has been announced by then): a cell's lookup costs no reference counting.
    func makeHot() {
        hot = .allocate(capacity: max(variables.count, 1))
        for (k, b) in variables.enumerated() { (hot! + k).initialize(to: Unmanaged.passUnretained(b)) }
        hotCount = variables.count
    }

    /// One cell. The hot path: no allocation, no boxing, no reference counting.
    @inline(__always)
    func value(_ row: Int32, _ variable: UnsafeMutablePointer<readstat_variable_t>?, _ value: readstat_value_t) -> Int32 {
        if hot == nil { makeHot() }
        let k = Int(variable!.pointee.index)
        let i = Int(row)
        guard k < hotCount else { return Int32(READSTAT_HANDLER_OK) }
        return hot![k]._withUnsafeGuaranteedRef { b in cell(b, i, variable, value) }
    }

    @inline(__always)
    func cell(_ b: VariableBuffer, _ i: Int, _ variable: UnsafeMutablePointer<readstat_variable_t>?, _ value: readstat_value_t) -> Int32 {
        if i >= b.capacity { b.grow(to: i) }
        if i >= rows {
            rows = i + 1
            if rows & 0xFFFF == 0 && Interrupt.requested { return Int32(READSTAT_HANDLER_ABORT) }
        }
        if b.isString {
            guard let p = value.v.string_value else {
                // Debian's ReadStat 1.1.8 hands release-119 Stata files' long strings (strL) over
                // without their text: counted and said, never a silent null.
                b.unreadable += 1
                return Int32(READSTAT_HANDLER_OK)
            }
            if b.hasRanges && !settings.keepMissing && readstat_value_is_defined_missing(value, variable) != 0 {
                b.declaredMissing += 1
                return Int32(READSTAT_HANDLER_OK)
            }
            let n = strlen(p)
            // Bytes as they are: each distinct string is NFC-normalised once, after the read.
            b.codes[i] = p.withMemoryRebound(to: UInt8.self, capacity: n) { b.dictionary.internExact(UnsafeBufferPointer(start: $0, count: n)) }
            b.valid[i] = 1
            return Int32(READSTAT_HANDLER_OK)
        }
        if value.is_system_missing != 0 { return Int32(READSTAT_HANDLER_OK) }
        if value.is_tagged_missing != 0 {
            if settings.keepMissing { b.taggedKept += 1 } else { b.declaredMissing += 1 }
            return Int32(READSTAT_HANDLER_OK)
        }
        let d: Double
        switch value.type {
        case READSTAT_TYPE_DOUBLE: d = value.v.double_value
        case READSTAT_TYPE_INT32: d = Double(value.v.i32_value)
        case READSTAT_TYPE_INT16: d = Double(value.v.i16_value)
        case READSTAT_TYPE_INT8: d = Double(value.v.i8_value)
        default: d = Double(value.v.float_value)
        }
        if b.hasRanges && !settings.keepMissing && readstat_value_is_defined_missing(value, variable) != 0 {
            b.declaredMissing += 1
            return Int32(READSTAT_HANDLER_OK)
        }
        guard d.isFinite else { return Int32(READSTAT_HANDLER_OK) }
        b.numbers[i] = d
        b.valid[i] = 1
        if b.allIntegral && (d != d.rounded() || abs(d) > 9.007_199_254_740_992e15) { b.allIntegral = false }
        return Int32(READSTAT_HANDLER_OK)
    }
}
