"""Writes the statistics-file fixtures under Tests/StatFiles with pyreadstat (PyPI), and
beside each the values pyreadstat reads back from it (NAME.pyreadstat.json). The R half is
make_fixtures.R (haven). Run from this folder: python3 make_fixtures.py. The files are
committed; this script records how they were made."""
import datetime
import json
import math
import pandas as pd
import pyreadstat

VI_URBAN = {1: "Thành thị", 2: "Nông thôn"}


def base_frame():
    return pd.DataFrame({
        "id": [1, 2, 3, 4, 5, 6],
        "urban": [1, 2, 2, 1, 3, 2],          # 3 has no label
        "age": [34, 97, 51, 98, 27, 45],     # 97, 98: user-missing in the .sav
        "income": [12.5, 8.25, None, 20.0, 6.75, 9.5],
        "visit": [datetime.date(2024, 1, 15), datetime.date(2023, 12, 31), None,
                  datetime.date(1999, 3, 1), datetime.date(2024, 11, 1), datetime.date(1960, 1, 1)],
        "ten": ["Nguyễn Văn An", "Trần Thị Bình", "Lê Hoàng", "", "Phạm Đức Ánh", "Võ Thị Hồng Nhung"],
    })


LABELS = {"id": "Mã hộ", "urban": "Khu vực thành thị/nông thôn", "age": "Tuổi chủ hộ",
          "income": "Thu nhập bình quân (triệu đồng/tháng)", "visit": "Ngày phỏng vấn", "ten": "Họ và tên chủ hộ"}


def readback(path, reader, **kw):
    df, meta = reader(path, **kw)
    rows = []
    for rec in df.to_dict(orient="records"):
        row = {}
        for k, v in rec.items():
            if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NaT:
                row[k] = None
            elif isinstance(v, (datetime.date, datetime.datetime, pd.Timestamp)):
                row[k] = str(v)[:10]
            else:
                row[k] = v.item() if hasattr(v, "item") else v
        rows.append(row)
    out = {"columns": list(df.columns), "rows": rows,
           "column_labels": dict(zip(meta.column_names, meta.column_labels)),
           "value_labels": {k: {str(c): l for c, l in v.items()} for k, v in meta.variable_value_labels.items()},
           "source": f"pyreadstat {pyreadstat.__version__}, {reader.__name__}(user_missing=False)"}
    with open(path + ".pyreadstat.json", "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False, indent=1, default=str)


df = base_frame()
pyreadstat.write_sav(df, "labelled.sav", file_label="Khảo sát mẫu", column_labels=LABELS,
                     variable_value_labels={"urban": VI_URBAN},
                     missing_ranges={"age": [97, 98]},
                     variable_format={"id": "F8.0", "urban": "F1.0", "age": "F3.0", "income": "F8.2"})
readback("labelled.sav", pyreadstat.read_sav)

pyreadstat.write_sav(df, "labelled.zsav", compress=True, column_labels=LABELS,
                     variable_value_labels={"urban": VI_URBAN}, missing_ranges={"age": [{"lo": 97, "hi": 99}]},
                     variable_format={"id": "F8.0", "urban": "F1.0", "age": "F3.0", "income": "F8.2"})
readback("labelled.zsav", pyreadstat.read_sav)

dta = df.copy()
dta["age"] = dta["age"].astype(object)
dta.loc[1, "age"] = "a"       # Stata .a
dta.loc[3, "age"] = "b"       # Stata .b
pyreadstat.write_dta(dta, "labelled.dta", column_labels=LABELS, version=15,
                     variable_value_labels={"urban": VI_URBAN}, missing_user_values={"age": ["a", "b"]})
readback("labelled.dta", pyreadstat.read_dta)

pyreadstat.write_xport(df.drop(columns=["ten"]), "plain.xpt", column_labels={k: v.encode("ascii", "replace").decode() for k, v in LABELS.items()},
                       file_format_version=8, table_name="HO")
readback("plain.xpt", pyreadstat.read_xport)

empty = df.iloc[0:0].copy()
pyreadstat.write_dta(empty.drop(columns=["visit"]), "empty.dta", version=15)
readback("empty.dta", pyreadstat.read_dta)

wide = pd.DataFrame({f"q{i:03d}": [i, i + 1, i + 2] for i in range(300)})
pyreadstat.write_sav(wide, "wide.sav")
readback("wide.sav", pyreadstat.read_sav)

longtext = pd.DataFrame({"k": [1, 2], "ghi_chu": ["Đ" * 1500, "ngắn"]})
pyreadstat.write_dta(longtext, "longtext.dta", version=14)          # release 118
readback("longtext.dta", pyreadstat.read_dta)
# Release 119 (pyreadstat's version=15): Debian's ReadStat 1.1.8 loses strL text here.
pyreadstat.write_dta(longtext, "longtext119.dta", version=15)

# An old Stata file (release 115, which declares no encoding) whose text is Vietnamese in
# windows-1258, as older provincial files are: "Nguyễn" is Nguy + ê + a combining tilde (0xDE).
old = pd.DataFrame({"k": [1, 2], "ten": ["ABCDEFG", "Hoa"]})
pyreadstat.write_dta(old, "cp1258.dta", version=12)
raw = open("cp1258.dta", "rb").read()
open("cp1258.dta", "wb").write(raw.replace(b"ABCDEFG", b"Nguy\xea\xden", 1))
