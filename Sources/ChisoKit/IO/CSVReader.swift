#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads RFC 4180 CSV into typed columns.
///
/// The file is streamed through a fixed buffer; each record is first split into field spans
/// (quotes, doubled quotes and line breaks inside quotes handled there), then each field is
/// converted straight into its column's typed array. Text goes through a per-column
/// dictionary keyed on the raw bytes, so a value seen before costs one hash lookup and no
/// `String`; a new value is checked for valid UTF-8 and NFC-normalised once.
///
/// Types are inferred from a sample of rows; if a later value does not fit (an int column
/// meets "1.5", or "n/a"), the column is widened and the file read again, so a late value
/// can change a type but can never be silently lost or shifted.
public enum CSVReader {
    public static func read(path: String, displayName: String? = nil, options: CSVOptions = CSVOptions()) throws -> Table {
        let name = displayName ?? path
        var forced = options.types
        for _ in 0..<64 {
            let attempt = try Pass(path: path, name: name, options: options, forced: forced).run()
            switch attempt {
            case .done(let table): return table
            case .widen(let types): forced = types
            }
        }
        throw Diagnostic(.data, "could not settle the column types of \(name)")
    }

    /// An error about the file as a whole (reported at the `load` statement's path).
    static func ioError(_ message: String, _ file: String, hint: String? = nil) -> Diagnostic {
        Diagnostic(.io, message, hint: hint)
    }
}

/// A field of the current record: byte range in the buffer, and whether it was quoted and
/// contains doubled quotes that must be unescaped.
struct FieldSpan {
    var start: Int
    var end: Int
    var quoted: Bool
    var escaped: Bool
    var highBit: Bool
}

private enum PassResult {
    case done(Table)
    case widen([String: DataType])
}

/// One read of the file with a fixed set of forced types.
private final class Pass {
    let path: String
    let name: String
    let options: CSVOptions
    var forced: [String: DataType]

    // Buffer state.
    var fd: Int32 = -1
    var buf: UnsafeMutablePointer<UInt8>
    var capacity = 1 << 22
    var filled = 0
    var pos = 0
    var eof = false
    /// Absolute file offset of buf[0].
    var base = 0
    var fileSize = 0

    // Line tracking for messages.
    var line = 1                 // line of the current record's start
    var recordStart = 0          // buffer index of the current record's start

    var fields: [FieldSpan] = []
    var scratch: [UInt8] = []
    var delimiter: UInt8 = UInt8(ascii: ",")

    init(path: String, name: String, options: CSVOptions, forced: [String: DataType]) {
        self.path = path
        self.name = name
        self.options = options
        self.forced = forced
        buf = .allocate(capacity: capacity)
    }

    deinit {
        buf.deallocate()
        if fd >= 0 { close(fd) }
    }

    func dataError(_ message: String, at index: Int, hint: String? = nil) -> Diagnostic {
        var d = Diagnostic(.data, message, hint: hint)
        let (l, c) = location(of: index)
        d.dataLocation = DataLocation(file: name, line: l, column: c)
        return d
    }

    /// Line and character column of a buffer index inside the current record.
    func location(of index: Int) -> (Int, Int) {
        var l = line
        var lineStart = recordStart
        var i = recordStart
        while i < index && i < filled {
            if buf[i] == 10 { l += 1; lineStart = i + 1 }
            i += 1
        }
        let prefix = UnsafeBufferPointer(start: buf + lineStart, count: max(0, min(index, filled) - lineStart))
        return (l, String(decoding: prefix, as: UTF8.self).count + 1)
    }

    func open() throws {
        fd = Glibc.open(path, O_RDONLY)
        guard fd >= 0 else {
            let reason = String(cString: strerror(errno))
            throw CSVReader.ioError("cannot open \(name): \(reason)", name,
                                    hint: errno == ENOENT ? "check the path; relative paths start from the current directory" : nil)
        }
        var st = stat()
        if fstat(fd, &st) == 0 {
            if (st.st_mode & S_IFMT) == S_IFDIR { throw CSVReader.ioError("\(name) is a directory, not a CSV file", name) }
            fileSize = Int(st.st_size)
        }
    }

