"""Scores `read plan` on the corpus of plan texts it was not written for (corpus/*.txt, each
with its source in corpus/sources.csv and its targets keyed by hand in corpus/answers.csv).

    python3 Tests/PlanReader/score_corpus.py path/to/chiso [--split=tune|tune2|heldout|heldout2 … heldout8|all] [--show]

A key is found when a row of the same document has the same year, op, lo and hi (each row
matches one key at most). Recall = keys found / keys; precision = rows that found a key / rows;
indicator accuracy = among found keys that name a catalogue indicator, rows naming the same one.
Also: how many rows are right at confidence >= 0.8, and how many rows from results documents
(no targets) reach 0.5. Each part ("tune", "tune2", "heldout", "heldout2" … "heldout8"; README says how
each was used) is reported apart. The last line is the summary Scripts/test reads; the run fails when
a part that has been tuned on falls below its floor (a regression); a part not yet tuned on is only
measured.
"""
import csv
import io
import os
import subprocess
import sys
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "corpus")
args = [a for a in sys.argv[1:] if not a.startswith("--")]
chiso = os.path.abspath(args[0]) if args else os.path.join(HERE, "..", "..", ".build", "debug", "chiso")
split = next((a.split("=")[1] for a in sys.argv if a.startswith("--split=")), "all")
show = "--show" in sys.argv
# Each part tuned on has a floor a little under what it reaches (see README): tune 99.1/99.1,
# tune2 100/100, heldout 98.9/98.9, heldout2 100/100, heldout3 96.4/96.4 (two keys whose year the
# text leaves open, read as the paragraph's: README), heldout4 100/100, heldout5 100/100, heldout6
# 90/90 (10 targets in 13 documents; the rows left are in README), heldout7 100/100, heldout8 100/100,
# heldout13 95.5/95.5 (one key whose year the text leaves open), heldout14 100/100, heldout15 100/100,
# heldout16 100/100, heldout17 100/91.7 (one fact of a report read at 0.3), heldout18 87.5/87.5,
# heldout19 100/100, heldout20 100/100, heldout21 82.4/100 (three keys left: README),
# heldout22 100/100, heldout23 100/100, heldout24 100/98.1 (a speed in a gloss: README),
# heldout25 96.7/100 (a count cut off mid-word: README), heldout26 100/100, heldout27 95.2/90.9
# (a link list of other articles and a value cut off before its %: README), heldout28 100/100,
# heldout29 100/100 (1 target in 5 documents), heldout30 100/100, heldout31 100/100, heldout32
# 100/100, heldout33 100/100, heldout34 90/100 (one key whose year the text leaves open: README),
# heldout35 60/75 (5 targets in 11 documents; the rows left are in README), heldout36 100/100, heldout37 100/100, heldout38 100/100
# (1 target in 3 documents), heldout39 100/97.4 (a restated aim in a truncated last line: README),
# heldout40 100/100, heldout41 100/100, heldout42 100/100, heldout43 100/100, heldout44 92.3/85.7
# (a title, a lead and a flattened table stating one aim; "đã mở dữ liệu" in a goals list: README),
# heldout45 100/100 (3 targets in 5 documents), heldout46 100/89.7 (two reports' figures with no
# year, a scenario's aim said again in other words: README), heldout47
# 100/100, heldout48 100/100 (9 targets in 8 documents),
# heldout49 100/100 (13 targets in 8 documents), heldout50 100/100 (16 targets in 7 documents),
# heldout51 93.8/100 (a typo for an operator word: README), heldout52 100/100, heldout53 100/100
# (10 targets in 10 documents), heldout54 100/100, heldout55 100/100 (11 targets in 10 documents),
# heldout56 100/100, heldout57 no target in 5 documents and no row read (its floor fails on any row),
# heldout58 100/100, heldout59 100/100, heldout60 100/94.1 (a branch's growth said twice in other
# words, a table's past average, a budget mobilised: README), heldout61 100/100, heldout62 95/100 (a
# multiple of GDP's growth set for a branch, with no year: README), heldout63 94.4/89.5 ("hai 2 đô thị",
# a headline rounding a report's area: README), heldout64 95.8/92.0 (a rate the text gives no year of its
# own, an expert's proposal of capacity: README), heldout65 88.5/95.8 (a population with no unit word,
# "1m7", a fertility rate per woman, a yearly cut's year, a restated aim's year: README), heldout66
# 84/80.8 (four yearly counts the text gives no year, read under "Từ sau năm 2015"; a subheading under
# a headline cut at its colon: README), heldout67 100/100, heldout68 92.1/95.1 (a star rating's range
# "đạt từ 4 đến 5 sao"; a sentence's year said only in its closing parenthesis: README), heldout69
# 98.9/100 ("bằng 1/2 bình quân chung", a fraction of the nation's average: README), heldout70 100/100,
# heldout71 92.5/94.9 ("500.000 héc ta như hiện nay", "khoảng bốn triệu tấn" in words, "Giai đoạn tiếp
# theo, …" read with the year after it, a quote's fact: README), heldout72 100/92.6 (a title run on
# into its lead with no stop between; a density said twice, once per "vạn dân" and once per "một vạn
# dân": README), heldout73 93.2/93.2 (a programme's yearless aims read with its period's end, 2030;
# a congress's yearly cut read with the next clause's year: README), heldout74 98.2/98.2 ("dưới18,5‰"
# close up; a programme's yearless aim read with its period's end: README), heldout75 87.2/89.5 (a
# programme's yearless aims read with its period's end; a title's mistyped year; "trồng 10 triệu cây";
# a growth to the hundredth after a period's area figures; a yearly count read with the nearer year: README),
# heldout76 93.1/96.4 (a subheading's yearless aim read with the paragraph's year before it; a 2010 goal
# restated beside a result: README), heldout77 90.9/100 ("18 công viên được thiết kế mới" in a headline:
# README), heldout78 100/100, heldout79 95.5/100 (per-person amounts under a "…/người/năm:" label;
# "năm 2030 là 45 ngàn người" after a count of workers: README), heldout80 95.2/95.2 (a title run into its
# lead, its value read twice; "Khai thác dân dụng 27 CHK": README), heldout81 92.6/96.2 (a share of a
# council's term "nhiệm kỳ 2016- 2021" read with no year; "cho 6 cơ sở" after a far verb: README),
# heldout82 91.7/100 (a one-line broadcast title dated "10/01/17": README), heldout83 95.2/100 ("có 2,1
# con" in a parenthesis: README), heldout84 100/100.
FLOORS = {"tune": 97.0, "tune2": 97.0, "heldout": 97.0, "heldout2": 97.0, "heldout3": 94.0, "heldout4": 97.0, "heldout5": 97.0,
          "heldout6": 80.0, "heldout7": 97.0, "heldout8": 97.0, "heldout9": 97.0,
          "heldout10": 95.0, "heldout11": 97.0, "heldout12": 97.0,
          "heldout13": 93.0, "heldout14": 97.0, "heldout15": 97.0,
          "heldout16": 97.0, "heldout17": 90.0,
          "heldout18": 85.0, "heldout19": 97.0, "heldout20": 97.0, "heldout21": 80.0, "heldout22": 97.0,
          "heldout23": 97.0, "heldout24": 95.0, "heldout25": 94.0, "heldout26": 97.0, "heldout27": 90.0, "heldout28": 97.0, "heldout29": 97.0, "heldout30": 97.0,
          "heldout31": 97.0, "heldout32": 97.0, "heldout33": 97.0,
          "heldout34": 88.0, "heldout35": 55.0, "heldout36": 97.0, "heldout37": 97.0, "heldout38": 97.0,
          "heldout39": 95.0, "heldout40": 97.0, "heldout41": 97.0, "heldout42": 97.0, "heldout43": 97.0, "heldout44": 85.0, "heldout45": 97.0,
          "heldout46": 85.0, "heldout47": 97.0, "heldout48": 97.0, "heldout49": 97.0, "heldout50": 97.0, "heldout51": 92.0, "heldout52": 97.0,
          "heldout53": 97.0, "heldout54": 97.0, "heldout55": 97.0, "heldout56": 97.0, "heldout57": 97.0, "heldout58": 97.0, "heldout59": 97.0, "heldout60": 92.0, "heldout61": 97.0,
          "heldout62": 92.0, "heldout63": 88.0, "heldout64": 90.0, "heldout65": 85.0, "heldout66": 78.0, "heldout67": 97.0,
          "heldout68": 90.0, "heldout69": 97.0, "heldout70": 97.0,
          "heldout71": 90.0, "heldout72": 90.0, "heldout73": 90.0, "heldout74": 95.0, "heldout75": 85.0, "heldout76": 90.0, "heldout77": 88.0, "heldout78": 97.0, "heldout79": 94.0, "heldout80": 94.0, "heldout81": 91.0, "heldout82": 90.0, "heldout83": 94.0, "heldout84": 97.0}


