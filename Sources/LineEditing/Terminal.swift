import CEditLine

/// The terminal's current size, read when a result is drawn, so a resized window lays out the
/// next table or chart to its new width (no SIGWINCH handler is needed for that).
public enum Terminal {
    public static func size() -> (columns: Int, rows: Int)? {
        var cols: Int32 = 0, rows: Int32 = 0
        guard chiso_terminal_size(&cols, &rows) != 0 else { return nil }
        return (Int(cols), Int(rows))
    }
}
