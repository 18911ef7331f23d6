"""Tasks and indicator assignments, read from the appendix tables and the body text of the
plans (see Datasets/CODEBOOK.md for the rules)."""
import re
import unicodedata

# Which catalogue indicator an assignment row's wording is about (first match wins).
KEYWORDS = [
    (r"kinh tế số trong từng ngành", "digital_economy_sector_share"),
    (r"[Tt]ỷ trọng kinh tế số", "digital_economy_gdp_share"),
    (r"[Nn]ăng suất lao động", "labour_productivity_growth"),
    (r"thương mại điện tử trong tổng mức bán lẻ", "ecommerce_retail_share"),
    (r"hợp đồng điện tử", "enterprise_econtract_rate"),
    (r"nhỏ và vừa sử dụng nền tảng số", "sme_digital_platform_rate"),
    (r"nhân lực lao động kinh tế số", "digital_workforce_share"),
    (r"điện thoại thông minh", "adult_smartphone_rate"),
    (r"tài khoản giao dịch thanh toán", "account_ownership_15plus"),
    (r"chữ ký số", "adult_digital_signature_rate"),
    (r"kỹ năng số cơ bản", "workforce_basic_digital_skills_rate"),
    (r"cáp quang", "household_fibre_coverage"),
    (r"bảo vệ ở mức cơ bản", "protected_internet_users_rate"),
    (r"dịch vụ công trực tuyến", "adult_online_public_service_use"),
    (r"khám chữa bệnh từ xa", "adult_telehealth_use"),
    (r"hồ sơ sức khỏe điện tử", "electronic_health_record_rate"),
    (r"đại học, cao đẳng, giáo dục nghề nghiệp", "tertiary_digital_model_rate"),
    (r"tiểu học đến trung học", "school_digital_model_rate"),
]


def classify(text):
    for pattern, ind in KEYWORDS:
        if re.search(pattern, text):
            return ind
    return ""


def ws(s):
    return re.sub(r"\s+", " ", s).strip()


def period(text):
    """'2022 - 2025' → (2022, 2025, ''); 'Năm 2023' → (2023, 2023, ''); other wording → condition."""
    t = ws(text)
    m = re.fullmatch(r"(?:Năm\s+)?(\d{4})\s*-\s*(\d{4})", t)
    if m:
        return m.group(1), m.group(2), ""
    m = re.fullmatch(r"(?:[Nn]ăm\s+)?(\d{4})", t)
    if m:
        return m.group(1), m.group(1), ""
    return "", "", t


def pipe_cells(text, start_marker, end_marker=None):
    """The cells of a table flattened as lines separated by lines holding only '|'."""
    i = text.index(start_marker)
    j = text.index(end_marker, i) if end_marker else len(text)
    cells, cur = [], []
    for line in text[i:j].split("\n"):
        if line.strip() == "|":
            cells.append(ws(" ".join(cur)))
            cur = []
        else:
            cur.append(line)
    cells.append(ws(" ".join(cur)))
    return cells


ROMAN = re.compile(r"^(I|II|III|IV|V|VI|VII|VIII|IX|X)$")


def tien_giang_tasks(text):
    cells = pipe_cells(text, "DANH MỤC CÁC NHIỆM VỤ, GIẢI PHÁP TRỌNG TÂM", "PHÂN CÔNG THEO DÕI, ĐÔN ĐỐC")
    # Skip the title and the header row (TT | Nhiệm vụ, giải pháp | Chủ trì | Phối hợp | Thời gian).
    k = next(i for i, c in enumerate(cells) if c.endswith("TT") or c == "TT") + 5
    rows, letter, roman, group, section, sub = [], "", "", "", "", ""
    while k < len(cells):
        c = cells[k]
        if re.fullmatch(r"[A-H]", c):
            letter, roman, group, sub = c, "", cells[k + 1], ""
            k += 2
        elif ROMAN.fullmatch(c):
            roman, group, section, sub = c, cells[k + 1], cells[k + 1], ""
            k += 2
        elif c == "" and (k + 1 >= len(cells) or cells[k + 1] == "" or re.fullmatch(r"\d+|[A-H]", cells[k + 1])
                          or ROMAN.fullmatch(cells[k + 1])):
            k += 1                    # padding cells of a heading row
        elif c == "" and k + 2 < len(cells):
            # A sub-heading with no number ("Thương mại" under B.V): lettered a, b, … in codes.
            sub = chr(ord(sub) + 1) if sub else "a"
            group = f"{section} — {cells[k + 1]}"
            k += 2
        elif re.fullmatch(r"\d+", c):
            desc, lead, partners, when = cells[k + 1:k + 5]
            frm, to, cond = period(when)
            code = ".".join(x for x in (letter, roman, sub, c) if x)
            rows.append(dict(plan="tien-giang-394-2022", code=code, group=group, description=desc,
                             lead=lead, partners=partners, period_from=frm, period_to=to, condition=cond))
            k += 5
        else:
            raise SystemExit(f"Tiền Giang appendix: unexpected cell {c!r} at {k}")
    return rows


