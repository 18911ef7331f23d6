import Foundation

/// A plan document cut into clauses, each with where it stands: the section it sits under
/// (`II.1.a`), the target year its heading or its own words give, and whether it is in a
/// goals part ("MỤC TIÊU"). This is how a reader of the plan finds a target's year: "a)
/// Mục tiêu cơ bản đến năm 2025" above a list of bullets.
struct PlanOutline {
    struct Clause {
        /// The clause verbatim (NFC, whitespace folded), without its bullet or footnote marks.
        var text: String
        var line: Int
        var section: String
        /// The year from the clause itself ("đến hết năm 2025"), else from its heading.
        var year: Int?
        var yearFromDocument: Bool
        /// The year its heading, list marker or document gives (not the clause's own words).
        var contextYear: Int?
        var inGoals: Bool
        /// Under a heading that reports what was done ("KẾT QUẢ ĐẠT ĐƯỢC", "TÌNH HÌNH THỰC HIỆN
        /// CÁC MỤC TIÊU NĂM 2024"), or in a document that states no goal at all (a news report
        /// of results): its numbers are results, not targets.
        var inResults: Bool
        /// Whether the clause is the document's title (its first line).
        var isTitle: Bool
        /// Whether it follows a ';' of the same sentence ("… đứng đầu là Bắc Ninh (56,83%);
        /// tiếp đó là Bắc Giang (42,13%)"): a sentence that reports, reports in all its clauses.
        var continuesSentence: Bool = false
        /// The year the clause or its sentence names (not a heading's or the text's before it).
        var ownYear: Int? = nil
        /// The clause and the clauses after it in its sentence.
        var sentenceRest: String = ""
        /// Its whole sentence, the clauses before it included.
        var sentence: String = ""
        /// Which paragraph (unit of the outline) it is in.
        var paragraph: Int = 0
        /// Whether its own words report what was reached (`ReportWording.reports`).
        var reports: Bool = false
        /// The year its sentence named before it ("đến năm 2025, …; kinh tế số chiếm … 20% … và
        /// đến năm 2030 chiếm khoảng 30%": 2025).
        var priorYear: Int? = nil
    }

    var clauses: [Clause] = []
    /// The first target year the document's title names ("đến năm 2025", "năm 2025",
    /// "giai đoạn 2022 - 2025"): the year of a target with no year near it.
    var documentYear: Int?
    /// The year the document was issued or published, from the dates in its head ("Kon Tum,
    /// ngày 01 tháng 02 năm 2024", "Cập nhật: 22/09/2023"): a value for an earlier year is
    /// reported, not set ("Hết năm 2022, tỷ lệ … đạt 65-70%" in an article of 2023).
    var issueYear: Int?
    /// The years the text reviews ("Hội nghị Tổng kết công tác năm 2024 và triển khai nhiệm vụ
    /// năm 2025"): a value for one of them is what was reached ("Năm 2024, … Kinh tế số … đạt hơn
    /// 20%"), not set.
    var reviewedYears: Set<Int> = []
    /// The years the text gives figures as of a month or a day of ("đến hết tháng 10/2023, cả
    /// nước có 20.309 hợp tác xã"): a year under way, whose "dự kiến" is an estimate.
    var asOfYears: Set<Int> = []
    /// The last year of the phases a text says its plan runs in ("kế hoạch … được thực hiện theo
    /// 2 giai đoạn: Giai đoạn 2025 - 2027 và giai đoạn 2028 - 2030"): the year of the targets it
    /// sets with no year of their own.
    var phasedHorizon: Int? = nil
    /// The terms the text names the next of ("Nhiệm kỳ 2020-2025, … đạt và vượt chỉ tiêu" in an
    /// article on the congress of 2025-2030), by their last year, unless the text was issued
    /// before it: a term a sentence that reports reviews, not one to plan.
    var endedTerms: Set<Int> = []