    /// Moves unread bytes to the front and reads more; false at end of file.
    func refill() throws -> Bool {
        if eof { return false }
        if pos > 0 {
            let keep = filled - pos
            if keep > 0 { memmove(buf, buf + pos, keep) }
            base += pos
            recordStart -= pos
            filled = keep
            pos = 0
        }
        if filled == capacity {
            // One record larger than the buffer: grow it.
            let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
            bigger.update(from: buf, count: filled)
            buf.deallocate()
            buf = bigger
            capacity *= 2
        }
        let n = Glibc.read(fd, buf + filled, capacity - filled)
        if n < 0 { throw CSVReader.ioError("cannot read \(name): \(String(cString: strerror(errno)))", name) }
        if n == 0 { eof = true; return false }
        filled += n
        return true
    }

    /// Splits the record at `pos` into `fields`. Returns false when the buffer ends inside the
    /// record before end of file (the caller refills and calls again), or at end of input.
    func nextRecord() throws -> Bool {
        while true {
            switch try tokenize() {
            case .record: return true
            case .endOfInput: return false
            case .needMore:
                if !(try refill()) {
                    // End of file: whatever is left is the last record.
                    if pos >= filled { return false }
                    switch try tokenize() {
                    case .record: return true
                    default: return false
                    }
                }
            }
        }
    }

    enum TokenizeResult { case record, needMore, endOfInput }

    func tokenize() throws -> TokenizeResult {
        fields.removeAll(keepingCapacity: true)
        var i = pos
        let end = filled
        let d = delimiter
        // Skip blank lines (CRLF or LF) between records.
        while i < end && (buf[i] == 10 || (buf[i] == 13 && i + 1 < end && buf[i + 1] == 10)) {
            if buf[i] == 10 { line += 1 }
            i += 1
        }
        if i >= end { pos = i; recordStart = i; return eof ? .endOfInput : .needMore }
        if i + 1 == end && buf[i] == 13 && !eof { pos = i; recordStart = i; return .needMore }
        pos = i
        recordStart = i
        var newlinesInside = 0
        while true {
            // One field starting at i.
            if i < end && buf[i] == UInt8(ascii: "\"") {
                let start = i + 1
                var j = start
                var escaped = false
                var high: UInt8 = 0
                var closed = false
                while j < end {
                    let c = buf[j]
                    if c == UInt8(ascii: "\"") {
                        if j + 1 < end && buf[j + 1] == UInt8(ascii: "\"") { escaped = true; j += 2; continue }
                        if j + 1 == end && !eof { break }    // cannot tell "" from " yet
                        closed = true
                        break
                    }
                    if c == 10 { newlinesInside += 1 }
                    high |= c
                    j += 1
                }
                if !closed {
                    if !eof { return .needMore }
                    throw dataError("unterminated quoted field", at: i, hint: "a field that starts with \" must end with \"")
                }
                fields.append(FieldSpan(start: start, end: j, quoted: true, escaped: escaped, highBit: high >= 0x80))
                j += 1
                // After the closing quote: delimiter, end of line, or end of input.
                if j < end && buf[j] == d { i = j + 1; continue }
                if j < end && buf[j] == 13 && j + 1 < end && buf[j + 1] == 10 { pos = j + 2; break }
                if j < end && buf[j] == 10 { pos = j + 1; break }
                if j >= end {
                    if !eof { return .needMore }
                    pos = j; break
                }
                if j + 1 == end && buf[j] == 13 && !eof { return .needMore }
                throw dataError("unexpected text after a closing quote", at: j,
                                hint: "inside a quoted field write a quote as \"\"")
            } else {
                let start = i
                var j = i
                var high: UInt8 = 0
                while j < end {
                    let c = buf[j]
                    if c == d || c == 10 { break }
                    if c == UInt8(ascii: "\"") {
                        throw dataError("quote inside an unquoted field", at: j,
                                        hint: "quote the whole field and double the inner quote: \"a \"\"b\"\"\"")
                    }
                    high |= c
                    j += 1
                }
                if j >= end && !eof { return .needMore }
                var fieldEnd = j
                if fieldEnd > start && buf[fieldEnd - 1] == 13 && (j >= end || buf[j] == 10) { fieldEnd -= 1 }
                fields.append(FieldSpan(start: start, end: fieldEnd, quoted: false, escaped: false, highBit: high >= 0x80))
                if j < end && buf[j] == d { i = j + 1; continue }
                pos = j < end ? j + 1 : j
                break
            }
        }
        _ = newlinesInside
        return .record
    }

