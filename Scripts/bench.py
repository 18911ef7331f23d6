#!/usr/bin/env python3
"""Times chiso, DuckDB and Polars in the same run on the same file (each at 2 threads, the
operation timed inside the tool after its load); see Scripts/bench. Writes the table to
Scripts/bench_results.md as well (the README quotes it)."""
import os
import re
import resource
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
RUNS = 5
QUERY_CHISO = 'from s | where year == 2024 | group province { share = mean(has_smartphone, weight), n = count() }'
QUERY_DUCK = ("SELECT province, sum(has_smartphone * weight) / sum(weight) AS share, count(*) AS n "
              "FROM s WHERE year = 2024 GROUP BY province")
# An inner join of the 1M rows with a 10,000-row lookup table on an int key, then a count per
# band (so both tools build the whole join, and only a few rows come back).
JOIN_CHISO = 'from s | join ages on age | group band { n = count() } | sort band'
JOIN_DUCK = "SELECT band, count(*) AS n FROM s JOIN ages USING (age) GROUP BY band ORDER BY band"
SORT_CHISO = "let sorted = from s | sort province, -age"
# A group by a key with about as many values as rows (PSU × age), counted.
BIG_GROUP_CHISO = "let big = from s | derive k = psu * 1000 + age | group k { n = count() }"
BIG_GROUP_DUCK = "CREATE TABLE big AS SELECT psu * 1000 + age AS k, count(*) AS n FROM s GROUP BY k"
SORT_DUCK = "CREATE TABLE sorted AS SELECT * FROM s ORDER BY province, age DESC"
EXPORT_CHISO = os.path.join(WORK, "export-chiso.csv")
EXPORT_DUCK = os.path.join(WORK, "export-duck.csv")


AGES = os.path.join(WORK, "ages-10k.csv")


def write_ages():
    with open(AGES, "w") as f:
        f.write("age,band\n")
        for a in range(10000):
            f.write(f"{a},b{a // 10:04d}\n")


def chiso_times():
    """Runs load + query + join in one process with `set timer on`; returns the times (ms)."""
    script = (f'set timer on\nset format csv\nload "{DATA}" as s\nload "{AGES}" as ages\n{QUERY_CHISO}\n{JOIN_CHISO}\n'
              f'from s | export "{EXPORT_CHISO}"\n{SORT_CHISO}\n{BIG_GROUP_CHISO}\n')
    r = subprocess.run([BIN, "-c", script], capture_output=True, text=True, check=True)
    times = [float(x) for x in re.findall(r"time: ([0-9.]+) ms", r.stderr)]
    return times[0], times[2], times[3], times[4], times[5], times[6], r.stdout


def chiso_peak_rss_kb():
    r = subprocess.run(["/usr/bin/time", "-v", BIN, "-c", f'load "{DATA}" as s'], capture_output=True, text=True, check=True)
    return int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", r.stderr).group(1))


def duck_times():
    con = duckdb.connect()
    con.execute("SET threads = 2")
    t0 = time.perf_counter()
    con.execute(f"CREATE TABLE s AS SELECT * FROM read_csv('{DATA}')")
    t1 = time.perf_counter()
    rows = con.execute(QUERY_DUCK).fetchall()
    t2 = time.perf_counter()
    con.execute(f"CREATE TABLE ages AS SELECT * FROM read_csv('{AGES}')")
    t3 = time.perf_counter()
    joined = con.execute(JOIN_DUCK).fetchall()
    t4 = time.perf_counter()
    con.execute(f"COPY s TO '{EXPORT_DUCK}' (HEADER)")
    t5 = time.perf_counter()
    con.execute(SORT_DUCK)
    t6 = time.perf_counter()
    con.execute(BIG_GROUP_DUCK)
    t7 = time.perf_counter()
    con.close()
    return (t1 - t0) * 1000, (t2 - t1) * 1000, (t4 - t3) * 1000, (t5 - t4) * 1000, (t6 - t5) * 1000, (t7 - t6) * 1000, rows, joined


def polars_times():
    t0 = time.perf_counter()
    s = pl.read_csv(DATA)
    t1 = time.perf_counter()
    rows = (s.filter(pl.col("year") == 2024).group_by("province")
            .agg((pl.col("has_smartphone") * pl.col("weight")).sum() / pl.col("weight").sum(), pl.len()).rows())
    t2 = time.perf_counter()
    ages = pl.read_csv(AGES)
    t3 = time.perf_counter()
    joined = s.join(ages, on="age").group_by("band").agg(pl.len()).sort("band").rows()
    t4 = time.perf_counter()
    s.write_csv(EXPORT_DUCK + ".polars.csv")
    t5 = time.perf_counter()
    s.sort(["province", "age"], descending=[False, True])
    t6 = time.perf_counter()
    s.with_columns(k=pl.col("psu") * 1000 + pl.col("age")).group_by("k").agg(pl.len())
    t7 = time.perf_counter()
    return (t1 - t0) * 1000, (t2 - t1) * 1000, (t4 - t3) * 1000, (t5 - t4) * 1000, (t6 - t5) * 1000, (t7 - t6) * 1000, rows, joined


