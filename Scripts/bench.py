#!/usr/bin/env python3
"""Times chiso, DuckDB and Polars in the same run on the same file (each at 2 threads, the
operation timed inside the tool after its load; medians of 5), checks that the three give the
same answers, and times one whole process per tool with its peak memory; see Scripts/bench.
Writes the table to Scripts/bench_results.md as well (the README quotes it; the top-level
layout is fixed, so the results live beside the script rather than in a bench/ folder)."""
import os
import re
import statistics
import subprocess
import sys
import time

os.environ.setdefault("POLARS_MAX_THREADS", "2")   # before polars is imported
import duckdb
import polars as pl

BIN, DATA, WORK = sys.argv[1], sys.argv[2], sys.argv[3]
# --append: add this file's table to Scripts/bench_results.md (the 5M run after the 1M one).
APPEND = "--append" in sys.argv[4:]
RUNS = int(os.environ.get("BENCH_RUNS", "5"))
AGES = os.path.join(WORK, "ages-10k.csv")        # age 0..9999 → band: every row matches
EVEN = os.path.join(WORK, "ages-even-5k.csv")    # even ages only: half the rows find no band
EXPORT_CHISO = os.path.join(WORK, "export-chiso.csv")
EXPORT_DUCK = os.path.join(WORK, "export-duck.csv")
EXPORT_POLARS = os.path.join(WORK, "export-polars.csv")

# Each step: its name, chiso's statement, DuckDB's SQL. chiso's statements print (csv) what
# is compared; `let` steps build a table, then an untimed statement prints its size.
STEPS = [
    ("load CSV", None, None),
    ("filter + grouped weighted share",
     "from s | where year == 2024 | group province { share = mean(has_smartphone, weight), n = count() } | sort province",
     "SELECT province, sum(has_smartphone * weight) / sum(weight) AS share, count(*) AS n FROM s WHERE year = 2024 GROUP BY province ORDER BY province"),
    ("inner join 10k lookup + group",
     "from s | join ages on age | group band { n = count() } | sort band",
     "SELECT band, count(*) AS n FROM s JOIN ages USING (age) GROUP BY band ORDER BY band"),
    ("left join 5k lookup + group",
     "from s | join left even on age | group band { n = count() } | sort band",
     "SELECT band, count(*) AS n FROM s LEFT JOIN even USING (age) GROUP BY band ORDER BY band NULLS LAST"),
    ("sort by two keys", "let sorted = from s | sort province, -age",
     "CREATE OR REPLACE TABLE sorted AS SELECT * FROM s ORDER BY province, age DESC"),
    ("group by psu × 1000 + age (0.8M groups at 1M rows, 2M at 5M)", "let big = from s | derive k = psu * 1000 + age | group k { n = count() }",
     "CREATE OR REPLACE TABLE big AS SELECT psu * 1000 + age AS k, count(*) AS n FROM s GROUP BY k"),
    ("distinct on three columns", "let d3 = from s | select province, stratum, psu | distinct",
     "CREATE OR REPLACE TABLE d3 AS SELECT DISTINCT province, stratum, psu FROM s"),
    ("export CSV", f'from s | export "{EXPORT_CHISO}"', f"COPY s TO '{EXPORT_DUCK}' (HEADER)"),
]


def write_lookups():
    with open(AGES, "w") as f:
        f.write("age,band\n")
        for a in range(10000):
            f.write(f"{a},b{a // 10:04d}\n")
    with open(EVEN, "w") as f:
        f.write("age,band\n")
        for a in range(0, 10000, 2):
            f.write(f"{a},b{a // 10:04d}\n")


def parse_csv_rows(text):
    """chiso's csv output: blocks separated by header lines; returns a list of row lists."""
    blocks, rows = [], None
    for line in text.strip().splitlines():
        if re.match(r"^[a-z_]+(,[a-z_]+)*$", line):
            rows = []
            blocks.append(rows)
        else:
            rows.append(line.rsplit(",", 2) if line.count(",") >= 2 else line.rsplit(",", 1))
    return blocks


def chiso_times():
    """One session: the steps in order with `set timer on`; returns their times and answers."""
    lines = ["set timer on", "set format csv", f'load "{DATA}" as s', f'load "{AGES}" as ages', f'load "{EVEN}" as even']
    for _, stmt, _ in STEPS[1:]:
        lines.append(stmt)
    # Untimed: the sizes of what the `let` steps built (their times come after the steps').
    lines += ["from big | group { n = count() }", "from d3 | group { n = count() }",
              "from sorted | take 1 | select province, age"]
    r = subprocess.run([BIN, "-c", "\n".join(lines)], capture_output=True, text=True, check=True)
    times = [float(x) for x in re.findall(r"time: ([0-9.]+) ms", r.stderr)]
    # times: load s, load ages, load even, then one per step.
    steps = [times[0]] + times[3:3 + len(STEPS) - 1]
    blocks = parse_csv_rows(r.stdout)
    answers = {
        "shares": {p.strip('"'): (float(s), int(n)) for p, s, n in blocks[0]},
        "inner": {b: int(n) for b, n in blocks[1]},
        "left": {(b or None): int(n) for b, n in blocks[2]},
        "big": int(blocks[3][0][0]), "d3": int(blocks[4][0][0]),
        "first": tuple(x.strip('"') for x in blocks[5][0]),
    }
    return steps, answers


