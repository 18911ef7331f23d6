#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Results to standard output, notices and errors to standard error, through the C library:
/// a closed, full or broken stream is recorded, never a trap (Foundation's FileHandle.write
/// traps on EBADF/EPIPE/ENOSPC). The session checks after each statement and stops the run with
/// an error naming the stream, so a script whose output was lost never exits 0.
public enum StandardStreams {
    public struct Failure: Sendable, Equatable {
        public var stream: String
        public var reason: String
    }

    nonisolated(unsafe) private static var failure: Failure?
    /// Streams found closed at start (`2>&-`): their descriptor now holds /dev/null, so no file
    /// the run opens can take it (an export's file would otherwise receive the notices).
    nonisolated(unsafe) private static var closedAtStart: Set<Int32> = []

    /// Call first thing: a closed standard output or error gets /dev/null in its place, and is
    /// remembered as closed, so writing to it is a failure the run reports, never a write into
    /// whatever file took the descriptor.
    public static func guardClosedStreams() {
        for fd: Int32 in [1, 2] where fcntl(fd, F_GETFD) == -1 && errno == EBADF {
            let null = open("/dev/null", O_WRONLY)
            if null >= 0 && null != fd { dup2(null, fd); close(null) }
            closedAtStart.insert(fd)
        }
    }
    private static let lock = NSLockLite()

    /// Writes results (one system call per result, after anything `print` left in the C
    /// library's buffer).
    public static func out(_ text: String) { write(text, to: 1, "standard output") }

    /// Writes a notice or an error, after the results before it (so `2>&1` reads in the order
    /// things happened).
    public static func err(_ text: String) { write(text, to: 2, "standard error") }

    private static func write(_ text: String, to fd: Int32, _ stream: String) {
        fflush(nil)
        guard !text.isEmpty else { return }
        if closedAtStart.contains(fd) { record(stream, EBADF); return }
        let bytes = Array(text.utf8)
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { systemWrite(fd, $0.baseAddress! + done, $0.count - done) }
            if n < 0 {
                if errno == EINTR { continue }
                record(stream, errno)
                return
            }
            done += n
        }
    }

    private static func systemWrite(_ fd: Int32, _ p: UnsafeRawPointer, _ n: Int) -> Int {
        #if canImport(Glibc)
        return Glibc.write(fd, p, n)
        #else
        return Darwin.write(fd, p, n)
        #endif
    }

    static func record(_ stream: String, _ code: Int32) {
        lock.locked {
            if failure == nil { failure = Failure(stream: stream, reason: String(cString: strerror(code))) }
        }
    }

    /// Whether a write has failed since the last `takeFailure` (a writer stops early).
    public static var failed: Bool { lock.locked { failure != nil } }

    /// The first failure since the last call, cleared.
    public static func takeFailure() -> Failure? {
        lock.locked {
            defer { failure = nil }
            return failure
        }
    }
}

/// A pthread mutex without Foundation (this file is used where Foundation's FileHandle is not).
final class NSLockLite: @unchecked Sendable {
    private var m = pthread_mutex_t()
    init() { pthread_mutex_init(&m, nil) }
    deinit { pthread_mutex_destroy(&m) }
    func locked<T>(_ body: () -> T) -> T {
        pthread_mutex_lock(&m)
        defer { pthread_mutex_unlock(&m) }
        return body()
    }
}