def startup_ms():
    tiny = os.path.join(WORK, "tiny.csv")
    with open(tiny, "w") as f:
        f.write("a,b\n1,x\n2,y\n")
    samples = []
    for _ in range(20):
        t0 = time.perf_counter()
        subprocess.run([BIN, "-c", f'load "{tiny}" as t; from t | where a > 1'], capture_output=True, check=True)
        samples.append((time.perf_counter() - t0) * 1000)
    return statistics.median(samples)


def main():
    size_mb = os.path.getsize(DATA) / 1e6
    nrows = sum(1 for _ in open(DATA, "rb")) - 1
    write_ages()
    c_load, c_query, c_join, c_export, c_sort, c_big = [], [], [], [], [], []
    d_load, d_query, d_join, d_export, d_sort, d_big = [], [], [], [], [], []
    p_steps = [[] for _ in range(6)]
    c_out, d_rows, d_joined, p_rows, p_joined = "", [], [], [], []
    for _ in range(RUNS):
        l, q, j, e, o, b, c_out = chiso_times()
        c_load.append(l); c_query.append(q); c_join.append(j); c_export.append(e); c_sort.append(o); c_big.append(b)
        l, q, j, e, o, b, d_rows, d_joined = duck_times()
        d_load.append(l); d_query.append(q); d_join.append(j); d_export.append(e); d_sort.append(o); d_big.append(b)
        *steps, p_rows, p_joined = polars_times()
        for k, v in enumerate(steps): p_steps[k].append(v)
    # Same answers: compare the shares per province, and the join's counts per band.
    chiso_shares, chiso_bands = {}, {}
    for line in c_out.strip().splitlines():
        parts = line.rsplit(",", 2)
        if len(parts) == 3 and not line.startswith("province"):
            prov, share, n = parts
            chiso_shares[prov.strip('"')] = (float(share), int(n))
        elif len(parts) == 2 and not line.startswith("band"):
            chiso_bands[parts[0]] = int(parts[1])
    join_equal = chiso_bands == {b: n for b, n in d_joined}
    worst = max(abs(chiso_shares[p][0] - s) for p, s, n in d_rows)
    counts_equal = all(chiso_shares[p][1] == n for p, s, n in d_rows)
    rss = chiso_peak_rss_kb() * 1024 / 1e6
    start = startup_ms()
    med = statistics.median
    polars_equal = (sorted(b for b in p_joined) == sorted(d_joined)
                    and all(abs(dict((p, v) for p, v, _ in p_rows)[p] - v) < 1e-9 for p, v, _ in d_rows))
    names = ["load CSV", "where + group", "join 10k lookup + group", "export CSV", "sort by two keys", "group by ~1M-value key"]
    chiso = [c_load, c_query, c_join, c_export, c_sort, c_big]
    duck = [d_load, d_query, d_join, d_export, d_sort, d_big]
    lines = [f"file: {DATA} ({size_mb:.1f} MB, {nrows:,} rows); median of {RUNS} runs; DuckDB {duckdb.__version__} and Polars {pl.__version__} with 2 threads",
             "",
             "| step (in session, ms) | chiso | DuckDB | Polars | chiso ÷ fastest peer |",
             "|---|---|---|---|---|"]
    for name, c, d, p in zip(names, chiso, duck, p_steps):
        lines.append(f"| {name} | {med(c):.1f} | {med(d):.1f} | {med(p):.1f} | {med(c) / min(med(d), med(p)):.2f} |")
    lines += ["",
              f"chiso -c on a tiny query: {start:.1f} ms (target <= 30); peak RSS after load: {rss:.1f} MB ({rss / size_mb:.2f}x the file, target <= 2.5x)",
              f"same answers: {len(d_rows)} provinces, counts equal: {counts_equal}, largest share difference: {worst:.2e}; "
              f"join: {len(d_joined)} bands, counts equal: {join_equal}; Polars agrees with DuckDB: {polars_equal}"]
    print("\n".join(lines))
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "bench_results.md"), "a" if APPEND else "w") as f:
        f.write(("\n" if APPEND else "# Scripts/bench: chiso beside DuckDB and Polars\n\n") + "\n".join(lines) + "\n")


main()
