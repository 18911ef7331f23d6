#!/usr/bin/env python3
"""The join matrix of Scripts/bench: joins of the shapes users write, timed in chiso, DuckDB and
Polars in the same run (2 threads each, medians of BENCH_RUNS, each tool's time measured inside
it after its load), every answer checked equal across the three.

    python Scripts/bench_joins.py path/to/chiso survey.csv work_dir [--append]

Shapes (persons = the survey file; right tables written here, deterministic):
  key type     int (age), text (province), two keys (year, province)
  right side   10 rows (years), 63 (provinces), 10,000 (ages), one row per psu (~31,500)
  uniqueness   unique keys; duplicate keys (each age twice: many-to-many)
  right column used in a sum with a left column, in a derive, in a where, as a group key
  join kind    inner, left, semi, anti, right, full (half the ages missing), as-of (year >= year;
               Polars needs its left side sorted first, which its time includes)
"""
import os
import re
import statistics
import subprocess
import sys
import time

os.environ.setdefault("POLARS_MAX_THREADS", "2")
import duckdb
import polars as pl

BIN, DATA, WORK = sys.argv[1], sys.argv[2], sys.argv[3]
APPEND = "--append" in sys.argv[4:]
RUNS = int(os.environ.get("BENCH_RUNS", "5"))
F = {n: os.path.join(WORK, n + ".csv") for n in ("ages", "ages_even", "ages_twice", "provinces", "years", "yp", "psus")}


def write_tables():
    provinces = sorted({line.split(",")[1] for line in open(DATA, encoding="utf-8").readlines()[1:200000]})
    with open(F["ages"], "w") as f:
        f.write("age,band,factor\n")
        for a in range(10000):
            f.write(f"{a},b{a // 10:04d},{(a % 97) / 97:.6f}\n")
    with open(F["ages_even"], "w") as f:
        f.write("age,band,factor\n")
        for a in range(0, 10000, 2):
            f.write(f"{a},b{a // 10:04d},{(a % 97) / 97:.6f}\n")
    with open(F["ages_twice"], "w") as f:
        f.write("age,copy\n")
        for a in range(10000):
            f.write(f"{a},1\n{a},2\n")
    with open(F["provinces"], "w", encoding="utf-8") as f:
        f.write("province,region,pop\n")
        for i, p in enumerate(provinces):
            f.write(f'"{p}",r{i % 6},{1000 + i * 37}\n')
    with open(F["years"], "w") as f:
        f.write("year,target\n")
        for y in range(2016, 2026):
            f.write(f"{y},{50 + (y - 2016) * 3}\n")
    with open(F["yp"], "w", encoding="utf-8") as f:
        f.write("year,province,quota\n")
        for y in (2022, 2023, 2024):
            for i, p in enumerate(provinces):
                f.write(f'{y},"{p}",{(y - 2020) * 100 + i}\n')
    with open(F["psus"], "w") as f:
        f.write("psu,cluster_size\n")
        for psu in range(0, 126 * 250):
            f.write(f"{psu},{10 + psu % 17}\n")


