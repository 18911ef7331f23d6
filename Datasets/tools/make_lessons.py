#!/usr/bin/env python3
"""Writes the five lessons in Datasets/lessons/ (cells only). Their outputs are filled in, and
checked on every test run, by Tests/e2e/lessons.py (`--record` stores them after a change).

The prose is Vietnamese, for the trainers and officials who teach and learn from them; each
heading also carries English, so a reviewer or a visiting expert can follow the steps.
Every chiso cell runs against the bundled data (CHISO_DATA = Datasets/) from the lesson's own
folder, so relative paths such as "../sources/…" are the bundled plan texts.
"""
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(os.path.dirname(HERE), "lessons")


def md(text):
    return {"cell_type": "markdown", "metadata": {}, "source": text.strip("\n")}


def code(text, raises=False):
    # A cell that shows an error on purpose carries Jupyter's "raises-exception" tag, so running
    # the lesson top to bottom (nbclient, "Run all") goes on past it.
    meta = {"tags": ["raises-exception"]} if raises else {}
    return {"cell_type": "code", "metadata": meta, "execution_count": None, "outputs": [], "source": text.strip("\n")}


LESSONS = {
    "01_doc_chi_tieu.ipynb": [
        md("""
# Bài 1 · Đọc chỉ tiêu trong kế hoạch (Reading a plan's targets)

Một kế hoạch chuyển đổi số ghi chỉ tiêu bằng lời: *"đạt 80%"*, *"trên 50%"*, *"tối thiểu 10%"*,
*"15-20%"*, *"khoảng 20%"*. Muốn theo dõi, ta phải đọc mỗi câu thành một con số có **toán tử**
(`op`) và **ngưỡng** (`lo`, `hi`), theo quy ước của `CODEBOOK.md`:

| cách viết trong văn bản | op | lo | hi | nghĩa |
|---|---|---|---|---|
| "đạt 80%" | `=` | 80 | | đạt đúng mức 80 (coi là đạt khi ≥ 80) |
| "trên 50%", "hơn 50%" | `>` | 50 | | phải vượt 50 |
| "tối thiểu 10%", "ít nhất 10%" | `>=` | 10 | | không dưới 10 |
| "15-20%", "từ 15% đến 20%" | `range` | 15 | 20 | trong khoảng |
| "khoảng 20%" | `~` | 20 | | xấp xỉ |
"""),
        md("""
## 1. Đọc Chiến lược quốc gia (Decision 411, section III)

`read plan` đọc văn bản kế hoạch (.txt hoặc .docx) và trả về mỗi chỉ tiêu một dòng: chỉ số,
năm, toán tử, ngưỡng và câu gốc. Văn bản Mục III của Quyết định 411/QĐ-TTg nằm trong
`Datasets/sources/`.
"""),
        code("""
read plan "../sources/411_2022_muc_III.txt" id "vn-411-2022"
| select indicator, year, op, lo, hi, text_vi
"""),
        md("""
## 2. Các toán tử trong toàn bộ dữ liệu (Operators across all plans)

Bảng `targets` gom chỉ tiêu của mọi kế hoạch đi kèm. Đếm theo toán tử cho thấy cách các tỉnh,
huyện, xã thường viết chỉ tiêu:
"""),
        code("""
from targets | group op { n = count() } | sort -n
"""),
        md("""
## 3. Chỉ tiêu dạng khoảng (Ranges)

Chỉ tiêu *"15-20%"* có cả cận dưới và cận trên. Khi đánh giá, giá trị trong khoảng là đạt.
"""),
        code("""
from targets | where op == "range"
| select plan, indicator, year, lo, hi, text_vi
| take 5
"""),
        md("""
## 4. Độ tin cậy của việc đọc (How sure is the reading?)

Mỗi dòng `read plan` có cột `confidence`: câu càng rõ (có chỉ số, năm, toán tử) thì càng cao.
Cán bộ nên kiểm tra lại các dòng có độ tin cậy thấp trước khi dùng.
"""),
        code("""
read plan "../sources/003_4ecb0f6897fb5f09.txt" id "nghe-an-347-2023"
| where confidence < 0.8
| select line, indicator, year, op, lo, confidence, text_vi
"""),
        md("""
**Bài tập.** Đọc kế hoạch của Tiền Giang (`../sources/002_518c169c39d301b2.txt`) và tìm các chỉ
tiêu viết dạng *"trên …%"*. Chúng có toán tử gì?
"""),
    ],
    "02_chi_so_va_dinh_nghia.ipynb": [
        md("""
# Bài 2 · Chỉ số và định nghĩa (An indicator and its definition)

Hai con số cùng tên có thể đo hai thứ khác nhau. *"Tỷ lệ hộ gia đình được phủ cáp quang"*
(hạ tầng **phủ tới** hộ) khác *"tỷ lệ hộ gia đình **sử dụng** cáp quang"* (hộ có thuê bao).
Trước khi so sánh một giá trị với chỉ tiêu, phải biết chỉ số được định nghĩa thế nào.
"""),
        md("""
## 1. Thẻ chỉ số (The indicator card)

`describe indicator` cho biết tên, đơn vị, hướng tốt (`up`: càng cao càng tốt), tử số, mẫu số,
định nghĩa, cơ quan đo, và mọi chỉ tiêu của các kế hoạch cho chỉ số đó.
"""),
        code("""
describe indicator "household_fibre_coverage"
"""),
        md("""
## 2. Các chỉ số xã hội số (Digital-society indicators in the catalogue)
"""),
        code("""
from indicators | where pillar == "digital_society"
| select id, name_vi, unit, direction
"""),
        md("""
## 3. Hai chỉ số, không phải một (Two indicators, not one)

Các kế hoạch đặt chỉ tiêu hộ được **phủ** cáp quang (`household_fibre_coverage`), nhưng số liệu
công bố của Bộ TT&TT và của các tỉnh là hộ **sử dụng** / **có** đường cáp quang — một chỉ số
khác, `household_fibre_access_rate`. Danh mục tách chúng, nên chiso không chấm số liệu sử dụng
theo chỉ tiêu phủ; chỉ tiêu duy nhất đo đúng thứ ấy là của Ủy ban Quốc gia năm 2023 (trên 85%).
Cột `series` còn tách nguồn trong một chỉ số: không được nối chúng thành một chuỗi.
"""),
        code("""
from observations | where indicator == "household_fibre_access_rate"
| select area, year, value, series
| sort area, year
"""),
        md("""
Chuỗi thuê bao điện thoại thông minh của Bộ TT&TT cũng có hai định nghĩa: *thuê bao* dùng điện
thoại thông minh (2019–2022) và *người dùng* (2023). Nếu dự báo trên cả hai như một chuỗi, chiso
báo lỗi, nêu cột tách chúng và cách sửa:
"""),
        code("""
from observations | where indicator == "smartphone_subscription_share" and area == "vn"
| project value by year to 2030
""", raises=True),
        code("""
from observations | where indicator == "smartphone_subscription_share" and area == "vn"
| project value by year to 2030 per indicator, area, series
| where year == 2030
| select series, year, value
"""),
        md("""
**Bài tập.** Xem thẻ của `digital_economy_gdp_share`. Vì sao số của Tổng cục Thống kê (GSO) và
của Bộ TT&TT (MIC) cho cùng một năm lại khác nhau 2–5 điểm phần trăm?
"""),
    ],
    "03_du_bao_2030.ipynb": [
        md("""
# Bài 3 · Dự báo đến năm 2030 (A projection to 2030 with its prediction interval)

Chỉ tiêu Chiến lược quốc gia: kinh tế số đạt **20% GDP năm 2025** và **30% GDP năm 2030**.
Nếu xu hướng những năm qua tiếp diễn, năm 2030 sẽ đạt bao nhiêu? Bài này dựng một đường
xu hướng tuyến tính qua số liệu của Tổng cục Thống kê và tính **khoảng dự báo 95%**.
"""),
        code("""
let gso = from observations
  | where indicator == "digital_economy_gdp_share" and area == "vn" and series == "GSO"
from gso | select year, value, source
"""),
        md("""
## 1. Dự báo tuyến tính và khoảng dự báo (Linear trend, 95 % prediction interval)

`project … method linear interval 95` khớp đường thẳng bình phương tối thiểu qua các năm quan
sát và kéo dài đến 2030. Cột `lo`, `hi` là khoảng dự báo 95% (giống
`predict(lm(value ~ year), interval = "prediction")` của R).
"""),
        code("""
from gso | project value by year to 2030 method linear interval 95
"""),
        md("""
## 2. Từng bước tính (Step by step)

`explain` viết ra từng phép tính: độ dốc, hệ số chặn, giá trị năm 2030, sai số và bậc tự do
của phân phối t. Học viên có thể tính lại bằng máy tính cầm tay.
"""),
        code("""
explain from gso | project value by year to 2030 method linear interval 95
"""),
        md("""
## 3. Vẽ đường dự báo cùng chỉ tiêu (The projection, its interval and the targets)

`target` vẽ các chỉ tiêu của kế hoạch cho chỉ số này (20% năm 2025, 30% năm 2030).
"""),
        code("""
from gso | project value by year to 2030 method linear interval 95
| plot line year, value interval lo, hi target title "Kinh tế số / GDP (GSO)"
"""),
        md("""
**Nhận xét.** Cả khoảng dự báo năm 2030 nằm dưới 30%: theo xu hướng hiện nay, chỉ tiêu 2030
khó đạt nếu không có thay đổi lớn. Lưu ý: chỉ có 6 điểm số liệu, nên khoảng dự báo rộng.

**Bài tập.** Thay `method linear` bằng `method cagr` (tăng trưởng kép). Kết quả 2030 khác thế nào?
"""),
    ],
    "04_bon_phuong_phap.ipynb": [
        md("""
# Bài 4 · Bốn phương pháp đánh giá tiến độ (Four progress methods side by side)

Các tổ chức quốc tế đánh giá "có đạt chỉ tiêu không" theo những cách khác nhau:

- **ESCAP** (Liên hợp quốc, châu Á – Thái Bình Dương): so tốc độ thực tế với tốc độ cần có;
- **Eurostat** (châu Âu): tốc độ tăng trưởng bình quân so với tốc độ cần có, theo ngưỡng;
- **Open SDG**: dự báo đến năm chỉ tiêu rồi so với chỉ tiêu;
- **UNSD** (Báo cáo SDG toàn cầu): tỷ lệ tiến bộ đạt được so với cần đạt.

Cùng một chuỗi số liệu có thể được xếp loại khác nhau. Bài này đặt bốn cách cạnh nhau.
"""),
        code("""
let gso = from observations
  | where indicator == "digital_economy_gdp_share" and area == "vn" and series == "GSO"
from gso | assess method all
| select plan, target_year, op, lo, method, status
"""),
        md("""
## 1. Phương pháp ESCAP, từng bước (ESCAP, step by step)
"""),
        code("""
explain from gso | assess plan "vn-411-2022" method escap
"""),
        md("""
## 2. Phương pháp Eurostat, từng bước (Eurostat, step by step)
"""),
        code("""
explain from gso | assess plan "vn-411-2022" method eurostat
"""),
        md("""
## 3. Một chuỗi khác: thuê bao điện thoại thông minh (Another series)
"""),
        code("""
from observations
| where indicator == "smartphone_subscription_share" and area == "vn" and series == "MIC smartphone subscriptions"
| assess method all
| select plan, target_year, op, lo, method, status
"""),
        md("""
**Thảo luận.** Khi các phương pháp không thống nhất, báo cáo nên nêu rõ dùng phương pháp nào và
vì sao. `explain` cho thấy ngưỡng của từng phương pháp.
"""),
    ],
    "05_uoc_luong_khao_sat.ipynb": [
        md("""
# Bài 5 · Ước lượng từ khảo sát (A survey estimate with its design and standard error)

Số liệu khảo sát hộ gia đình không phải mẫu ngẫu nhiên đơn giản: hộ được chọn theo **tầng**
(tỉnh × thành thị/nông thôn), theo **cụm** (địa bàn điều tra), và mỗi người có **trọng số**.
Tính tỷ lệ như với mẫu ngẫu nhiên đơn giản sẽ cho sai số chuẩn sai. Bài này dùng bộ số liệu
khảo sát **mô phỏng** đi kèm (không phải số liệu thật), có ba vòng điều tra 2022, 2023, 2024.
"""),
        md("""
## 1. Thiết kế mẫu (The design)

Thiết kế được khai trong `Datasets/survey.design`: mỗi năm là một vòng độc lập, nên tầng là
năm × tầng (`strata = year * stratum`), cụm là `psu`, trọng số là `weight`, hệ số hiệu chỉnh
tổng thể hữu hạn là `fpc`.
"""),
        code("""
from survey | group year { nguoi = count(), cum = count_distinct(psu), tang = count_distinct(stratum) }
"""),
        md("""
## 2. Ước lượng tỷ lệ người có điện thoại thông minh, 2024 (An estimate and its SE)

`estimate share(…) by province` tính tỷ lệ có trọng số và **sai số chuẩn theo thiết kế**
(tuyến tính hoá Taylor), giống `svyby(~has_smartphone, ~province, design, svymean)` của gói
`survey` trong R.
"""),
        code("""
from survey | where year == 2024 and age >= 15
| estimate share(has_smartphone == 1) by province
"""),
        md("""
## 3. Từng bước tính (Step by step)
"""),
        code("""
explain from survey | where year == 2024 and age >= 15 and province == "nghe-an"
| estimate share(has_smartphone == 1)
"""),
        md("""
**Bài tập.** Ước lượng tỷ lệ người có tài khoản ngân hàng (`has_account`) năm 2024 theo tỉnh và
so với chỉ tiêu 80% năm 2025 của Chiến lược quốc gia.
"""),
    ],
}


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, cells in LESSONS.items():
        nb = {
            "cells": cells,
            "metadata": {
                "kernelspec": {"name": "chiso", "display_name": "chiso", "language": "chiso"},
                "language_info": {"name": "chiso", "file_extension": ".chiso", "mimetype": "text/x-chiso"},
            },
            "nbformat": 4,
            "nbformat_minor": 5,
        }
        for i, c in enumerate(nb["cells"]):
            c["id"] = "%s-%02d" % (name.split("_")[0], i)
        with open(os.path.join(OUT, name), "w", encoding="utf-8") as f:
            json.dump(nb, f, ensure_ascii=False, indent=1)
            f.write("\n")
    print("wrote %d lessons to %s" % (len(LESSONS), OUT))


if __name__ == "__main__":
    main()
