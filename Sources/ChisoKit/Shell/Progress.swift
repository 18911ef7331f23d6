import Dispatch
import Foundation

/// The progress line a long load shows on a terminal: nothing for the first half second, then
/// `reading FILE: 12.3 of 46.5 MB (85 MB/s)` rewritten in place on stderr, erased when done.
final class ProgressLine: @unchecked Sendable {
    private let label: String
    private let total: Int
    private let start = DispatchTime.now().uptimeNanoseconds
    private let write: (String) -> Void
    private var done = 0
    private var shown = false
    private var lastDraw: UInt64 = 0
    private let lock = NSLock()

    init(label: String, totalBytes: Int, write: @escaping (String) -> Void) {
        self.label = label
        self.total = totalBytes
        self.write = write
    }

    func advance(_ bytes: Int) {
        lock.lock(); defer { lock.unlock() }
        done += bytes
        let now = DispatchTime.now().uptimeNanoseconds
        guard now - start > 500_000_000, now - lastDraw > 100_000_000 else { return }
        lastDraw = now
        shown = true
        let seconds = Double(now - start) / 1e9
        let mb = Double(done) / 1e6
        write("\r\u{1B}[Kreading \(label): \(NumberFormat.fixed(mb, decimals: 1)) of \(NumberFormat.fixed(Double(total) / 1e6, decimals: 1)) MB (\(NumberFormat.fixed(mb / seconds, decimals: 0)) MB/s)")
    }

    func finish() {
        lock.lock(); defer { lock.unlock() }
        if shown { write("\r\u{1B}[K") }
    }
}
