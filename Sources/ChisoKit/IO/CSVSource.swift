#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What the CSV reader reads: a regular file as it is, or — for the inputs a seekable,
/// sized file reader cannot take — a temporary copy: a pipe or FIFO (`load "-"` is standard
/// input), a device, a /proc file (which says its size is 0), and a file whose lines end in a
/// lone CR (old Mac exports), whose CRs become LFs one for one so line numbers stay right.
/// The copy checks for Ctrl-C as it goes, so a read that never ends can be stopped.
struct CSVSource {
    let path: String
    let cleanup: () -> Void

    /// `headOnly`: only the start is wanted (sniffing a schema): a stream is copied up to 4 MB.
    static func open(_ path: String, displayName: String, headOnly: Bool = false, encoding: TextEncoding = .utf8) throws -> CSVSource {
        let input = path == "-" ? "/dev/stdin" : path
        var st = stat()
        guard stat(input, &st) == 0 else { return CSVSource(path: input, cleanup: {}) }   // the reader reports it
        // A UTF-16 byte order mark cannot start UTF-8 text: such a file is Excel's "Unicode text".
        let encoding = encoding == .utf8 && (st.st_mode & S_IFMT) == S_IFREG && startsWithUTF16Mark(input) ? .utf16 : encoding
        if encoding != .utf8 { return try decoded(input, displayName: displayName, encoding: encoding) }
        let regular = (st.st_mode & S_IFMT) == S_IFREG
        if try regular && st.st_size > 0 && !lineEndsAreCR(input) { return CSVSource(path: input, cleanup: {}) }
        if (st.st_mode & S_IFMT) == S_IFDIR { return CSVSource(path: input, cleanup: {}) }
        return try copy(input, displayName: displayName, limit: headOnly ? 4 << 20 : nil)
    }

    static func startsWithUTF16Mark(_ path: String) -> Bool {
        let fd = Glibc.open(path, O_RDONLY)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var head: [UInt8] = [0, 0]
        let n = head.withUnsafeMutableBytes { read(fd, $0.baseAddress!, 2) }
        return n == 2 && ((head[0] == 0xFF && head[1] == 0xFE) || (head[0] == 0xFE && head[1] == 0xFF))
    }

    /// The file decoded to UTF-8 in a temporary copy; an undecodable byte is an error naming
    /// its line and column.
    static func decoded(_ path: String, displayName: String, encoding: TextEncoding) throws -> CSVSource {
        let fd = Glibc.open(path, O_RDONLY)
        guard fd >= 0 else { throw CSVReader.ioError("cannot open \(displayName): \(SystemError.text(errno))") }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            try Interrupt.check()
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            if n < 0 { close(fd); throw CSVReader.ioError("cannot read \(displayName): \(SystemError.text(errno))") }
            if n == 0 { break }
            bytes += chunk[0..<n]
        }
        close(fd)
        let utf8: [UInt8]
        do { utf8 = try encoding.decode(bytes) } catch {
            var d = Diagnostic(.data, error.message, hint: "the file is not \(encoding.rawValue) throughout; check encoding = \"…\" (utf-8, utf-16, windows-1258)")
            d.dataLocation = DataLocation(file: displayName, line: error.line, column: error.column)
            throw d
        }
        let (out, tmp, cleanup) = try temporary("decoded", displayName)
        var written = 0
        while written < utf8.count {
            let w = utf8.withUnsafeBytes { write(out, $0.baseAddress! + written, utf8.count - written) }
            if w <= 0 { cleanup(); throw CSVReader.ioError("cannot read \(displayName): the temporary copy failed (\(SystemError.text(errno)))") }
            written += w
        }
        return CSVSource(path: tmp, cleanup: cleanup)
    }

    /// True when the head of a file has CRs and no LF at all.
    static func lineEndsAreCR(_ path: String) throws -> Bool {
        let fd = Glibc.open(path, O_RDONLY)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var head = [UInt8](repeating: 0, count: 1 << 16)
        let n = head.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
        guard n > 0 else { return false }
        return head[0..<n].contains(13) && !head[0..<n].contains(10)
    }

    /// Copies the stream to a temporary file (CR → LF when the stream's lines end in CR).
    /// A stream with no line break in its first 256 MB (/dev/zero) is not a CSV: an error, not a
    /// copy that fills the disk.
    static func copy(_ path: String, displayName: String, limit: Int? = nil) throws -> CSVSource {
        let fd = Glibc.open(path, O_RDONLY)
        guard fd >= 0 else { return CSVSource(path: path, cleanup: {}) }
        defer { close(fd) }
        let (out, tmp, cleanup) = try temporary("stream", displayName)
        var ok = false
        defer { if !ok { cleanup() } }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var mode: Bool? = nil        // CR-only line ends? decided from the first chunk with a line end
        var copied = 0
        while true {
            if let limit, copied >= limit { break }
            if mode == nil && copied >= 256 << 20 {
                throw CSVReader.ioError("\(displayName) has no line break in its first 256 MB: it is not a CSV file")
            }
            try Interrupt.check()
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            if n < 0 { throw CSVReader.ioError("cannot read \(displayName): \(SystemError.text(errno))") }
            if n == 0 { break }
            if mode == nil, chunk[0..<n].contains(10) || chunk[0..<n].contains(13) {
                mode = chunk[0..<n].contains(13) && !chunk[0..<n].contains(10)
            }
            if mode == true { for i in 0..<n where chunk[i] == 13 { chunk[i] = 10 } }
            var written = 0
            while written < n {
                let w = chunk.withUnsafeBytes { write(out, $0.baseAddress! + written, n - written) }
                if w <= 0 { throw CSVReader.ioError("cannot read \(displayName): the temporary copy failed (\(SystemError.text(errno)))") }
                written += w
            }
            copied += n
        }
        ok = true
        return CSVSource(path: tmp, cleanup: cleanup)
    }

    /// A temporary file in $TMPDIR (else /tmp) that leaves nothing behind, however the process
    /// ends: it is unlinked as soon as it is made and read back through /proc/self/fd while
    /// its descriptor stays open; the cleanup closes it. Where /proc is missing, it keeps its
    /// name until the cleanup unlinks it.
    static func temporary(_ kind: String, _ displayName: String, verb: String = "read") throws -> (Int32, String, @Sendable () -> Void) {
        var dir = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
        if dir.isEmpty { dir = "/tmp" }
        if dir.hasSuffix("/") && dir.count > 1 { dir.removeLast() }
        var template = Array("\(dir)/chiso-\(kind)-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else {
            throw CSVReader.ioError("cannot \(verb) \(displayName): no room for a temporary copy in \(dir) (\(SystemError.text(errno)))",
                                    hint: "set TMPDIR to a folder with room")
        }
        let name = String(cString: template.withUnsafeBufferPointer { $0.baseAddress! })
        let proc = "/proc/self/fd/\(fd)"
        if access(proc, F_OK) == 0 {
            unlink(name)
            return (fd, proc, { close(fd) })
        }
        return (fd, name, { close(fd); unlink(name) })
    }
}