    /// Counts the lines the record just read spans, so the next record's line is right.
    func advanceLines() {
        var i = recordStart
        while i < pos { if buf[i] == 10 { line += 1 }; i += 1 }
        recordStart = pos
    }

    /// The bytes of a field, with doubled quotes undone.
    func withField<R>(_ f: FieldSpan, _ body: (UnsafePointer<UInt8>, Int) throws -> R) rethrows -> R {
        if !f.escaped { return try body(buf + f.start, f.end - f.start) }
        scratch.removeAll(keepingCapacity: true)
        var k = f.start
        while k < f.end {
            scratch.append(buf[k])
            k += buf[k] == UInt8(ascii: "\"") ? 2 : 1
        }
        return try scratch.withUnsafeBufferPointer { try body($0.baseAddress!, $0.count) }
    }

    func detectDelimiter() {
        if let d = options.delimiter { delimiter = d; return }
        var counts: [UInt8: Int] = [44: 0, 59: 0, 9: 0]
        var inQuotes = false
        var i = pos
        while i < filled {
            let c = buf[i]
            if c == UInt8(ascii: "\"") { inQuotes.toggle() }
            if !inQuotes {
                if c == 10 { break }
                if counts[c] != nil { counts[c]! += 1 }
            }
            i += 1
        }
        let best = [UInt8(44), 59, 9].max { counts[$0]! < counts[$1]! }!
        delimiter = counts[best]! > 0 ? best : 44
    }

