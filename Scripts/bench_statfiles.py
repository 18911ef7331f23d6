"""The Stata load benchmark: a 1,000,000-row x 50-variable .dta (20 int, 20 float, 5 labelled
codes, 5 Vietnamese text variables; written once by pyreadstat, release 118) loaded by chiso,
by pyreadstat (read_dta) and by R haven (read_dta), and the same table as CSV loaded by chiso.
Medians of 3, each tool timed inside itself (chiso: `set timer on`). Targets: chiso's .dta
load at or below pyreadstat's and haven's, and at most twice its CSV load of the same table."""
from bench_util import chiso_ms
import os, re, shutil, statistics, subprocess, sys, time

def make(dta, csv, rows):
    import numpy as np, pandas as pd, pyreadstat
    rng = np.random.default_rng(411)
    cols = {}
    for i in range(20): cols[f"i{i:02d}"] = rng.integers(0, 100, rows).astype("int32")
    for i in range(20): cols[f"f{i:02d}"] = rng.random(rows) * 1000
    for i in range(5): cols[f"c{i}"] = rng.integers(1, 6, rows).astype("int8")
    for i in range(5): cols[f"s{i}"] = pd.Series(rng.choice(["Hà Nội", "Nghệ An", "Nam Định", "Đà Nẵng", "TP Hồ Chí Minh"], rows))
    df = pd.DataFrame(cols)
    labels = {f"c{i}": {1: "Rất kém", 2: "Kém", 3: "Trung bình", 4: "Tốt", 5: "Rất tốt"} for i in range(5)}
    pyreadstat.write_dta(df, dta, version=14, variable_value_labels=labels)
    df.to_csv(csv, index=False)

def pyreadstat_ms(path):
    import pyreadstat
    t = time.perf_counter()
    df, meta = pyreadstat.read_dta(path)
    return (time.perf_counter() - t) * 1000

def haven_ms(path):
    if not shutil.which("Rscript"):
        return None
    out = subprocess.run(["Rscript", "-e", f'suppressMessages(library(haven)); t <- proc.time()[["elapsed"]]; x <- read_dta("{path}"); cat((proc.time()[["elapsed"]] - t) * 1000)'],
                         capture_output=True, text=True)
    try:
        return float(out.stdout.strip())
    except ValueError:
        return None

def main():
    binary, work = sys.argv[1], sys.argv[2]
    rows = 1_000_000
    dta, csv = os.path.join(work, "survey-1m-50.dta"), os.path.join(work, "survey-1m-50.csv")
    if not os.path.exists(dta):
        print(f"writing {dta} and {csv} with pyreadstat…", file=sys.stderr)
        make(dta, csv, rows)
    c = statistics.median(chiso_ms(binary, dta) for _ in range(3))
    cc = statistics.median(chiso_ms(binary, csv) for _ in range(3))
    p = statistics.median(pyreadstat_ms(dta) for _ in range(3))
    hs = [haven_ms(dta) for _ in range(3)]
    h = statistics.median(hs) if None not in hs else None
    print(f"\n.dta load, {rows:,} rows x 50 variables ({os.path.getsize(dta) / 1e6:.0f} MB), medians of 3:")
    print(f"  chiso {c:8.0f} ms   pyreadstat {p:8.0f} ms   haven " + (f"{h:8.0f} ms" if h else "(R haven not installed)")
          + f"   chiso CSV of the same {cc:8.0f} ms")
    print(f"  ratio to pyreadstat {c / p:.2f}" + (f", to haven {c / h:.2f}" if h else "") + f" (targets <= 1.0); to chiso's CSV load {c / cc:.2f} (target <= 2.0)")

main()
