"""Runs every lesson in Datasets/lessons/ top to bottom in the chiso kernel (nbclient, as
"Run all" does) and compares each cell's outputs with those stored in the notebook: a cell that
errors (unless tagged "raises-exception") or an output that changed fails the test.

    python Tests/e2e/lessons.py path/to/chiso            check (Scripts/test runs this)
    python Tests/e2e/lessons.py path/to/chiso --record   store the new outputs after a change
"""
import glob
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kernelspec import ROOT, install_for_test  # noqa: E402

record = "--record" in sys.argv
args = [a for a in sys.argv[1:] if a != "--record"]
chiso = os.path.abspath(args[0]) if args else os.path.join(ROOT, ".build/debug/chiso")
install_for_test(chiso)

import nbformat  # noqa: E402
from nbclient import NotebookClient  # noqa: E402
from nbclient.exceptions import CellExecutionError  # noqa: E402

MIMES = ("text/plain", "text/html", "image/svg+xml")


def outputs(cell):
    """What a reader sees of a cell's outputs (execution counts and metadata aside)."""
    seen = []
    for o in cell.get("outputs", []):
        if o["output_type"] == "stream":
            seen.append(("stream", o["name"], o["text"]))
        elif o["output_type"] in ("display_data", "execute_result"):
            seen.append((o["output_type"],) + tuple((m, o["data"][m]) for m in MIMES if m in o["data"]))
        elif o["output_type"] == "error":
            seen.append(("error", o["ename"], o["evalue"], "\n".join(o["traceback"])))
    return seen


passed = failed = 0
lessons = sorted(glob.glob(os.path.join(ROOT, "Datasets", "lessons", "*.ipynb")))
for path in lessons:
    name = os.path.basename(path)
    stored = nbformat.read(path, as_version=4)
    fresh = nbformat.read(path, as_version=4)
    for c in fresh.cells:
        if c.cell_type == "code":
            c.outputs, c.execution_count = [], None
    client = NotebookClient(fresh, kernel_name="chiso", timeout=300, record_timing=False,
                            resources={"metadata": {"path": os.path.dirname(path)}})
    try:
        client.execute()
    except CellExecutionError as e:
        failed += 1
        print("FAIL: %s: a cell failed\n%s" % (name, str(e)[:2000]))
        continue
    if record:
        nbformat.write(fresh, path)
        print("recorded %s" % name)
        passed += 1
        continue
    problems = []
    for i, (a, b) in enumerate(zip(stored.cells, fresh.cells)):
        if a.cell_type == "code" and outputs(a) != outputs(b):
            problems.append("cell %d (%s…): stored %r\n   now %r" % (i + 1, a.source[:40].replace("\n", " "),
                                                                    str(outputs(a))[:600], str(outputs(b))[:600]))
    if problems:
        failed += 1
        print("FAIL: %s: outputs changed (run with --record if the change is right)\n  %s" % (name, "\n  ".join(problems)))
    else:
        passed += 1
        print("ok: %s (%d cells)" % (name, len(fresh.cells)))

if len(lessons) < 5:
    failed += 1
    print("FAIL: %d lessons in Datasets/lessons, expected at least 5" % len(lessons))
print("lessons: %d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
