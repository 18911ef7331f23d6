import Dispatch
import Foundation

/// How many cores the engine's kernels use (lanes of a join, group, sort, gather; pieces of a
/// load). `set threads N` sets it: one process, one pool of cores. Results never depend on it.
public enum Parallelism {
    nonisolated(unsafe) static var threads = ProcessInfo.processInfo.activeProcessorCount
}

/// Memory several threads of one `DispatchQueue.concurrentPerform` use at once, each reading
/// anything but writing only elements no other thread writes (its own rows or its own slot).
///
/// `@unchecked Sendable` is sound under that rule, which every caller keeps by construction
/// (a thread's rows are a range or a hash partition it alone owns), and because the memory
/// outlives the `concurrentPerform` call that uses it.
struct SharedBuffer<Element>: @unchecked Sendable {
    let base: UnsafeMutablePointer<Element>
    let count: Int

    init(_ buffer: UnsafeMutableBufferPointer<Element>) {
        base = buffer.baseAddress ?? UnsafeMutablePointer(bitPattern: MemoryLayout<Element>.alignment)!
        count = buffer.count
    }

    init(_ buffer: UnsafeBufferPointer<Element>) {
        self.init(UnsafeMutableBufferPointer(mutating: buffer))
    }

    var buffer: UnsafeMutableBufferPointer<Element> { UnsafeMutableBufferPointer(start: base, count: count) }

    @inline(__always) subscript(i: Int) -> Element {
        get { base[i] }
        nonmutating set { base[i] = newValue }
    }
}

extension Parallelism {
    /// Readies the worker pool for the file-descriptor limit. libdispatch's first
    /// `concurrentPerform` creates an eventfd and an epoll descriptor; when none is left (a tiny
    /// `ulimit -n` with a data file open) it traps (SIGILL) instead of returning an error. So:
    /// the soft limit is raised toward the hard one when below 256 (a raise any process may
    /// make); if fewer than 16 descriptors remain allowed, the engine runs on one core, which
    /// never enters libdispatch, and says so; otherwise the pool is started now, while
    /// descriptors are free. Returns the note to show, if any.
    public static func warmUp() -> String? {
        var lim = rlimit()
        let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
        guard getrlimit(resource, &lim) == 0 else { return nil }
        if lim.rlim_cur < 256, lim.rlim_max > lim.rlim_cur {
            lim.rlim_cur = min(lim.rlim_max, 256)
            _ = setrlimit(resource, &lim)
        }
        if lim.rlim_cur < 16 {
            threads = 1
            dispatchAllowed = false
            return "only \(lim.rlim_cur) open files are allowed (ulimit -n): running on one core"
        }
        DispatchQueue.concurrentPerform(iterations: 2) { _ in }
        return nil
    }

    /// Whether libdispatch may be used (not under a tiny descriptor limit: see `warmUp`).
    nonisolated(unsafe) static var dispatchAllowed = true

    /// `DispatchQueue.concurrentPerform`, or a plain loop when libdispatch must not be entered
    /// or there is one iteration. Every parallel kernel goes through here.
    static func perform(_ iterations: Int, _ body: @Sendable (Int) -> Void) {
        if iterations <= 1 || !dispatchAllowed {
            for i in 0..<iterations { body(i) }
        } else {
            DispatchQueue.concurrentPerform(iterations: iterations, execute: body)
        }
    }

    /// Lanes for `n` rows: one per core, but no lane under 64K rows (a thread costs more than
    /// it saves below that).
    static func lanes(_ n: Int) -> Int { max(1, min(threads, n >> 16, 64)) }

    /// Runs `body(lane, rows)` over `lanes(range.count)` consecutive slices of `range`, at once.
    /// `body` may read anything shared but write only what is its own: its slice's rows, or
    /// its lane's slot. Under that rule the closure is safe to share, which Swift cannot see
    /// (it captures buffers and a non-Sendable key function), hence the unchecked box.
    static func forEachLane(_ range: Range<Int>, lanes: Int? = nil, _ body: (_ lane: Int, _ rows: Range<Int>) -> Void) {
        let slices = laneRanges(range, lanes: lanes)
        guard slices.count > 1 else { return body(0, range) }
        withoutActuallyEscaping(body) { body in
            let shared = UncheckedSendable(body)
            Parallelism.perform(slices.count) { lane in shared.value(lane, slices[lane]) }
        }
    }

