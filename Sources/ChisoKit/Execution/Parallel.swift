import Dispatch
import Foundation

/// How many cores the engine's kernels use when no `ExecutionContext` is at hand (a `Frame`
/// gathering a column through its selection). `set threads N` sets it along with the
/// session's own setting: one process, one pool of cores. Results never depend on it.
enum Parallelism {
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

/// A value handed to the threads of one `concurrentPerform` where each thread uses a part of it
/// no other thread uses (the CSV reader's column builders: one column per thread at a time).
/// `@unchecked Sendable` is sound under that rule, which the one caller keeps by indexing.
struct Disjoint<Value>: @unchecked Sendable {
    let value: Value
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
