#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file replaced all at once: written to a temporary sibling, flushed, then renamed over the
/// target, so a failed write (CSV export, chart) leaves the previous file as it was.
public enum AtomicFile {
    /// Writes bytes to `path` through a temporary sibling file and `rename(2)`.
    public static func write(_ bytes: [UInt8], to path: String, displayName: String? = nil, mode: mode_t = 0o644) throws {
        let shown = displayName ?? path
        let shownDir: String = {
            guard let slash = shown.lastIndex(of: "/") else { return "." }
            return String(shown[..<slash])
        }()
        let dir: String = {
            guard let slash = path.lastIndex(of: "/") else { return "." }
            return slash == path.startIndex ? "/" : String(path[..<slash])
        }()
        var template = Array("\(dir)/.chiso-export-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else {
            throw Diagnostic(.io, "cannot write \(shown): \(SystemError.text(errno))",
                             hint: errno == ENOENT ? "the folder \(shownDir) does not exist" : nil)
        }
        let tmp = String(cString: template.withUnsafeBufferPointer { $0.baseAddress! })
        var ok = false
        defer { if !ok { unlink(tmp) } }
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBufferPointer { Glibc.write(fd, $0.baseAddress! + written, bytes.count - written) }
            if n <= 0 {
                let reason = SystemError.text(errno)
                close(fd)
                throw Diagnostic(.io, "cannot write \(shown): \(reason)", hint: "nothing was changed at \(shown)")
            }
            written += n
        }
        fchmod(fd, mode)
        guard fsync(fd) == 0, close(fd) == 0 else {
            throw Diagnostic(.io, "cannot write \(shown): \(SystemError.text(errno))")
        }
        guard rename(tmp, path) == 0 else {
            throw Diagnostic(.io, "cannot write \(shown): \(SystemError.text(errno))")
        }
        ok = true
    }
}
