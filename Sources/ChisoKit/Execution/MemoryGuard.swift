#if canImport(Glibc)
import Glibc
#endif

/// Refuses a step before it allocates more than the process can have, so running out of memory
/// is an error naming the step and the memory it needs — and the shell keeps its tables —
/// rather than a trap in the allocator (Swift cannot recover from a failed allocation).
///
/// Two limits: `set memory_limit` (half the RAM by default), and the address space a
/// `ulimit -v` allows, less what is mapped now (`/proc/self/statm`). The step's need is an
/// estimate made before it runs (`LocalOperator.memoryNeeded`; a file's size for a load), so
/// it is a guard, not a guarantee: a margin of 32 MB is kept for what the estimate misses.
enum MemoryGuard {
    static let margin = 32 << 20

    /// The address-space limit (`ulimit -v`), nil when unlimited.
    static var addressSpaceLimit: Int? {
        #if canImport(Glibc)
        var lim = rlimit()
        guard getrlimit(__rlimit_resource_t(RLIMIT_AS.rawValue), &lim) == 0, lim.rlim_cur != rlim_t.max else { return nil }
        return Int(clamping: lim.rlim_cur)
        #else
        return nil
        #endif
    }

    /// Bytes of address space mapped now.
    static func mapped() -> Int? {
        #if canImport(Glibc)
        let fd = open("/proc/self/statm", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 128)
        let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        guard n > 0, let first = String(decoding: buffer[0..<n], as: UTF8.self).split(separator: " ").first, let pages = Int(first) else { return nil }
        return pages * sysconf(Int32(_SC_PAGESIZE))
        #else
        return nil
        #endif
    }

    /// Throws when `bytes` more would pass `memory_limit` or the address space left.
    static func check(_ bytes: Int, for step: String, memoryLimit: Int,
                      hint: String = "narrow the rows with where first, or select fewer columns") throws {
        guard bytes > 0 else { return }
        if bytes > memoryLimit {
            throw Diagnostic(.runtime, "not enough memory for \(step): it needs about \(MemorySize.format(Double(bytes))), more than the memory limit of \(MemorySize.format(Double(memoryLimit)))",
                             hint: hint + "; or set memory_limit")
        }
        if let limit = addressSpaceLimit, let used = mapped() {
            let left = max(0, limit - used - margin)
            if bytes > left {
                throw Diagnostic(.runtime, "not enough memory for \(step): it needs about \(MemorySize.format(Double(bytes))), and \(MemorySize.format(Double(left))) are left under this process's limit of \(MemorySize.format(Double(limit))) (ulimit -v)",
                                 hint: "the session's tables are kept; " + hint + ", or start chiso with a higher ulimit -v")
            }
        }
    }
}
