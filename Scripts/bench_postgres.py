#!/usr/bin/env python3
"""The database benchmark (Scripts/bench): a grouped weighted share, mean and total with SEs by
province on 10,000,000 persons (30 provinces, 60 strata, ~15,000 PSUs) kept in PostgreSQL, three
ways, in one run:

  push-down  chiso's estimate on the database table: the server sums the sample per stratum,
             PSU and domain; chiso finishes the variance from those rows;
  pull       chiso reads the design's and the statistics' columns of every person, then
             estimates locally;
  R          R survey's svyby on the same persons (read from the same CSV the table was filled from).

Reports the time inside each tool (chiso: medians of 3; R: one run, ~1 minute with its load), the
bytes chiso received, and checks that the three agree. Usage: bench_postgres.py CHISO CSV CONNINFO PSQL"""
import os
import re
import subprocess
import sys

BIN, DATA, CONN, PSQL = sys.argv[1:5]
here = os.path.dirname(os.path.abspath(__file__))
RUNS = 3
STATS = "estimate share(has_smartphone), mean(age), total(has_account) by province"
DESIGN = "(strata = stratum, psu = psu, weight = weight, nest = true)"
COLUMNS = ("year int, province text, stratum text, psu bigint, hh_id bigint, person_id bigint, weight float8, fpc int, "
           "urban int, sex text, age int, has_smartphone int, has_account int, has_digital_signature int, basic_digital_skills int, "
           "household_fibre int, uses_online_public_services int, uses_telehealth int, has_ehealth_record int, protected_online int")


def sh(argv, stdin=None):
    p = subprocess.run(argv, input=stdin, capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"{argv[0]} failed:\n{p.stderr}")
    return p.stdout, p.stderr


rows = sum(1 for _ in open(DATA)) - 1
sh([PSQL, CONN, "-q", "-v", "ON_ERROR_STOP=1", "-c", "DROP TABLE IF EXISTS bench_persons",
    "-c", f"CREATE TABLE bench_persons ({COLUMNS})",
    "-c", f"\\copy bench_persons FROM '{DATA}' CSV HEADER", "-c", "ANALYZE bench_persons"])


def parse(out):
    est = {}
    for line in out.strip().splitlines():
        f = line.split(",")
        if len(f) >= 4 and "(" in f[1]:
            est[(f[1].split("(")[0], f[0])] = (float(f[2]), float(f[3]))
    return est


def chiso(body):
    script = f'attach "{CONN}" as pg\nset format csv\nset timer on\n' + body
    out, err = sh([BIN, "-c", script])
    times = [(float(ms), rest) for ms, rest in re.findall(r"time: ([0-9.]+) ms(.*)", err)]
    return out, times


def received(rest):
    m = re.search(r"received ([0-9.]+) (B|KB|MB|GB)", rest)
    return float(m.group(1)) * {"B": 1, "KB": 1 << 10, "MB": 1 << 20, "GB": 1 << 30}[m.group(2)] if m else 0.0


push_ms, push_bytes, push_est = [], 0.0, {}
for _ in range(RUNS):
    out, times = chiso(f"design pg.bench_persons {DESIGN}\nfrom pg.bench_persons | {STATS}\n")
    push_ms.append(times[-1][0]); push_bytes = received(times[-1][1]); push_est = parse(out)

pull_ms, pull_bytes, pull_est = [], 0.0, {}
for _ in range(RUNS):
    out, times = chiso("let p = from pg.bench_persons | select province, stratum, psu, weight, has_smartphone, age, has_account\n"
                       f"design p {DESIGN}\nfrom p | {STATS}\n")
    pull_ms.append(times[-3][0] + times[-1][0]); pull_bytes = received(times[-3][1]); pull_est = parse(out)

r_ms, r_est = [], {}
for _ in range(1):
    out, _ = sh(["Rscript", os.path.join(here, "bench_survey.R"), DATA, "needed"])
    lines = out.strip().splitlines()
    r_ms.append(float(lines[0].split()[1]))
    r_est = {(s, p): (float(e), float(se)) for s, p, e, se in (l.split() for l in lines[1:])}


def median(x):
    return sorted(x)[len(x) // 2]


def worst(a, b):
    return max(max(abs(a[k][i] - b[k][i]) / max(abs(b[k][i]), 1e-300) for i in (0, 1)) for k in b)


p, q, r = median(push_ms), median(pull_ms), median(r_ms)
print(f"\nPostgreSQL: {rows:,} persons in a table, share + mean + total with SE by province (medians of {RUNS})")
print(f"{'':34}{'time (ms)':>12}{'received':>14}{'vs push-down':>14}")
print(f"{'chiso, estimate in the database':34}{p:12.1f}{push_bytes / 1e6:11.2f} MB{1:13.1f}x")
print(f"{'chiso, pull the rows, then estimate':34}{q:12.1f}{pull_bytes / 1e6:11.2f} MB{q / p:13.1f}x")
print(f"{'R survey svyby (rows in memory)':34}{r:12.1f}{'':>14}{r / p:13.1f}x")
print(f"largest relative difference over {len(r_est)} estimates and SEs: push-down vs R {worst(push_est, r_est):.1e}, "
      f"pull vs R {worst(pull_est, r_est):.1e}, push-down vs pull {worst(push_est, pull_est):.1e}")