def peak_rss_mb(cmd):
    r = subprocess.run(["/usr/bin/time", "-f", "%e %M"] + cmd, capture_output=True, text=True, check=True)
    secs, kb = r.stderr.strip().splitlines()[-1].split()
    return float(secs) * 1000, int(kb) / 1024


def duck_times():
    con = duckdb.connect()
    con.execute("SET threads = 2")
    t0 = time.perf_counter()
    con.execute(f"CREATE TABLE s AS SELECT * FROM read_csv('{DATA}')")
    steps = [(time.perf_counter() - t0) * 1000]
    con.execute(f"CREATE TABLE ages AS SELECT * FROM read_csv('{AGES}')")
    con.execute(f"CREATE TABLE even AS SELECT * FROM read_csv('{EVEN}')")
    results = []
    for _, _, sql in STEPS[1:]:
        t = time.perf_counter()
        results.append(con.execute(sql).fetchall())
        steps.append((time.perf_counter() - t) * 1000)
    answers = {
        "shares": {p: (s, n) for p, s, n in results[0]},
        "inner": dict(results[1]), "left": dict(results[2]),
        "big": con.execute("SELECT count(*) FROM big").fetchone()[0],
        "d3": con.execute("SELECT count(*) FROM d3").fetchone()[0],
        "first": tuple(str(x) for x in con.execute("SELECT province, age FROM sorted LIMIT 1").fetchone()),
    }
    con.close()
    return steps, answers


def polars_times():
    steps = []
    t = time.perf_counter()
    s = pl.read_csv(DATA)
    steps.append((time.perf_counter() - t) * 1000)
    ages, even = pl.read_csv(AGES), pl.read_csv(EVEN)
    jobs = [
        lambda: (s.filter(pl.col("year") == 2024).group_by("province")
                 .agg(((pl.col("has_smartphone") * pl.col("weight")).sum() / pl.col("weight").sum()).alias("share"), pl.len())
                 .sort("province").rows()),
        lambda: s.join(ages, on="age").group_by("band").agg(pl.len()).sort("band").rows(),
        lambda: s.join(even, on="age", how="left").group_by("band").agg(pl.len()).sort("band", nulls_last=True).rows(),
        lambda: s.sort(["province", "age"], descending=[False, True]),
        lambda: s.with_columns(k=pl.col("psu") * 1000 + pl.col("age")).group_by("k").agg(pl.len()),
        lambda: s.select(["province", "stratum", "psu"]).unique(),
        lambda: s.write_csv(EXPORT_POLARS),
    ]
    out = []
    for job in jobs:
        t = time.perf_counter()
        out.append(job())
        steps.append((time.perf_counter() - t) * 1000)
    answers = {
        "shares": {p: (v, n) for p, v, n in out[0]}, "inner": dict(out[1]), "left": dict(out[2]),
        "big": out[4].height, "d3": out[5].height,
        "first": (out[3]["province"][0], str(out[3]["age"][0])),
    }
    return steps, answers


def whole_process():
    """One cold process per tool: load the file, filter and group, print (median of 3)."""
    sql = STEPS[1][2]
    duck = f"import duckdb; c = duckdb.connect(); c.execute('SET threads = 2'); c.execute(\"CREATE TABLE s AS SELECT * FROM read_csv('{DATA}')\"); print(len(c.execute(\"{sql}\").fetchall()))"
    polars = (f"import polars as pl; s = pl.read_csv('{DATA}'); print(s.filter(pl.col('year') == 2024).group_by('province')"
              ".agg(((pl.col('has_smartphone') * pl.col('weight')).sum() / pl.col('weight').sum()), pl.len()).height)")
    cmds = {
        "chiso": [BIN, "-c", f'load "{DATA}" as s\n{STEPS[1][1]}'],
        "DuckDB": [sys.executable, "-c", duck],
        "Polars": [sys.executable, "-c", polars],
    }
    out = {}
    for name, cmd in cmds.items():
        runs = [peak_rss_mb(cmd) for _ in range(3)]
        out[name] = (statistics.median(r[0] for r in runs), max(r[1] for r in runs))
    return out


def median_run_ms(argv, n=40):
    samples = []
    for _ in range(n):
        t0 = time.perf_counter()
        subprocess.run(argv, capture_output=True, check=True)
        samples.append((time.perf_counter() - t0) * 1000)
    return statistics.median(samples)