def tien_giang_assignments(text):
    cells = pipe_cells(text, "PHÂN CÔNG THEO DÕI, ĐÔN ĐỐC CÁC CHỈ TIÊU")
    k = next(i for i, c in enumerate(cells) if c.endswith("TT")) + 4
    rows, roman = [], ""
    seen = {}
    while k < len(cells) and cells[k]:
        c = cells[k]
        if ROMAN.fullmatch(c):
            roman = c
            k += 4
        elif re.fullmatch(r"\d+", c):
            content, lead, partners = cells[k + 1:k + 4]
            ind = classify(content)
            note = ""
            if ind in seen:
                note = f"repeats row {seen[ind]} word for word; kept in this table as printed, once in targets.csv"
            seen.setdefault(ind, f"{roman}.{c}")
            rows.append(dict(plan="tien-giang-394-2022", code=f"{roman}.{c}", indicator=ind, text_vi=content,
                             lead=lead, partners=partners, note=note))
            k += 4
        else:
            k += 1
    return rows


def nghe_an_rows(text):
    """The appendix of 347 is tab-separated; a line starting with a tab continues the row above."""
    lines = text[text.index("TT\tNội dung"):].split("\n")[1:]
    rows = []
    for line in lines:
        if not line.strip():
            continue
        parts = line.split("\t")
        if re.match(r"^V [A-ZĐÂ]", parts[0]):            # "V Tuyên truyền…": a space instead of a tab
            parts = ["V", parts[0][2:]] + parts[1:]
        if parts[0] == "" and rows and any(p.strip() for p in parts[2:]):
            prev = rows[-1]
            for n, p in enumerate(parts[1:], start=1):
                while len(prev) <= n:
                    prev.append("")
                prev[n] = ws(prev[n] + " " + p)
            continue
        rows.append([ws(p) for p in parts] + [""] * (5 - len(parts)))
    return rows


def nghe_an_tasks(text):
    out, assignments = [], []
    letter, roman, group = "", "", ""
    for r in nghe_an_rows(text):
        code, desc, lead, partners, when = (r + [""] * 5)[:5]
        if re.fullmatch(r"[A-C]", code):
            letter, roman, group = code, "", desc
            continue
        if ROMAN.fullmatch(code):
            roman, group = code, desc
            continue
        if not lead and not partners and not when and code:
            group = desc              # a numbered heading inside A ("1 Hoàn thiện cơ chế, chính sách")
            continue
        prefix = ".".join(x for x in (letter, roman) if x)
        full = f"{prefix}.{code}" if code else prefix
        frm, to, cond = period(when)
        row = dict(plan="nghe-an-347-2023", code=full, group=group, description=desc, lead=lead, partners=partners,
                   period_from=frm, period_to=to, condition=cond)
        out.append(row)
        if letter == "C" and roman == "IV" and code.startswith("4.") and code != "4.1":
            assignments.append(dict(plan="nghe-an-347-2023", code=full, indicator=classify(desc), text_vi=desc,
                                    lead=lead, partners=partners, note=""))
    return out, assignments


