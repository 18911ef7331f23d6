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

main()
