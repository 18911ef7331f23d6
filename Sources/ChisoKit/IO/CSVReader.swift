import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads RFC 4180 CSV into typed columns.
///
/// A `CSVScanner` streams a byte range of the file through a fixed buffer; each record is first
/// split into field spans (quotes, doubled quotes and line breaks inside quotes handled there),
/// then each field is converted straight into its column's typed buffer. Text goes through a
/// per-column dictionary keyed on the raw bytes, so a value seen before costs one hash lookup
/// and no `String`; a new value is checked for valid UTF-8 and NFC-normalised once.
///
/// Types are inferred from a sample of rows; if a later value does not fit (an int column
/// meets "1.5", or "n/a"), the column is widened and the file read again, so a late value can
/// change a type but can never be silently lost or shifted.
///
/// Large files are read by two threads, each from one half: the split is put after a line
/// break in the middle and checked afterwards (the first half must end exactly there); if a
/// quoted field spanned it, or the second half met an error, the file is read again by one
/// thread, so positions in messages are always exact.
public enum CSVReader {
    public static func read(path rawPath: String, displayName: String? = nil, options: CSVOptions = CSVOptions()) throws -> Table {
        let name = displayName ?? rawPath
        let source = try CSVSource.open(rawPath, displayName: name, encoding: options.encoding)
        defer { source.cleanup() }
        let path = source.path
        var forced = options.types
        for _ in 0..<64 {
            let head = try CSVScanner(path: path, name: name, options: options)
            let layout = try head.readLayout(forced: forced)
            let result = try readBody(path: path, name: name, options: options, layout: layout)
            switch result {
            case .table(let t): return t
            case .widen(let types): forced = types
            }
        }
        throw Diagnostic(.data, "could not settle the column types of \(name)")
    }

    /// The columns and types of a file from its head: the header and the rows that type
    /// inference samples. No other row is read; `read` confirms (or widens) the types later.
    public static func sniff(path rawPath: String, displayName: String? = nil, options: CSVOptions = CSVOptions()) throws -> Schema {
        // A stream cannot be read twice: sniffing one would consume it, so it is read whole.
        if rawPath == "-" { return Schema(try read(path: rawPath, displayName: displayName, options: options)) }
        let source = try CSVSource.open(rawPath, displayName: displayName ?? rawPath, headOnly: true, encoding: options.encoding)
        defer { source.cleanup() }
        let layout = try CSVScanner(path: source.path, name: displayName ?? rawPath, options: options).readLayout(forced: options.types)
        return Schema(names: layout.names, types: layout.types)
    }

    /// The delimiter a read uses: the one given, or the one detected from the header line.
    static func delimiter(path rawPath: String, displayName: String, options: CSVOptions) throws -> UInt8 {
        if let d = options.delimiter { return d }
        if rawPath == "-" { return 44 }
        let source = try CSVSource.open(rawPath, displayName: displayName, headOnly: true, encoding: options.encoding)
        defer { source.cleanup() }
        return try CSVScanner(path: source.path, name: displayName, options: options).readLayout(forced: options.types).delimiter
    }

    enum BodyResult {
        case table(Table)
        case widen([String: DataType])
    }

    static func readBody(path: String, name: String, options: CSVOptions, layout: CSVLayout) throws -> BodyResult {
        if layout.fileSize - layout.dataStart >= options.parallelMinBytes {
            // Pieces at line breaks, two per core (so a slow piece does not leave a core idle
            // at the end), each read by its own scanner.
            let body = layout.fileSize - layout.dataStart
            let pieces = max(2, min(16, 2 * Parallelism.threads, body / max(1, options.parallelMinBytes / 2)))
            var cuts = [layout.dataStart]
            for k in 1..<pieces {
                if let cut = try CSVScanner.lineBreakNear(path: path, offset: layout.dataStart + body * k / pieces),
                   cut > cuts.last!, cut < layout.fileSize { cuts.append(cut) }
            }
            cuts.append(layout.fileSize)
            let ranges = (0..<(cuts.count - 1)).map { (cuts[$0], cuts[$0 + 1], $0 == 0 ? layout.dataLine : 0) }
            if ranges.count > 1 {
                let results = LockedBox([Result<CSVScanner.Part, Error>?](repeating: nil, count: ranges.count))
                Parallelism.perform(ranges.count) { k in
                    let r = Result {
                        try CSVScanner(path: path, name: name, options: options)
                            .readPart(layout: layout, start: ranges[k].0, end: ranges[k].1, line: ranges[k].2)
                    }
                    results.withLock { $0[k] = r }
                }
                let parts = results.withLock { $0 }
                try Interrupt.check()
                // The pieces agree only if each ended exactly where the next begins (a cut
                // inside a quoted field makes a piece run past it): otherwise one serial read.
                let read = parts.compactMap { r -> CSVScanner.Part? in if case .success(let p)? = r { return p }; return nil }
                if read.count == ranges.count && zip(read, ranges).allSatisfy({ $0.end == $1.1 }) {
                    return finish(read, layout: layout, name: name)
                }
                if case .failure(let e)? = parts[0] { throw e }
            }
        }
        let whole = try CSVScanner(path: path, name: name, options: options)
            .readPart(layout: layout, start: layout.dataStart, end: layout.fileSize, line: layout.dataLine)
        return finish([whole], layout: layout, name: name)
    }