    init(_ doc: PlanDocument) {
        // (A page's list of links to other articles is no part of its text.)
        // (Nor is a news page's tag before a headline: "[Infographic] Phấn đấu tỷ lệ che phủ rừng …".)
        let lines = Self.cellParagraphTables(Self.withoutLinkLists(doc.lines)).map(Self.withoutMediaTag)
        documentYear = Self.titleYear(lines)
        issueYear = Self.issueYear(lines) ?? Self.termOpening(lines)
        var labels: [String?] = [nil, nil, nil]   // section labels by level: roman, arabic, letter
        var prefix: String? = nil                 // "Phụ lục" inside an appendix
        var headingYear: [Int?] = [nil, nil, nil, nil]
        // The years of the numbered headings ("4. Định hướng … đến năm 2030"), by label: a part
        // numbered under one ("4.2 Các CHKQT:") holds the year of its parent when it names none.
        var numberedYears: [String: Int] = [:]
        var goalsLevel: Int? = nil        // the heading level whose subtree is a goals part
        var markerYear: Int? = nil        // "Mục tiêu cơ bản đến năm 2025:" without a number
        var inGoals = false
        var inResults = false
        // The heading level a results part was opened at: a deeper heading stays in it whatever
        // its words ("2. Về dữ liệu: … đạt 76,5% mục tiêu" under "I. TÌNH HÌNH THỰC HIỆN …").
        var resultsLevel: Int? = nil
        // The last year a sentence of the text named: an article's "Đến năm 2025, …; …." holds
        // for the paragraphs after it, until another year or a heading.
        var runningYear: Int? = nil
        // The last year any sentence named, for "giai đoạn này" (this period).
        var lastNamedYear: Int? = nil
        var appendix = false
        // A text that never speaks of goals ("mục tiêu", "phấn đấu", "chỉ tiêu", "kế hoạch", …)
        // reports results: a newspaper's "Quảng Ngãi dẫn đầu…" lists what was achieved.
        let whole = Fold.fold(lines.joined(separator: " "))
        // (Read only when a sentence says "năm nay" in a text with no date.)
        lazy var ownYearNamed = Self.plainYear(in: whole)
        reviewedYears = Self.reviewedYears(in: whole)
        phasedHorizon = Self.phasedHorizon(in: whole)
        asOfYears = Self.asOfYears(in: whole)
        endedTerms = Self.endedTerms(in: whole, issued: issueYear)
        // (Or of requirements: "UBND TP yêu cầu … chỉ đạo toàn bộ cán bộ … hoàn thành 100% thủ tục
        // … trong tháng 5-2023".)
        let statesGoals = Self.mentionsGoal(whole)
            || whole.range(of: #"\byeu cau\b[^.]{0,200}\b(hoan thanh|dat)( toi thieu| it nhat| tren)? \d+ ?%"#, options: .regularExpression) != nil
            // ("… cần chỉ đạo yêu cầu 100% trường học, bệnh viện … phối hợp với ngân hàng".)
            || whole.range(of: #"\byeu cau (tat ca |cac )?\d+ ?%"#, options: .regularExpression) != nil
            // (Or of what will be by a year: "Tới năm 2025: 100% xã đặc biệt khó khăn sẽ có
            // internet miễn phí".)
            || whole.range(of: #"\b(den|toi) (het )?nam 20\d\d\b[^.;]{0,150}\bse (dat|co|duoc|chiem)\b"#, options: .regularExpression) != nil
            // (Or a year that opens a sentence on what to do: "Đến năm 2025, tái sử dụng, tái chế,
            // xử lý 85% lượng chất thải nhựa phát sinh" — a report tells what was: "Đến năm 2020,
            // toàn tỉnh đã có …".)
            || whole.range(of: #"(^|[.;:] )(den|toi) (het )?nam 20\d\d, (giam|tang|nang|tai su dung|tai che|xu ly|bao dam|dam bao|phat trien|hoan thanh|xay dung|thu gom)\b"#, options: .regularExpression) != nil
            // (Or a year set as a label before its figures: "* Đến năm 2020: 100% hộ dân được tiếp
            // cận với nước sạch" — a report says "Đến năm 2020, …" or "Tính đến năm 2020".)
            || whole.range(of: #"(^|[.;] |[*•-] )(den|toi) (het )?nam 20\d\d: \d"#, options: .regularExpression) != nil
            // (Or a plan's content retold, a year and its share: "Theo đó, đến năm 2015, 70% người sản
            // xuất … có kiến thức …".)
            || whole.contains("theo do, ") && whole.range(of: #"\btheo do, (den|toi) (het )?nam 20\d\d, \d+([.,]\d+)? ?%"#, options: .regularExpression) != nil
            // (Or of a rate to raise: "Nâng tỷ lệ lao động qua đào tạo đạt 70% trong tổng lực lượng
            // lao động", "… cần mở rộng quy mô để nâng tỷ lệ … đạt 70%".)
            || whole.range(of: #"\bnang (ty le|ty trong)\b[^.;]{0,80}\b(len|dat) \d"#, options: .regularExpression) != nil
            // (Or of a plan approved, its content retold: "… quyết định phê duyệt Quy hoạch kết cấu
            // hạ tầng đường bộ …. Theo đó, hệ thống cao tốc gồm 43 tuyến …".)
            // ("… vừa phê duyệt điều chỉnh quy hoạch tổng thể …. Theo quy hoạch, đến năm 2020, …": a
            // plan's revision too.)
            || whole.contains("phe duyet") && whole.range(of: #"\b"# + Self.approvedPlan + #"[^.]{0,200}\. *theo (do|quy hoach|chien luoc|ke hoach|de an|chuong trinh),"#, options: .regularExpression) != nil
            // (Or a decision approving one, its content after the comma: "Theo Quyết định số
            // 280/QĐ-TTg … về phê duyệt Chương trình quốc gia về SDNL TK&HQ, giảm tiêu thụ năng
            // lượng 5 - 7% …".)
            || whole.contains("phe duyet") && whole.range(of: #"\btheo (quyet dinh|nghi quyet)\b[^.,;]{0,80}\b"# + Self.approvedPlan + #"[^.,;]{0,120}, [^.;]{0,120}\d ?%"#, options: .regularExpression) != nil
            // (Or a plan approved, a figure set by a year beside it: "Cả nước có 30 cảng hàng không
            // đến năm 2030" over "Quy hoạch tổng thể … vừa được Chính phủ phê duyệt …"; or what a
            // decision approving one plans: "Theo quyết định phê duyệt …, hệ thống cảng hàng không …
            // được quy hoạch … với 30 sân bay được quy hoạch".)
            || whole.contains("phe duyet") && (whole.range(of: #"\b(quy hoach|chien luoc|de an|chuong trinh)\b[^.]{0,200}\bduoc [^.]{0,30}\bphe duyet\b"#, options: .regularExpression) != nil
                && whole.range(of: #"\b(den|toi) (het )?nam 20\d\d\b"#, options: .regularExpression) != nil
                || whole.range(of: #"\bphe duyet\b[^.]{0,150}\bduoc quy hoach\b"#, options: .regularExpression) != nil)
        // (Not a page's clock above it: "Thứ 5, 25/07/2024, 23:17[GMT+7]", nor the rest of the
        // page's chrome: "Hotline: 024…", "Email: …", a section's name of a word or two —
        // "Tài chính".)
        let titleLine = lines.firstIndex { line in
            let t = line.trimmingCharacters(in: .whitespaces), f = Fold.fold(t)
            return !t.isEmpty && !Self.isBareDate(f) && !Self.isPageChrome(t, folded: f) && !Self.isMenuItem(t)
        }.map { $0 + 1 }
        // (A page whose first line is its lead paragraph — a hundred words — has no title to
        // restate its text.)
        let titleIsShort = titleLine.map { lines[$0 - 1].split(separator: " ").count <= 40 } ?? false
        let headlines = titleLine.map { Self.headlines(lines, after: $0) } ?? []

        // A legal database's record of the document ("• Thời gian duy trì hiệu lực: 2073 ngày (5
        // năm 8 tháng 8 ngày)") tells of the document, not of its targets: its lines are no text
        // (kept blank, so that lines keep their numbers; its dates still date the document).
        let textLines = lines.map { $0.contains(":") && Self.isRecordField(Fold.fold($0.trimmingCharacters(in: .whitespaces))) ? "" : $0 }
        for (paragraphIndex, unit) in Self.units(textLines).enumerated() {
            var text = unit.text
            let folded = Fold.fold(text)
            // An appendix ("PHỤ LỤC …", "… (Kèm theo Kế hoạch số …)") numbers its rows afresh;
            // a year in its title ("… CHỈ TIÊU ĐẾN NĂM 2025") is its rows' year.
            if folded.hasPrefix("phu luc") || folded.contains("(kem theo ") {
                appendix = true; prefix = "Phụ lục"; labels = [nil, nil, nil]; headingYear = [nil, nil, nil, nil]; numberedYears = [:]; goalsLevel = nil; inGoals = false
                markerYear = Self.years(in: text).last
                continue
            }
            // (A news subheading's results part ends at the next subheading, or at a numbered one.)
            let subheading = unit.line != titleLine && Self.isSubheading(text)
            if resultsLevel == -2, subheading || Self.heading(text, appendix: appendix) != nil {
                inResults = false; resultsLevel = nil
            }
            if let h = Self.heading(text, appendix: appendix) {
                let level = h.level
                labels[level] = h.label
                runningYear = nil
                for l in (level + 1)..<3 { labels[l] = nil }
                for l in level..<4 { headingYear[l] = nil }
                markerYear = nil
                if let g = goalsLevel, level <= g { goalsLevel = nil }
                let hf = Fold.fold(h.title)
                if let r = resultsLevel, level > r {
                    // Inside a results part: its items report, whatever words they use.
                } else if Self.resultsHeadingWords.contains(where: { hf.contains($0) }) {
                    // "TÌNH HÌNH THỰC HIỆN CÁC MỤC TIÊU NĂM 2024" reports on goals: results, first.
                    inResults = true
                    resultsLevel = level
                    goalsLevel = nil
                } else if hf.contains("muc tieu") || hf.contains("nhiem vu") || hf.contains("giai phap") || hf.contains("phuong huong") {
                    inResults = false
                    resultsLevel = nil
                }
                // ("1. Chỉ tiêu theo Chủ đề công tác năm 2024 của Thành phố": a heading that opens
                // on targets.)
                if (hf.contains("muc tieu") || hf.range(of: #"^(cac |he thong (cac )?)?chi tieu\b"#, options: .regularExpression) != nil) && !inResults {
                    if goalsLevel == nil { goalsLevel = level }
                }
                // "5. Định hướng đến năm 2030:" gives its year to the list under it.
                // A numbered item that states a value ("4. Tỷ trọng … 20% (năm 2030 đạt 30%)") is
                // a target of its own, not a heading over others.
                if !inResults && !h.title.contains("%") { headingYear[level] = Self.years(in: h.title).last }
                if level == 1 {
                    if headingYear[1] == nil, let dot = h.label.firstIndex(of: ".") { headingYear[1] = numberedYears[String(h.label[..<dot])] }
                    numberedYears[h.label] = headingYear[1]
                }
                inGoals = goalsLevel != nil && !inResults
                text = h.title
                if text.isEmpty { continue }
            } else if Self.isCapitalsLine(text), Self.resultsHeadingWords.contains(where: { folded.contains($0) }) {
                // "ĐÁNH GIÁ KẾT QUẢ THỰC HIỆN NĂM 2024" on a line of its own, unnumbered: the
                // headings under it, of any level, are its items.
                inResults = true; inGoals = false; markerYear = nil; resultsLevel = -1
            } else if Self.isCapitalsLine(text), resultsLevel == -1,
                      ["muc tieu", "nhiem vu", "giai phap", "phuong huong"].contains(where: { folded.contains($0) }) {
                // "PHẦN II. MỤC TIÊU, NHIỆM VỤ NĂM 2025" ends it.
                inResults = false; resultsLevel = nil
            } else if subheading, resultsLevel == nil, Self.resultsHeadingWords.contains(where: { folded.contains($0) }),
                      !Self.mentionsGoal(folded) {
                // "Những kết quả đáng ghi nhận", a news article's subheading: what follows, up to
                // the next subheading, reports.
                inResults = true; inGoals = false; markerYear = nil; resultsLevel = -2
                continue
            } else if Self.isGoalsMarker(folded), resultsLevel == nil || folded.hasSuffix(":") || !Self.years(in: text).isEmpty {
                // (Inside a results part, a table's column "Mục tiêu/Chỉ tiêu" beside "Đề ra năm
                // 2023" and "Kết quả thực hiện" heads last year's goals against what was done: a
                // marker ends the part only with its year or its colon.)
                inGoals = true
                inResults = false; resultsLevel = nil
                // ("Mục tiêu của TP. Đà Nẵng đến năm 2030 kinh tế số đóng góp tối thiểu 35-40%"
                // states a target: its year is its value's, not the year of what follows.)
                markerYear = text.contains("%") ? markerYear : Self.years(in: text).last
            } else if folded.hasSuffix(":") && (folded.contains("giai phap") || folded.contains("nhiem vu")) {
                inGoals = false; markerYear = nil
            }
            // "- Về hạ tầng số: …" names a part of a goals list.
            let path = labels.compactMap { $0 }.joined(separator: ".")
            var section = prefix.map { path.isEmpty ? $0 : "\($0) \(path)" } ?? path
            if let about = Self.aboutPrefix(text) {
                section = (inGoals ? "mục tiêu: " : "") + about.topic
                text = about.rest
            }
            let contextYear = markerYear ?? headingYear.compactMap { $0 }.last
            // A year a sentence names holds for the clauses after it ("Giai đoạn 2026-2030, …; …").
            var sentenceYear: Int? = nil
            // From a sentence that reports on a term just ended ("Trong nhiệm kỳ 2015-2020, … đã
            // thực hiện đạt và vượt 20/22 chỉ tiêu"), the paragraph's figures are that term's
            // (`PlanReader.read`): they set no year for the text after them.
            var reviewing = false
            let unitClauses = Self.clauses(text, line: unit.line, lineStarts: unit.lineStarts)
            // Each clause with the rest of its sentence (the clauses after it up to the next
            // sentence): "90% hồ sơ công việc tại cấp tỉnh; 80% … cấp huyện và 60% … cấp xã được
            // xử lý trên môi trường mạng" says in its last clause what the first one's value is of.
            var rests = [String](repeating: "", count: unitClauses.count)
            for k in unitClauses.indices.reversed() {
                let continues = k + 1 < unitClauses.count && unitClauses[k + 1].continuesSentence
                rests[k] = unitClauses[k].text + (continues ? "; " + rests[k + 1] : "")
            }
            let firstClause = clauses.count
            // (Whether the paragraph ends on a colon, a lead-in: asked once, not per clause.)
            let leadsIn = text.trimmingCharacters(in: .whitespaces).hasSuffix(":")
            // (Each clause's whole sentence: the rest of the sentence from its first clause.)
            var sentenceStart = 0
            for c in unitClauses {
                // A year in a parenthesis ("15% GRDP (đến năm 2030 đạt 25%)") is its own value's,
                // not the clause's: it neither sets the clause's year nor carries to the next.
                let openYear = Self.openYears(in: c.text).last
                var named = openYear
                let cf = Fold.fold(c.text)
                // "Mục tiêu trong giai đoạn này …": the period the text just named ("từ ngày 20/9
                // đến ngày 20/12/2021, tỉnh tiếp tục …").
                if named == nil, cf.contains("giai doan nay") { named = lastNamedYear }
                // "… là nhiệm vụ cấp bách từ nay đến cuối năm", "trong năm nay": the year the
                // document was written in.
                // (With no date to the text, the year it names as its own: "… nhiệm vụ năm 2023 … Kế
                // hoạch hành động năm 2023 …; trong năm nay, các chỉ tiêu cần đạt …".)
                let thisYear = named == nil && Self.namesThisYear(cf) ? issueYear ?? ownYearNamed : nil
                if let y = thisYear { named = y }
                if let y = openYear, y >= issueYear ?? y { lastNamedYear = y }
                let own = named ?? sentenceYear
                let priorYear = sentenceYear
                // ("… đến năm 2025 đạt 70 triệu đồng; giữ vững danh hiệu … và đạt xã nông thôn mới
                // nâng cao vào cuối năm 2020; tỷ lệ tham gia bảo hiểm y tế đạt 100%": an item of
                // a list that names its own year and sets no value keeps it to itself.)
                // (Not a lead-in to a list: "Nghị quyết … 6 tháng cuối năm 2025 với 20 chỉ tiêu chủ yếu
                // là: Thu nhập … đạt 72 triệu; …".)
                let keepsItsYear = c.continuesSentence && openYear != nil && TargetPhrase.all(in: c.text).isEmpty
                    && !c.text.contains(":") && !Self.mentionsGoal(cf)
                // (A later year a value trails — "… sẽ vượt 50%, và con số này sẽ tăng lên 70% vào năm
                // 2050", the figure's next stage — holds for no clause after it: `horizonYear`.)
                let trailing = named != nil && named == openYear && cf.contains("vao nam")
                    && cf.range(of: #"\d ?% vao nam 20\d\d"#, options: .regularExpression) != nil
                if !keepsItsYear { sentenceYear = trailing ? Self.horizonYear(cf) ?? own : own }
                // ("Tính đến hết tháng 7-2020, …": figures as of a date — the year a sentence named
                // before holds no more, for this one or the ones after.)
                if cf.contains("tinh den"), cf.range(of: #"\btinh den (het |cuoi )?(thang \d{1,2}[/.-]|ngay \d{1,2}[/.-]\d{1,2}[/.-])20\d\d\b"#, options: .regularExpression) != nil {
                    runningYear = nil
                }
                let context = contextYear ?? runningYear
                // Only a sentence that sets a value: "Thực hiện Quyết định 411 … đến năm 2025, định
                // hướng đến năm 2030" names a strategy, not the year of what follows.
                // (Nor a year before the document's date: "Năm 2023, … đạt 85%" in a plan of 2024
                // reports, and sets no year for the sentences after it.)
                // A sentence that opens on its period ("Giai đoạn 2021 - 2025, Bộ … đề xuất …") sets
                // it for what follows, values or not.
                // So does one that sets a goal for a year ("Bình Dương đặt mục tiêu nằm trong nhóm
                // khá … vào năm 2025"), unless the year is a cited document's ("Thực hiện Quyết
                // định 411 … đến năm 2025").
                // (A sentence that reports — "Năm 2022, Tỉnh uỷ đã ban hành Nghị quyết … đến năm
                // 2025, định hướng đến năm 2030" — sets none; one that opens on its period sets
                // that period, not a year it names later.)
                // ("Giai đoạn 2021 - 2025, Bộ … đã đề xuất tiêu chí …" opens on a period, which
                // holds even in a sentence that tells what was done.)
                // (An estimate of a year after the document's, in a paragraph that speaks of a goal —
                // "… mục tiêu này được xây dựng trên cơ sở …. Về quy mô, GRDP thành phố ước đạt trên
                // 367.000 tỷ đồng" in a resolution of December 2025 on 2026 — is its projection.)
                // (Asked only of a clause with "ước".)
                let projects = cf.contains("uoc ") && (own ?? context).map { y in issueYear.map { y > $0 } ?? false } == true
                    && Self.mentionsGoal(folded)
                // (The year a change is set for is a plan's only when it is after the document's own:
                // "tăng trên 5% so với năm 2020" in a report of November 2021 on 2021 is a change
                // reached.)
                let planYear = named == nil ? (own ?? context ?? documentYear).flatMap { y in issueYear.map { y > $0 } ?? true ? y : nil } : nil
                let reports = ReportWording.reports(cf, lower: c.text.lowercased(), planYear: planYear, projects: projects, inGoals: inGoals)
                if reports, ReportWording.reviewsTerm(cf, ended: endedTerms) { reviewing = true }
                if let n = own, !inResults, !reviewing, n >= issueYear ?? n {
                    // A lead-in to a list ("(1) Về xây dựng và phát triển chính quyền số, đến năm
                    // 2025:") gives its year to the items under it.
                    if !reports, !TargetPhrase.all(in: c.text).isEmpty || Self.setsGoalForYear(cf) || thisYear != nil
                        || leadsIn || Self.namesGoalsYear(cf) {
                        // (A vision's year after the plan's — "… vào năm 2030, hướng tới quốc gia
                        // phát triển, thu nhập cao vào năm 2045" — is no year of the targets after.)
                        runningYear = named == n ? Self.horizonYear(cf) ?? n : n
                    } else if let opening = Self.openingYear(cf), opening >= issueYear ?? opening, !reports || cf.hasPrefix("giai doan") {
                        runningYear = opening
                    }
                }
                clauses.append(Clause(text: c.text, line: c.line, section: section, year: own ?? context ?? documentYear,
                                      yearFromDocument: own == nil && context == nil, contextYear: context ?? documentYear, inGoals: inGoals,
                                      inResults: inResults || !statesGoals, isTitle: c.line == titleLine && titleIsShort || headlines.contains(c.line),
                                      continuesSentence: c.continuesSentence, ownYear: own,
                                      sentenceRest: rests[clauses.count - firstClause],
                                      sentence: rests[c.continuesSentence ? sentenceStart : clauses.count - firstClause],
                                      paragraph: paragraphIndex, reports: reports, priorYear: priorYear))
                if !c.continuesSentence { sentenceStart = clauses.count - 1 - firstClause }
            }
        }
    }

    // MARK: - Paragraphs and units

    struct Unit {
        var text: String
        var line: Int
        /// (offset in `text`, line) for each source line joined into it.
        var lineStarts: [(Int, Int)]
    }

    /// The lines (numbered from 1) of a stored page's headlines under its date and section names:
    /// " date 2025-10-05 Chuyển động số", "Hạ tầng thông minh", then "5G Việt Nam: Bứt phá hạ
    /// tầng, hướng tới phủ sóng 90% dân số" — a short line with a value and no closing stop,
    /// before the first line of prose and among the eight after the title (line `title`), is a
    /// headline as the title is.
    /// (And a line anywhere that says the title again, a caption's words: "Đặt mục tiêu đến năm
    /// 2030, tỷ lệ đô thị hóa đạt trên 50%." under the article's photo, "Hơn 280.000 ha rừng được
    /// trồng mới trong năm 2025- Ảnh 1.", the page's photo numbered.)
    static func headlines(_ lines: [String], after title: Int) -> Set<Int> {
        func stops(_ t: String) -> Bool { t.last.map { ".;:".contains($0) } ?? false }
        func unstopped(_ t: Substring) -> Substring { stops(String(t)) ? t.dropLast() : t }
        let titleText = unstopped(lines[title - 1].trimmingCharacters(in: .whitespaces)[...])
        let again = titleText.count >= 20 ? lines.indices.filter { k in
            guard k != title - 1, lines[k].count >= titleText.count else { return false }
            let t = unstopped(lines[k].trimmingCharacters(in: .whitespaces)[...])
            guard t.hasPrefix(titleText) else { return false }
            return t.count == titleText.count || t.dropFirst(titleText.count).range(of: #"^ ?[-–] ?Ảnh \d+$"#, options: .regularExpression) != nil
        }.map { $0 + 1 } : []
        // (And a photo's caption, which ends on its credit — "Đến năm 2020, sản lượng khai thác
        // chiếm khoảng 35% tổng sản lượng thủy sản – Ảnh: Thanh Nhã", "… 12 tỉ đô la Mỹ/năm.
        // Ảnh: Trung Chánh": it retells the article's words.)
        let captions = lines.indices.filter { k in
            lines[k].contains("Ảnh:") && lines[k].range(of: #"(\.|\s[-–]) ?Ảnh: ?[^.:;\d]{2,40}$"#, options: .regularExpression) != nil
        }.map { $0 + 1 }
        return Set(again).union(captions).union(lines.indices.dropFirst(title).prefix(8).prefix { k in
            let t = lines[k].trimmingCharacters(in: .whitespaces), words = t.split(separator: " ").count
            return words < 15 || words <= 40 && !stops(t)
        }.filter { k in
            let t = lines[k].trimmingCharacters(in: .whitespaces)
            return !t.isEmpty && t.split(separator: " ").count <= 20 && t.contains(where: \.isNumber) && !stops(t)
        }.map { $0 + 1 })
    }

    /// The last year of the phases a plan runs in ("… được thực hiện theo 2 giai đoạn: Giai đoạn
    /// 2025 - 2027 và giai đoạn 2028 - 2030"), in the folded text `whole`.
    static func phasedHorizon(in whole: String) -> Int? {
        whole.firstMatch(of: /(thuc hien|trien khai) (theo|qua|trong|lam) (\d+|hai|ba) giai doan[^.;]{0,120}/)
            .flatMap { m in String(m.output.0).matches(of: /20\d\d/).compactMap { Int($0.output) }.max() }
    }

    /// The years `whole` (folded) gives figures as of a month or a day of: "đến hết tháng
    /// 10/2023", "tính đến ngày 31/12/2024".
    static func asOfYears(in whole: String) -> Set<Int> {
        Set(whole.matches(of: /\b(den|tinh den) (het |cuoi )?(thang \d{1,2}[\/.-]|ngay \d{1,2}[\/.-]\d{1,2}[\/.-])(20\d\d)\b/).compactMap { Int($0.output.4) })
    }

    /// `lines` with a table copied one cell per paragraph — "STT", "Nhóm", "Tỷ lệ", "Số lượng",
    /// then "1", "Nhân lực cao cấp", "5%", "150", "2", … each on a line of its own — made one line
    /// a row, on its number's line (the other lines blanked, so line numbers stay): "Nhân lực cao
    /// cấp | Tỷ lệ: 5% | Số lượng: 150". A row's values are read with its label, each after its
    /// column's name. (Rows are taken while their numbers run 1, 2, 3, …; the header's cells are
    /// two to seven short lines with no digit.)
    static func cellParagraphTables(_ lines: [String]) -> [String] {
        func isNumberCell(_ t: String) -> Bool { t == "STT" || t == "TT" }
        // (A document with no such cell costs one scan for "TT", no line trimmed.)
        guard lines.contains(where: { $0.contains("TT") && isNumberCell($0.trimmingCharacters(in: .whitespaces)) }) else { return lines }
        let cells = lines.indices.filter { !lines[$0].trimmingCharacters(in: .whitespaces).isEmpty }
        func cell(_ k: Int) -> String { lines[cells[k]].trimmingCharacters(in: .whitespaces) }
        var out = lines
        var c = 0
        while c < cells.count {
            guard isNumberCell(cell(c)) else { c += 1; continue }
            var headers: [String] = []
            var h = c + 1
            // (A table whose cells are set apart by lines of a lone "|" is read as one: `units`.)
            while h < cells.count, cell(h) != "1", cell(h) != "|", headers.count < 8, cell(h).split(separator: " ").count <= 6, !cell(h).contains(where: \.isNumber) {
                headers.append(cell(h)); h += 1
            }
            guard (2...7).contains(headers.count), h < cells.count, cell(h) == "1" else { c += 1; continue }
            var row = 1, r = h
            while r + headers.count < cells.count, cell(r) == String(row) {
                let values = (1...headers.count).map { cell(r + $0) }
                out[cells[r]] = values.enumerated().map { k, v in k == 0 ? v : headers[k] + ": " + v }.joined(separator: " | ")
                for k in 1...headers.count { out[cells[r + k]] = "" }
                r += headers.count + 1
                row += 1
            }
            for k in c..<h { out[cells[k]] = "" }
            c = r
        }
        return out
    }

    /// `line` without a tag in brackets that opens it, of three words at most, before a capital:
    /// "[Infographic] Phấn đấu …", "[VIDEO] Phát triển rừng trồng bền vững" (a news page's label
    /// of its media, which would keep the headline from reading as one).
    static func withoutMediaTag(_ line: String) -> String {
        guard line.first == "[", let close = line.firstIndex(of: "]") else { return line }
        let tag = line[line.index(after: line.startIndex)..<close], rest = line[line.index(after: close)...].drop { $0 == " " }
        guard !tag.isEmpty, tag.split(separator: " ").count <= 3, rest.first?.isUppercase == true else { return line }
        return String(rest)
    }

    /// `lines` with a page's list of links to other articles blanked (line numbers kept): three
    /// or more lines in a row that each end on " -" — headlines the page strings together ("Từ
    /// năm 2026, xe máy rẽ không xi nhan có thể bị phạt tới 14 triệu đồng, … -") — and the
    /// headline right after them that ends the list with no stop.
    /// (Or with its dash on a line of its own before each headline: "-", "Hòa Phát đầu tư khu
    /// công nghiệp gần 3.400 tỷ đồng tại Hải Phòng", "-", … — a headline there ends on no stop.)
    static func withoutLinkLists(_ lines: [String]) -> [String] {
        let trimmed = lines.map { $0.trimmingCharacters(in: .whitespaces) }
        let lone = trimmed.map { $0 == "-" }
        func endsUnstopped(_ t: String) -> Bool { t.last.map { !".;:".contains($0) } == true && t.split(separator: " ").count <= 30 }
        let dashed = trimmed.indices.map { k in
            trimmed[k].hasSuffix(" -") || k > 0 && lone[k - 1] && !lone[k] && endsUnstopped(trimmed[k])
        }
        guard dashed.filter({ $0 }).count >= 3 else { return lines }
        var out = lines
        var i = 0
        while i < lines.count {
            guard dashed[i] || lone[i] else { i += 1; continue }
            var j = i, headlines = 0
            while j < lines.count, dashed[j] || lone[j] { if dashed[j] { headlines += 1 }; j += 1 }
            if headlines >= 3 {
                for k in i..<j { out[k] = "" }
                if j < lines.count, endsUnstopped(trimmed[j]) { out[j] = "" }
            }
            i = j
        }
        return out
    }

    /// Lines joined into paragraphs (a line that does not start a bullet, a heading or a table
    /// row, and follows a line not ending in . ; or :, continues it: wrapped text), then cut
    /// where a bullet or a heading runs on inside a line ("…3%. b) Mục tiêu…", "…; - Tỷ lệ…").
    static func units(_ lines: [String]) -> [Unit] {
        var out: [Unit] = []
        var current: Unit? = nil
        var currentIsHeading = false
        // The unit's length in characters, kept as it grows: counting a String is linear, and a
        // paragraph of 10,000 lines without a full stop made this quadratic.
        var currentCount = 0
        var lastLineLength = 0
        func close() { if let c = current, !c.text.isEmpty { out.append(contentsOf: splitRunOn(c)) }; current = nil }
        // A table copied one cell per line, cells between lines of a lone "|" (a web page's
        // table as text): a row's cells are one unit, a new row starting at its number ("1",
        // "II"), and "… | % | 100" — the unit's cell, then the value's — reads as "100%".
        let cellTable = lines.lazy.filter { $0.trimmingCharacters(in: .whitespaces) == "|" }.prefix(4).count == 4
        var afterBar = false, lastCell = "", rowCells = 0
        // The lines next to a lone "|" or between two near ones: a table's cells. (A page's head
        // laid out with bars — the issuer beside the motto — makes no table of the text below.)
        var nearBar = Set<Int>()
        if cellTable {
            let bars = lines.indices.filter { lines[$0].trimmingCharacters(in: .whitespaces) == "|" }
            for i in bars { nearBar.formUnion(max(0, i - 2)...min(lines.count - 1, i + 2)) }
            // (A cell of several lines lies between two bars.)
            for (a, b) in zip(bars, bars.dropFirst()) where b - a <= 12 { nearBar.formUnion(a...b) }
        }
        for (i, raw) in lines.enumerated() {
            // (A ";" inside a table's cell is not the end of a clause: the row is one.)
            let trimmed = raw.trimmingCharacters(in: .whitespaces)
            let line = nearBar.contains(i) ? trimmed.replacingOccurrences(of: ";", with: ",") : trimmed
            if cellTable, line == "|" { afterBar = current != nil; continue }
            if cellTable, afterBar, current != nil {
                afterBar = false
                func isRowLabel(_ t: String) -> Bool {
                    (t.count <= 2 && t.allSatisfy(\.isNumber)) || (t.count <= 4 && !t.isEmpty && t.allSatisfy { "IVXL".contains($0) })
                }
                if isRowLabel(current!.text) && !isRowLabel(line) || rowCells >= 40 {
                    // The row's number stays a heading of its own (the rows' section path); its
                    // cells start the row. (Past 40 cells with no row number, a new unit, so a
                    // long run of cells never makes one sentence of the whole table.)
                    close()
                    rowCells = 0
                    current = Unit(text: line, line: i + 1, lineStarts: [(0, i + 1)])
                    currentCount = line.count
                    lastLineLength = line.count
                    currentIsHeading = false
                    lastCell = line
                    continue
                }
                if !isRowLabel(line) || lastCell == "%" {
                    rowCells += 1
                    // (Appended in place, the length kept by hand: copying or counting the row's
                    // text for each cell would make a long table quadratic.)
                    current!.lineStarts.append((currentCount + 3, i + 1))
                    if lastCell == "%", line.allSatisfy({ $0.isNumber || $0 == "," || $0 == "." }), current!.text.hasSuffix(" | %") {
                        current!.text.removeLast(4)
                        current!.text += " | " + line + "%"
                        currentCount += line.count
                    } else {
                        current!.text += " | " + line
                        currentCount += 3 + line.count
                    }
                    lastCell = line
                    lastLineLength = line.count
                    continue
                }
            }
            afterBar = false
            lastCell = line
            rowCells = 0
            if line.isEmpty || line == "|" { close(); continue }
            let isHeading = heading(line, appendix: false) != nil
                || isGoalsMarker(Fold.fold(line)) || isCapitalsLine(line)
            // A line after a short one (not a wrapped full line: a lead-in such as "Các chỉ tiêu
            // cụ thể như sau") that starts with a capital begins a sentence of its own.
            // (So does one after a line of more than 150 characters: a paragraph of a page, not a
            // line of wrapped text, even without its full stop.)
            let afterShortLine = current.map { (lastLineLength < 60 || lastLineLength > 150) && line.first?.isUppercase == true && !$0.text.isEmpty } ?? false
            // (A line that opens on a capital "Năm 2023," or "Đến năm 2030," starts a sentence after
            // any line: a headline of 66 characters over "Năm 2023, ngành … đặt ra mục tiêu …".)
            let opensOnYear = (line.hasPrefix("Năm ") || line.hasPrefix("Đến ") || line.hasPrefix("Trong năm "))
                && line.range(of: #"^(Năm|Đến năm|Đến hết năm|Trong năm) 20\d\d,"#, options: .regularExpression) != nil
            let startsNew = line.contains("\t") || isBulletStart(line) || isHeading
                || line.allSatisfy(\.isNumber) || afterShortLine || opensOnYear
            // A heading is a line of its own: the text under it is not its continuation.
            // (Nor is a line after one that ends on a bar: a caption or a layout's cell, "| … Ảnh:
            // THẢO TIÊN |".)
            if let c = current, !startsNew, !currentIsHeading, let last = c.text.last, !".;:|".contains(last) {
                current!.lineStarts.append((currentCount + 1, i + 1))
                current!.text += " " + line
                currentCount += 1 + line.count
                lastLineLength = line.count
                continue
            }
            close()
            current = Unit(text: line, line: i + 1, lineStarts: [(0, i + 1)])
            currentCount = line.count
            lastLineLength = line.count
            currentIsHeading = isHeading
        }
        close()
        return out
    }

    static func isBulletStart(_ s: String) -> Bool {
        guard let f = s.first, "-–•+*".contains(f) else { return false }
        return s.dropFirst().first == " "
    }

    /// Cuts "…; - Tỷ lệ…" and "…đạt trên 3%. b) Mục tiêu…" into separate units.
    static func splitRunOn(_ u: Unit) -> [Unit] {
        let chars = Array(u.text)
        var cuts: [Int] = []
        var i = 1
        while i < chars.count - 2 {
            if (chars[i - 1] == ";" || chars[i - 1] == ".") && chars[i] == " " {
                let rest = String(chars[(i + 1)...].prefix(24))
                if isBulletStart(rest) || (chars[i - 1] == "." && heading(rest, appendix: false) != nil && !chars[i - 2].isNumber) {
                    cuts.append(i + 1)
                }
            }
            i += 1
        }
        guard !cuts.isEmpty else { return [u] }
        var out: [Unit] = []
        var start = 0
        for cut in cuts + [chars.count] {
            let text = String(chars[start..<cut]).trimmingCharacters(in: .whitespaces)
            let line = u.lineStarts.last(where: { $0.0 <= start })?.1 ?? u.line
            let starts = u.lineStarts.filter { $0.0 >= start && $0.0 < cut }.map { ($0.0 - start, $0.1) }
            if !text.isEmpty { out.append(Unit(text: text, line: line, lineStarts: [(0, line)] + starts.filter { $0.0 > 0 })) }
            start = cut
        }
        return out
    }

    // MARK: - Headings

    struct Heading { var level: Int; var label: String; var title: String }

    /// `II. MỤC TIÊU` (level 0), `1. Phát triển…` or `2.` (level 1), `a) …` / `b. …` (level 2).
    /// In an appendix table a cell of only a roman numeral or a number is a row label.
    static func heading(_ s: String, appendix: Bool) -> Heading? {
        let chars = Array(s)
        var i = 0
        while i < chars.count, "IVXL".contains(chars[i]) { i += 1 }
        if i > 0, i <= 4 {
            if i == chars.count, appendix { return Heading(level: 0, label: s, title: "") }
            if i < chars.count, chars[i] == ".", i + 1 == chars.count || chars[i + 1] == " " {
                return Heading(level: 0, label: String(chars[0..<i]), title: String(chars[(i + 1)...]).trimmingCharacters(in: .whitespaces))
            }
        }
        i = 0
        while i < chars.count, chars[i].isASCII, chars[i].isNumber { i += 1 }
        if i > 0, i <= 2 {
            if i == chars.count, appendix { return Heading(level: 1, label: s, title: "") }
            if i < chars.count, chars[i] == ".", i + 1 == chars.count || chars[i + 1] == " " {
                return Heading(level: 1, label: String(chars[0..<i]), title: String(chars[(i + 1)...]).trimmingCharacters(in: .whitespaces))
            }
        }
        // ("3.3.1. Những kết quả đạt được", "2.1. Mục tiêu cụ thể": a section numbered in parts, a
        // heading of the middle level when its title is a short line with no full stop.)
        if let m = s.firstMatch(of: /^(\d{1,2}(?:\.\d{1,2}){1,3})\.? (\p{Lu}[^.;]{0,80})$/), String(m.output.2).split(separator: " ").count <= 12,
           !String(m.output.2).contains("%") {
            return Heading(level: 1, label: String(m.output.1), title: String(m.output.2).trimmingCharacters(in: .whitespaces))
        }
        if chars.count >= 3, chars[0].isLowercase, chars[0].isLetter, chars[0].unicodeScalars.count == 1 || chars[0] == "đ",
           chars[1] == ")" || chars[1] == ".", chars[2] == " " {
            return Heading(level: 2, label: String(chars[0]), title: String(chars[3...]).trimmingCharacters(in: .whitespaces))
        }
        return nil
    }

    /// Words of a heading over results, not goals.
    /// ("THỰC TRẠNG VỀ CÔNG TÁC CHUYỂN ĐỔI SỐ Y TẾ": the situation a plan starts from; "1. Thành tựu:",
    /// the achievements.)
    static let resultsHeadingWords = ["ket qua", "tinh hinh thuc hien", "danh gia thuc hien", "danh gia ket qua", "thuc trang", "thanh tuu"]

    /// A sentence that sets a goal ("đặt mục tiêu", "phấn đấu") and cites no document.
    static func setsGoalForYear(_ f: String) -> Bool {
        ["dat muc tieu", "phan dau", "huong den muc tieu"].contains { mentions(f, $0) }
            && !["quyet dinh", "nghi quyet", "chuong trinh", "chien luoc", "de an", "ke hoach so", "thuc hien", "can cu"].contains { mentions(f, $0) }
    }

    /// A sentence that names the year its goals are for, though it sets no value: "Mục tiêu đề
    /// ra đến năm 2030 là hoàn thiện hệ thống pháp luật …", "Chiến lược đã đặt ra mục tiêu cho
    /// ngành Thủy sản đến năm 2030, phát triển …" — the year of the figures said next ("Cụ thể,
    /// …"); not a document carried out ("Thực hiện mục tiêu … đến năm 2025").
    static func namesGoalsYear(_ f: String) -> Bool {
        f.contains("muc tieu") && !mentions(f, "thuc hien") && !mentions(f, "can cu")
            && f.range(of: #"\bmuc tieu\b[^.;:()]{0,40}? den (het )?nam 20\d\d\b"#, options: .regularExpression) != nil
            // ("… sửa đổi, bổ sung mục tiêu về năng lực và kết cấu hạ tầng của hệ thống cảng biển
            // Việt Nam đến năm 2030.": the goals' subject named at length, no figure between.)
            || f.contains("muc tieu ve") && f.range(of: #"\bmuc tieu ve\b[^.;:()0-9]{0,80}? den (het )?nam 20\d\d\.?$"#, options: .regularExpression) != nil
    }

    /// The year of "giai đoạn 2021 - 2025, …" (its end), "đến năm 2025, …", "năm 2025, …" at a
    /// sentence's start.
    static func openingYear(_ f: String) -> Int? {
        // ("Nhiệm kỳ 2025-2030, Quảng Ninh hướng tới …": a term of office is a period too.)
        guard let r = f.range(of: #"^((giai doan|nhiem ky|thoi ky) 20\d\d ?[-–] ?20\d\d|(den |trong )?(het )?nam 20\d\d),"#, options: .regularExpression) else { return nil }
        return years(in: String(f[r])).last
    }

    /// Whether folded `f` speaks of a goal: any of `goalWords`, at a word's start.
    static func mentionsGoal(_ f: String) -> Bool { goalWords.contains { mentions(f, $0) } }

    /// The year a regular expression's capture `group` holds in `s`, if it matched one.
    static func year(_ m: NSTextCheckingResult, group: Int, in s: String) -> Int? {
        Range(m.range(at: group), in: s).flatMap { Int(s[$0]) }
    }

    /// Whether folded `text` holds `words` starting at a word's start: "ước đạt" is not in
    /// "nhà nước đạt", nor "ước" in "thuộc".
    static func mentions(_ text: String, _ words: String) -> Bool {
        // "Chương trình mục tiêu quốc gia (xây dựng nông thôn mới)" is a programme's name, not a
        // goal the sentence sets.
        if words == "muc tieu", text.contains("muc tieu quoc gia") {
            return mentions(text.replacingOccurrences(of: "muc tieu quoc gia", with: ""), words)
        }
        var from = text.startIndex
        while let r = text.range(of: words, range: from..<text.endIndex) {
            if r.lowerBound == text.startIndex || !(text[text.index(before: r.lowerBound)].isLetter || text[text.index(before: r.lowerBound)].isNumber) { return true }
            from = text.index(after: r.lowerBound)
        }
        return false
    }

    /// A plan approved, or its revision ("phê duyệt Quy hoạch …", "phê duyệt điều chỉnh quy hoạch
    /// …"), as a folded pattern: its content, retold after, is a goal.
    static let approvedPlan = #"phe duyet (dieu chinh,? (bo sung )?|sua doi,? bo sung )?(quy hoach|chien luoc|ke hoach|de an|chuong trinh)\b"#

    /// Words a document that sets goals uses somewhere.
    static let goalWords = ["muc tieu", "phan dau", "chi tieu", "ke hoach", "de ra", "huong den", "du kien", "dinh huong", "se dat", "se chiem", "xac dinh",
                            "phai co it nhat", "phai dat", "phai dam bao", "phai bao dam",
                            // ("Bộ … đã thúc giục doanh nghiệp đảm bảo số trạm 5G đạt ít nhất 50%": a
                            // ministry's demand.)
                            "thuc giuc",
                            // ("… đã đề xuất kịch bản tăng trưởng kinh tế năm 2026 đạt từ 11% trở lên": a
                            // growth scenario proposed is the year's aim.)
                            "kich ban",
                            // ("tốc độ tăng tổng kim ngạch xuất khẩu năm 2026 được giao đạt khoảng 15 -
                            // 16%": a target assigned.)
                            "duoc giao dat",
                            // ("Chính phủ kỳ vọng, năm 2030 tuổi thọ bình quân … đạt 75 tuổi": what the
                            // government expects of a year to come — not "… được kỳ vọng mang đến cơ hội".)
                            "ky vong, nam", "ky vong nam", "ky vong den nam",
                            // ("sản lượng thủy sản nuôi kỳ vọng đạt 7 triệu tấn mỗi năm": a level expected.)
                            "ky vong dat"]

    /// A news article's subheading: a line of its own of eight words at most, opening on a
    /// capital, with no number but a year and no closing punctuation ("Những kết quả đáng ghi
    /// nhận", "Nhiệm vụ năm 2026"; not "Độ phủ mạng viễn thông đạt 99%").
    static func isSubheading(_ s: String) -> Bool {
        let unyeared = s.replacingOccurrences(of: #"\b20\d\d\b"#, with: "", options: .regularExpression)
        guard let first = s.first, first.isUppercase, let last = s.last, !".;:,".contains(last), !unyeared.contains(where: \.isNumber) else { return false }
        return s.split(separator: " ").count <= 8
    }

    /// A short line in capitals ("ĐÁNH GIÁ KẾT QUẢ THỰC HIỆN NĂM 2024"): a part's title
    /// even without a number.
    static func isCapitalsLine(_ s: String) -> Bool {
        let letters = s.filter(\.isLetter)
        return letters.count >= 6 && s.count <= 120 && letters.allSatisfy { $0.isUppercase }
    }

    /// "Mục tiêu cơ bản đến năm 2025:" or "… đề ra 5 mục tiêu cụ thể … như sau:".
    static func isGoalsMarker(_ folded: String) -> Bool {
        ((folded.hasPrefix("muc tieu") || folded.hasPrefix("dinh huong den")) && folded.count < 120) || (folded.hasSuffix(":") && folded.contains("muc tieu") && !folded.contains("giai phap"))
    }

    /// "- Về kinh tế số: Phấn đấu…" → ("kinh tế số", "Phấn đấu…").
    static func aboutPrefix(_ s: String) -> (topic: String, rest: String)? {
        var t = Substring(s)
        if isBulletStart(s) { t = t.dropFirst(2) }
        guard t.hasPrefix("Về "), let colon = t.firstIndex(of: ":"), t.distance(from: t.startIndex, to: colon) <= 40 else { return nil }
        return (String(t[t.index(t.startIndex, offsetBy: 3)..<colon]), String(t[t.index(after: colon)...]).trimmingCharacters(in: .whitespaces))
    }

    // MARK: - Clauses

    /// A unit cut at ';' and at '. ' before a capital (a new sentence); bullets, "Về …:" and
    /// footnote marks removed, whitespace folded.
    static func clauses(_ text: String, line: Int, lineStarts: [(Int, Int)]) -> [(text: String, line: Int, continuesSentence: Bool)] {
        let chars = Array(text)
        var out: [(String, Int, Bool)] = []
        var start = 0
        var afterSemicolon = false
        func emit(_ end: Int) {
            let raw = String(chars[start..<end])
            let cleaned = clean(raw)
            // The line where the sentence's first word is, not the space before it (which ends
            // the line above when two lines were joined).
            var first = start
            while first < end, chars[first] == " " { first += 1 }
            let l = lineStarts.last(where: { $0.0 <= first })?.1 ?? line
            if !cleaned.isEmpty { out.append((cleaned, l, afterSemicolon)) }
        }
        // "…", or the last of "...".
        func endsEllipsis(_ i: Int) -> Bool { chars[i] == "…" || (chars[i] == "." && i >= 2 && chars[i - 1] == "." && chars[i - 2] == ".") }
        var i = 0
        while i < chars.count {
            if chars[i] == ";" {
                emit(i); start = i + 1; afterSemicolon = true
            } else if chars[i] == ".", i + 2 < chars.count, chars[i + 1] == " ", i > 0, chars[i - 1] != ".",
                      chars[i + 2].isUppercase || startsWithPercent(chars, i + 2), !Self.endsWithAbbreviation(chars, i) {
                // A new sentence: a capital, or a value that opens it ("…8,5%. 100% bộ, ngành …").
                emit(i); start = i + 1; afterSemicolon = false
            } else if endsEllipsis(i), i + 2 < chars.count, chars[i + 1] == " ", chars[i + 2].isLowercase,
                      i - (chars[i] == "…" ? 1 : 3) >= 0, chars[i - (chars[i] == "…" ? 1 : 3)].isLetter,
                      Self.itemStarters.contains(where: { Fold.fold(String(chars[(i + 2)..<min(chars.count, i + 14)])).hasPrefix($0) }) {
                // "… tác nghiệp… phấn đấu đến năm 2023, …": an ellipsis, then a new goal ends a
                // list's item, as a ';' would; the year after it is the next item's. (Not "sản
                // phẩm OCOP,... của tỉnh": an "and so on" inside an item.)
                emit(i + 1); start = i + 1; afterSemicolon = true
            } else if endsEllipsis(i), i + 2 < chars.count, chars[i + 1] == " ", chars[i + 2].isUppercase {
                // An ellipsis then a capital ends a sentence too ("… mặt hàng chủ lực của tỉnh… Đến
                // năm 2030, …"): the year after it is the next sentence's.
                emit(i + 1); start = i + 1; afterSemicolon = false
            }
            i += 1
        }
        emit(chars.count)
        return out
    }

    /// Titles and places written short with a full stop ("TP. Đà Nẵng", "PGS.TS. Trần …", "Q.
    /// 1"): no sentence ends there.
    static let abbreviations: Set<String> = ["TP", "Tp", "tp", "TX", "TT", "TS", "PGS", "GS", "ThS", "KS", "BS", "Q", "P", "X", "H"]

    static func endsWithAbbreviation(_ c: [Character], _ dot: Int) -> Bool {
        var k = dot
        while k > 0, c[k - 1].isLetter { k -= 1 }
        return abbreviations.contains(String(c[k..<dot])) && (k == 0 || !c[k - 1].isLetter)
    }

    /// Words that open a new goal after an ellipsis.
    static let itemStarters = ["phan dau", "den nam", "den het", "hoan thanh", "muc tieu"]

    /// Digits then "%" at `i` ("100% …").
    static func startsWithPercent(_ c: [Character], _ i: Int) -> Bool {
        var k = i
        while k < c.count, c[k].isASCII, c[k].isNumber || c[k] == "," { k += 1 }
        return k > i && k < c.count && c[k] == "%"
    }

    static let footnoteMarks: Set<Character> = ["¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"]

    static func clean(_ s: String) -> String {
        var t = s.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        t.removeAll { footnoteMarks.contains($0) }
        if isBulletStart(t) { t = String(t.dropFirst(2)) }
        while let l = t.last, ".;,: ".contains(l) { t.removeLast() }
        return t.trimmingCharacters(in: .whitespaces)
    }

    // MARK: - Years

    /// Target years a text names: "đến (hết) năm 2025", "năm 2025", "đến 2030", "giai đoạn
    /// 2026-2030" (its end).
    static func years(in s: String) -> [Int] { yearMentions(Array(Fold.fold(s))).map(\.year) }

    /// Whether a sentence sets a deadline in the year it was written: "từ nay đến cuối năm",
    /// "trong năm nay", "cuối năm nay" (not "cuối năm 2025", which names its year).
    static func namesThisYear(_ f: String) -> Bool {
        f.range(of: #"(tu nay den cuoi nam|den cuoi nam nay|trong nam nay|cuoi nam nay)(?! ?20\d\d)"#, options: .regularExpression) != nil
    }

    /// Target years outside any parenthesis.
    static func openYears(in s: String) -> [Int] {
        let f = Array(Fold.fold(s))
        let depth = TargetPhrase.parenthesisDepths(f)
        return yearMentions(f).filter { depth[$0.at] == 0 }.map(\.year)
    }

    /// Target years and where they are, in `f` (one folded character per character of the
    /// clause): "đến năm 2025" at the offset of its "2025".
    static func yearMentions(_ f: [Character]) -> [(year: Int, at: Int)] {
        func digit(_ c: Character) -> Bool { c.isASCII && c.isNumber }
        var out: [(Int, Int)] = []
        var i = 0
        while i + 4 <= f.count {
            if f[i] == "2", f[i + 1] == "0", digit(f[i + 2]), digit(f[i + 3]), i + 4 == f.count || !digit(f[i + 4]), i == 0 || !digit(f[i - 1]) {
                let before = String(f[max(0, i - 24)..<i])
                // "ngày 31 tháng 07 năm 2023" is a date, not a target year.
                // ("trong tháng 5 năm 2023", "đến tháng 12 năm 2025": a deadline's year.)
                let isDate = before.range(of: #"thang \d{1,2} nam $"#, options: .regularExpression) != nil
                    && before.range(of: #"(den|trong|vao) (het |cuoi )?thang \d{1,2} nam $"#, options: .regularExpression) == nil
                    // "Kế hoạch 419/KH-UBND năm 2024": the year a document was issued.
                    || before.range(of: #"\d+/[a-z0-9-]+ nam $"#, options: .regularExpression) != nil
                    // ("sản phẩm OCOP công nhận năm 2020 tham gia đánh giá, phân hạng lại năm 2023":
                    // the year the things counted were recognised, founded or issued.)
                    || before.hasSuffix("cong nhan nam ") || before.hasSuffix("thanh lap nam ") || before.hasSuffix("ban hanh nam ")
                    // ("nâng tỷ lệ … từ 40% năm 2020 lên 80%": the base's year.)
                    || before.hasSuffix("% nam ") && before.range(of: #"\btu (tren |khoang |gan )?\d+([.,]\d+)? ?% nam $"#, options: .regularExpression) != nil
                    // ("… xuống 15‰ ở các tỉnh năm 2020 có tỷ suất tử vong sơ sinh trên 19‰": the year
                    // that says which provinces, by what they had.)
                    || before.hasSuffix(" nam ") && String(f[(i + 4)..<min(f.count, i + 8)]) == " co "
                        && before.range(of: #"\b(cac|nhung) (tinh|dia phuong|xa|huyen|nuoc|vung)( [a-z]+)? nam $"#, options: .regularExpression) != nil
                    // "so với năm 2024" is the baseline a change is measured from.
                    || before.hasSuffix("so voi nam ") || before.hasSuffix("so voi ")
                    // ("… khá cao khi so với tỷ trọng tương ứng của các ngành kinh tế năm 2021": the
                    // year of what a figure is compared with, not "… gấp 2 lần so với hiện nay vào
                    // năm 2030".)
                    || before.hasSuffix("nam ") && comparedWithYear(f, before: i)
                    // ("tăng ít nhất 1,5 lần so năm 2020", not "chuyển đổi số năm 2025".)
                    || before.range(of: #"(lan|%) so nam $"#, options: .regularExpression) != nil
                let afterRange = before.hasSuffix("-") || before.hasSuffix("- ") || before.hasSuffix("– ") || before.hasSuffix("–")
                // A headline drops "năm": "đặt mục tiêu đến 2030 kinh tế số chiếm 40%".
                let headline = before.hasSuffix("den ") || before.hasSuffix("den het ") || before.hasSuffix("vao ")
                    // ("… vẫn cách xa mục tiêu 90% vào cuối 2025", "đến cuối 2025": the year's end.)
                    || before.hasSuffix("vao cuoi ") || before.hasSuffix("den cuoi ")
                    // "đến ngày 20/12/2021", "đến tháng 12/2023": a deadline's year.
                    || before.range(of: #"den (het )?ngay \d{1,2}/\d{1,2}/$"#, options: .regularExpression) != nil
                    // ("trong tháng 5-2023" too; "Từ tháng 7/2024, …": since then.)
                    || before.range(of: #"(den|trong|vao|tu) (het |cuoi )?thang \d{1,2}[/-]$"#, options: .regularExpression) != nil
                        // ("Tính đến hết tháng 7-2020, …": the date figures are as of, no deadline.)
                        && before.range(of: #"tinh den (het |cuoi )?thang \d{1,2}[/-]$"#, options: .regularExpression) == nil
                // "giai đoạn 2021-2022 phấn đấu đạt 40%, 2023-2024 với 70%": a period in a list
                // after the first needs no "giai đoạn" (its end is a year after its start).
                let listedPeriod = afterRange && before.range(of: #"(^|, | va )20\d\d ?[-–] ?$"#, options: .regularExpression) != nil
                    && Int(before.filter(\.isNumber).suffix(4)).map { start in
                        let end = Int(String(f[i..<(i + 4)]))!
                        return start < end && end - start <= 10
                    } == true
                // ("thời kỳ 2021-2030", "nhiệm kỳ 2025-2030", "năm học 2025–2026" are periods as
                // "giai đoạn" is; so is one right after the goals it is of: "mục tiêu, nhiệm vụ, giải
                // pháp 2025–2030".)
                // ("HĐND xã … khóa XXI, nhiệm kỳ 2021 – 2026": a council's term of office, which
                // sets no target's year.)
                // ("giảm 50% thiệt hại về người … so với giai đoạn 2011-2020", "thấp hơn giai đoạn
                // 2011-2020": the period a change is measured from.)
                let comparedPeriod = afterRange && before.contains("giai doan")
                    // ("… so với trung bình giai đoạn 2006-2010": its average too.)
                    && String(f[max(0, i - 44)..<i]).range(of: #"\b(so voi|thap hon|cao hon)( (muc )?(trung binh|binh quan))? giai doan 20\d\d ?[-–] ?$"#, options: .regularExpression) != nil
                let councilTerm = afterRange && before.contains("nhiem ky")
                    && String(f[max(0, i - 60)..<i]).range(of: #"(\bkhoa [a-z0-9]+,? |hdnd|hoi dong nhan dan)[^.;]*nhiem ky 20\d\d ?[-–] ?$"#, options: .regularExpression) != nil
                // ("… mục tiêu tăng trưởng GDP cả nước 2026 từ 10% trở lên": a news page drops
                // "năm" between what is measured and the year, right before the value.)
                // (Asked only of a year no other reading takes.)
                func beforeValue() -> Bool {
                    !isDate && !afterRange && before.last == " " && before.dropLast().last?.isLetter == true
                        && String(f[(i + 4)..<min(f.count, i + 24)]).range(of: #"^ (tu|dat|la|tang|phan dau( dat)?) (tren |khoang |it nhat |toi thieu )?\d"#, options: .regularExpression) != nil
                }
                // ("… chỉ tiêu … cho 5 năm 2026-2030": "năm" before a period is the period's; its end is
                // the year.)
                let year = Int(String(f[i..<(i + 4)]))!
                let opensPeriod = before.hasSuffix("nam ")
                    && String(f[(i + 4)..<min(f.count, i + 11)]).firstMatch(of: /^ ?[-–] ?(20\d\d)/).flatMap { Int($0.output.1) }
                        .map { $0 > year && $0 - year <= 10 } == true
                let yearsPeriod = afterRange && before.range(of: #"\bnam 20\d\d ?[-–] ?$"#, options: .regularExpression) != nil
                    && Int(before.filter(\.isNumber).suffix(4)).map { year > $0 && year - $0 <= 10 } == true
                if (before.hasSuffix("nam ") && !isDate && !opensPeriod) || headline || yearsPeriod
                    || (afterRange && !councilTerm && !comparedPeriod && ["giai doan", "thoi ky", "nhiem ky", "nam hoc"].contains { before.contains($0) })
                    || (afterRange && before.range(of: #"(muc tieu|nhiem vu|giai phap|phuong huong) 20\d\d ?[-–] ?$"#, options: .regularExpression) != nil)
                    || listedPeriod || beforeValue() {
                    out.append((year, i))
                }
            }
            i += 1
        }
        return out
    }

    /// Whether the "năm" before `at` in `f` closes the words of a comparison opened in its
    /// clause: "so với" then at most 60 characters with no stop and no "vào", "đến", "tới"
    /// that would set a date of their own ("trong" is no word to stop at: "tỷ trọng" folds to it).
    /// ("so với cùng kỳ năm 2024" is left to what reads it as a change's base.)
    static func comparedWithYear(_ f: [Character], before at: Int) -> Bool {
        let window = String(f[max(0, at - 70)..<at])
        guard window.contains("so voi ") else { return false }
        // ("… so với kế hoạch đề ra đầu năm 2022 là 8,42%": the plan's year, not a base's.)
        return window.range(of: #"\bso voi (?!cung ky|ke hoach|muc tieu|chi tieu)(?:(?! (vao|den|toi|cuoi|het) )[^,;.:()])*[a-z] nam $"#, options: .regularExpression) != nil
    }

    /// The last year a sentence names that is not a vision's ("tầm nhìn đến năm 2045", "hướng
    /// tới … vào năm 2045"), when it names an earlier one too.
    static func horizonYear(_ f: String) -> Int? {
        let chars = Array(f)
        let depth = TargetPhrase.parenthesisDepths(chars)
        let mentions = yearMentions(chars).filter { depth[$0.at] == 0 }
        guard mentions.count >= 2 else { return nil }
        var plain: [Int] = []
        for (k, m) in mentions.enumerated() {
            // (The words since the year before: a vision's come between the two.)
            let from = k > 0 ? min(mentions[k - 1].at + 4, m.at) : max(0, m.at - 60)
            let between = String(chars[from..<m.at])
            // (Nor a period that starts at the year named before it: "Kế hoạch … năm 2026 … động
            // lực cho tăng trưởng giai đoạn 2026–2030" is the plan of 2026.)
            let startsAtPrevious = k > 0 && String(chars[max(0, m.at - 6)..<m.at])
                .range(of: #"\#(mentions[k - 1].year) ?[-–] ?$"#, options: .regularExpression) != nil
            // (Nor a later year a value trails, after one the sentence opened on: "… đến năm 2030,
            // tỷ lệ đô thị hóa … sẽ vượt 50%, và con số này sẽ tăng lên 70% vào năm 2050" — the
            // figure's next stage; what follows is of 2030.)
            let trailsValue = k > 0 && between.hasSuffix("vao nam ") && between.range(of: #"\d ?% vao nam $"#, options: .regularExpression) != nil
            if !between.contains("tam nhin") && !between.contains("huong toi") && !startsAtPrevious && !trailsValue { plain.append(m.year) }
        }
        return plain.count < mentions.count ? plain.last : nil
    }

    /// A date's year, folded: "ngày 01 tháng 02 năm 2024", "22/09/2023".
    /// (And a stored page's own date line, " date 2025-10-21".)
    /// (And a day with dashes after "ngày": "10:33, ngày 24-05-2023".)
    static let datePatterns = [#"ngay \d{1,2} thang \d{1,2} nam (20\d\d)"#, #"(?<![\d/])\d{1,2}/\d{1,2}/(20\d\d)(?!\d)"#, #"^ ?date (20\d\d)-\d\d"#,
                               #"\bngay \d{1,2}-\d{1,2}-(20\d\d)(?!\d)"#]
        .map { try! NSRegularExpression(pattern: $0) }

    /// The latest date in the document's head (the lines `titleYear` reads, and the first line
    /// of prose): its issue line ("ngày 01 tháng 02 năm 2024"), a page's publication or update
    /// date ("Cập nhật: 22/09/2023 09:14:00", "Thứ sáu 09/05/2025"). Dates of the texts it
    /// cites are earlier ("Nghị quyết số 13-NQ/TU ngày 06/9/2023"), so the latest is its own.
    static func issueYear(_ lines: [String]) -> Int? {
        var years: [(year: Int, clock: Bool)] = []
        for (k, line) in lines.lazy.map({ $0.trimmingCharacters(in: .whitespaces) }).filter({ !$0.isEmpty && !Self.isMenuItem($0) }).prefix(20).enumerated() {
            let f = Fold.fold(line)
            for re in Self.datePatterns {
                for m in re.matches(in: f, range: NSRange(f.startIndex..., in: f)) {
                    if let r = Range(m.range(at: 1), in: f), let y = Int(f[r]) { years.append((y, k == 0 && isBareDate(f))) }
                }
            }
            if line.split(separator: " ").count >= 15, !isCapitalsLine(line), let last = line.last, ".;:".contains(last) { break }
        }
        // A page that opens on a line holding only a date ("Thứ 5, 25/07/2024, 23:17[GMT+7]")
        // shows the site's clock, the day it was read; the article's own date comes after it
        // ("Thứ 4, 18/05/2022 | 20:33:42").
        let own = years.contains { !$0.clock } ? years.filter { !$0.clock } : years
        return own.map(\.year).max()
    }

    /// Whether `t` (trimmed) is an item of a site's menu above the article — "• An Giang", "•
    /// Bình Dương", … sixty-five of them: no title, and no place in the document's head.
    static func isMenuItem(_ t: String) -> Bool {
        guard let first = t.first, first == "•" || first == "*" else { return false }
        return t.split(separator: " ").count <= 4 && !t.contains(where: \.isNumber)
    }

    /// A field of a legal database's record of a document (folded, a bullet before it or not):
    /// "Số hiệu: …", "Tình trạng hiệu lực: …", "Thời gian duy trì hiệu lực: 2073 ngày".
    static func isRecordField(_ f: String) -> Bool {
        let t = f.drop { "•-*+ ".contains($0) }
        guard let colon = t.firstIndex(of: ":"), t.distance(from: t.startIndex, to: colon) <= 30 else { return false }
        return recordFields.contains(String(t[..<colon]).trimmingCharacters(in: .whitespaces))
    }

    /// The fields of a legal database's record of a document, folded.
    static let recordFields: Set<String> = ["so hieu", "so hieu van ban", "loai van ban", "co quan ban hanh", "noi ban hanh", "nguoi ky", "ngay ban hanh",
                                            "ngay hieu luc", "ngay co hieu luc", "tinh trang", "tinh trang hieu luc", "thoi gian duy tri hieu luc",
                                            "ngay cong bao", "so cong bao", "ngon ngu", "dinh dang van ban hien co", "linh vuc", "ngay het hieu luc"]

    /// A line of a web page's frame above an article's title: a contact line ("Hotline: …",
    /// "Email: …", "Fax: …") or a section's name of one or two words, not in capitals and with
    /// no figure ("Tài chính", "Xã hội"; an issuer's "UBND" line or a title in capitals stays).
    static func isPageChrome(_ line: String, folded f: String) -> Bool {
        if ["hotline:", "email:", "e-mail:", "fax:", "dien thoai:", "tel:"].contains(where: f.hasPrefix) { return true }
        let words = line.split(separator: " ")
        return words.count <= 2 && !line.contains { $0.isNumber } && !isCapitalsLine(line) && line.first?.isUppercase == true
            && !line.contains(":")
    }

    static let reviewPattern = try! NSRegularExpression(pattern: #"tong ket (cong tac )?(nam )?(20\d\d)\b"#)

    /// "đánh giá kết quả thực hiện nhiệm vụ phát triển kinh tế - xã hội năm 2025", "tổng kết
    /// phong trào thi đua năm 2025": a year's work assessed, in a few words.
    static let assessmentPattern = try! NSRegularExpression(pattern: #"\b(danh gia (ket qua|tinh hinh)|tong ket)[a-z ,-]{0,80}?\bnam (20\d\d)\b"#)

    /// The years `whole` (the folded text) names a review of ("Tổng kết công tác năm 2024"), and
    /// the years it assesses the work of when it also names the year after — the year it plans
    /// for ("đánh giá kết quả thực hiện nhiệm vụ … năm 2025; … mục tiêu … năm 2026").
    static func reviewedYears(in whole: String) -> Set<Int> {
        guard whole.contains("tong ket") || whole.contains("danh gia") else { return [] }
        let range = NSRange(whole.startIndex..., in: whole)
        let reviewed = reviewPattern.matches(in: whole, range: range).compactMap { year($0, group: 3, in: whole) }
        let assessed = assessmentPattern.matches(in: whole, range: range).compactMap { year($0, group: 3, in: whole) }.filter { whole.contains("nam \($0 + 1)") }
        return Set(reviewed + assessed)
    }

    static let periodPattern = try! NSRegularExpression(pattern: #"\b(giai doan|nhiem ky|thoi ky) (20\d\d) ?[-–] ?(20\d\d)\b"#)

    /// The last years of the periods folded `f` names ("giai đoạn 2016-2020" → 2020).
    static func periodEnds(in f: String) -> [Int] {
        periodPattern.matches(in: f, range: NSRange(f.startIndex..., in: f)).compactMap { year($0, group: 3, in: f) }
    }

    /// The last years of the periods `whole` names together with the period that follows
    /// ("nhiệm kỳ 2020-2025" and "nhiệm kỳ 2025-2030"), unless the text was issued before that
    /// year.
    static func endedTerms(in whole: String, issued: Int?) -> Set<Int> {
        let periods = periodPattern.matches(in: whole, range: NSRange(whole.startIndex..., in: whole)).compactMap { m -> (Int, Int, term: Bool)? in
            guard let a = year(m, group: 2, in: whole), let b = year(m, group: 3, in: whole), a < b,
                  let kind = Range(m.range(at: 1), in: whole) else { return nil }
            return (a, b, whole[kind] == "nhiem ky")
        }
        let named = periods.filter { p in p.1 <= issued ?? p.1 && periods.contains { $0.0 == p.1 } }.map { $0.1 }
        // ("Trong nhiệm kỳ qua, …" in an article on the congress of 2025-2030: the term looked
        // back on ended in the year the term named starts.)
        guard whole.contains("nhiem ky qua") || whole.contains("nhiem ky vua qua") else { return Set(named) }
        return Set(named + periods.filter { $0.term && $0.0 <= issued ?? $0.0 }.map { $0.0 })
    }

    /// A line with nothing but a date, a weekday and a time (folded): "Thứ 5, 25/07/2024",
    /// "Thứ hai 22/12/2025 09:19" (the weekdays in words too).
    static func isBareDate(_ f: String) -> Bool {
        // ("Thứ hai, Tháng mười một 25, 2024": a month in words.)
        let words = f.split { !$0.isLetter }.filter { !["thu", "chu", "nhat", "ngay", "thang", "nam", "gmt", "am", "pm",
                                                        "hai", "ba", "tu", "sau", "bay", "mot", "bon", "tam", "chin", "muoi", "gieng", "chap"].contains($0) }
        return words.isEmpty
    }

    /// The latest year a text names plainly ("nhiệm vụ năm 2023", "năm 2023 là năm …"), not as a
    /// horizon ("đến năm 2025", "tới năm 2030", "vào năm 2030"): what "năm nay" is in a text with
    /// no date.
    static func plainYear(in f: String) -> Int? {
        var best: Int? = nil
        for m in f.matches(of: /nam (20\d\d)\b/) {
            let head = f[..<m.range.lowerBound].suffix(12)
            if head.hasSuffix("den ") || head.hasSuffix("toi ") || head.hasSuffix("vao ") || head.hasSuffix("den het ") || head.hasSuffix("dinh huong ") { continue }
            if let y = Int(m.output.1), y > (best ?? 0) { best = y }
        }
        return best
    }

    /// With no date in its head, the first year of the term of office its title opens ("Đại hội
    /// đại biểu Đảng bộ xã Cao Sơn lần thứ I, nhiệm kỳ 2025-2030"): a congress sits as its term
    /// begins, so "Đến cuối năm 2024, … đạt 43,7 triệu đồng" looks back.
    static func termOpening(_ lines: [String]) -> Int? {
        guard let first = lines.lazy.map({ Fold.fold($0.trimmingCharacters(in: .whitespaces)) }).first(where: { !$0.isEmpty }),
              first.contains("nhiem ky"), let m = periodPattern.firstMatch(in: first, range: NSRange(first.startIndex..., in: first)),
              let r = Range(m.range(at: 1), in: first), first[r] == "nhiem ky" else { return nil }
        return year(m, group: 2, in: first)
    }

    /// The first target year in the document's head: its title, which may wrap over lines and
    /// sit under the issuer's lines ("ỦY BAN NHÂN DÂN", "Số: …", "KẾ HOẠCH", "CHUYỂN ĐỔI SỐ …
    /// NĂM 2025"). The head ends at the first line of prose after the first line (a sentence of
    /// 15 words or more, not in capitals, ending in ". ; :"; a long title has no full stop):
    /// "năm 2021 Tỉnh ủy ban hành Nghị quyết 08 …" in an article's first paragraph is when a
    /// resolution was issued, not the year its targets are for.
    static func titleYear(_ lines: [String]) -> Int? {
        var head: [String] = []
        for line in lines.lazy.map({ $0.trimmingCharacters(in: .whitespaces) }).filter({ !$0.isEmpty }).prefix(20) {
            if !head.isEmpty, line.split(separator: " ").count >= 15, !isCapitalsLine(line), let last = line.last, ".;:".contains(last) { break }
            head.append(line)
        }
        return years(in: head.joined(separator: " ")).first
    }
}