    func run() throws -> PassResult {
        try open()
        // Fill the buffer (a small file is then read whole, and its end is known).
        while filled < capacity, try refill() {}
        // A UTF-8 byte order mark is not part of the first column's name.
        if filled >= 3 && buf[0] == 0xEF && buf[1] == 0xBB && buf[2] == 0xBF { pos = 3; recordStart = 3 }
        detectDelimiter()

        // Header.
        guard try nextRecord() else {
            throw CSVReader.ioError("\(name) is empty", name, hint: "a CSV file needs at least a header line")
        }
        var names: [String] = []
        if options.header {
            for (k, f) in fields.enumerated() {
                var s = try withField(f) { p, n -> String in
                    guard let s = String(validating: UnsafeBufferPointer(start: p, count: n), as: UTF8.self) else {
                        throw dataError("invalid UTF-8 in the header", at: f.start, hint: "save the file as UTF-8")
                    }
                    return s
                }
                s = Unicode.nfc(s.trimmingSpaces)
                if s.isEmpty { s = "c\(k + 1)" }
                var unique = s, suffix = 2
                while names.contains(unique) { unique = "\(s)_\(suffix)"; suffix += 1 }
                names.append(unique)
            }
            advanceLines()
        } else {
            names = (1...fields.count).map { "c\($0)" }
            // The first record is data: read it again in the main loop.
            pos = recordStart
        }
        for (col, _) in forced where !names.contains(col) {
            throw CSVReader.ioError("option types names column '\(col)', which \(name) does not have", name,
                                    hint: NameSuggestion.hint(for: col, in: names))
        }

        // Sample rows to infer types (without consuming them).
        let types = try inferTypes(names: names)
        var builders = types.map { ColumnBuilder(type: $0) }
        let estimate = estimatedRows()
        for k in builders.indices { builders[k].reserve(estimate) }
        let nullTokens = options.nullTokens.map { Array($0.utf8) }
        let width = names.count

        var rows = 0
        while try nextRecord() {
            if fields.count != width {
                let at = fields.count > width ? fields[width].start - 1 : (fields.last?.end ?? recordStart)
                throw dataError("row has \(fields.count) field\(fields.count == 1 ? "" : "s"), expected \(width)", at: at,
                                hint: fields.count > width ? "a field with the delimiter inside must be quoted" : "the header has \(width) columns")
            }
            for k in 0..<width {
                let f = fields[k]
                if f.end == f.start && (!f.quoted || builders[k].type != .text) { builders[k].appendNull(); continue }
                if !nullTokens.isEmpty && !f.quoted && isNullToken(f, nullTokens) { builders[k].appendNull(); continue }
                try withField(f) { p, n in
                    if !builders[k].append(p, n, quoted: f.quoted, highBit: f.highBit) {
                        if forced[names[k]] != nil {
                            let text = String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self)
                            throw dataError("'\(text)' is not a valid \(builders[k].type) for column '\(names[k])'", at: f.start,
                                            hint: "change the type in the load options, or fix the value")
                        }
                        if builders[k].invalidUTF8 {
                            throw dataError("invalid UTF-8 in column '\(names[k])'", at: f.start,
                                            hint: "save the file as UTF-8 (it may be in a legacy Vietnamese encoding such as TCVN3 or VNI)")
                        }
                    }
                }
            }
            rows += 1
            advanceLines()
        }
        // Any column that met a value of a wider type: read again with the wider types.
        var widened: [String: DataType] = forced
        var needsAgain = false
        for (k, b) in builders.enumerated() where b.widenTo != nil {
            widened[names[k]] = b.widenTo!; needsAgain = true
        }
        if needsAgain { return .widen(widened) }
        let columns = builders.map { $0.finish(rows) }
        return .done(Table(names: names, columns: columns, rowCount: rows, origin: name))
    }

    func isNullToken(_ f: FieldSpan, _ tokens: [[UInt8]]) -> Bool {
        let n = f.end - f.start
        for t in tokens where t.count == n {
            var same = true
            for k in 0..<n where buf[f.start + k] != t[k] { same = false; break }
            if same { return true }
        }
        return false
    }

    /// Types from the first `sampleRows` records; the read position is restored after.
    func inferTypes(names: [String]) throws -> [DataType] {
        var types = [DataType](repeating: .null, count: names.count)
        let savePos = pos, saveLine = line, saveStart = recordStart
        var sampled = 0
        var sampleBytes = 0
        let nullTokens = options.nullTokens.map { Array($0.utf8) }
        // Sample only what is in the buffer (never refill here, so restoring is exact); a
        // record cut by the buffer's end is not sampled, as its last field may be partial.
        while sampled < options.sampleRows {
            let before = pos
            guard let ok = try? tokenizeSample(), ok else { break }
            if fields.count == names.count {
                for (k, f) in fields.enumerated() where f.end > f.start {
                    if types[k] == .text { continue }
                    if !f.quoted && isNullToken(f, nullTokens) { continue }
                    let t = f.quoted ? inferQuoted(f) : withField(f) { CellParser.infer($0, $1) }
                    types[k] = CellParser.widen(types[k], t)
                }
            }
            sampleBytes += pos - before
            sampled += 1
            advanceLines()
        }
        pos = savePos; line = saveLine; recordStart = saveStart
        averageRowBytes = sampled > 0 ? max(1, sampleBytes / sampled) : 64
        for (k, n) in names.enumerated() {
            if let t = forced[n] { types[k] = t }
        }
        return types
    }

    /// A quoted field is typed like an unquoted one ("12" is a number), so files that
    /// quote every field still get numeric columns.
    func inferQuoted(_ f: FieldSpan) -> DataType {
        withField(f) { CellParser.infer($0, $1) }
    }

    func tokenizeSample() throws -> Bool {
        if pos >= filled { return false }
        if case .record = try tokenize() { return true }
        return false
    }

    var averageRowBytes = 64

    func estimatedRows() -> Int {
        guard fileSize > 0 else { return 1024 }
        return min(fileSize / averageRowBytes + fileSize / averageRowBytes / 20 + 16, 1 << 31)
    }
}

private extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " || s.first == "\t" { s.removeFirst() }
        while s.last == " " || s.last == "\t" { s.removeLast() }
        return String(s)
    }
}
