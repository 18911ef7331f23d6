#if canImport(Glibc)
import Glibc
#endif
import ChisoKit

/// Ctrl-C: a flag set by the SIGINT handler. At the prompt libedit's read is interrupted and
/// the shell clears the line; while a query runs the engine sees `Interrupt.requested` and
/// stops at the next check, returning to the prompt with the session intact.
public enum ChisoSignals {
    nonisolated(unsafe) static var pending: sig_atomic_t = 0

    public static func installInterruptHandler() {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in
            ChisoSignals.pending = 1
            Interrupt.request()
        }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0            // no SA_RESTART: the blocked read returns
        sigaction(SIGINT, &action, nil)
    }

    @discardableResult
    public static func takeInterrupt() -> Bool {
        defer { pending = 0 }
        return pending != 0
    }
}