    /// `rows` in blocks of 65,536, stopping between blocks once Ctrl-C is pressed (the
    /// caller looks at `Interrupt` afterwards and throws away what was left unfinished).
    static func inBlocks(_ rows: Range<Int>, _ body: (Range<Int>) -> Void) {
        var start = rows.lowerBound
        while start < rows.upperBound && !Interrupt.requested {
            let end = Swift.min(rows.upperBound, start + 1 << 16)
            body(start..<end)
            start = end
        }
    }

    /// `body` over fixed blocks of `size` rows (the last may be shorter), the blocks dealt in
    /// consecutive runs to the cores, the results in block order. Unlike `forEachLane`, a few
    /// dozen blocks still use every core: each block is itself at least `size` rows of work.
    static func mapBlocks<T>(_ n: Int, size: Int, _ body: (Range<Int>) -> T) -> [T] {
        let blocks = (n + size - 1) / size
        guard blocks > 0 else { return [] }
        let lanes = Swift.min(threads, blocks)
        var out = [T?](repeating: nil, count: blocks)
        out.withUnsafeMutableBufferPointer { o in
            let results = SharedBuffer(o)
            withoutActuallyEscaping(body) { body in
                let shared = UncheckedSendable(body)
                Parallelism.perform(lanes) { lane in
                    for b in (blocks * lane / lanes)..<(blocks * (lane + 1) / lanes) {
                        results[b] = shared.value(b * size..<Swift.min(n, (b + 1) * size))
                    }
                }
            }
        }
        return out.map { $0! }
    }

    /// `mapBlocks` for a body that may throw: the first error in block order is thrown (the
    /// blocks after an error still run, so which error is reported never depends on timing).
    static func mapBlocks<T>(_ n: Int, size: Int, _ body: (Range<Int>) throws -> T) throws -> [T] {
        let results: [Result<T, any Error>] = mapBlocks(n, size: size) { rows in Result { try body(rows) } }
        return try results.map { try $0.get() }
    }

    /// The slices `forEachLane` runs: `lanes(range.count)` (or at most `lanes`) consecutive
    /// ranges, in order.
    static func laneRanges(_ range: Range<Int>, lanes wanted: Int? = nil) -> [Range<Int>] {
        let lanes = Swift.min(wanted ?? Int.max, lanes(range.count))
        let chunk = (range.count + lanes - 1) / lanes
        return (0..<lanes).map { lane in
            let lo = min(range.upperBound, range.lowerBound + lane * chunk)
            return lo..<min(range.upperBound, lo + chunk)
        }
    }
}

/// A value handed to other threads under a rule its user states and keeps (see `forEachLane`).
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

extension Array where Element: BitwiseCopyable {
    /// `count` elements that `fill` writes every one of — no zeroing pass first, which for a
    /// 5M-row array of ids is a 20 MB write of its own.
    static func filled(count: Int, _ fill: (UnsafeMutableBufferPointer<Element>) -> Void) -> [Element] {
        [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
            fill(buffer)
            initialized = count
        }
    }
}

/// Where each lane's rows of each bucket go in a stable scatter split over lanes (radix groups,
/// sort passes, blocked gathers): bucket by bucket and, within a bucket, lane by lane — lanes
/// hold consecutive rows, so every bucket keeps its rows in their original order. `counts` and
/// `offsets` are laid out `[lane * buckets + bucket]`; `starts` holds each bucket's first
/// position, then the total.
func scatterOffsets(_ counts: [Int], lanes: Int, buckets: Int) -> (offsets: [Int], starts: [Int]) {
    var offsets = counts, starts = [Int](repeating: 0, count: buckets + 1)
    var total = 0
    for b in 0..<buckets {
        starts[b] = total
        for lane in 0..<lanes { offsets[lane * buckets + b] = total; total += counts[lane * buckets + b] }
    }
    starts[buckets] = total
    return (offsets, starts)
}
