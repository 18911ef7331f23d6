import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The Language Server Protocol's framing over standard input and output: each JSON-RPC
/// message is preceded by a `Content-Length: N` header and a blank line (LSP 3.17, "Base
/// Protocol"). Reads retry on EINTR; the end of input ends the server.
struct LSPTransport {
    let input: Int32
    let write: (String) -> Void
    private var pending: [UInt8] = []

    init(input: Int32, write: @escaping (String) -> Void) {
        self.input = input
        self.write = write
    }

    /// The next message's JSON object, or nil at the end of input. A message that is not a
    /// JSON object is returned as an empty dictionary (the server answers it as a parse error).
    mutating func next() -> [String: Any]? {
        var length: Int?
        while true {
            guard let line = readLine() else { return nil }
            if line.isEmpty {
                if length != nil { break }
                continue
            }
            let parts = line.split(separator: ":", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "content-length" {
                length = Int(parts[1].trimmingCharacters(in: .whitespaces))
            }
        }
        guard let body = readBytes(length!) else { return nil }
        return (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] ?? [:]
    }

    /// Sends one message.
    func send(_ message: [String: Any]) {
        guard let data = try? JSONSerialization.data(withJSONObject: message, options: [.withoutEscapingSlashes]) else { return }
        write("Content-Length: \(data.count)\r\n\r\n" + String(decoding: data, as: UTF8.self))
    }

    /// One header line without its CR LF.
    private mutating func readLine() -> String? {
        while true {
            if let nl = pending.firstIndex(of: 10) {
                var line = Array(pending[..<nl])
                pending.removeSubrange(...nl)
                if line.last == 13 { line.removeLast() }
                return String(decoding: line, as: UTF8.self)
            }
            guard fill() else { return nil }
        }
    }

    private mutating func readBytes(_ n: Int) -> [UInt8]? {
        while pending.count < n { guard fill() else { return nil } }
        let body = Array(pending[..<n])
        pending.removeSubrange(..<n)
        return body
    }

    private mutating func fill() -> Bool {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress!, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return false }
            pending.append(contentsOf: buffer[..<n])
            return true
        }
    }
}
