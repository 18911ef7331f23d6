#if canImport(Glibc)
// <malloc.h> is not part of Swift's Glibc module; these are its declarations (glibc ABI).
@_silgen_name("mallopt") private func mallopt(_ param: Int32, _ value: Int32) -> Int32
@_silgen_name("malloc_trim") private func malloc_trim(_ pad: Int) -> Int32
private let M_TRIM_THRESHOLD: Int32 = -1
private let M_MMAP_THRESHOLD: Int32 = -3
#endif

/// How the process asks glibc's allocator to treat large blocks.
///
/// Why: by default glibc maps every block over 32 MB with `mmap` and unmaps it on `free`, and
/// gives the heap's top back to the kernel once 64 MB of it are free. A stage over 5M rows
/// allocates and frees several 20–40 MB arrays (key ids, row numbers, gathered columns), so the
/// next stage — or the next statement — page-faults the same memory in again and the kernel
/// zeroes it: 30 % of a join's samples were page faults. Queries therefore keep freed blocks in
/// the heap for reuse (a join over 5M rows went from about 85 ms to 30 ms).
///
/// A load is the exception: its column builders grow by reallocation, which `mmap`ed blocks do
/// in place (`mremap`) while heap blocks copy and leave holes — with query memory kept, loading
/// 5M rows peaked at 480 MB instead of 300 MB. So a load runs under glibc's default policy.
///
/// The cost, stated: memory a finished query used stays in the process (up to 1 GiB of free
/// heap) until it exits or a load runs, as with DuckDB's and Polars' allocators.
public enum HeapPolicy {
    /// Blocks below this come from the heap and are kept on free.
    static let keptBlock: Int32 = 1 << 30

    /// For the whole process: query memory is kept for reuse (called once by `chiso` at start).
    public static func keepQueryMemory() {
        #if canImport(Glibc)
        // Under a ulimit -v, memory kept is address space a later step cannot have (and
        // `MemoryGuard` would count it as used): give it back instead.
        guard MemoryGuard.addressSpaceLimit == nil else { return }
        _ = mallopt(M_MMAP_THRESHOLD, keptBlock)
        _ = mallopt(M_TRIM_THRESHOLD, keptBlock)
        active = true
        #endif
    }

    /// Runs a load under glibc's default treatment of large blocks (mapped, returned on free),
    /// then restores the query policy if it was on.
    static func whileLoading<T>(_ body: () throws -> T) rethrows -> T {
        #if canImport(Glibc)
        guard active else { return try body() }
        // glibc's defaults: 128 KiB mapping threshold (it then adapts), 128 KiB trim threshold.
        _ = mallopt(M_MMAP_THRESHOLD, 128 * 1024)
        _ = mallopt(M_TRIM_THRESHOLD, 128 * 1024)
        _ = malloc_trim(0)
        defer {
            _ = mallopt(M_MMAP_THRESHOLD, keptBlock)
            _ = mallopt(M_TRIM_THRESHOLD, keptBlock)
        }
        #endif
        return try body()
    }

    nonisolated(unsafe) private static var active = false
}