# Each shape: name, chiso statement, DuckDB SQL, Polars function; the answer is one row of numbers.
SHAPES = [
    ("int key, 10k right, sum of a right and a left column",
     "from s | join ages on age | group { f = sum(factor), w = sum(weight) }",
     "SELECT sum(factor), sum(weight) FROM s JOIN ages USING (age)",
     lambda t: t["s"].join(t["ages"], on="age").select(pl.col("factor").sum(), pl.col("weight").sum())),
    ("int key, 10k right, derive on a right column",
     "from s | join ages on age | derive x = factor * weight | group { x = sum(x) }",
     "SELECT sum(factor * weight) FROM s JOIN ages USING (age)",
     lambda t: t["s"].join(t["ages"], on="age").select((pl.col("factor") * pl.col("weight")).sum())),
    ("int key, 10k right, where on a right column",
     "from s | join ages on age | where factor > 0.5 | group { n = count() }",
     "SELECT count(*) FROM s JOIN ages USING (age) WHERE factor > 0.5",
     lambda t: t["s"].join(t["ages"], on="age").filter(pl.col("factor") > 0.5).select(pl.len())),
    ("int key, 10k right, group by a right column, sum a left one",
     "from s | join ages on age | group band { w = sum(weight) } | group { n = count(), w = sum(w) }",
     "SELECT count(*), sum(w) FROM (SELECT band, sum(weight) AS w FROM s JOIN ages USING (age) GROUP BY band)",
     lambda t: t["s"].join(t["ages"], on="age").group_by("band").agg(pl.col("weight").sum().alias("w")).select(pl.len(), pl.col("w").sum())),
    ("int key, left join 5k (half missing), count and sum of the joined column",
     "from s | join left ages_even on age | group { n = count(), f = sum(factor) }",
     "SELECT count(*), sum(factor) FROM s LEFT JOIN ages_even USING (age)",
     lambda t: t["s"].join(t["ages_even"], on="age", how="left").select(pl.len(), pl.col("factor").sum())),
    ("int key, duplicate keys (many-to-many, 2 rows per age)",
     "from s | join ages_twice on age | group { n = count(), c = sum(copy) }",
     "SELECT count(*), sum(copy) FROM s JOIN ages_twice USING (age)",
     lambda t: t["s"].join(t["ages_twice"], on="age").select(pl.len(), pl.col("copy").sum())),
    ("int key, ~31,500-row right side (one row per psu)",
     "from s | join psus on psu | group { c = sum(cluster_size) }",
     "SELECT sum(cluster_size) FROM s JOIN psus USING (psu)",
     lambda t: t["s"].join(t["psus"], on="psu").select(pl.col("cluster_size").sum())),
    ("int key, 10-row right side",
     "from s | join years on year | group { t = sum(target) }",
     "SELECT sum(target) FROM s JOIN years USING (year)",
     lambda t: t["s"].join(t["years"], on="year").select(pl.col("target").sum())),
    ("text key, 63 rows, group by a right column",
     "from s | join provinces on province | group region { p = sum(pop) } | group { n = count(), p = sum(p) }",
     "SELECT count(*), sum(p) FROM (SELECT region, sum(pop) AS p FROM s JOIN provinces USING (province) GROUP BY region)",
     lambda t: t["s"].join(t["provinces"], on="province").group_by("region").agg(pl.col("pop").sum().alias("p")).select(pl.len(), pl.col("p").sum())),
    ("semi join 5k (half the ages missing), count and sum of a left column",
     "from s | join semi ages_even on age | group { n = count(), w = sum(weight) }",
     "SELECT count(*), sum(weight) FROM s SEMI JOIN ages_even USING (age)",
     lambda t: t["s"].join(t["ages_even"], on="age", how="semi").select(pl.len(), pl.col("weight").sum())),
    ("anti join 5k (half the ages missing), count and sum of a left column",
     "from s | join anti ages_even on age | group { n = count(), w = sum(weight) }",
     "SELECT count(*), sum(weight) FROM s ANTI JOIN ages_even USING (age)",
     lambda t: t["s"].join(t["ages_even"], on="age", how="anti").select(pl.len(), pl.col("weight").sum())),
    ("right join 5k, count and sum of the right table's column",
     "from s | join right ages_even on age | group { n = count(), f = sum(factor) }",
     "SELECT count(*), sum(factor) FROM s RIGHT JOIN ages_even USING (age)",
     lambda t: t["s"].join(t["ages_even"], on="age", how="right").select(pl.len(), pl.col("factor").sum())),
    ("full join 5k, count, count of the key and sum of the right table's column",
     "from s | join full ages_even on age | group { n = count(), k = count(age), f = sum(factor) }",
     "SELECT count(*), count(age), sum(factor) FROM s FULL JOIN ages_even USING (age)",
     lambda t: t["s"].join(t["ages_even"], on="age", how="full", coalesce=True).select(pl.len(), pl.col("age").count(), pl.col("factor").sum())),
    ("as-of join on year (10 rows), count and sum of the right table's column",
     "from s | join asof years on year >= year | group { n = count(), t = sum(target) }",
     "SELECT count(*), sum(target) FROM s ASOF JOIN years ON s.year >= years.year",
     lambda t: t["s"].sort("year").join_asof(t["years"], on="year").select(pl.len(), pl.col("target").sum())),
    ("two keys (year, province), 189 rows",
     "from s | join yp on year, province | group { q = sum(quota) }",
     "SELECT sum(quota) FROM s JOIN yp USING (year, province)",
     lambda t: t["s"].join(t["yp"], on=["year", "province"]).select(pl.col("quota").sum())),
]