def num(s):
    return None if s in ("", None, "null") else float(s)


def key(year, op, lo, hi):
    return (int(float(year)) if year not in ("", None, "null") else None, op, num(lo), num(hi))


sources = list(csv.DictReader(open(os.path.join(CORPUS, "sources.csv"), encoding="utf-8")))
answers = defaultdict(list)
for r in csv.DictReader(open(os.path.join(CORPUS, "answers.csv"), encoding="utf-8")):
    answers[r["doc"]].append(r)

# Parts in the order they are reported: "tune" (tuned on from the start), "tune2" (held out in
# stop 35, measured once, tuned on since), "heldout" (collected and keyed in stop 36 before the
# reader was run on it, tuned on since), "heldout2" (collected and keyed in stop 37 before the
# reader was run on it, tuned on since), "heldout3" … "heldout19" (the same in stops 38 and 39, each
# measured blind once, then tuned on; see README).
totals = {part: dict(keys=0, found=0, rows=0, right_rows=0, ind_keys=0, ind_right=0, conf_rows=0, conf_right=0, results_high=0)
          for part in dict.fromkeys(s["split"] for s in sources)}
# A part collected after the last tuning and not yet read is added here (and to sources.csv) with
# no floor: it is then measured blind and never fails the run.
GUARDED = tuple(FLOORS)

