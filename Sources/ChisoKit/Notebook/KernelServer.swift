import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The chiso side of the Jupyter kernel (`chiso kernel`): one session per notebook, spoken to
/// over standard input and output in JSON lines by the small Python kernel in
/// `Scripts/lib/chiso_kernel.py`, which owns the Jupyter wire protocol through ipykernel
/// (ZeroMQ sockets, message signing, heartbeats — well-kept code chiso need not repeat).
///
/// A request is one line: `{"op": "execute", "code": …, "cell": 3}`, `{"op": "complete",
/// "code": …, "cursor_pos": 12}`, `{"op": "inspect", …}`, `{"op": "is_complete", "code": …}`.
/// While a cell runs, each result is sent as soon as it is made — `{"kind": "display", "data":
/// {mime: text}}` (with `"result": true` for a table, the cell's value) or `{"kind": "stream", "name": "stdout"|"stderr", "text": …}` — and every
/// request ends with one `{"kind": "reply", …}` line. Positions are in Unicode code points, as
/// the Jupyter protocol (5.2+) counts them.
public final class KernelServer {
    public let session: Session
    let write: (String) -> Void

    /// `write` receives each JSON line (newline included).
    public init(session: Session, write: @escaping (String) -> Void) {
        self.session = session
        self.write = write
        session.progress = nil
        session.present = { [unowned self] result, options in self.show(result, options) }
    }

    /// Reads requests from `fd` until end of input. A signal (SIGINT, the notebook's interrupt)
    /// interrupts the read; it is retried, never taken for the end.
    public func serve(fd: Int32 = 0) {
        var pending: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            if let nl = pending.firstIndex(of: 10) {
                let line = String(decoding: pending[..<nl], as: UTF8.self)
                pending.removeSubrange(...nl)
                if !line.trimmingCharacters(in: .whitespaces).isEmpty { handle(line) }
                continue
            }
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return }
            pending.append(contentsOf: buffer[..<n])
        }
    }

    /// Answers one request line.
    public func handle(_ line: String) {
        guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
              let op = object["op"] as? String else {
            send(["kind": "reply", "status": "error", "ename": "protocol", "evalue": "not a request: \(line.prefix(80))", "traceback": []])
            return
        }
        let code = object["code"] as? String ?? ""
        let cursor = object["cursor_pos"] as? Int ?? code.unicodeScalars.count
        switch op {
        case "execute": send(execute(code, cell: object["cell"] as? Int))
        case "complete": send(complete(code, cursor: cursor))
        case "inspect": send(inspect(code, cursor: cursor))
        case "is_complete": send(["kind": "reply", "status": InputState.needsMore(code) ? "incomplete" : "complete", "indent": ""])
        default: send(["kind": "reply", "status": "error", "ename": "protocol", "evalue": "unknown request '\(op)'", "traceback": []])
        }
    }

    // MARK: execute

    func execute(_ code: String, cell: Int?) -> [String: Any] {
        let name = cell.map { "In[\($0)]" } ?? "In[ ]"
        do {
            try session.run(SourceFile(name: name, text: code))
            return ["kind": "reply", "status": "ok"]
        } catch let d as Diagnostic {
            // The error as the shell shows it: cell:line:column, the line, a caret, the hint.
            let text = d.render()
            return ["kind": "reply", "status": "error", "ename": "\(d.kind.rawValue) error",
                    "evalue": d.message, "traceback": text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)]
        } catch {
            return ["kind": "reply", "status": "error", "ename": "error", "evalue": "\(error)", "traceback": ["error: \(error)"]]
        }
    }

    /// Each result as the notebook shows it: a table as HTML with the terminal box as its
    /// plain text; a chart as SVG; help, `explain` and plans as preformatted text; notes on the
    /// standard error stream, `loaded`/`wrote` lines on standard output.
    func show(_ result: StatementResult, _ options: RenderOptions) {
        switch result {
        case .table(let t):
            // A table is the cell's value (Out[n]), as a query's rows are in a SQL notebook.
            send(["kind": "display", "result": true, "data": ["text/plain": ResultRenderer.render(result, options),
                                                              "text/html": HTMLTable.render(t, options)]])
        case .chart(let c):
            var plain = options
            plain.color = false
            send(["kind": "display", "data": ["text/plain": TerminalChart.render(c, plain),
                                              "image/svg+xml": SVGChart.render(c)]])
        case .text, .plan:
            send(["kind": "display", "data": ["text/plain": ResultRenderer.render(result, options)]])
        case .loaded, .wrote:
            send(["kind": "stream", "name": "stdout", "text": ResultRenderer.render(result, options) + "\n"])
        case .notice:
            send(["kind": "stream", "name": "stderr", "text": ResultRenderer.render(result, options) + "\n"])
        }
    }

    // MARK: complete and inspect

    func complete(_ code: String, cursor: Int) -> [String: Any] {
        let scalars = Array(code.unicodeScalars)
        let end = min(max(0, cursor), scalars.count)
        var start = end
        while start > 0, !Completer.breakCharacters.contains(Character(scalars[start - 1])) { start -= 1 }
        let utf8Cursor = String(String.UnicodeScalarView(scalars[..<end])).utf8.count
        let matches = Completer(session: session).candidates(code, cursor: utf8Cursor)
        return ["kind": "reply", "status": "ok", "matches": matches, "cursor_start": start, "cursor_end": end]
    }

    func inspect(_ code: String, cursor: Int) -> [String: Any] {
        guard let found = Inspector(session: session).describe(code, cursor: cursor) else {
            return ["kind": "reply", "status": "ok", "found": false]
        }
        return ["kind": "reply", "status": "ok", "found": true, "text": found]
    }

    func send(_ object: [String: Any]) {
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.withoutEscapingSlashes]) else { return }
        write(String(decoding: data, as: UTF8.self) + "\n")
    }
}
