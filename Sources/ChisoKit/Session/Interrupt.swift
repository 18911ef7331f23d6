/// A request to stop the running statement (Ctrl-C in the shell). Set from a signal handler,
/// so it is a plain word written once and read by the engine at safe points: between stages,
/// and every 65,536 rows while a CSV file is read.
public enum Interrupt {
    nonisolated(unsafe) private static var flag: Int32 = 0

    public static func request() { flag = 1 }
    public static func clear() { flag = 0 }
    public static var requested: Bool { flag != 0 }

    /// Throws once a stop was requested; the flag stays set until the next statement starts,
    /// so every thread of a parallel read stops.
    static func check() throws {
        if flag != 0 {
            throw Diagnostic(.runtime, "interrupted", hint: "the session's tables are as they were before this statement")
        }
    }
}
