"""The .xlsx load benchmark: a 200,000-row x 10-column workbook (written once by openpyxl, as
Excel lays it out: shared strings, numbers, dates) loaded by chiso and read by openpyxl in
read-only mode, the fastest way openpyxl has. Medians of 5, each tool timed inside itself
(chiso: `set timer on`; openpyxl: load_workbook plus iterating every value)."""
from bench_util import chiso_ms
import datetime, os, random, re, statistics, subprocess, sys, time

def make(path, rows):
    import openpyxl
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Dữ liệu")
    ws.append(["id", "tinh", "huyen", "nam", "ty_le", "so_dn", "ngay", "dat", "ghi_chu", "gia_tri"])
    rnd = random.Random(7)
    provinces = ["Nghệ An", "Hà Tĩnh", "Quảng Bình", "Thanh Hoá", "Tiền Giang", "Vĩnh Long"]
    base = datetime.date(2021, 1, 1)
    for i in range(rows):
        ws.append([i, rnd.choice(provinces), f"Huyện {rnd.randrange(40)}", 2021 + i % 5,
                   round(rnd.random() * 100, 2), rnd.randrange(5000), base + datetime.timedelta(days=i % 1500),
                   rnd.random() < 0.5, f"ghi chú {rnd.randrange(1000)}", rnd.gauss(50, 10)])
    wb.save(path)

def openpyxl_ms(path):
    import openpyxl
    t = time.perf_counter()
    wb = openpyxl.load_workbook(path, read_only=True)
    n = 0
    for row in wb.active.iter_rows(values_only=True):
        n += len(row)
    wb.close()
    return (time.perf_counter() - t) * 1000, n

def main():
    binary, work = sys.argv[1], sys.argv[2]
    rows = 200_000
    path = os.path.join(work, f"workbook-{rows // 1000}k.xlsx")
    if not os.path.exists(path):
        print(f"writing {path} with openpyxl…", file=sys.stderr)
        make(path, rows)
    c = statistics.median(chiso_ms(binary, path) for _ in range(5))
    runs = [openpyxl_ms(path) for _ in range(5)]
    o = statistics.median(r[0] for r in runs)
    print(f"\nxlsx load, {rows:,} rows x 10 columns ({os.path.getsize(path) / 1e6:.1f} MB, {runs[0][1]:,} cells), medians of 5:")
    print(f"  chiso {c:8.0f} ms   openpyxl read-only {o:8.0f} ms   ratio {c / o:.2f} (target < 1.0)")
    export(binary, path, work)

def peak_run(argv):
    """Wall time (ms) and peak resident memory (MB) of one child process, from wait4."""
    t = time.perf_counter()
    p = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(p.pid, 0)
    err = p.stderr.read().decode()
    if status != 0:
        sys.exit(f"{argv[0]} failed: {err}")
    return (time.perf_counter() - t) * 1000, usage.ru_maxrss / 1024

OPENPYXL_EXPORT = """
import sys, openpyxl
src, out = sys.argv[1], sys.argv[2]
rows = openpyxl.load_workbook(src, read_only=True).active.iter_rows(values_only=True)
wb = openpyxl.Workbook(write_only=True)
ws = wb.create_sheet("out")
for r in rows:
    ws.append(r)
wb.save(out)
"""

def export(binary, path, work):
    """The same workbook loaded and written back as .xlsx: chiso streams the sheet into the zip
    (memory stays flat); openpyxl's write-only mode is its streaming writer. Whole processes,
    load included, medians of 3; peak memory from the kernel (ru_maxrss)."""
    out = os.path.join(work, "export-back.xlsx")
    c = [peak_run([binary, "-c", f'load "{path}" as x\nfrom x | export "{out}"']) for _ in range(3)]
    o = [peak_run([sys.executable, "-c", OPENPYXL_EXPORT, path, out]) for _ in range(3)]
    med = lambda runs, k: statistics.median(r[k] for r in runs)
    print(f"xlsx load and export back (the same workbook), whole process, medians of 3:")
    print(f"  chiso {med(c, 0):8.0f} ms {med(c, 1):7.0f} MB peak   openpyxl write-only {med(o, 0):8.0f} ms {med(o, 1):7.0f} MB peak")

main()
