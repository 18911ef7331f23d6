import Synchronization

/// A request to stop the running statement (Ctrl-C in the shell). Set from a signal handler,
/// so it is one atomic word: the only global mutable state in chiso. The engine reads it at
/// safe points: between stages, and every 65,536 rows while a CSV file is read.
///
/// Two bits: `stop` asks the running statement to stop (cleared when the next statement
/// starts); `keypress` remembers that Ctrl-C was pressed, for the line editor, which clears the
/// line being typed (taken, and cleared, by `takeKeypress`).
public enum Interrupt {
    private static let state = Atomic<UInt8>(0)
    private static let stop: UInt8 = 1
    private static let keypress: UInt8 = 2

    /// Async-signal-safe: one lock-free atomic OR.
    public static func request() { state.bitwiseOr(stop | keypress, ordering: .sequentiallyConsistent) }
    public static func clear() { state.bitwiseAnd(~stop, ordering: .sequentiallyConsistent) }
    public static var requested: Bool { state.load(ordering: .sequentiallyConsistent) & stop != 0 }

    /// Whether Ctrl-C was pressed since the last call.
    public static func takeKeypress() -> Bool {
        state.bitwiseAnd(~keypress, ordering: .sequentiallyConsistent).oldValue & keypress != 0
    }

    /// Throws once a stop was requested; the flag stays set until the next statement starts,
    /// so every thread of a parallel read stops.
    public static func check() throws {
        if requested {
            throw Diagnostic(.runtime, "interrupted", hint: "the session's tables are as they were before this statement")
        }
    }
}
