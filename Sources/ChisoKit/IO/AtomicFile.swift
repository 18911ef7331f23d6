import Dispatch
#if canImport(Glibc)
import Glibc
// sync_file_range(2): <fcntl.h> declares it only under _GNU_SOURCE, which Swift's Glibc module
// does not define; this is its glibc declaration.
@_silgen_name("sync_file_range") private func startWriteback(_ fd: Int32, _ offset: Int64, _ count: Int64, _ flags: UInt32) -> Int32
#elseif canImport(Darwin)
import Darwin
#endif

/// A file replaced all at once, so a failed or killed write (CSV export, chart, history) leaves
/// the previous file as it was:
/// - the bytes go to an unnamed temporary file in the target's folder (O_TMPFILE: a kill leaves
///   nothing behind), are flushed, linked in under a temporary name and renamed over the target;
///   where O_TMPFILE is not supported, a named temporary is used and removed on failure, and
///   stale ones from a killed run are removed the next time that folder is written;
/// - a symbolic link is followed: the file it points to is replaced, the link stays;
/// - an existing file keeps its permissions;
/// - a device or FIFO (/dev/null, a named pipe) is written in place, never replaced by a file;
/// - a folder or an empty path is a clear error.
public enum AtomicFile {
    static let prefix = ".chiso-export-"

    public static func write(_ bytes: [UInt8], to path: String, displayName: String? = nil, mode: mode_t = 0o644) throws {
        try write(to: path, displayName: displayName, mode: mode) { emit in try emit(bytes) }
    }

