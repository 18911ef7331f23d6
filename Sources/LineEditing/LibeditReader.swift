import CEditLine
import Foundation
import ChisoKit
#if canImport(Glibc)
import Glibc
#endif

/// The terminal line editor: libedit behind chiso's `LineReader` protocol. This module is the
/// only one that touches C; everything it needs to decide (what to complete, what history to
/// keep) comes from ChisoKit, which is tested without a terminal.
public final class LibeditReader: LineReader {
    /// What Tab offers for a line and cursor; set by the shell.
    public var complete: (_ text: String, _ cursor: Int) -> [String] = { _, _ in [] }
    /// Text of earlier lines of the statement being typed (for completion context).
    public var pendingText = ""
    public private(set) var history: History
    /// Candidates of the completion under way, handed out one by one to libedit.
    var matches: [String] = []

    public init(history: History) {
        self.history = history
        _ = chiso_ensure_utf8_locale()
        chiso_rl_configure(libeditCompleter)
        ChisoSignals.installInterruptHandler()
        // C function pointers cannot capture: the callbacks find this reader through the
        // shim's context pointer (unretained; the reader lives as long as the shell).
        chiso_set_context(Unmanaged.passUnretained(self).toOpaque())
        reloadHistory()
    }

    deinit { chiso_set_context(nil) }

    /// The reader the C callbacks serve.
    static var current: LibeditReader? {
        chiso_context().map { Unmanaged<LibeditReader>.fromOpaque($0).takeUnretainedValue() }
    }

    public func readLine(prompt: String) -> String? {
        ChisoSignals.takeInterrupt()
        guard let raw = readline(prompt) else {
            if ChisoSignals.takeInterrupt() { return Shell.interruptLine }   // Ctrl-C: clear the entry
            return nil                                                       // Ctrl-D on an empty line
        }
        defer { free(raw) }
        return String(cString: raw)
    }

    public func addHistory(_ entry: String) {
        history.add(entry)
        history.save()
        if let w = history.takeWarning() { StandardStreams.err("note: \(w)\n") }
        reloadHistory()
    }

    public func setContext(_ text: String) { pendingText = text }

    public var historyEntries: [String] { history.entries }

    /// libedit's in-memory list mirrors `history` (which owns dedupe, limits and the file).
    private func reloadHistory() {
        clear_history()
        for e in history.entries { add_history(e) }
    }
}

/// readline's attempted-completion hook: computes candidates once, then hands them out.
private let libeditCompleter: @convention(c) (UnsafePointer<CChar>?, Int32, Int32) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = { text, start, end in
    chiso_rl_completion_over()
    guard let reader = LibeditReader.current, let text else { return nil }
    let line = String(cString: chiso_rl_line_buffer())
    let cursor = Int(chiso_rl_point())
    // The cursor is a byte offset into the line; completion works on the text before it.
    let bytes = Array(line.utf8)
    let before = String(decoding: bytes.prefix(min(cursor, bytes.count)), as: UTF8.self)
    let context = reader.pendingText.isEmpty ? before : reader.pendingText + "\n" + before
    reader.matches = reader.complete(context, context.utf8.count)
    // A space after a unique completion, but not after a folder (more path may follow).
    chiso_rl_set_append(reader.matches.count == 1 && !reader.matches[0].hasSuffix("/") ? 32 : 0)
    return chiso_rl_matches(text, libeditGenerator)
}

private let libeditGenerator: @convention(c) (UnsafePointer<CChar>?, Int32) -> UnsafeMutablePointer<CChar>? = { _, state in
    let i = Int(state)
    guard let reader = LibeditReader.current, i < reader.matches.count else { return nil }
    return strdup(reader.matches[i])   // libedit frees it
}
