"""The 20,000,000-row run (issue: a 20M-row, 11-column table loads, filters, groups, joins and
sorts within the 2-core machine, with peak memory at most DuckDB's on the same steps). One cold
process per tool runs every step in order; each step's time is taken inside the tool, the peak
resident memory of the whole process from the kernel (wait4's ru_maxrss). Answers compared.

    python Scripts/bench_20m.py path/to/chiso WORKDIR
"""
import json, os, re, subprocess, sys, time

BIN, WORK = sys.argv[1], sys.argv[2]
DATA = os.path.join(WORK, "survey-20m.csv")
OUT_C, OUT_D = os.path.join(WORK, "out20-chiso.csv"), os.path.join(WORK, "out20-duckdb.csv")

if not os.path.exists(DATA):
    print(f"writing {DATA} (20,000,000 rows, once)…", file=sys.stderr)
    subprocess.run([sys.executable, os.path.join(os.path.dirname(__file__), "bench_data.py"), DATA, "20000000"], check=True)

CHISO = f'''set timer on
load "{DATA}" as s
from s | where year == 2024 | group province {{ n = count(), w = sum(weight) }} | sort province | take 1
let t = from s | group province {{ m = mean(age) }}
from s | join t on province | group year {{ x = sum(m) }} | sort year
from s | sort -weight, psu | take 1 | select psu, weight
from s | where urban == 1 | export "{OUT_C}"
'''

DUCK = f'''
import duckdb, time, json
c = duckdb.connect(); c.execute("SET threads = 2")
out = []
def step(sql):
    t = time.perf_counter(); r = c.execute(sql).fetchall(); out.append([(time.perf_counter() - t) * 1000, r])
step("CREATE TABLE s AS SELECT * FROM read_csv('{DATA}')")
step("SELECT province, count(*), sum(weight) FROM s WHERE year = 2024 GROUP BY province ORDER BY province LIMIT 1")
step("CREATE TABLE t AS SELECT province, avg(age) AS m FROM s GROUP BY province")
step("SELECT year, sum(m) FROM s JOIN t USING (province) GROUP BY year ORDER BY year")
step("SELECT psu, weight FROM s ORDER BY weight DESC, psu LIMIT 1")
step("COPY (SELECT * FROM s WHERE urban = 1) TO '{OUT_D}' (HEADER)")
print(json.dumps(out, default=str))
'''

def peak(argv):
    t = time.perf_counter()
    p = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out = p.stdout.read().decode(); err = p.stderr.read().decode()
    _, status, usage = os.wait4(p.pid, 0)
    if status != 0:
        sys.exit(f"{argv[0]} failed: {err[-2000:]}")
    return out, err, (time.perf_counter() - t), usage.ru_maxrss / 1024

c_out, c_err, c_wall, c_peak = peak([BIN, "-c", CHISO])
c_ms = [float(x) for x in re.findall(r"time: ([0-9.]+) ms", c_out + c_err)]
d_out, d_err, d_wall, d_peak = peak([sys.executable, "-c", DUCK])
d = json.loads(d_out.strip().splitlines()[-1])
d_ms = [s[0] for s in d]
# chiso times: load, filter+group, let (group), join+group, sort, export; DuckDB the same six.
names = ["load", "filter + group", "group (the join's right side)", "join + group", "sort, first row", "filter + export CSV"]
print("\n20,000,000 rows x 11 columns, one process each, 2 threads:")
print("| step | chiso ms | DuckDB ms |\n|---|---|---|")
for k, n in enumerate(names):
    cm = c_ms[k] if k < len(c_ms) else float("nan")
    print(f"| {n} | {cm:.0f} | {d_ms[k]:.0f} |")
print(f"| whole process (wall) | {c_wall * 1000:.0f} | {d_wall * 1000:.0f} |")
print(f"| peak RSS (MB) | {c_peak:.0f} | {d_peak:.0f} |")
rows_c = sum(1 for _ in open(OUT_C)) - 1
rows_d = sum(1 for _ in open(OUT_D)) - 1
first = re.search(r"province,n,w\n([^\n]+)", c_out)
top = re.search(r"psu,weight\n([^\n]+)", c_out)
joined = re.search(r"year,x\n((?:\d{4},[^\n]+\n?)+)", c_out)
print(f"same answers: exported rows {rows_c:,} vs {rows_d:,}; first group chiso {first.group(1) if first else '?'} / DuckDB {d[1][1][0]}; "
      f"sort's first row chiso {top.group(1) if top else '?'} / DuckDB {d[4][1][0]}; join sums by year chiso "
      f"{joined.group(1).split() if joined else '?'} / DuckDB {d[3][1]}")