    static func finish(_ parts: [CSVScanner.Part], layout: CSVLayout, name: String) -> BodyResult {
        var widened = layout.forced
        var needsAgain = false
        for k in layout.names.indices {
            for p in parts {
                if let w = p.builders[k].widenTo {
                    widened[layout.names[k]] = CellParser.widen(widened[layout.names[k]] ?? layout.types[k], w)
                    needsAgain = true
                }
            }
        }
        if needsAgain { return .widen(widened) }
        let rows = parts.reduce(0) { $0 + $1.rows }
        // Columns are joined from the parts on both cores (the join is a copy per column: 180 ms
        // of a 5M-row load on one core); each column is touched by one thread.
        let width = layout.names.count
        var joined = [Column?](repeating: nil, count: width)
        joined.withUnsafeMutableBufferPointer { j in parts.withUnsafeBufferPointer { p in
            let out = SharedBuffer(j), part = SharedBuffer(p)
            Parallelism.perform(width) { k in
                out[k] = ColumnBuilder.finish(part.buffer.map { $0.builders[k] })
            }
        } }
        let columns = joined.map { $0! }
        return .table(Table(names: layout.names, columns: columns, rowCount: rows, origin: name))
    }

    /// An error about the file as a whole (reported at the `load` statement's path).
    static func ioError(_ message: String, hint: String? = nil) -> Diagnostic {
        Diagnostic(.io, message, hint: hint)
    }
}

/// A value shared between threads, reached only through `withLock`.
///
/// `@unchecked Sendable` is sound here: `value` is private and every read or write of it
/// happens inside `withLock`, under the mutex, so no two threads touch it at once.
final class LockedBox<Value>: @unchecked Sendable {
    private var value: Value
    private let lock = PthreadLock()
    init(_ value: Value) { self.value = value }
    func withLock<R>(_ body: (inout Value) throws -> R) rethrows -> R {
        try lock.withLock { try body(&value) }
    }
}

/// A tiny mutex over pthread, so the reader needs no Foundation.
///
/// `@unchecked Sendable`: the mutex exists to be shared; `m` is only touched through
/// pthread calls, which are themselves thread-safe.
final class PthreadLock: @unchecked Sendable {
    private var m = pthread_mutex_t()
    init() { pthread_mutex_init(&m, nil) }
    deinit { pthread_mutex_destroy(&m) }
    func withLock<R>(_ body: () throws -> R) rethrows -> R {
        pthread_mutex_lock(&m)
        defer { pthread_mutex_unlock(&m) }
        return try body()
    }
}

/// What the header and the sample say about a file: delimiter, names, types, where data starts.
struct CSVLayout {
    var delimiter: UInt8
    var names: [String]
    var types: [DataType]
    var forced: [String: DataType]
    /// Absolute byte offset of the first data record, and its line number.
    var dataStart: Int
    var dataLine: Int
    var fileSize: Int
    var estimatedRowBytes: Int
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

/// The fields of the current record, in a buffer reused for every record (no per-record
/// allocation, no uniqueness checks in the tokenizer's inner loop).
typealias FieldBuffer = GrowableBuffer<FieldSpan>

/// Streams one byte range of a CSV file and splits it into records.
final class CSVScanner {
    let path: String
    let name: String
    let options: CSVOptions

    var fd: Int32 = -1
    var buf: UnsafeMutablePointer<UInt8>
    var capacity = 1 << 20
    var filled = 0
    var pos = 0
    var eof = false
    /// Absolute file offset of buf[0].
    var base = 0
    var fileSize = 0

