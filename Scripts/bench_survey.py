#!/usr/bin/env python3
"""Times chiso's `estimate share(has_smartphone) by province` and R survey's svyby on the same
file, in the same run, and compares the numbers. See Scripts/bench."""
import os
import re
import subprocess
import sys

BIN, DATA = sys.argv[1], sys.argv[2]
here = os.path.dirname(os.path.abspath(__file__))
RUNS = 3

chiso_ms, chiso_est = [], {}
for _ in range(RUNS):
    script = (f'set timer on\nset format csv\nload "{DATA}" as s design (strata = stratum, psu = psu, weight = weight)\n'
              'from s | estimate share(has_smartphone) by province\n')
    r = subprocess.run([BIN, "-c", script], capture_output=True, text=True, check=True)
    chiso_ms.append([float(x) for x in re.findall(r"time: ([0-9.]+) ms", r.stderr)][-1])
    for line in r.stdout.strip().splitlines()[1:]:
        f = line.split(",")
        chiso_est[f[0]] = (float(f[2]), float(f[3]))

r = subprocess.run(["Rscript", os.path.join(here, "bench_survey.R"), DATA], capture_output=True, text=True, check=True)
lines = r.stdout.strip().splitlines()
r_ms = float(lines[0].split()[1])
r_est = {p: (float(e), float(s)) for p, e, s in (l.split() for l in lines[1:])}

def rel(a, b):
    return abs(a - b) / max(abs(b), 1e-300)

worst_est = max(rel(chiso_est[p][0], r_est[p][0]) for p in r_est)
worst_se = max(rel(chiso_est[p][1], r_est[p][1]) for p in r_est)
c = sorted(chiso_ms)[len(chiso_ms) // 2]
rows = sum(1 for _ in open(DATA)) - 1
print(f"survey: {DATA} ({rows:,} rows, 63 provinces x 2 strata, ~250 PSUs per stratum)")
print(f"{'estimate share(x) by province':32}{'chiso':>10}{'R svyby':>10}{'speed-up':>10}{'target':>16}")
print(f"{'time (ms)':32}{c:10.1f}{r_ms:10.1f}{r_ms / c:10.1f}{'>= 20x, <= 300':>16}")
p0 = sorted(r_est)[0]
print(f"{p0}: chiso {chiso_est[p0][0]:.10f} (se {chiso_est[p0][1]:.10f}); R {r_est[p0][0]:.10f} (se {r_est[p0][1]:.10f})")
print(f"largest relative difference over {len(r_est)} provinces: estimate {worst_est:.1e}, se {worst_se:.1e}")