for s in sources:
    if split != "all" and s["split"] != split:
        continue
    doc = s["doc"]
    r = subprocess.run([chiso, "--data", os.environ.get("CHISO_CORPUS_DATA", os.path.join(HERE, "..", "..", "Datasets")), "--format", "csv", "-c", 'read plan "%s" id "%s"' % (os.path.join(CORPUS, doc + ".txt"), doc)],
                       capture_output=True, text=True)
    if r.returncode != 0:
        print("FAIL: %s: %s" % (doc, r.stderr.strip()[:300]))
        totals[s["split"]]["keys"] += len(answers[doc])
        continue
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    t = totals[s["split"]]
    keys = list(answers[doc])
    t["keys"] += len(keys)
    t["rows"] += len(rows)
    unmatched = list(range(len(keys)))
    extra = []
    for row in rows:
        k = key(row["year"], row["op"], row["lo"], row["hi"])
        # The key of the same values and the same indicator first, then any of the same values
        # (a document may hold several "100%" targets).
        same = [i for i in unmatched if key(keys[i]["year"], keys[i]["op"], keys[i]["lo"], keys[i]["hi"]) == k]
        hit = next((i for i in same if keys[i]["indicator"] == row["indicator"]), None)
        if hit is None:
            hit = next((i for i in same if not keys[i]["indicator"]), same[0] if same else None)
        conf = float(row["confidence"] or 0)
        if conf >= 0.8:
            t["conf_rows"] += 1
        if s["kind"] == "results" and conf >= 0.5 and hit is None:
            t["results_high"] += 1
        if hit is None:
            extra.append(row)
            continue
        unmatched.remove(hit)
        t["found"] += 1
        t["right_rows"] += 1
        if conf >= 0.8:
            t["conf_right"] += 1
        if keys[hit]["indicator"]:
            t["ind_keys"] += 1
            if row["indicator"] == keys[hit]["indicator"]:
                t["ind_right"] += 1
            elif show:
                print("  %s: indicator %r, key %r (%s)" % (doc, row["indicator"], keys[hit]["indicator"], row["text_vi"][:70]))
    if show:
        for i in unmatched:
            k = keys[i]
            print("  %s: MISSED %s %s %s %s (%s)" % (doc, k["year"], k["op"], k["lo"], k["hi"], k["what"]))
        for row in extra:
            print("  %s: EXTRA %s %s %s %s conf %s: %s" % (doc, row["year"], row["op"], row["lo"], row["hi"], row["confidence"], row["text_vi"][:80]))


def pct(a, b):
    return 100.0 * a / b if b else 100.0


failed = 0
for part, t in totals.items():
    if t["keys"] == 0 and t["rows"] == 0:
        continue
    recall, precision = pct(t["found"], t["keys"]), pct(t["right_rows"], t["rows"])
    print("%s: recall %.1f %% (%d/%d), precision %.1f %% (%d/%d), indicator accuracy %.1f %% (%d/%d), "
          "right at confidence >= 0.8 %.1f %% (%d/%d), result rows at >= 0.5: %d"
          % (part, recall, t["found"], t["keys"], precision, t["right_rows"], t["rows"], pct(t["ind_right"], t["ind_keys"]),
             t["ind_right"], t["ind_keys"], pct(t["conf_right"], t["conf_rows"]), t["conf_right"], t["conf_rows"], t["results_high"]))
    # Every part tuned on guards against regressions; a blind part is only measured.
    if part in GUARDED and (recall < FLOORS[part] or precision < FLOORS[part]):
        failed += 1
        print("FAIL: the %s part fell below its floor of %.0f %% recall and precision" % (part, FLOORS[part]))
print("plan corpus: %d passed, %d failed" % (1 - failed, failed))
sys.exit(1 if failed else 0)
