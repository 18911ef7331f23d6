import Dispatch
import Foundation

/// Which stage of a pipeline is running, shared with the ticker's thread.
///
/// `@unchecked Sendable` is sound: `current` is the only mutable state and is read and written
/// only while holding `lock`.
final class StageStatus: @unchecked Sendable {
    private let lock = NSLock()
    private var current = "from"
    private let count: Int
    init(count: Int) { self.count = count }
    func set(_ index: Int, _ name: String) {
        lock.lock(); current = "\(name) (stage \(index + 1) of \(count))"; lock.unlock()
    }
    func text() -> String { lock.lock(); defer { lock.unlock() }; return current }
}

/// The progress line a long load shows on a terminal: nothing for the first half second, then
/// `reading FILE: 655,360 rows, 12.3 of 46.5 MB (85 MB/s)` rewritten in place on stderr,
/// erased when done.
///
/// `@unchecked Sendable` is sound: the reader's two threads call `advance`, and every mutable
/// field (and each call of `write`) is touched only while holding `lock`.
final class ProgressLine: @unchecked Sendable {
    private let label: String
    private let total: Int
    private let start = DispatchTime.now().uptimeNanoseconds
    private let write: (String) -> Void
    private var done = 0
    private var rows = 0
    private var shown = false
    private var lastDraw: UInt64 = 0
    private let lock = NSLock()

    init(label: String, totalBytes: Int, write: @escaping (String) -> Void) {
        self.label = label
        self.total = totalBytes
        self.write = write
    }

    func advance(_ bytes: Int, rows more: Int) {
        lock.lock(); defer { lock.unlock() }
        done += bytes
        rows += more
        let now = DispatchTime.now().uptimeNanoseconds
        guard now - start > 500_000_000, now - lastDraw > 100_000_000 else { return }
        lastDraw = now
        shown = true
        let seconds = Double(now - start) / 1e9
        let mb = Double(done) / 1e6
        write("\r\u{1B}[Kreading \(label): \(TableRenderer.formatCount(rows)) rows, \(NumberFormat.fixed(mb, decimals: 1)) of \(NumberFormat.fixed(Double(total) / 1e6, decimals: 1)) MB (\(NumberFormat.fixed(mb / seconds, decimals: 0)) MB/s)")
    }

    /// For queries: a ticker that redraws `running: STAGE (k of n), 1.4 s` until stopped.
    static func ticker(write: @escaping (String) -> Void, status: @escaping () -> String) -> () -> Void {
        // No timer when libdispatch must not be entered (a tiny `ulimit -n`): no ticker either.
        guard Parallelism.dispatchAllowed else { return {} }
        let start = DispatchTime.now()
        let timer = DispatchSource.makeTimerSource(queue: DispatchQueue.global(qos: .utility))
        let lock = NSLock()
        var shown = false, stopped = false
        timer.schedule(deadline: start + .milliseconds(500), repeating: .milliseconds(200))
        timer.setEventHandler {
            lock.lock(); defer { lock.unlock() }
            guard !stopped else { return }
            shown = true
            let s = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
            write("\r\u{1B}[Krunning: \(status()), \(NumberFormat.fixed(s, decimals: 1)) s")
        }
        timer.resume()
        return {
            lock.lock(); defer { lock.unlock() }
            stopped = true
            timer.cancel()
            if shown { write("\r\u{1B}[K") }
        }
    }

    func finish() {
        lock.lock(); defer { lock.unlock() }
        if shown { write("\r\u{1B}[K") }
    }
}
