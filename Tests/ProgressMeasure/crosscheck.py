"""Cross-checks chiso's `assess method opensdg` against a faithful port of sdg-build's
ProgressMeasure.py (progress_measure_port.py) on every bundled series × target, the survey
series of Scripts/survey_to_targets.chiso, and the worked examples of the golden corpus.

    python3 Tests/ProgressMeasure/crosscheck.py .build/debug/chiso

chiso's own reading of the plans is applied to the inputs before the port sees them, since
sdg-build has no notion of it: a range target is judged at its weakest bound, the base year is
the plan's issue year (2015 without a plan), and a target year already past is judged on the data
up to it. Everything after that is sdg-build's logic. Prints `opensdg cross-check: N passed,
M failed` and exits non-zero on any difference.
"""
import csv
import io
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from progress_measure_port import SeriesProgress  # noqa: E402

BIN = os.path.abspath(sys.argv[1])
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DATA = os.path.join(ROOT, "Datasets")
GOLDEN = os.path.join(ROOT, "Tests", "Golden", "data")


def rows(path):
    with open(path, encoding="utf-8") as f:
        return list(csv.DictReader(f))


def chiso(script, cwd):
    r = subprocess.run([BIN, "--data", DATA, "--format", "csv", "-c", script], cwd=cwd,
                       capture_output=True, text=True, env={**os.environ, "LC_ALL": "C"})
    if r.returncode != 0:
        sys.exit(f"chiso failed: {r.stderr}")
    return list(csv.DictReader(io.StringIO(r.stdout)))


def num(s):
    return None if s in ("", None) else float(s)


def issued_years(plans):
    return {p["id"]: int(p["issued"][:4]) for p in plans if p.get("issued")}


def expected(series, targets, base_of, direction_of):
    """(indicator, area, series, plan, target_year) → (status, progress value) by the port."""
    out = {}
    for key, points in series.items():
        indicator, area, ser = key
        for t in targets:
            if t["indicator"] != indicator or t["area"] != area:
                continue
            d = t.get("direction") or direction_of.get(indicator)
            up = d == "up"
            lo, hi, T = float(t["lo"]), num(t.get("hi")), int(t["year"])
            tv = (lo if up else (hi if hi is not None else lo)) if t["op"] == "range" else lo
            latest = max(y for y, _ in points)
            used = [(y, v) for y, v in points if y <= T] if T < latest else points
            config = {"base_year": base_of(t), "target": tv, "target_year": T,
                      "direction": "positive" if up else "negative"}
            s = SeriesProgress(used, config)
            out[(indicator, area, ser or "", t.get("plan") or "", str(T))] = (s.status, s.progress_value)
    return out


def group(observations):
    series = {}
    for o in observations:
        if o["value"] in ("", None):
            continue
        key = (o["indicator"], o["area"], o.get("series") or None)
        series.setdefault(key, []).append((int(o["year"]), float(o["value"])))
    return series


def compare(label, got, want, passed, failed):
    seen = set()
    for r in got:
        key = (r["indicator"], r["area"], r.get("series") or "", r.get("plan") or "", r["target_year"])
        seen.add(key)
        if key not in want:
            failed.append(f"{label}: chiso judged {key}, the port did not")
            continue
        status, pv = want[key]
        mine = num(r["progress"])
        same_value = (pv is None and mine is None) or (pv is not None and mine is not None
                                                      and abs(pv - mine) <= 1e-12 * max(1.0, abs(pv)))
        if r["status"] == status and same_value:
            passed.append(key)
        else:
            failed.append(f"{label} {key}: chiso {r['status']} {mine}, port {status} {pv}")
    for key in want.keys() - seen:
        failed.append(f"{label}: the port judged {key}, chiso did not")


def main():
    passed, failed = [], []
    plans = rows(os.path.join(DATA, "plans.csv"))
    area_of = {p["id"]: p["area_id"] for p in plans}
    issued = issued_years(plans)
    direction_of = {i["id"]: i["direction"] for i in rows(os.path.join(DATA, "indicators.csv"))}
    bundled_targets = [dict(t, area=area_of.get(t["plan"], "")) for t in rows(os.path.join(DATA, "targets.csv"))]
    select = "select indicator, area, series, plan, target_year, status, progress"

    # 1. The bundled observations against every plan target of their area.
    got = chiso(f"from observations | assess method opensdg | {select}", ROOT)
    want = expected(group(rows(os.path.join(DATA, "observations.csv"))), bundled_targets,
                    lambda t: issued.get(t["plan"], 2015), direction_of)
    compare("observations", got, want, passed, failed)

    # 2. The survey series of Scripts/survey_to_targets.chiso (estimated by chiso, in percent).
    with tempfile.TemporaryDirectory() as tmp:
        chiso("""
            let estimates = from survey | where year >= 2022
              | estimate share(has_smartphone), share(has_account), share(has_digital_signature),
                         share(basic_digital_skills), share(household_fibre), share(uses_online_public_services),
                         share(uses_telehealth), share(has_ehealth_record), share(protected_online) by year, province
            from estimates | join survey_indicators on statistic | derive value = estimate * 100
              | select indicator, area = province, year, value | export "series.csv"
            """, tmp)
        got = chiso(f'load "series.csv" as s; from s | assess method opensdg | {select}', tmp)
        want = expected(group(rows(os.path.join(tmp, "series.csv"))), bundled_targets,
                        lambda t: issued.get(t["plan"], 2015), direction_of)
        compare("survey series", got, want, passed, failed)

    # 3. The worked examples of the golden corpus (against a table with its own directions).
    ex_issued = issued_years(rows(os.path.join(GOLDEN, "progress_plans.csv")))
    got = chiso(f'load "progress_series.csv" as s; load "progress_goals.csv" as goals; load "progress_plans.csv" as plans; '
                f'from s | assess against goals method opensdg | {select}', GOLDEN)
    want = expected(group(rows(os.path.join(GOLDEN, "progress_series.csv"))), rows(os.path.join(GOLDEN, "progress_goals.csv")),
                    lambda t: ex_issued.get(t["plan"], 2015), {})
    compare("worked examples", got, want, passed, failed)

    for f in failed:
        print("FAIL", f)
    print(f"opensdg cross-check: {len(passed)} passed, {len(failed)} failed")
    sys.exit(1 if failed else 0)


main()
