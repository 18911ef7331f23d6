"""chiso → .dta / .sav / .zsav → pyreadstat (and R haven, where R is installed): the same
values, types, variable labels and value labels as chiso itself holds.

Usage: python3 Tests/e2e/statfiles_roundtrip.py path/to/chiso
Prints one line per check and a summary line "statfiles round trip: P passed, F failed"."""
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile

chiso = os.path.abspath(sys.argv[1])
here = os.path.dirname(os.path.abspath(__file__))
fixtures = os.path.join(here, "..", "Golden", "data", "statfiles")
passed = failed = 0


def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print("FAIL", what)


def run(script, cwd):
    r = subprocess.run([chiso, "--format", "json", "-c", script], cwd=cwd, capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(f"chiso failed: {r.stderr}")
    return r.stdout


def same(a, b):
    if a is None or (isinstance(a, float) and math.isnan(a)):
        return b is None or (isinstance(b, float) and math.isnan(b))
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return float(a) == float(b)
    return str(a)[:10] == str(b)[:10] if hasattr(a, "year") or hasattr(b, "year") else a == b


try:
    import pyreadstat
except ImportError:
    raise SystemExit("pyreadstat is not installed (Scripts/test installs it)")

work = tempfile.mkdtemp(prefix="chiso-rt-")
try:
    for f in ["labelled.sav", "haven.dta"]:
        shutil.copy(os.path.join(fixtures, f), work)
    for source in ["labelled.sav", "haven.dta"]:
        # What chiso holds, with codes (labels = codes), as JSON records.
        mine = json.loads(run(f'from "{source}" (labels = codes)', work))
        for ext in ["dta", "sav", "zsav"]:
            out = f"rt_{os.path.splitext(source)[0]}.{ext}"
            run(f'from "{source}" | export "{out}"', work)
            reader = pyreadstat.read_dta if ext == "dta" else pyreadstat.read_sav
            df, meta = reader(os.path.join(work, out))
            rows = df.to_dict(orient="records")
            check(len(rows) == len(mine), f"{out}: {len(rows)} rows, chiso {len(mine)}")
            for i, (a, b) in enumerate(zip(mine, rows)):
                for k in a:
                    v = b.get(k)
                    check(same(a[k], None if v is None else (v.item() if hasattr(v, "item") else v)),
                          f"{out} row {i + 1} {k}: chiso {a[k]!r}, pyreadstat {v!r}")
            labels = dict(zip(meta.column_names, meta.column_labels))
            check(labels.get("urban") == "Khu vực thành thị/nông thôn", f"{out}: variable label of urban is {labels.get('urban')!r}")
            vl = {float(k): v for k, v in meta.variable_value_labels.get("urban", {}).items()}
            check(vl == {1.0: "Thành thị", 2.0: "Nông thôn"}, f"{out}: value labels of urban are {vl}")
            check(meta.original_variable_types.get("visit") in ("%td", "EDATE10"), f"{out}: visit is a date ({meta.original_variable_types.get('visit')})")
            if shutil.which("Rscript"):
                r = subprocess.run(["Rscript", "-e", f"""suppressMessages(library(haven)); x <- {'read_dta' if ext == 'dta' else 'read_sav'}('{os.path.join(work, out)}');
                    cat(attr(x$urban, 'label'), paste(names(attr(x$urban, 'labels')), unclass(attr(x$urban, 'labels')), sep='=', collapse=';'),
                        class(x$visit)[1], format(x$visit[1]), sum(is.na(x$income)), sep='|')"""], capture_output=True, text=True)
                if "there is no package" in r.stderr:
                    print(f"haven: skipped for {out} (R haven not installed)")
                    continue
                check(r.stdout == "Khu vực thành thị/nông thôn|Thành thị=1;Nông thôn=2|Date|2024-01-15|1",
                      f"{out}: R haven reads {r.stdout!r} {r.stderr[-200:]}")
            else:
                print(f"haven: skipped for {out} (R not installed)")
finally:
    shutil.rmtree(work)

print(f"statfiles round trip: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