def startup_ms():
    tiny = os.path.join(WORK, "tiny.csv")
    with open(tiny, "w") as f:
        f.write("a,b\n1,x\n2,y\n")
    return median_run_ms([BIN, "-c", f'load "{tiny}" as t; from t | where a > 1'])


def startup_line():
    """Start-up beside sqlite3 (issue: `chiso -c 'help'` within 5 ms of `sqlite3 :memory:
    'select 1'`), whole processes, medians of 40, in this run."""
    chiso = median_run_ms([BIN, "-c", "help"])
    sqlite = median_run_ms(["sqlite3", ":memory:", "select 1"])
    return f"start-up: chiso -c 'help' {chiso:.1f} ms, sqlite3 :memory: 'select 1' {sqlite:.1f} ms (gap {chiso - sqlite:.1f} ms, target <= 5)"


def agree(a, b):
    """Two tools' answers are the same (shares to 1e-9 relative, everything else exactly)."""
    shares = (a["shares"].keys() == b["shares"].keys()
              and all(a["shares"][p][1] == b["shares"][p][1] and abs(a["shares"][p][0] - b["shares"][p][0]) <= 1e-9
                      for p in a["shares"]))
    return shares and all(a[k] == b[k] for k in ("inner", "left", "big", "d3", "first"))


def main():
    size_mb = os.path.getsize(DATA) / 1e6
    nrows = sum(1 for _ in open(DATA, "rb")) - 1
    write_lookups()
    times = {"chiso": [], "DuckDB": [], "Polars": []}
    answers = {}
    for _ in range(RUNS):
        for name, run in (("chiso", chiso_times), ("DuckDB", duck_times), ("Polars", polars_times)):
            steps, answers[name] = run()
            times[name].append(steps)
    med = statistics.median
    table = {name: [med(run[k] for run in runs) for k in range(len(STEPS))] for name, runs in times.items()}
    worst_share = max(abs(answers["chiso"]["shares"][p][0] - s) for p, (s, _) in answers["DuckDB"]["shares"].items())
    lines = [f"file: {DATA} ({size_mb:.1f} MB, {nrows:,} rows); median of {RUNS} runs; DuckDB {duckdb.__version__} and Polars {pl.__version__} with 2 threads",
             "",
             "| step (in session, ms) | chiso | DuckDB | Polars | chiso ÷ fastest peer |",
             "|---|---|---|---|---|"]
    for k, (name, _, _) in enumerate(STEPS):
        c, d, p = table["chiso"][k], table["DuckDB"][k], table["Polars"][k]
        lines.append(f"| {name} | {c:.1f} | {d:.1f} | {p:.1f} | {c / min(d, p):.2f} |")
    whole = whole_process()
    lines += ["", "| whole process: load, filter, group, print | chiso | DuckDB | Polars |", "|---|---|---|---|",
              "| time (ms) | " + " | ".join(f"{whole[t][0] * 1:.0f}" for t in ("chiso", "DuckDB", "Polars")) + " |",
              "| peak RSS (MB) | " + " | ".join(f"{whole[t][1]:.0f}" for t in ("chiso", "DuckDB", "Polars")) + " |"]
    _, load_rss = peak_rss_mb([BIN, "-c", f'load "{DATA}" as s'])
    lines += ["",
              f"chiso -c on a tiny query: {startup_ms():.1f} ms (target <= 30); peak RSS after load: {load_rss:.1f} MB ({load_rss / size_mb:.2f}x the file, target <= 2.5x)",
              startup_line(),
              f"same answers: chiso = DuckDB: {agree(answers['chiso'], answers['DuckDB'])}, Polars = DuckDB: {agree(answers['Polars'], answers['DuckDB'])} "
              f"({len(answers['DuckDB']['shares'])} provinces, largest share difference {worst_share:.2e}; {len(answers['DuckDB']['inner'])} bands inner, "
              f"{len(answers['DuckDB']['left'])} left; {answers['DuckDB']['big']:,} groups; {answers['DuckDB']['d3']:,} distinct; first sorted row {answers['DuckDB']['first']})"]
    results = os.path.join(os.path.dirname(os.path.abspath(__file__)), "bench_results.md")
    if APPEND and os.path.exists(results):
        # The earlier file's sort, for the scaling target (a bigger file within 5.5x per 5x rows).
        earlier = re.findall(r"^\| sort by two keys \| ([0-9.]+) \|", open(results).read(), re.M)
        if earlier:
            ratio = table["chiso"][4] / float(earlier[-1])
            lines.append(f"sort scaling: {table['chiso'][4]:.1f} ms here / {float(earlier[-1]):.1f} ms for the file before = {ratio:.2f}x (target <= 5.5x for 5x the rows)")
    print("\n".join(lines))
    with open(results, "a" if APPEND else "w") as f:
        f.write(("\n" if APPEND else "# Scripts/bench: chiso beside DuckDB and Polars\n\n") + "\n".join(lines) + "\n")


main()
