#!/usr/bin/env python3
"""The survey benchmark: a grouped share, mean and total with standard errors by province, on
1,000,000 persons in 60 strata, by chiso's `estimate` and by R survey's `svyby`, in the same run.
Reports the time of the estimation inside each tool (chiso: `set timer on`; R: system.time of
the three svyby calls; medians of 3), the peak memory of each whole process (load included),
and checks that the numbers agree. Targets: chiso at least 90x faster, with at most a quarter
of R's peak memory. See Scripts/bench."""
import os
import re
import subprocess
import sys
import tempfile

BIN, DATA = sys.argv[1], sys.argv[2]
here = os.path.dirname(os.path.abspath(__file__))
RUNS = 3


def run(argv):
    """Runs a process; returns (stdout, stderr, peak RSS in MB) of that process alone."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        p = subprocess.Popen(argv, stdout=out, stderr=err)
        _, status, usage = os.wait4(p.pid, 0)
        out.seek(0); err.seek(0)
        o, e = out.read().decode(), err.read().decode()
        if status != 0:
            sys.exit(f"{argv[0]} failed:\n{e}")
        return o, e, usage.ru_maxrss / 1024


script = (f'set timer on\nset format csv\nload "{DATA}" as s design (strata = stratum, psu = psu, weight = weight)\n'
          'from s | estimate share(has_smartphone), mean(age), total(has_account) by province\n')
chiso_ms, chiso_mb, chiso_est = [], [], {}
for _ in range(RUNS):
    o, e, mb = run([BIN, "-c", script])
    chiso_ms.append([float(x) for x in re.findall(r"time: ([0-9.]+) ms", e)][-1])
    chiso_mb.append(mb)
    for line in o.strip().splitlines()[1:]:
        f = line.split(",")
        stat = f[1].split("(")[0]
        chiso_est[(stat, f[0])] = (float(f[2]), float(f[3]))

r_ms, r_mb, r_est = [], [], {}
for _ in range(RUNS):
    o, _, mb = run(["Rscript", os.path.join(here, "bench_survey.R"), DATA])
    lines = o.strip().splitlines()
    r_ms.append(float(lines[0].split()[1]))
    r_mb.append(mb)
    r_est = {(s, p): (float(e), float(se)) for s, p, e, se in (l.split() for l in lines[1:])}


def rel(a, b):
    return abs(a - b) / max(abs(b), 1e-300)


def median(x):
    return sorted(x)[len(x) // 2]


worst_est = max(rel(chiso_est[k][0], r_est[k][0]) for k in r_est)
worst_se = max(rel(chiso_est[k][1], r_est[k][1]) for k in r_est)
c, r = median(chiso_ms), median(r_ms)
cm, rm = median(chiso_mb), median(r_mb)
rows = sum(1 for _ in open(DATA)) - 1
strata = len({line.split(",")[2] for line in open(DATA)}) - 1
print(f"\nsurvey: {rows:,} persons, {strata} strata; share + mean + total with SE by province (medians of {RUNS})")
print(f"{'':28}{'chiso':>10}{'R svyby':>10}{'ratio':>10}{'target':>12}")
print(f"{'estimation time (ms)':28}{c:10.1f}{r:10.1f}{r / c:9.1f}x{'>= 90x':>12}")
print(f"{'peak memory (MB, process)':28}{cm:10.0f}{rm:10.0f}{cm / rm:10.2f}{'<= 0.25':>12}")
print(f"largest relative difference from R over {len(r_est)} values: estimate {worst_est:.1e}, se {worst_se:.1e}")
