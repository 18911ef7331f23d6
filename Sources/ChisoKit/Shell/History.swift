import Foundation

/// The shell's history: one entry per statement (a multi-line statement keeps its line
/// breaks), earlier duplicates collapsed into the newest, at most `limit` entries, stored in
/// libedit's own file format so the file also reads as an editline history.
public struct History {
    public private(set) var entries: [String] = []
    public let path: String?
    public let limit: Int
    /// False when the file exists but is not a history file: it is then never overwritten.
    public private(set) var writable = true
    public private(set) var warning: String?

    static let header = "_HiStOrY_V2_"

    /// `$XDG_STATE_HOME/chiso/history`, or `~/.chiso_history` without XDG_STATE_HOME.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let state = environment["XDG_STATE_HOME"], !state.isEmpty { return state + "/chiso/history" }
        return (environment["HOME"] ?? NSHomeDirectory()) + "/.chiso_history"
    }

    /// How much of the file's end is read: the newest entries live there, so a start takes the
    /// same time whatever the file's size (a 100 MB history took a minute).
    static let tailBytes = 4 << 20

    public init(path: String?, limit: Int = 1000) {
        self.path = path
        self.limit = limit
        guard let path, let handle = FileHandle(forReadingAtPath: path) else { return }
        defer { try? handle.close() }
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue {
            writable = false
            warning = "\(path) is a folder; history will not be saved"
            return
        }
        let head = (try? handle.read(upToCount: Self.header.utf8.count + 1)) ?? Data()
        guard head.isEmpty || String(decoding: head, as: UTF8.self).hasPrefix(Self.header) else {
            writable = false
            warning = "\(path) is not a chiso history file; history will not be saved to it"
            return
        }
        let size = (try? handle.seekToEnd()) ?? 0
        let start = size > UInt64(Self.tailBytes) ? size - UInt64(Self.tailBytes) : 0
        try? handle.seek(toOffset: start)
        let data = (try? handle.readToEnd()) ?? Data()
        var lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        if start == 0 { lines.removeFirst() } else if !lines.isEmpty { lines.removeFirst() }   // the header, or a cut line
        // Newest first: keep each entry's latest occurrence, up to the limit; then oldest first.
        var seen = Set<String>(), newest: [String] = []
        for line in lines.reversed() where !line.isEmpty {
            var e = Self.decode(String(line))
            while let last = e.last, last.isWhitespace { e.removeLast() }
            guard !e.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, seen.insert(e).inserted else { continue }
            newest.append(e)
            if newest.count == limit { break }
        }
        entries = newest.reversed()
    }

    /// Adds an entry (ignoring blank ones), dropping an earlier identical one.
    public mutating func add(_ entry: String) {
        var e = entry
        while let last = e.last, last.isWhitespace { e.removeLast() }
        guard !e.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return }
        entries.removeAll { $0 == e }
        entries.append(e)
        if entries.count > limit { entries.removeFirst(entries.count - limit) }
    }

    /// Writes the file (mode 0600, atomically); a failure leaves the old file as it was. The
    /// first failure is told once (`takeWarning`), not at every statement.
    @discardableResult
    public mutating func save() -> Bool {
        guard let path, writable else { return false }
        let dir = (path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let text = ([Self.header] + entries.map(Self.encode)).joined(separator: "\n") + "\n"
        do {
            try AtomicFile.write(Array(text.utf8), to: path, mode: 0o600)
            return true
        } catch {
            if !failedOnce {
                failedOnce = true
                warning = "history cannot be saved to \(path): \((error as? Diagnostic)?.message ?? "\(error)"); it is kept for this session only"
            }
            return false
        }
    }

    private var failedOnce = false

    /// A warning not yet shown (a file that is not history, a history that cannot be written), once.
    public mutating func takeWarning() -> String? {
        defer { warning = nil }
        return warning
    }

    /// libedit stores entries `strvis`-encoded: space, tab, newline, backslash and other
    /// control characters as `\ooo` octal escapes (`\040` for a space); other bytes as they are.
    static func encode(_ s: String) -> String {
        var out: [UInt8] = []
        for b in s.utf8 {
            if b <= 32 || b == 92 || b == 127 {
                let o = String(b, radix: 8)
                out.append(92)
                out.append(contentsOf: Array((String(repeating: "0", count: 3 - o.count) + o).utf8))
            } else {
                out.append(b)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func decode(_ s: String) -> String {
        let b = Array(s.utf8)
        func isOctal(_ c: UInt8) -> Bool { c >= 48 && c <= 55 }
        var out: [UInt8] = []
        var i = 0
        while i < b.count {
            if b[i] == 92, i + 3 < b.count, isOctal(b[i + 1]), isOctal(b[i + 2]), isOctal(b[i + 3]) {
                out.append(UInt8(truncatingIfNeeded: (Int(b[i + 1]) - 48) * 64 + (Int(b[i + 2]) - 48) * 8 + Int(b[i + 3]) - 48))
                i += 4
            } else if b[i] == 92, i + 1 < b.count {
                out.append(b[i + 1]); i += 2
            } else {
                out.append(b[i]); i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