    /// Line of the current record's start (for messages), and its buffer index.
    var line = 1
    var recordStart = 0
    /// Line breaks inside the record just read, plus the one that ended it.
    var recordLines = 0
    /// In a one-column file a blank line is a row whose value is null (that is how a null is
    /// written there: chiso's export of a one-column table writes an empty line for it).
    var blankLineIsNull = false

    var fields: FieldBuffer = { var f = FieldBuffer(); f.reserve(64); return f }()
    var scratch: [UInt8] = []
    /// Told how many more bytes and rows were read, now and then (for the shell's progress line).
    var progress: ((Int, Int) -> Void)? { options.progress }
    var delimiter: UInt8 = UInt8(ascii: ",")

    init(path: String, name: String, options: CSVOptions) throws {
        self.path = path
        self.name = name
        self.options = options
        buf = .allocate(capacity: capacity)
        try open()
    }

    deinit {
        fields.free()
        buf.deallocate()
        if fd >= 0 { close(fd) }
    }

    func open() throws {
        fd = Glibc.open(path, O_RDONLY)
        guard fd >= 0 else {
            let reason = SystemError.text(errno)
            throw CSVReader.ioError("cannot open \(name): \(reason)",
                                    hint: errno == ENOENT ? "check the path; relative paths start from the script's folder (the current one at the prompt)" : nil)
        }
        var st = stat()
        if fstat(fd, &st) == 0 {
            if (st.st_mode & S_IFMT) == S_IFDIR { throw CSVReader.ioError("\(name) is a directory, not a CSV file") }
            fileSize = Int(st.st_size)
        }
    }

    /// The offset just after the first line break at or after `offset` (nil if none).
    static func lineBreakNear(path: String, offset: Int) throws -> Int? {
        let fd = Glibc.open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var at = offset
        while true {
            let n = chunk.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, $0.count, off_t(at)) }
            if n <= 0 { return nil }
            if let i = chunk[0..<n].firstIndex(of: 10) { return at + (i - 0) + 1 }
            at += n
        }
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

    /// Starts reading at an absolute offset.
    func seek(to offset: Int) {
        lseek(fd, off_t(offset), SEEK_SET)
        base = offset
        filled = 0; pos = 0; recordStart = 0
        eof = false
    }

