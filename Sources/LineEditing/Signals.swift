#if canImport(Glibc)
import Glibc
#endif
import ChisoKit

/// Ctrl-C: the SIGINT handler sets `Interrupt` (one atomic word). At the prompt libedit's read
/// is interrupted and the shell clears the line; while a query runs the engine sees
/// `Interrupt.requested` and stops at the next check, returning to the prompt with the session
/// intact.
public enum ChisoSignals {
    public static func installInterruptHandler() {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in Interrupt.request() }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0            // no SA_RESTART: the blocked read returns
        sigaction(SIGINT, &action, nil)
    }

    @discardableResult
    public static func takeInterrupt() -> Bool { Interrupt.takeKeypress() }
}