    /// Streams what `produce` emits into the file, chunk by chunk, so a large export never
    /// holds the whole file in memory; an error thrown by `produce` (or Ctrl-C) leaves the old
    /// file as it was.
    public static func write(to path: String, displayName: String? = nil, mode: mode_t = 0o644,
                             produce: (_ emit: ([UInt8]) throws -> Void) throws -> Void) throws {
        let shown = displayName ?? path
        func fail(_ message: String, hint: String? = nil) -> Diagnostic { Diagnostic(.io, message, hint: hint) }
        guard !path.isEmpty, !shown.isEmpty else { throw fail("cannot write to an empty path", hint: "export \"out.csv\"") }
        if path.hasSuffix("/") { throw fail("cannot write \(shown): it names a folder", hint: "add a file name: \(shown)out.csv") }
        // Follow a symbolic link to the file it points to.
        var target = path
        var resolved = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        var lst = stat()
        if lstat(path, &lst) == 0, (lst.st_mode & S_IFMT) == S_IFLNK {
            if realpath(path, &resolved) != nil {
                target = String(decoding: resolved.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            } else {
                // A dangling link: the file it names is created, and the link stays a link.
                var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
                let n = readlink(path, &buffer, buffer.count - 1)
                if n > 0 {
                    let link = String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
                    if link.hasPrefix("/") { target = link } else if let slash = path.lastIndex(of: "/") {
                        target = String(path[...slash]) + link
                    } else {
                        target = link
                    }
                }
            }
        }
        var st = stat()
        var keepMode = mode
        if stat(target, &st) == 0 {
            switch st.st_mode & S_IFMT {
            case S_IFDIR:
                throw fail("cannot write \(shown): it is a folder", hint: "add a file name: \(shown)/out.csv")
            case S_IFCHR, S_IFIFO, S_IFBLK, S_IFSOCK:
                return try writeInPlace(to: target, shown: shown, produce: produce)
            default:
                keepMode = st.st_mode & 0o7777
            }
        }
        let dir: String = {
            guard let slash = target.lastIndex(of: "/") else { return "." }
            return slash == target.startIndex ? "/" : String(target[..<slash])
        }()
        let shownDir: String = {
            guard let slash = shown.lastIndex(of: "/") else { return "." }
            return String(shown[..<slash])
        }()
        removeStale(in: dir)
        // Prefer an unnamed temporary file; fall back to mkstemp.
        // O_TMPFILE is a C macro (__O_TMPFILE | O_DIRECTORY) that Swift does not import; its
        // __O_TMPFILE bit is 0o20000000 on Linux.
        var fd = Glibc.open(dir, 0o20000000 | O_DIRECTORY | O_WRONLY, mode_t(0o600))
        var tmp: String? = nil
        if fd < 0 {
            if errno == ENOENT {
                throw fail("cannot write \(shown): \(SystemError.text(ENOENT))", hint: "the folder \(shownDir) does not exist")
            }
            if errno == ENOTDIR {
                throw fail("cannot write \(shown): \(SystemError.text(ENOTDIR))", hint: "a part of \(shownDir) is a file, not a folder")
            }
            var template = Array("\(dir)/\(prefix)XXXXXX".utf8CString)
            fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
            guard fd >= 0 else {
                throw fail("cannot write \(shown): \(SystemError.text(errno))", hint: errno == ENOENT ? "the folder \(shownDir) does not exist" : nil)
            }
            tmp = String(cString: template.withUnsafeBufferPointer { $0.baseAddress! })
        }
        var linked: String? = tmp
        var ok = false
        defer {
            if fd >= 0 { close(fd) }
            if !ok, let linked { unlink(linked) }
        }
        let out = fd
        // Writeback of what is written starts every 8 MB (without waiting for it), so the
        // fsync below, which the rename must wait for, has little left to flush: for a 46 MB
        // export it took 18 ms after the last write.
        var written = 0, flushed = 0
        try produce { bytes in
            try writeAll(out, bytes, shown: shown)
            written += bytes.count
            if written - flushed >= 8 << 20 {
                #if canImport(Glibc)
                _ = startWriteback(out, Int64(flushed), Int64(written - flushed), 2)   // SYNC_FILE_RANGE_WRITE
                #endif
                flushed = written
            }
        }
        fchmod(fd, keepMode)
        guard fsync(fd) == 0 else { throw fail("cannot write \(shown): \(SystemError.text(errno))", hint: "nothing was changed at \(shown)") }
        if tmp == nil {
            // Give the unnamed file a temporary name, then rename it over the target.
            let name = "\(dir)/\(prefix)\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
            guard linkat(AT_FDCWD, "/proc/self/fd/\(fd)", AT_FDCWD, name, AT_SYMLINK_FOLLOW) == 0 else {
                throw fail("cannot write \(shown): \(SystemError.text(errno))", hint: "nothing was changed at \(shown)")
            }
            linked = name
        }
        guard close(fd) == 0 else { fd = -1; throw fail("cannot write \(shown): \(SystemError.text(errno))") }
        fd = -1
        // The file replaced is freed when its last reference goes, and freeing a large one's
        // cached pages took 11 ms of a 46 MB export's rename: a reference is held across the
        // rename and dropped on another thread, so the export does not wait for it.
        let replaced = Glibc.open(target, O_RDONLY | O_CLOEXEC)
        defer {
            if replaced >= 0 {
                if Parallelism.dispatchAllowed { DispatchQueue.global(qos: .utility).async { close(replaced) } } else { close(replaced) }
            }
        }
        guard rename(linked!, target) == 0 else { throw fail("cannot write \(shown): \(SystemError.text(errno))") }
        ok = true
    }

    /// Devices and FIFOs are opened and written as they are.
    static func writeInPlace(to path: String, shown: String, produce: (_ emit: ([UInt8]) throws -> Void) throws -> Void) throws {
        let fd = Glibc.open(path, O_WRONLY)
        guard fd >= 0 else { throw Diagnostic(.io, "cannot write \(shown): \(SystemError.text(errno))") }
        defer { close(fd) }
        try produce { try writeAll(fd, $0, shown: shown) }
    }

    static func writeAll(_ fd: Int32, _ bytes: [UInt8], shown: String) throws {
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBufferPointer { Glibc.write(fd, $0.baseAddress! + written, bytes.count - written) }
            if n <= 0 {
                throw Diagnostic(.io, "cannot write \(shown): \(SystemError.text(errno))", hint: "nothing was changed at \(shown)")
            }
            written += n
        }
    }

    /// Temporary files of a run that was killed before it could remove them (older than a minute,
    /// so a concurrent export's file is left alone).
    static func removeStale(in dir: String) {
        guard let d = opendir(dir) else { return }
        defer { closedir(d) }
        let now = time(nil)
        while let e = readdir(d) {
            let name = withUnsafeBytes(of: e.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            guard name.hasPrefix(prefix) else { continue }
            var st = stat()
            let full = "\(dir)/\(name)"
            if stat(full, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG, now - st.st_mtim.tv_sec > 60 { unlink(full) }
        }
    }
}