def chiso_times():
    lines = ["set timer on", "set format csv", f'load "{DATA}" as s'] + [f'load "{F[n]}" as {n}' for n in F]
    for _ in range(RUNS):
        lines += [stmt for _, stmt, _, _ in SHAPES]
    r = subprocess.run([BIN, "-c", "\n".join(lines)], capture_output=True, text=True, check=True)
    times = [float(x) for x in re.findall(r"time: ([0-9.]+) ms", r.stderr)][1 + len(F):]
    out = [l for l in r.stdout.splitlines() if l and not re.match(r"^[a-z_]+(,[a-z_]+)*$", l)]
    answers = [tuple(float(x) for x in l.split(",")) for l in out[:len(SHAPES)]]
    per = [[times[k * len(SHAPES) + i] for k in range(RUNS)] for i in range(len(SHAPES))]
    return [statistics.median(p) for p in per], answers


def duck_times():
    con = duckdb.connect()
    con.execute("SET threads = 2")
    con.execute(f"CREATE TABLE s AS SELECT * FROM read_csv('{DATA}')")
    for n, p in F.items():
        con.execute(f"CREATE TABLE {n} AS SELECT * FROM read_csv('{p}', quote='\"')")
    times, answers = [], []
    for _, _, sql, _ in SHAPES:
        ts = []
        for _ in range(RUNS):
            t = time.perf_counter()
            row = con.execute(sql).fetchone()
            ts.append((time.perf_counter() - t) * 1000)
        times.append(statistics.median(ts))
        answers.append(tuple(float(x or 0) for x in row))
    return times, answers


def polars_times():
    t = {"s": pl.read_csv(DATA)}
    for n, p in F.items():
        t[n] = pl.read_csv(p)
    times, answers = [], []
    for _, _, _, fn in SHAPES:
        ts = []
        for _ in range(RUNS):
            t0 = time.perf_counter()
            row = fn(t).row(0)
            ts.append((time.perf_counter() - t0) * 1000)
        times.append(statistics.median(ts))
        answers.append(tuple(float(x or 0) for x in row))
    return times, answers


def same(a, b):
    return len(a) == len(b) and all(abs(x - y) <= 1e-6 * max(1.0, abs(x), abs(y)) for x, y in zip(a, b))


def main():
    write_tables()
    rows = sum(1 for _ in open(DATA, encoding="utf-8")) - 1
    c, ca = chiso_times()
    d, da = duck_times()
    p, pa = polars_times()
    lines = [f"## Join matrix, {rows:,} persons (ms, medians of {RUNS}; 2 threads each)", "",
             "| shape | chiso | DuckDB | Polars | chiso / fastest peer | answers |", "|---|---|---|---|---|---|"]
    bad = 0
    for i, (name, _, _, _) in enumerate(SHAPES):
        ok = same(ca[i], da[i]) and same(ca[i], pa[i])
        bad += not ok
        lines.append(f"| {name} | {c[i]:.1f} | {d[i]:.1f} | {p[i]:.1f} | {c[i] / min(d[i], p[i]):.2f} | "
                     + ("equal" if ok else f"DIFFER chiso {ca[i]} duckdb {da[i]} polars {pa[i]}") + " |")
    print("\n".join(lines))
    results = os.path.join(os.path.dirname(os.path.abspath(__file__)), "bench_results.md")
    with open(results, "a") as f:
        f.write("\n" + "\n".join(lines) + "\n")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
