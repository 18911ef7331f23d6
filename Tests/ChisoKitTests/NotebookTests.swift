@testable import ChisoKit
import Foundation
import XCTest

/// The kernel's chiso side and the HTML table, without Jupyter (the protocol itself is tested
/// end to end by Tests/e2e/test_kernel.py under jupyter_kernel_test).
final class NotebookTests: XCTestCase {
    func kernel() -> (KernelServer, () -> [[String: Any]]) {
        var lines: [String] = []
        let session = Session(workingDirectory: NSTemporaryDirectory(), output: { _ in }, info: { _ in })
        let k = KernelServer(session: session, write: { lines.append($0) })
        return (k, {
            defer { lines = [] }
            return lines.map { try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        })
    }

    /// Markup in a cell or a column name is text, never HTML; numbers are right-aligned; the
    /// footer counts rows and columns.
    func testHTMLEscapesAndCounts() throws {
        let t = Table(names: ["tên <b>", "n"],
                      columns: [Column.from([.text("<script>alert(1)</script>"), .text("Nghệ An & \"Hà Tĩnh\"")], as: .text),
                                Column.from([.int(1), .null], as: .int)], rowCount: 2)
        let html = HTMLTable.render(t, RenderOptions())
        XCTAssertTrue(html.contains("<th>tên &lt;b&gt;</th>"))
        XCTAssertTrue(html.contains("<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>"))
        XCTAssertTrue(html.contains("<td>Nghệ An &amp; &quot;Hà Tĩnh&quot;</td>"))
        XCTAssertTrue(html.contains("<td style=\"text-align:right\">null</td>"))
        XCTAssertTrue(html.hasSuffix("<p>2 rows, 2 columns</p>\n"))
        var few = RenderOptions()
        few.maxRows = 1
        XCTAssertTrue(HTMLTable.render(t, few).hasSuffix("<p>2 rows, 1 shown, 2 columns</p>\n"))
    }

    /// Completion positions are Unicode code points (the Jupyter protocol's unit), also after
    /// Vietnamese text; the continuation rule is the shell's.
    func testCompleteAndIsComplete() {
        let (k, take) = kernel()
        let code = "let tỉnh = 1; from tỉnh | where le"
        k.handle(#"{"op":"complete","code":"\#(code)","cursor_pos":\#(code.unicodeScalars.count)}"#)
        let reply = take()[0]
        XCTAssertEqual(reply["cursor_start"] as? Int, code.unicodeScalars.count - 2)
        XCTAssertEqual(reply["cursor_end"] as? Int, code.unicodeScalars.count)
        k.handle(#"{"op":"is_complete","code":"from plans |"}"#)
        XCTAssertEqual(take()[0]["status"] as? String, "incomplete")
        k.handle(#"{"op":"is_complete","code":"help assess"}"#)
        XCTAssertEqual(take()[0]["status"] as? String, "complete")
    }

    /// A cell's results stream before its reply; an error carries the cell's line and caret.
    func testExecuteStreamsThenReplies() {
        let (k, take) = kernel()
        k.handle(#"{"op":"execute","code":"param t = 2\nhelp take","cell":4}"#)
        var out = take()
        XCTAssertEqual(out.count, 2)
        XCTAssertEqual(out[0]["kind"] as? String, "display")
        XCTAssertTrue(((out[0]["data"] as? [String: String])?["text/plain"] ?? "").hasPrefix("take (stage)"))
        XCTAssertEqual(out[1]["status"] as? String, "ok")
        k.handle(#"{"op":"execute","code":"help take\nfrom nowhere","cell":5}"#)
        out = take()
        XCTAssertEqual(out.last?["status"] as? String, "error")
        XCTAssertEqual((out.last?["traceback"] as? [String])?.first, "In[5]:2:6: error: unknown table 'nowhere'")
        k.handle(#"{"op":"nonsense"}"#)
        XCTAssertEqual(take()[0]["evalue"] as? String, "unknown request 'nonsense'")
    }
}