    /// Moves unread bytes to the front and reads more; false at the end of the range.
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
        if n < 0 { throw CSVReader.ioError("cannot read \(name): \(SystemError.text(errno))") }
        if n == 0 { eof = true; return false }
        filled += n
        return true
    }

    /// Splits the record at `pos` into `fields`; false at the end of input.
    func nextRecord() throws -> Bool {
        while true {
            switch try tokenize() {
            case .record: return true
            case .endOfInput: return false
            case .needMore:
                if !(try refill()) {
                    if pos >= filled { return false }
                    if case .record = try tokenize() { return true }
                    return false
                }
            }
        }
    }

    enum TokenizeResult { case record, needMore, endOfInput }

    func tokenize() throws -> TokenizeResult {
        fields.removeAll()
        var i = pos
        let end = filled
        let d = delimiter
        let buf = self.buf
        if blankLineIsNull, i < end, buf[i] == 10 || (buf[i] == 13 && i + 1 < end && buf[i + 1] == 10) {
            fields.append(FieldSpan(start: i, end: i, quoted: false, escaped: false, highBit: false))
            recordStart = i
            pos = i + (buf[i] == 10 ? 1 : 2)
            recordLines = 1
            return .record
        }
        // Skip blank lines (CRLF or LF) between records.
        while i < end && (buf[i] == 10 || (buf[i] == 13 && i + 1 < end && buf[i + 1] == 10)) {
            if buf[i] == 10 { line += 1 }
            i += 1
        }
        if i >= end { pos = i; recordStart = i; return eof ? .endOfInput : .needMore }
        if i + 1 == end && buf[i] == 13 && !eof { pos = i; recordStart = i; return .needMore }
        pos = i
        recordStart = i
        var lines = 0
        while true {
            if i < end && buf[i] == UInt8(ascii: "\"") {
                // Quoted field: up to the quote not followed by another quote.
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
                    if c == 10 { lines += 1 }
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
                if j < end && buf[j] == 13 && j + 1 < end && buf[j + 1] == 10 { pos = j + 2; lines += 1; break }
                if j < end && buf[j] == 10 { pos = j + 1; lines += 1; break }
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
                if j < end { lines += 1 }
                pos = j < end ? j + 1 : j
                break
            }
        }
        recordLines = lines
        return .record
    }

    /// Moves past the record just read, keeping the line number right for messages.
    @inline(__always) func advanceLines() {
        line += recordLines
        recordStart = pos
    }

    /// The bytes of a field, with doubled quotes undone.
    @inline(__always) func withField<R>(_ f: FieldSpan, _ body: (UnsafePointer<UInt8>, Int) throws -> R) rethrows -> R {
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

    // MARK: - Header and types

    /// Reads the header, samples rows for types, and says where the data starts.
    func readLayout(forced: [String: DataType]) throws -> CSVLayout {
        // Fill the buffer (a small file is then read whole, and its end is known).
        while filled < capacity, try refill() {}
        // A UTF-8 byte order mark is not part of the first column's name.
        if filled >= 3 && buf[0] == 0xEF && buf[1] == 0xBB && buf[2] == 0xBF { pos = 3; recordStart = 3 }
        detectDelimiter()
        guard try nextRecord() else {
            throw CSVReader.ioError("\(name) is empty", hint: "a CSV file needs at least a header line")
        }
        var names: [String] = []
        var taken = Set<String>()    // a set, so a 100,000-column header reads in linear time
        if options.header {
            for (k, f) in fields.all.enumerated() {
                var s = try withField(f) { p, n -> String in
                    guard let s = String(validating: UnsafeBufferPointer(start: p, count: n), as: UTF8.self) else {
                        throw dataError("invalid UTF-8 in the header", at: f.start, hint: "save the file as UTF-8")
                    }
                    return s
                }
                s = Unicode.nfc(s.trimmingSpaces)
                while s.hasPrefix("\u{FEFF}") { s.removeFirst() }   // a stray byte order mark is no part of a name
                if s.isEmpty { s = "c\(k + 1)" }
                var unique = s, suffix = 2
                while taken.contains(unique) { unique = "\(s)_\(suffix)"; suffix += 1 }
                names.append(unique)
                taken.insert(unique)
            }
            advanceLines()
        } else {
            names = (1...fields.count).map { "c\($0)" }
            pos = recordStart     // the first record is data
        }
        blankLineIsNull = names.count == 1
        let known = Set(names)
        for (col, _) in forced where !known.contains(col) {
            throw CSVReader.ioError("option types names column '\(col)', which \(name) does not have",
                                    hint: NameSuggestion.hint(for: col, in: names))
        }
        let dataStart = base + pos, dataLine = line
        let (types, rowBytes) = try inferTypes(names: names, forced: forced)
        return CSVLayout(delimiter: delimiter, names: names, types: types, forced: forced, dataStart: dataStart,
                         dataLine: dataLine, fileSize: fileSize, estimatedRowBytes: rowBytes)
    }

    /// Types from the first `sampleRows` records in the buffer. A record cut by the buffer's
    /// end is not sampled, as its last field may be partial.
    func inferTypes(names: [String], forced: [String: DataType]) throws -> ([DataType], Int) {
        var types = [DataType](repeating: .null, count: names.count)
        var quotedEmpty = [Bool](repeating: false, count: names.count)
        var sampled = 0, sampleBytes = 0
        let nullTokens = options.nullTokens.map { Array($0.utf8) }
        var scratch: [UInt8] = []
        while sampled < options.sampleRows && pos < filled {
            let before = pos
            guard case .record = try tokenize() else { break }
            if fields.count == names.count {
                for (k, f) in fields.all.enumerated() where f.quoted && f.end == f.start { quotedEmpty[k] = true }
                for (k, f) in fields.all.enumerated() where f.end > f.start && types[k] != .text {
                    if !f.quoted && isNullToken(f, nullTokens) { continue }
                    types[k] = CellParser.widen(types[k], withField(f) { p, n in
                        // A stray byte order mark is skipped here as the column builder skips it.
                        n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF ? options.separators.infer(p + 3, n - 3, scratch: &scratch) : options.separators.infer(p, n, scratch: &scratch)
                    })
                }
            }
            sampleBytes += pos - before
            sampled += 1
            advanceLines()
        }
        // A column with nothing but "" and empty cells is text: "" is empty text, an empty cell
        // null, and both survive (as an export of such a column writes them).
        for k in names.indices where types[k] == .null && quotedEmpty[k] { types[k] = .text }
        for (k, n) in names.enumerated() {
            if let t = forced[n] { types[k] = t }
        }
        return (types, sampled > 0 ? max(1, sampleBytes / sampled) : 64)
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

    // MARK: - Body

    struct Part {
        var builders: [ColumnBuilder]
        var rows: Int
        /// Absolute offset just after the last record read.
        var end: Int
    }

    /// Reads the records that start in `[start, end)`. `line` is the line number at `start`
    /// (0 when unknown: a second half, whose errors are re-reported by a sequential read).
    func readPart(layout: CSVLayout, start: Int, end: Int, line startLine: Int) throws -> Part {
        delimiter = layout.delimiter
        seek(to: start)
        line = startLine
        let width = layout.names.count
        blankLineIsNull = width == 1
        let estimate = (end - start) / max(1, layout.estimatedRowBytes) * 21 / 20 + 16
        let builders = layout.types.map { ColumnBuilder(type: $0, reserve: estimate) }
        for b in builders { b.separators = options.separators }
        let unretained = builders.map { Unmanaged.passUnretained($0) }
        defer { withExtendedLifetime(builders) {} }
        let nullTokens = options.nullTokens.map { Array($0.utf8) }
        let kinds = PlainCell.kinds(types: layout.types, options: options) ?? []
        let stops = PlainStops(delimiter: delimiter)
        var rows = 0
        var reported = 0
        return try stops.withTable { stops in try kinds.withUnsafeBufferPointer { kinds in try unretained.withUnsafeBufferPointer { plain in
        while base + pos < end {
            if rows & 0xFFFF == 0 && rows > 0 {
                try Interrupt.check()
                if let progress {
                    progress(base + pos - start - reported, 0x10000)
                    reported = base + pos - start
                }
            }
            if !kinds.isEmpty && plainRecord(kinds, plain, stops: stops) { rows += 1; continue }
            guard try nextRecord() else { break }
            if fields.count != width {
                let at = fields.count > width ? fields[width].start - 1 : (fields.last?.end ?? recordStart)
                throw dataError("row has \(fields.count) field\(fields.count == 1 ? "" : "s"), expected \(width)", at: at,
                                hint: fields.count > width ? "a field with the delimiter inside must be quoted" : "the header has \(width) columns")
            }
            for k in 0..<width {
                // The builder borrowed, not retained: `builders` keeps it alive, and a retain and
                // release per cell were a tenth of a load's samples.
                try unretained[k]._withUnsafeGuaranteedRef { b in
                    let f = fields[k]
                    if f.end == f.start && (!f.quoted || b.type != .text) { b.appendNull(); return }
                    if !nullTokens.isEmpty && !f.quoted && isNullToken(f, nullTokens) { b.appendNull(); return }
                    let ok = withField(f) { p, n in b.append(p, n, highBit: f.highBit) }
                    if !ok { try rejected(f, column: k, layout: layout, builder: b) }
                    if b.overflowed {
                        throw dataError("number out of range: beyond ±1.8e308, a 64-bit float's limit", at: f.start,
                                        hint: "read the column as text with (types = (\(layout.names[k]) = text))")
                    }
                }
            }
            rows += 1
            advanceLines()
        }
        return Part(builders: builders, rows: rows, end: base + pos)
        } } }
    }

    /// A value did not fit its column: an error for forced types and bad UTF-8; otherwise the
    /// builder has noted the wider type and the file will be read again.
    func rejected(_ f: FieldSpan, column k: Int, layout: CSVLayout, builder b: ColumnBuilder) throws {
        let name = layout.names[k]
        if layout.forced[name] != nil {
            let text = withField(f) { String(decoding: UnsafeBufferPointer(start: $0, count: $1), as: UTF8.self) }
            throw dataError("'\(text)' is not a valid \(b.type) for column '\(name)'", at: f.start,
                            hint: "change the type in the load options, or fix the value")
        }
        if b.invalidUTF8 {
            throw dataError("invalid UTF-8 in column '\(name)'", at: f.start,
                            hint: "save the file as UTF-8 (it may be in a legacy Vietnamese encoding such as TCVN3 or VNI)")
        }
    }
}

extension String {
    /// Without spaces and tabs at either end.
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " || s.first == "\t" { s.removeFirst() }
        while s.last == " " || s.last == "\t" { s.removeLast() }
        return String(s)
    }
}
