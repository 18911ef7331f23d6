/// A manually managed growable array of plain values, for the CSV reader's per-cell appends:
/// no copy-on-write uniqueness check per append (those cost ~10% of a load), and two parts read
/// in parallel can be joined into one Swift array with a single copy.
struct GrowableBuffer<T: BitwiseCopyable> {
    private(set) var base: UnsafeMutablePointer<T>?
    private(set) var count = 0
    private var capacity = 0

    mutating func reserve(_ n: Int) {
        guard n > capacity else { return }
        let bigger = UnsafeMutablePointer<T>.allocate(capacity: n)
        if let base {
            bigger.update(from: base, count: count)
            base.deallocate()
        }
        base = bigger
        capacity = n
    }

    @inline(__always) mutating func append(_ v: T) {
        if count == capacity { reserve(Swift.max(16, capacity * 2)) }
        base.unsafelyUnwrapped[count] = v
        count += 1
    }

    @inline(__always) subscript(i: Int) -> T {
        get { base.unsafelyUnwrapped[i] }
        nonmutating set { base.unsafelyUnwrapped[i] = newValue }
    }

    @inline(__always) mutating func removeLast() { count -= 1 }

    /// Forgets the values but keeps the memory, for reuse.
    @inline(__always) mutating func removeAll() { count = 0 }

    var last: T? { count > 0 ? base.unsafelyUnwrapped[count - 1] : nil }
    var all: UnsafeBufferPointer<T> { UnsafeBufferPointer(start: base, count: count) }

    mutating func free() {
        base?.deallocate()
        base = nil
        count = 0
        capacity = 0
    }

    /// The values of `parts`, in order, as one array; the parts are freed one by one.
    static func join(_ parts: inout [GrowableBuffer<T>]) -> [T] {
        let total = parts.reduce(0) { $0 + $1.count }
        let out = [T](unsafeUninitializedCapacity: total) { buf, initialized in
            var at = 0
            for k in parts.indices {
                if let p = parts[k].base, parts[k].count > 0 {
                    (buf.baseAddress! + at).update(from: p, count: parts[k].count)
                }
                at += parts[k].count
                parts[k].free()
            }
            initialized = total
        }
        return out
    }
}
