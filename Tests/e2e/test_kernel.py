"""The chiso Jupyter kernel against the Jupyter project's own kernel test suite
(jupyter_kernel_test), with chiso's samples filled in; then an interrupt that must stop a
running statement and keep the session.

    python Tests/e2e/test_kernel.py path/to/chiso     (Scripts/test runs it)

The kernelspec is installed into a temporary prefix (JUPYTER_PATH points there), so the test
never touches the user's own Jupyter set-up.
"""
import os
import sys
import time
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CHISO = os.path.abspath(sys.argv.pop(1)) if len(sys.argv) > 1 else os.path.join(ROOT, ".build/debug/chiso")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kernelspec import install_for_test  # noqa: E402

PREFIX = install_for_test(CHISO)

import jupyter_kernel_test  # noqa: E402  (after JUPYTER_PATH is set)


class ChisoKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = "chiso"
    language_name = "chiso"
    file_extension = ".chiso"

    # chiso has no print statement: a statement's value is a result (execute_result), as in a
    # SQL notebook. What goes to the stdout stream is the `loaded …` / `wrote …` line.
    code_hello_world = ""
    # A note goes to the stderr stream: `set timer on` makes every statement report its time.
    code_stderr = "set timer on\nfrom plans | take 1\nset timer off"

    completion_samples = [
        {"text": "from plans | where le", "matches": {"least", "length", "level"}},
        {"text": "from pla", "matches": {"plans"}},
        {"text": "from plans | sel", "matches": {"select"}},
    ]
    complete_code_samples = ["from plans | take 1", "help assess", "let x = from plans\n| take 1"]
    incomplete_code_samples = ["from plans |", "from plans\n| group level {", "from plans | where id == \"vn"]

    code_generate_error = "from plans | where levl == \"national\""

    code_execute_result = [
        {"code": "from plans | where id == \"vn-411-2022\" | select doc_number", "mime": "text/html"},
        {"code": "from plans | where id == \"vn-411-2022\" | select doc_number",
         "result": "┌────────────┐\n│ doc_number │\n│ text       │\n├────────────┤\n│ 411/QĐ-TTg │\n└────────────┘\n1 row\n"},
    ]
    code_display_data = [
        {"code": "help assess", "mime": "text/plain"},
        {"code": "from observations | where indicator == \"egdi_rank\" | plot line year, value", "mime": "image/svg+xml"},
    ]
    code_inspect_sample = "assess"

    # --- chiso's own checks, through the same client ---

    def run_cell(self, code):
        self.flush_channels()
        return self.execute_helper(code=code)

    def test_chiso_table_is_typed_html_with_row_count(self):
        reply, out = self.run_cell("from plans | where level == \"national\" | select id, title_vi | take 1")
        self.assertEqual(reply["content"]["status"], "ok")
        results = [m for m in out if m["msg_type"] == "execute_result"]
        self.assertEqual(len(results), 1)
        html = results[0]["content"]["data"]["text/html"]
        self.assertIn("<th>title_vi</th>", html)
        self.assertIn(">text</th>", html)                     # the column's type under its name
        self.assertIn("Quyết định phê duyệt Chiến lược quốc gia", html)   # Vietnamese intact (NFC)
        self.assertIn("<p>1 row, 2 columns</p>", html)

    def test_chiso_error_has_cell_line_caret_and_hint(self):
        reply, out = self.run_cell("let p = from plans\nfrom p | where levl == 1")
        self.assertEqual(reply["content"]["status"], "error")
        tb = "\n".join(reply["content"]["traceback"])
        self.assertIn(":2:16: error: unknown column 'levl'", tb)
        self.assertIn("^^^^", tb)
        self.assertIn("hint: did you mean 'level'?", tb)
        self.assertEqual(reply["content"]["ename"], "name error")

    def test_chiso_session_kept_between_cells(self):
        self.run_cell("let national = from plans | where level == \"national\"")
        reply, out = self.run_cell("from national | group level { n = count() }")
        text = [m for m in out if m["msg_type"] == "execute_result"][0]["content"]["data"]["text/plain"]
        self.assertIn("national", text)
        self.assertIn("3", text)

    def test_chiso_inspect_column_type(self):
        self.flush_channels()
        code = "from plans | where level == 1"
        msg_id = self.kc.inspect(code, cursor_pos=code.index("level") + 2)
        reply = self.get_non_kernel_info_reply(timeout=10)
        self.assertTrue(reply["content"]["found"])
        self.assertIn("column level: text", reply["content"]["data"]["text/plain"])

    def test_chiso_interrupt_stops_statement_and_keeps_session(self):
        self.run_cell("let kept = from plans | take 2")
        self.flush_channels()
        # A statement long enough to interrupt: loading a 3,000,000-row CSV (the reader checks
        # for an interrupt every 65,536 rows).
        big = os.path.join(PREFIX, "big.csv")
        with open(big, "w") as f:
            f.write("a,b,c\n")
            f.writelines("%d,%d.5,x%d\n" % (i, i, i % 97) for i in range(3_000_000))
        msg_id = self.kc.execute('load "%s" as big' % big)
        time.sleep(0.5)
        started = time.time()
        self.km.interrupt_kernel()
        reply = self.kc.get_shell_msg(timeout=30)
        self.assertLess(time.time() - started, 5)
        self.assertEqual(reply["content"]["status"], "error")
        self.assertIn("interrupted", reply["content"]["evalue"])
        reply, out = self.run_cell("from kept | group level { n = count() }")
        self.assertEqual(reply["content"]["status"], "ok")


if __name__ == "__main__":
    result = unittest.main(argv=[sys.argv[0], "-v"], exit=False).result
    bad = len(result.failures) + len(result.errors)
    for test, _ in result.failures + result.errors:
        print("FAIL: %s" % test.id())
    print("jupyter kernel: %d passed, %d failed" % (result.testsRun - bad - len(result.skipped), bad))
    sys.exit(1 if bad else 0)