def body_tasks(plan, text, start, end, roman):
    """'N. Agency' headings followed by '- task' items (or one paragraph) in the body text."""
    block = text[text.index(start):text.index(end)].split("\n")[1:]
    rows, lead, num, n, used = [], "", "", 0, {}
    for line in block:
        line = ws(line)
        if not line:
            continue
        m = re.match(r"^(\d+)\.\s*(.+?):?$", line)
        if m and len(line) < 90:
            num = m.group(1)
            used[num] = used.get(num, 0) + 1
            if used[num] > 1:
                num += "bis"
            lead, n = m.group(2).rstrip(":"), 0
            lead = re.sub(r"^Đề nghị\s+", "", lead)
            continue
        if not lead:
            continue
        n += 1
        desc = line[2:] if line.startswith("- ") else line
        rows.append(dict(plan=plan, code=f"{roman}.{num}.{n}", group="Tổ chức thực hiện", description=desc, lead=lead,
                         partners="", period_from="", period_to="", condition=""))
    return rows


def build(texts, write):
    tasks = tien_giang_tasks(texts["tien-giang-394-2022"])
    na_tasks, na_assign = nghe_an_tasks(texts["nghe-an-347-2023"])
    tasks += na_tasks
    tasks += body_tasks("nghi-hung-80-2023", texts["nghi-hung-80-2023"], "VI. TỔ CHỨC THỰC HIỆN", "Trên đây là Kế hoạch", "VI")
    tasks += body_tasks("tinh-tra-2024", texts["tinh-tra-2024"], "IV. TỔ CHỨC THỰC HIỆN", "Trong quá trình tổ chức thực hiện", "IV")
    article = texts["nghe-an-833-2024"]
    for n, (lead, frag) in enumerate([
        ("Sở Thông tin và Truyền thông", "Sở Thông tin và Truyền thông là cơ quan thường trực"),
        ("Các Sở, ban, ngành và UBND các huyện, thành phố, thị xã", "Các Sở, ban, ngành và UBND các huyện"),
        ("Các cơ quan báo, đài, cổng thông tin điện tử trên địa bàn tỉnh", "các cơ quan báo, đài, cổng thông tin điện tử"),
    ], start=1):
        i = article.index(frag)
        j = article.index(";", i) if n == 1 else article.index("\n", i)
        desc = ws(article[i:j]).rstrip(".")
        if n == 2:
            # The paragraph names six agencies, each with its own task ("như: Văn phòng UBND
            # tỉnh tham mưu …; Sở Kế hoạch và Đầu tư thúc đẩy …"): one row each.
            head, listed = desc.split(" Trong đó Kế hoạch chỉ rõ", 1)
            tasks.append(task833(2, head.rstrip("."), lead))
            for k, part in enumerate(listed.split("như: ", 1)[1].split("; "), start=1):
                agency = next(a for a in AGENCIES_833 if part.startswith(a))
                tasks.append(task833(f"2.{k}", part.rstrip("…").strip(), agency))
            continue
        tasks.append(task833(n, desc, lead))
    area = {"tien-giang-394-2022": "tien-giang", "nghe-an-347-2023": "nghe-an", "nghe-an-833-2024": "nghe-an",
            "nghi-hung-80-2023": "nghi-hung", "tinh-tra-2024": "tinh-tra"}
    assignments = tien_giang_assignments(texts["tien-giang-394-2022"]) + na_assign
    book = AgencyBook()
    for r in tasks + assignments:
        r["agency_id"] = book.ids(area[r["plan"]], r["lead"])
        r["partner_ids"] = book.ids(area[r["plan"]], r["partners"])
    fields = ["plan", "code", "group", "description", "lead", "partners", "period_from", "period_to", "condition", "agency_id", "partner_ids"]
    write("tasks.csv", fields, tasks)
    write("assignments.csv", ["plan", "code", "indicator", "text_vi", "lead", "partners", "note", "agency_id", "partner_ids"], assignments)
    write("agencies.csv", ["id", "area_id", "name_vi", "kind", "spellings"], book.rows())
    print(f"{len(tasks)} tasks, {len(assignments)} assignments, {len(book.rows())} agencies")


AGENCIES_833 = ["Văn phòng UBND tỉnh", "Sở Kế hoạch và Đầu tư", "Sở Nội vụ", "Sở Công Thương", "Công an tỉnh", "Sở Tài chính"]


def task833(n, desc, lead):
    return dict(plan="nghe-an-833-2024", code=f"TCTH.{n}", group="Tổ chức thực hiện", description=desc, lead=lead,
                partners="", period_from="2025", period_to="2025", condition="")


# Words that start the name of an agency (or a group of them) in a list of agencies.
HEADS = ("Sở", "sở", "UBND", "Ủy ban", "Uỷ ban", "Cục", "Công an", "Ngân hàng", "Văn phòng", "Đài", "Báo", "Bảo hiểm",
         "Đại học", "Ban", "Các", "các", "Đoàn", "Công chức", "Trường", "Doanh nghiệp", "doanh nghiệp", "Tài chính", "Văn hóa",
         "Trách nhiệm", "cấp")


def split_agencies(text):
    """A lead or partners field as the agencies it names: split at ';', and at ',' where the
    next piece starts an agency's name ("Sở Kế hoạch và Đầu tư, Sở Thông tin và Truyền
    thông"), not inside one ("Sở Văn hóa, Thể thao và Du lịch", "Các sở, ban, ngành").
    "các Sở: Thông tin và Truyền thông, Y tế, Công Thương" is three Sở."""
    out = []
    for part in [p.strip() for p in text.split(";") if p.strip()]:
        m = re.match(r"[Cc]ác Sở: (.*)", part)
        if m:
            out += ["Sở " + x.strip() for x in m.group(1).split(",")]
            continue
        pieces = re.sub(r" và (?=UBND|Ủy ban)", ", ", part).split(", ")
        cur = pieces[0]
        for piece in pieces[1:]:
            if piece.startswith(HEADS) and not cur.lower().startswith("các sở") or piece.startswith(("UBND", "Ủy ban", "Sở ")):
                out.append(cur); cur = piece
            else:
                cur += ", " + piece
        out.append(cur)
    return out


def agency_key(name):
    """Spellings of one agency share a key: case, diacritics, punctuation and the usual
    abbreviations aside ("Sở Công thương" = "Sở Công Thương", "NN&PT NT" = "NN&PTNT",
    "Lao động - Thương binh" = "Lao động, Thương binh", "UBND" = "Ủy ban nhân dân")."""
    k = unicodedata.normalize("NFD", name.replace("Đ", "D").replace("đ", "d"))
    k = "".join(c for c in k if unicodedata.category(c) != "Mn").lower()
    k = re.sub(r"\(.*?\)", " ", k)    # "Văn phòng UBND tỉnh (Cổng Thông tin điện tử tỉnh)": the office
    k = re.sub(r"\s*&\s*", "&", k)
    k = k.replace("nn&pt nt", "nn&ptnt").replace("ubnd", "uy ban nhan dan").replace("uy ban", "uy ban")
    k = re.sub(r"[-–,.;:()]", " ", k)
    k = re.sub(r"\s+", " ", k).strip()
    for tail in (" nghe an", " tien giang", " co lien quan", " lien quan"):
        if k.endswith(tail) and k not in ("cac so ban nganh lien quan",):
            k = k[: -len(tail)]
    return k


class AgencyBook:
    """One id per agency of an area (Sở Y tế of Nghệ An is not Sở Y tế of Tiền Giang), with
    every spelling the plans use. A group ("Các sở, ban, ngành") gets an id of its own,
    marked kind = group."""

    def __init__(self):
        self.spellings = {}

    def ids(self, area, text):
        out = []
        for name in split_agencies(text):
            key = agency_key(name)
            aid = area + "." + re.sub(r"[^a-z0-9&]+", "-", key).replace("&", "-").strip("-")
            self.spellings.setdefault((aid, area), {}).setdefault(name, 0)
            self.spellings[(aid, area)][name] += 1
            if aid not in out:
                out.append(aid)
        return ";".join(out)

    def rows(self):
        rows = []
        for (aid, area), names in sorted(self.spellings.items()):
            canonical = max(sorted(names), key=lambda n: names[n])
            kind = "group" if re.match(r"(?i)(các|cấp|ubnd các|ủy ban nhân dân các|ubnd cấp|doanh nghiệp|trách nhiệm)", canonical) else "agency"
            rows.append(dict(id=aid, area_id=area, name_vi=canonical, kind=kind, spellings=" | ".join(sorted(names))))
        return rows
