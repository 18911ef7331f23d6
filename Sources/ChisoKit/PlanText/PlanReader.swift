import Foundation

/// `read plan "file.txt"`: one row per numeric target a plan document states, with the columns
/// of `Datasets/targets.csv` (`plan, indicator, year, op, lo, hi`) and `unit, text_vi, section,
/// confidence, line`, so every row can be checked against the sentence it came from.
///
/// A clause holding several targets ("90% … cấp tỉnh, 80% … cấp huyện và 60% … cấp xã") is cut
/// between them at the last comma, "và" or ';' before each one's operator words; each piece is
/// matched to the catalogue on its own, then, if nothing matches, on the whole clause (among
/// indicators with a phrase inside the piece and not already taken by another piece).
enum PlanReader {
    static let columns: [(String, DataType)] = [
        ("plan", .text), ("indicator", .text), ("year", .int), ("op", .text), ("lo", .float), ("hi", .float),
        ("unit", .text), ("text_vi", .text), ("section", .text), ("confidence", .float), ("line", .int),
    ]

    struct Row {
        var indicator: String?
        var year: Int?
        var phrase: TargetPhrase
        var clause: PlanOutline.Clause
        var confidence: Double
        /// The words of the value's own piece of the clause, folded: what makes two equal
        /// values two targets ("100% bệnh viện …, … địa chỉ số đạt 100%").
        var piece: String = ""
        /// Where the value's own piece of the clause starts (after the value before it).
        var pieceStart: Int = 0
        /// The clause folded, one character per character (shared by the clause's rows).
        var folded: [Character] = []
        /// What the row states, as one key: its year, bound and value.
        var valueKey: String { "\(year ?? 0)|\(phrase.op)|\(phrase.lo)|\(phrase.hi ?? -1)" }
    }

    /// Stops on Ctrl-C between clauses (and within a long one).
    static func read(_ doc: PlanDocument, planID: String, matcher: IndicatorMatcher) throws -> Table {
        try readExplained(doc, planID: planID, matcher: matcher).table
    }

    /// `read`, with why no target was found when none was (`whyNoTargets`, from the outline
    /// already built).
    static func readExplained(_ doc: PlanDocument, planID: String, matcher: IndicatorMatcher) throws -> (table: Table, whyEmpty: String?) {
        let outline = PlanOutline(doc)
        var rows: [Row] = []
        var sentenceReports = false, paragraphReports = false
        // (The years the report a paragraph opens on names: "Theo báo cáo “Kinh tế - xã hội các
        // địa phương ven biển giai đoạn 2011–2022” …" then "Giai đoạn 2011–2022, GRDP … tăng bình
        // quân 6,12%" — the report's own period, no new year.)
        var reportYears: Set<Int> = []
        // (The end of the period a paragraph looks back on, when it reviews one.)
        var reviewedPeriodEnd: Int? = nil
        let title = outline.clauses.first { $0.isTitle }.map { Fold.fold($0.text) } ?? ""
        var subject: String? = nil
        var previous: PlanOutline.Clause? = nil, previousFolded = ""
        // Each sentence folded once, and where the catalogue's context phrases last appear in it:
        // a clause's rest of sentence is a suffix of it (see `sentenceView`).
        // (`offset`: where the clause starts in its sentence, which joins its clauses with "; ".)
        var current: (sentence: [Character], context: IndicatorMatcher.SuffixContext, setsGoal: Bool, offset: Int)? = nil
        // Whether the paragraph opens on a sentence that sets goals ("Theo Kế hoạch, GRDP … năm
        // 2026 dự kiến đạt …"): its later sentences' shares to the hundredth and changes ("Cơ cấu
        // kinh tế … chiếm 54,13%", "… đạt 122.566,9 tỷ đồng, tăng 18,5%") are the plan's too.
        var paragraphSetsGoal = false
        // Whether the paragraph retells a plan's goals for a year now past, opening "Theo đó, đến
        // năm 2015, …" or "Cũng đến năm 2015, …" on a page dated 2017: of their year, restated.
        var retellsPlan = false
        for clause in outline.clauses {
            try Interrupt.check()
            let folded = Fold.fold(clause.text), lower = clause.text.lowercased()
            if !clause.continuesSentence || current == nil {
                let whole = Array(Fold.fold(clause.sentence))
                // ("Trong đó, GRDP quý I dự kiến tăng 9,05%; quý II tăng 11,45%; …": a sentence that
                // sets a goal in one clause sets it in each.)
                let setsGoal = !clause.reports && PlanOutline.mentionsGoal(ReportWording.withoutTargetsPassed(String(whole)))
                current = (whole, matcher.suffixContext(sentence: whole, topic: Array(String(whole) + " | " + title)), setsGoal, 0)
            }
            defer { current?.offset += clause.text.count + 2 }
            if previous.map({ $0.paragraph != clause.paragraph }) ?? true {
                paragraphSetsGoal = current?.setsGoal ?? false
                // (After a stored page's date: " date 2017-03 Theo đó, …".)
                retellsPlan = (folded.contains("theo do, ") || folded.hasPrefix("cung "))
                    && folded.range(of: #"^( ?date 20\d\d-\d\d(-\d\d)? )?(theo do, |cung )(den|toi) (het )?nam 20\d\d,"#, options: .regularExpression) != nil
            }
            func sentenceView() -> (folded: () -> String, context: Set<Int>)? {
                guard let current, !clause.sentenceRest.isEmpty, current.offset <= current.sentence.count else { return nil }
                let offset = current.offset
                return ({ String(current.sentence[offset...]) }, current.context.met(from: offset))
            }
            // A sentence that reports ("… đứng đầu … là 56,83%; tiếp đó là Bắc Giang (42,13%)")
            // reports in each of its clauses, unless one turns to a goal.
            // ("vượt xa mục tiêu là 5 máy/100 dân" speaks of a goal passed: no goal set.)
            let aims = ReportWording.withoutTargetsPassed(folded)
            let setsGoal = PlanOutline.mentionsGoal(aims)
            // (A report's figures run on past "kế hoạch" as what was measured: "21% HTX lập kế
            // hoạch tổng thể cho thương mại điện tử".)
            let turnsToGoal = setsGoal && PlanOutline.goalWords.contains { $0 != "ke hoach" && $0 != "xac dinh" && PlanOutline.mentions(aims, $0) }
            // "Theo báo cáo của UBND tỉnh, hiện nay, mạng di động … đã phủ 100% số ấp. Tỷ lệ hộ
            // gia đình có kết nối Internet cáp quang đạt 95,25%, tốc độ … 224 Mbps.": a paragraph
            // that opens on what a report says or what is now tells what is, sentence after
            // sentence, until one turns to a goal.
            let opensParagraph = previous.map { $0.paragraph != clause.paragraph } ?? true
            // ("Tính đến hết tháng 6/2023, toàn tỉnh đã có 100% … đạt 75%." then, on the next line,
            // "Tỷ lệ hồ sơ giải quyết trực tuyến … đạt 50%": the figures run on into the paragraphs
            // after, in the same section, until one names a year or a goal.)
            // (A year the clause names itself, not one its sentence's as-of date gave it.)
            // (A year of a term the text looks back on is no new year: "Trong nhiệm kỳ qua, …" then
            // "Thu nhập bình quân đầu người năm 2025 là 152 triệu đồng" in an article on the term
            // 2025-2030.)
            // (Nor, in a paragraph that reviews a period, a year of it: "… giai đoạn 2016-2020 cơ bản
            // đã đạt được các mục tiêu …. Năm 2019, tổng sản lượng thủy sản đạt 8,15 triệu tấn".)
            let namesYear = PlanOutline.openYears(in: clause.text).contains { y in
                !outline.endedTerms.contains(y) && !(paragraphReports && (reportYears.contains(y) || reviewedPeriodEnd.map { y <= $0 } == true))
            }
            let carriesOver = opensParagraph && paragraphReports && !turnsToGoal && !namesYear && !clause.inGoals
                && previous?.section == clause.section
            // "Con số này chiếm tới trên 50% số lượng điểm … đặt ra trong mục tiêu chung": a share
            // of a figure the text has named, not a target.
            let refersBack = !namesYear && !clause.continuesSentence && ReportWording.refersBack(folded)
            // ("Trong đó, GRDP quý I dự kiến tăng 9,05%; …; quý IV tăng 11,22% so với cùng kỳ": in a
            // sentence that sets goals, a comparison with the year before is the goal's change.)
            // (And the goal before the comparison, in the sentence.)
            // (Only a change, no level "đạt" — "… đạt 22,3 triệu thuê bao, tăng 7,7% so với cùng kỳ"
            // is a level reached and its change.)
            let compares = clause.reports && clause.continuesSentence && !PlanOutline.mentions(folded, "dat")
                && ReportWording.reportsOnlyByComparison(folded, lower: lower)
                && current.map { c in
                    PlanOutline.mentionsGoal(ReportWording.withoutTargetsPassed(String(c.sentence[..<min(c.offset, c.sentence.count)])))
                } == true
            // ("Dự kiến năm 2023, doanh thu bình quân của 1 hợp tác xã đạt khoảng 2,5 tỷ đồng" in a
            // text of figures "đến hết tháng 10/2023": the year under way, estimated — not in a
            // paragraph that opened on a plan: "Kế hoạch triển khai … với mục tiêu …. Đến cuối năm,
            // các nhà mạng dự kiến hoàn thành 20.000 trạm 5G".)
            let estimates = clause.year.map(outline.asOfYears.contains) == true && PlanOutline.mentions(folded, "du kien")
                && (opensParagraph || !paragraphSetsGoal)
                && !PlanOutline.mentionsGoal(folded.replacingOccurrences(of: "du kien", with: " "))
            // ("… đã đón tổng cộng hơn 4,74 triệu lượt khách du lịch. Trong đó, năm 2018, tỉnh
            // đón hơn 1,7 triệu lượt": of which — the parts of a figure reported.)
            // ("Tỷ trọng của logistics trong GDP chỉ đứng sau 4 ngành." then, on the next line, "Cụ
            // thể, tỷ trọng trong GDP của khai khoáng là 2,44%; …": the details of a report, in
            // each clause of their sentence.)
            let detailsReport = !clause.continuesSentence && sentenceReports && !setsGoal && previous?.section == clause.section
                && (folded.hasPrefix("trong do") && !opensParagraph && previous?.text.contains(where: \.isNumber) == true
                    || folded.hasPrefix("cu the,") || folded.hasPrefix("theo do,"))
            let reports = clause.reports && !compares || carriesOver || refersBack || estimates
                || clause.continuesSentence && sentenceReports && !setsGoal
                || detailsReport
                || !opensParagraph && paragraphReports && !turnsToGoal && !namesYear
            if opensParagraph {
                paragraphReports = carriesOver || reports && ReportWording.opensAReport(folded)
                reportYears = paragraphReports && !carriesOver ? Set(PlanOutline.openYears(in: clause.text)) : []
            }
            // "Nhiệm kỳ 2020-2025, … thu ngân sách đạt và vượt chỉ tiêu đề ra", "… những kết quả đạt
            // được trong nhiệm kỳ qua.": from a sentence that reports on a term just ended, the
            // paragraph's figures (and the paragraphs' after it) are the term's.
            if opensParagraph { reviewedPeriodEnd = nil }
            if reports, !paragraphReports, ReportWording.reviewsTerm(folded, ended: outline.endedTerms) {
                paragraphReports = true
                reviewedPeriodEnd = PlanOutline.periodEnds(in: folded).max()
            }
            // Only a report of standing or of what was reached runs on ("tăng gấp đôi … so với
            // năm 2024; đầu tư thêm 2-4 tuyến cáp" sets a target after a comparison).
            let reportFolded = ReportWording.withoutLand(folded, lower: lower)
            sentenceReports = reports && (detailsReport || ReportWording.mentionsAccented(lower)
                || ReportWording.carried.contains { PlanOutline.mentions(reportFolded, $0) } || sentenceReports && clause.continuesSentence)
            // "Số thuê bao băng rộng cố định đạt 22,3 triệu … Mục tiêu đến tháng 12/2023 đạt 25 thuê
            // bao/100 dân": a sentence that states only a value is about what the sentence before
            // it in the paragraph measured, reported or not.
            let before = previous.flatMap { $0.paragraph == clause.paragraph ? previousFolded : nil }
            defer { previous = clause; previousFolded = folded }
            // "… đã đạt 86,97% (vượt mục tiêu ít nhất 80% đến năm 2025)", "… chỉ đạt 45,8%, trong
            // khi mục tiêu đề ra là 50%": a report's figure beside the target it is measured
            // against. The target is a row, of the year it names (or its clause's), at 0.3 at
            // most: restated here, set elsewhere.
            if reports {
                rows += try self.rows(clause, matcher: matcher, title: title, restatedOnly: true, sentenceView: sentenceView())
                continue
            }
            let found = try self.rows(clause, matcher: matcher, issueYear: outline.issueYear, reviewedYears: outline.reviewedYears,
                                      carriedSubject: clause.continuesSentence ? subject : nil, sentenceBefore: before, title: title,
                                      sentenceView: sentenceView(), contextGoal: current?.setsGoal == true || paragraphSetsGoal, retellsPlan: retellsPlan)
            // "Tỷ lệ hồ sơ công việc … cấp tỉnh đạt 90%; cấp huyện đạt 80%; cấp xã đạt 60%": the
            // subject of a sentence's first value holds for the clauses after it that name
            // only another level.
            if !clause.continuesSentence { subject = nil }
            if let first = found.first, first.indicator != nil, let s = subjectOf(clause, before: first.phrase.start) { subject = s }
            rows += found
        }
        yearsOfYearless(&rows, outline)
        columnYears(&rows, outline)
        // A news article's title restates a target its text gives again ("… đạt 20%" above
        // "tỉ trọng kinh tế số của tỉnh đạt 20% GDP"): the text's row stands, the title's goes.
        // "100%" is the commonest value of all: a title's 100% restates a body row only if the
        // words after it are the same too ("100% dịch bệnh …" is not "100% cơ quan …").
        func stated(_ r: Row) -> String {
            let value = "\(r.year ?? 0)|\(r.phrase.lo)|\(r.phrase.hi ?? -1)"
            guard r.phrase.lo == 100 else { return value }
            let after = Fold.fold(String(r.clause.text.dropFirst(r.phrase.end))).split(separator: " ").prefix(2).joined(separator: " ")
            return value + "|" + after
        }
        let bodyValues = Set(rows.filter { !$0.clause.isTitle }.map(stated))
        // So does a heading of a few words with a value ("Độ phủ mạng viễn thông đạt 99%" above
        // "… độ phủ mạng viễn thông nói chung được đặt mục tiêu đạt 99% trên toàn quốc"), and a
        // title with no year restates the body's value of a year ("Vũ Thư phấn đấu 55% dân số
        // trở lên có điện thoại thông minh" above "Năm 2022, … đạt 55% trở lên"): when they share
        // words of what is measured (for 100%: the heading's subject is what the body's value
        // is of — "Độ phủ mạng băng rộng cố định đạt 100%", "đạt 100% độ phủ mạng băng rộng cố
        // định").
        var clausesIn: [Int: Int] = [:]
        for c in outline.clauses { clausesIn[c.paragraph, default: 0] += 1 }
        // (A heading: a line of ten words at most, alone in its paragraph, outside a goals list,
        // with no full stop and no colon — "Số thuê bao …/100 dân: 90%" is a list's item.)
        func isHeading(_ r: Row) -> Bool {
            guard !r.clause.isTitle, !r.clause.inGoals, clausesIn[r.clause.paragraph] == 1, !r.clause.text.contains(":"),
                  let last = r.clause.text.last, !".;".contains(last) else { return false }
            return r.clause.text.split(separator: " ").count <= 10
        }
        // So does a photo's caption ("Đến năm 2025, hạ tầng mạng băng rộng ở Hà Nội phủ trên 80%
        // hộ gia đình. Ảnh minh họa: TTXVN"): a paragraph that ends on the photo's credit.
        // (Or that comes right under the image: "![]() |" then "Đến năm 2030, 80% … |".)
        func underImage(_ c: PlanOutline.Clause) -> Bool {
            c.line >= 2 && c.line - 2 < doc.lines.count && isImage(doc.lines[c.line - 2])
        }
        let captions = Set(outline.clauses.filter { isPhotoCredit($0.text) || underImage($0) }.map(\.paragraph))
        // (And a numbered heading of an article on goals — "2. Mục tiêu và kế hoạch phổ biến chữ ký
        // số tới 70% người trưởng thành vào năm 2030", no stop — restates the text's row of its
        // indicator, year and value, wherever it is.)
        // (Each row's line judged once.)
        let goalsHeadingLines = Set(rows.map(\.clause.line)).filter { line in
            guard line >= 1, line <= doc.lines.count else { return false }
            let raw = doc.lines[line - 1].trimmingCharacters(in: .whitespaces)
            guard let first = raw.first, first.isNumber || "IVX".contains(first), let last = raw.last, !".;:".contains(last),
                  raw.split(separator: " ").count <= 20 else { return false }
            return Fold.fold(raw).range(of: #"^(\d+|[ivx]+)\. (muc tieu|ke hoach|dinh huong)\b"#, options: .regularExpression) != nil
        }
        func isGoalsHeading(_ r: Row) -> Bool { r.indicator != nil && goalsHeadingLines.contains(r.clause.line) }
        let body = rows.filter { !$0.clause.isTitle && !isHeading($0) && !captions.contains($0.clause.paragraph) && !isGoalsHeading($0) }
        // (The lines and values that gave rows, for a title's headline: built only if a title has a row.)
        lazy var valuesRead = Set(rows.map { "\($0.clause.line)|\($0.phrase.lo)" })
        rows = rows.filter { h in
            if isGoalsHeading(h), body.contains(where: { $0.indicator == h.indicator && $0.valueKey == h.valueKey }) { return false }
            let caption = captions.contains(h.clause.paragraph)
            guard h.clause.isTitle || isHeading(h) || caption else { return true }
            if h.clause.isTitle, bodyValues.contains(stated(h)) { return false }
            // ("… nâng tỷ lệ lao động qua đào tạo lên 40% vào năm 2030" above "… lên 35-40% vào năm
            // 2030": a bound of the body's range of the same year, in its words.)
            if h.clause.isTitle, h.phrase.hi == nil, body.contains(where: { b in
                // (Or of a title with no year: "Cà phê Việt Nam đặt mục tiêu xuất khẩu đạt 6 tỷ USD" above
                // "… đến năm 2030, … kim ngạch xuất khẩu dự kiến khoảng 5-6 tỷ USD".)
                b.phrase.hi != nil && (b.year == h.year || h.year == nil) && b.phrase.unit == h.phrase.unit && (b.phrase.hi == h.phrase.lo || b.phrase.lo == h.phrase.lo)
                    && Set(contentWords(String(b.folded))).intersection(contentWords(String(h.folded))).count >= 3
            }) { return false }
            if h.clause.isTitle, roundsAMeasurement(h, in: outline.clauses, targets: Set(body.map(\.phrase.lo))) { return false }
            if h.clause.isTitle, headlinesAReport(h, outline.clauses, read: valuesRead) { return false }
            // (A heading's body is the paragraph right after it; a title's or a caption's, any of the text.)
            // (A heading that names no year may restate the text above it too: "Tỷ lệ đô thị hóa trên
            // 45%" under "… đến năm 2030, tỷ lệ đô thị hóa của tỉnh sẽ vượt 45%".)
            let restatesAbove = isHeading(h) && h.clause.ownYear == nil
            return !body.contains { b in
                (h.clause.isTitle || caption || b.clause.paragraph == h.clause.paragraph + 1 || restatesAbove && b.clause.paragraph < h.clause.paragraph)
                    && restates(h, b)
            }
        }
        // The same target stated twice (a goals list and its appendix table, or one sentence
        // twice) is one row: the first. Two sentences of the text body with equal values are two
        // targets ("the nation's 20% by 2025 … the province's 20% by 2025").
        var anywhere = Set<String>(), inAppendix = Set<String>(), samePiece = Set<String>(), sameSubject = Set<String>()
        // (By key: a row is compared only with the rows of its own value, not with every row before.)
        var namedAfter: [String: [(words: Set<String>, paragraph: Int)]] = [:], threeAfter = namedAfter
        var namedBefore: [String: [(paragraph: Int, folded: [Character], start: Int, pieceStart: Int)]] = [:], valueEndings = namedBefore
        func alike(_ a: Set<String>, _ b: Set<String>) -> Bool { Double(a.intersection(b).count) / Double(a.union(b).count) >= 0.75 }
        // (The words before a value are only read when another paragraph has the same value: a
        // clause of thousands of values asks for none.)
        func before(_ f: [Character], _ start: Int, _ pieceStart: Int) -> Set<String>? {
            wordsBefore(f, start: start, pieceStart: pieceStart).flatMap { $0.count >= 4 ? $0 : nil }
        }
        rows = rows.filter { r in
            let value = [r.valueKey]
            let key = ([r.indicator ?? "piece:" + r.piece] + value).joined(separator: "\u{1}")
            defer { anywhere.insert(key) }
            if r.clause.section.hasPrefix("Phụ lục") {
                return inAppendix.insert(key).inserted && !anywhere.contains(key)
            }
            // A value stated again about the same thing, in other words around it ("Mục tiêu
            // năm 2025 giải quyết thủ tục … trên môi trường số đạt 80%" and "(2) Phải thực hiện
            // giải quyết thủ tục … trên môi trường số đạt 80% trong năm 2025"): one target, even
            // as two items of a goals list.
            let subject = r.year == nil ? nil : subjectKey(r)
            if let subject, !sameSubject.insert(([r.indicator ?? "", subject] + value).joined(separator: "\u{1}")).inserted {
                return false
            }
            // A value that ends its clause, of nothing the catalogue names, said again in another
            // paragraph in more words ("đặt mục tiêu tăng trưởng GRDP từ 11% trở lên" in a lead,
            // "trong đó tốc độ tăng trưởng GRDP ước đạt từ 11% trở lên" in the body): one target,
            // when all the fewer words before one are among the other's.
            // (Its words before are read only when another paragraph ended a clause on the same value.)
            lazy var after = wordsAfter(r)
            if r.indicator == nil, r.year != nil, after?.isEmpty == true {
                let k = value[0] + "|" + r.phrase.unit, p = r.clause.paragraph
                func fewerAmongMore(_ a: Set<String>, _ b: Set<String>) -> Bool { a.count >= 2 && b.count >= 2 && (a.isSubset(of: b) || b.isSubset(of: a)) }
                let earlier = valueEndings[k, default: []].filter { $0.paragraph != p }
                if !earlier.isEmpty, let words = wordsBefore(r.folded, start: r.phrase.start, pieceStart: r.pieceStart),
                   earlier.contains(where: { e in wordsBefore(e.folded, start: e.start, pieceStart: e.pieceStart).map { fewerAmongMore($0, words) } == true }) {
                    return false
                }
                valueEndings[k, default: []].append((p, r.folded, r.phrase.start, r.pieceStart))
            }
            // A value that opens its words ("với mục tiêu có 70% dân số trưởng thành mua sắm trực
            // tuyến" in a lead, "Trong giai đoạn 2026-2030, 70% dân số trưởng thành tham gia mua
            // sắm trực tuyến" in the body): the same thing if most of the words after it are.
            let k = ([r.indicator ?? ""] + value).joined(separator: "\u{1}")
            // (A row with a subject of its own is looked up by it, above, but its words after stay for
            // a later one with none: "Đến năm 2030, Hà Nội đặt mục tiêu 100% người sử dụng …" in a
            // lead, "Phấn đấu đến năm 2030, 100% người sử dụng …" in the body.)
            // (A rank is its group's, the words after it, whatever says it before: "Việt Nam hướng
            // đến lọt top 30 quốc gia có năng lực cạnh tranh du lịch hàng đầu", "Việt Nam thuộc nhóm
            // 30 quốc gia có năng lực cạnh tranh du lịch hàng đầu thế giới".)
            // (Three words after it, the same ones, in another paragraph: "… trung bình mỗi người dân
            // sẽ đọc 4 cuốn sách mỗi năm" in a lead, "… mỗi người dân VN trung bình đọc 4 cuốn sách
            // mỗi năm" in the body.)
            if r.year != nil, let after, after.count == 3 {
                if threeAfter[k, default: []].contains(where: { $0.words == after && $0.paragraph != r.clause.paragraph }) { return false }
                threeAfter[k, default: []].append((after, r.clause.paragraph))
            }
            if r.year != nil, let after, after.count >= 4 {
                if subject == nil || r.phrase.unit == "rank", namedAfter[k, default: []].contains(where: { alike($0.words, after) })
                    || namedBefore[k, default: []].contains(where: {
                        $0.paragraph != r.clause.paragraph && before($0.folded, $0.start, $0.pieceStart).map { alike($0, after) } == true
                    }) {
                    return false
                }
                namedAfter[k, default: []].append((after, r.clause.paragraph))
            }
            // (Or the same words before it, as the body puts them: "ít nhất 80% người dân, doanh
            // nghiệp dùng dịch vụ công trực tuyến" in a lead, "tỷ lệ người dân và doanh nghiệp sử
            // dụng dịch vụ công trực tuyến đạt từ 80% trở lên" in the body — in another paragraph:
            // "100% thôn, bản được phủ sóng di động và 100% hộ gia đình …" are two.)
            if r.year != nil {
                let p = r.clause.paragraph
                if namedAfter[k, default: []].contains(where: { $0.paragraph != p }), let words = before(r.folded, r.phrase.start, r.pieceStart),
                   namedAfter[k, default: []].contains(where: { $0.paragraph != p && alike($0.words, words) }) { return false }
                namedBefore[k, default: []].append((p, r.folded, r.phrase.start, r.pieceStart))
            }
            // In the body: the same value in the same words again ("Mục tiêu đến năm 2025, tỷ
            // trọng kinh tế số đạt 20% GDP" in the lead and in the list) is one target.
            return samePiece.insert(key + "\u{1}" + r.piece).inserted && !inAppendix.contains(key)
        }
        rows = restatementsDropped(restatedFigures(restatedRuns(rows)))
        var out = TableBuilder(columns)
        for r in rows {
            out.append([.text(planID), r.indicator.map(Value.text) ?? .null, r.year.map { .int(Int64($0)) } ?? .null,
                        .text(r.phrase.op), .float(r.phrase.lo), r.phrase.hi.map(Value.float) ?? .null, .text(r.phrase.unit),
                        .text(r.clause.text), .text(r.clause.section), .float((r.confidence * 100).rounded() / 100), .int(Int64(r.clause.line))])
        }
        return (out.table(origin: doc.name), rows.isEmpty ? whyNoTargets(outline) : nil)
    }

    /// Why `read` found no target in a document, for the notice that says so: the text states no
    /// figure (a heading, a preamble), never speaks of a goal (its figures are results), or gives
    /// each figure as something other than a target.
    static func whyNoTargets(_ outline: PlanOutline) -> String {
        if !outline.clauses.contains(where: { !TargetPhrase.all(in: $0.text).isEmpty }) {
            return "the text states no figure a target could have"
        }
        if outline.clauses.allSatisfy(\.inResults) { return "the text never speaks of a goal, so its figures read as results" }
        return "each figure reads as a result, an estimate, a budget or a measure of what is (Datasets/CODEBOOK.md)"
    }

    /// Where the words before `start` begin: after the last of `breaks` within 200 characters
    /// (the 200 characters back when there is none, the text's start when it is nearer).
    static func labelStart(_ f: [Character], before start: Int, breaks: String) -> Int {
        let from = max(0, start - 200)
        return f[from..<start].lastIndex(where: { breaks.contains($0) }).map { $0 + 1 } ?? from
    }

    /// `phrases` without the shares that define a group another value counts: a percent in the
    /// words of one that counts units ("80% ngân hàng có … vượt 30%": nothing but words between,
    /// no ',', ';', '(', "và" or "với"), and a percent in the label of a rate stated after "là" ("Tỷ lệ
    /// cơ quan tăng doanh thu tối thiểu 20% … là 50%").
    static func withoutThresholds(_ phrases: [TargetPhrase], _ f: [Character]) -> [TargetPhrase] {
        guard phrases.count > 1 else { return phrases }
        var drop = Set<Int>()
        for k in phrases.indices.dropFirst() {
            let a = phrases[k - 1], b = phrases[k]
            guard a.unit == "percent", a.hi == nil, a.end <= b.start else { continue }
            let between = String(f[a.end..<b.start])
            // "100% các khu công nghiệp, cụm công nghiệp có tối thiểu 1 trạm phát sóng 5G": one of
            // a thing each member has is what makes it counted, not a target of its own.
            if b.unit == "count", b.lo == 1, b.hi == nil, !between.contains(";"), between.count <= 120,
               between.hasSuffix(" co ") || between.hasSuffix(" co toi thieu ") || between.hasSuffix(" co it nhat ") {
                drop.insert(k)
                continue
            }
            guard b.unit == "percent" else { continue }
            // "nâng tỷ lệ … từ 40% lên 80%", "giảm tổn thất … từ trên 20% hiện nay xuống dưới 10%":
            // a level from its base — the base is no target.
            // (The few characters before it, not the whole clause: a clause of thousands of values
            // asks for each pair.)
            if (" " + String(f[max(0, a.start - 4)..<a.start])).hasSuffix(" tu "),
               between.range(of: #"^ (hien nay |nam 20\d\d )?(len|xuong)( con| muc)? $"#, options: .regularExpression) != nil {
                drop.insert(k - 1)
                continue
            }
            // ("… 80% người dân sẽ có tài khoản … với tỷ lệ thanh toán … đạt 50%": "với" brings a
            // target of its own.)
            guard !between.contains(where: { ",;()".contains($0) }), !(" " + between + " ").contains(" va "), !(" " + between + " ").contains(" voi "),
                  between.first == " ", between.dropFirst().first?.isLetter == true else { continue }
            // (The first counts units: a noun right after its "%" — not "đạt 50% vào năm 2025 và
            // …", where a year follows.)
            let word = between.split(separator: " ").first.map(String.init) ?? ""
            if ["vao", "trong", "den", "nam", "tro", "tai", "o", "cua", "so", "tren"].contains(word) {
                // "Tỷ lệ … tối thiểu 20% vào năm 2030 là 50%": the first is the label's.
                if between.hasSuffix(" la "), String(f[..<a.start]).contains("ty le") { drop.insert(k - 1) }
                continue
            }
            drop.insert(k)
        }
        return phrases.enumerated().filter { !drop.contains($0.offset) }.map(\.element)
    }

    /// `phrases` without an amount converted into another currency in parentheses right after
    /// it: "GRDP bình quân đầu người đạt 8.500 USD (khoảng 216 triệu đồng)" is one target; nor a
    /// measure's equivalent share after it.
    static func withoutConversions(_ phrases: [TargetPhrase], _ f: [Character]) -> [TargetPhrase] {
        func currency(_ unit: String) -> String? { unit.hasSuffix("usd") ? "usd" : unit.hasSuffix("vnd") ? "vnd" : nil }
        // (A phrase ends before its unit's words: between them, "usd (khoang ".)
        return phrases.enumerated().filter { k, b in
            // ("… đạt 2.270 MW vào năm 2030, tương đương 1,5% tổng công suất": a measure restated as
            // a share — not a count's, "68.457 trạm 5G, tương đương 57,5% số trạm 4G", a target of
            // its own.)
            if k > 0, b.unit == "percent", TargetPhrase.physicalUnits.contains(phrases[k - 1].unit), phrases[k - 1].end <= b.start,
               String(f[phrases[k - 1].end..<b.start]).range(of: #"^[^;.%]{0,30}, tuong duong (voi )?(khoang )?$"#, options: .regularExpression) != nil {
                return false
            }
            guard k > 0, let to = currency(b.unit) else { return true }
            let a = phrases[k - 1]
            guard let from = currency(a.unit), from != to, a.end <= b.start else { return true }
            // ("1,7-1,8 triệu tỷ đồng (tương đương 77-80 tỷ USD)": millions of billions too.)
            return String(f[a.end..<b.start]).range(of: #"^ ?((nghin |trieu )?(trieu |ty |ti )?(usd|dong|vnd))? ?\( ?(khoang |tuong duong |gan |hon |tren |~)?$"#, options: .regularExpression) == nil
        }.map(\.element)
    }

    /// A photo's credit, the last words of its caption: "Ảnh: ITN", "Ảnh minh họa: TTXVN",
    /// "Ảnh minh họa." (a few words at most).
    /// (Or in parentheses at the caption's end: "Đến 2025, 80% người từ 15 tuổi trở lên có tài
    /// khoản ngân hàng (Ảnh minh họa)".)
    static func isPhotoCredit(_ s: String) -> Bool {
        let t = s.trimmingCharacters(in: .whitespaces)
        if t.hasSuffix(")"), t.range(of: #"\((Ảnh|Nguồn ảnh)( minh (họa|hoạ))?\s*(:[^()]{0,40})?\)$"#, options: .regularExpression) != nil { return true }
        return t.split(separator: " ").count <= 8
            && t.range(of: #"^(Ảnh|Nguồn ảnh)( minh (họa|hoạ))?\s*(:|\.|$)"#, options: .regularExpression) != nil
    }

    /// An image's line on a stored page: "![]() |", "![ảnh](…)", "nguoi-dan-quet-ma-qr.jpg".
    static func isImage(_ line: String) -> Bool {
        let t = line.trimmingCharacters(in: .whitespaces).lowercased()
        return t.hasPrefix("![") || t.range(of: #"^\S+\.(jpg|jpeg|png|webp|gif)$"#, options: .regularExpression) != nil
    }

    /// Whether a title's share with no year, "hơn 85%" or "khoảng 85%", rounds a figure of the
    /// text that is no target ("Chuyển đổi số mạnh mẽ, hơn 85% hồ sơ được nộp qua mạng" above
    /// "… chiếm 85,10% tổng số hồ sơ"): a headline's figure of what was done.
    /// (A count rounds to its last digit but zeros: "Hơn 7.600 sản phẩm OCOP lên sàn" above "…
    /// có 7.637 sản phẩm OCOP đã mở gian hàng".)
    static func roundsAMeasurement(_ h: Row, in clauses: [PlanOutline.Clause], targets: Set<Double>) -> Bool {
        guard h.year == nil, h.phrase.unit == "percent" || h.phrase.unit == "count", h.phrase.hi == nil, h.phrase.op == ">" || h.phrase.op == "~" else { return false }
        let v = h.phrase.lo
        var step = 1.0
        if h.phrase.unit == "count" {
            while v >= step * 10, (v / (step * 10)).rounded() == v / (step * 10) { step *= 10 }
            guard step >= 10 else { return false }
        }
        let below = h.phrase.op == "~" ? v - step : v
        return clauses.contains { c in
            !c.isTitle && TargetPhrase.all(in: c.text).contains { p in
                p.unit == h.phrase.unit && p.hi == nil && (p.lo / step).rounded() != p.lo / step && p.lo > below && p.lo < v + step && !targets.contains(p.lo)
            }
        }
    }

    /// Whether a title's value is one a clause of the text gives as no target (a report's
    /// figure), in two of the same words ("Tỷ lệ hộ nghèo của xã Khun Há giảm bình quân 6,7%/năm"
    /// above "Nhiệm kỳ 2020-2025, … tỷ lệ hộ nghèo giảm bình quân 6,7%/năm"): a headline of what was
    /// done. (Not a sentence that speaks of a goal anywhere: "3 mục tiêu: …; (2) Phải thực hiện …
    /// đạt 80% trong năm 2025".) `read`: the lines and values that gave rows.
    static func headlinesAReport(_ h: Row, _ clauses: [PlanOutline.Clause], read: Set<String>) -> Bool {
        let words = Set(contentWords(String(h.folded)))
        // (The words first: a clause's values are read again only where they are shared.)
        return clauses.contains { c in
            !c.isTitle && !read.contains("\(c.line)|\(h.phrase.lo)") && Set(contentWords(Fold.fold(c.text))).intersection(words).count >= 2
                && !PlanOutline.mentionsGoal(Fold.fold(c.sentence.isEmpty ? c.text : c.sentence))
                && TargetPhrase.all(in: c.text).contains { p in p.lo == h.phrase.lo && p.hi == h.phrase.hi && p.unit == h.phrase.unit }
        }
    }

    /// Whether a title or heading row `h` states again what body row `b` does (see `read`).
    static func restates(_ h: Row, _ b: Row) -> Bool {
        // (A heading that names no year of its own takes the year of the text around it, not of
        // the sentence it heads.)
        guard h.phrase.lo == b.phrase.lo, h.phrase.hi == b.phrase.hi, h.clause.ownYear == nil || h.year == b.year,
              h.clause.paragraph != b.clause.paragraph, h.phrase.start <= h.phrase.end, h.phrase.end <= h.folded.count else { return false }
        let bodyWords = Set(contentWords(String(b.folded)))
        guard h.phrase.lo == 100 else {
            let headingWords = Set(contentWords(String(h.folded[..<h.phrase.start]) + " " + String(h.folded[h.phrase.end...])))
            return headingWords.intersection(bodyWords).count >= 2
        }
        // (Only a heading that ends on its value: "Chuyển đổi số y tế: 100% dịch bệnh …" is of
        // its own thing.)
        let subject = contentWords(String(h.folded[..<h.phrase.start])).suffix(2)
        // ("Tiến tới 100% trẻ em dưới 5 tuổi được đăng ký khai sinh" above "Tỷ lệ trẻ em dưới 5
        // tuổi được đăng ký khai sinh đạt 98,5% …, phấn đấu 100% vào năm 2030": a heading whose
        // value comes first and its subject after, which the body's words hold — four of its first
        // eight, half at least.)
        if subject.count < 2 {
            let named = contentWords(String(h.folded[h.phrase.end...])).prefix(8)
            let shared = named.filter(bodyWords.contains).count
            return shared >= 4 && shared * 2 >= named.count
        }
        guard subject.count == 2, b.phrase.end <= b.folded.count else { return false }
        let of = contentWords(String(b.folded[b.phrase.end...])).prefix(8)
        let tail = contentWords(String(h.folded[h.phrase.end...])).prefix(2)
        // ("Đến năm 2030, số hóa 100% di sản" above "… mục tiêu 100% di sản được số hóa": the
        // words right after the heading's 100% are the body's, and its verb is among them.)
        if !tail.isEmpty { return of.prefix(tail.count).elementsEqual(tail) && subject.allSatisfy(bodyWords.contains) }
        return subject.allSatisfy(of.contains)
    }

    /// Words that say how a value is set or when, not what it measures: left out when two
    /// statements of one value are compared by their subject.
    static let settingWords: Set<String> = ["dat", "la", "voi", "tu", "tro", "len", "khoang", "tren", "hon", "it", "nhat", "toi", "thieu",
                                            "da", "se", "can", "phai", "muc", "tieu", "phan", "dau", "huong", "den", "vao", "nam", "trong",
                                            "cua", "tai", "o", "va", "ty", "le", "duoc", "co", "thuc", "hien", "nay", "chi", "giai", "doan",
                                            "tang", "binh", "quan"]

    /// What a value with no indicator measures, for telling a restatement from another target:
    /// the last three content words before it (from its clause's last comma, ';', ':' or '(')
    /// and the content words after it up to the next break or a word of time ("phủ sóng 5G đạt
    /// 100%" and "hướng tới phủ sóng 5G 100%" are one; "100% cơ sở giáo dục …" and "100% các
    /// trường đại học …" after a break are not compared at all). Nil when fewer than two words
    /// precede the value.
    static func subjectKey(_ r: Row) -> String? {
        let f = r.folded
        guard r.phrase.start <= r.phrase.end, r.phrase.end <= f.count else { return nil }
        let breaks: Set<Character> = [",", ";", ":", "(", ".", "!", "?"]
        // (At most 120 characters either way: a clause of thousands of values asks for each.)
        let beforeText = textBefore(f, start: r.phrase.start, from: 0, breaks: breaks)
        let tail = f[r.phrase.end..<min(f.count, r.phrase.end + 120)]
        let afterText = String(tail[..<(tail.firstIndex { breaks.contains($0) } ?? tail.endIndex)])
        let before = contentWords(beforeText).suffix(3)
        guard before.count >= 2 else { return nil }
        let time: Set<String> = ["trong", "vao", "den", "nam", "truoc", "nay", "giai"]
        let after = afterText.split { !$0.isLetter && !$0.isNumber }.map(String.init).prefix { !time.contains($0) }
        return before.joined(separator: " ") + "|" + contentWords(after.joined(separator: " ")).joined(separator: " ")
    }

    /// The words of `s` that say what a value measures: no setting word, no number.
    static func contentWords(_ s: String) -> [String] {
        s.split { !$0.isLetter && !$0.isNumber }.map(String.init).filter { w in !settingWords.contains(w) && !w.allSatisfy(\.isNumber) }
    }

    /// The content words before a value, from its clause's last ',', ';', ':' or '(' (at most
    /// 120 characters back; an abbreviation in parentheses is no break), within its own piece
    /// (not the value's before it: "100% thôn, bản được phủ sóng di động và 100% hộ gia đình …").
    static func wordsBefore(_ f: [Character], start: Int, pieceStart: Int) -> Set<String>? {
        guard start <= f.count, pieceStart <= start else { return nil }
        return Set(contentWords(textBefore(f, start: start, from: pieceStart, breaks: [",", ";", ":", "("])))
    }

    /// The text before a value back to the last of `breaks` (at most 120 characters, not before
    /// `from`), with parenthesized asides removed: an abbreviation glossed in parentheses —
    /// "tổng sản phẩm trên địa bàn (GRDP) đạt từ 7,5-8%" — is no break in the words before it.
    static func textBefore(_ f: [Character], start: Int, from: Int, breaks: Set<Character>) -> String {
        let head = ReportWording.withoutParentheses(String(f[max(from, start - 120)..<start]))
        return String(head[(head.lastIndex { breaks.contains($0) }.map { head.index(after: $0) } ?? head.startIndex)...])
    }

    /// The content words after a value, up to its clause's next ';', '.', '(', number or end,
    /// at most 120 characters on (not a comma: "100% cán bộ, công chức …" names its subject
    /// over one).
    /// (A rank's words run to a comma: its group — "30 quốc gia có năng lực cạnh tranh du lịch
    /// hàng đầu thế giới, đáp ứng …".)
    static func wordsAfter(_ r: Row) -> Set<String>? {
        let f = r.folded
        guard r.phrase.end <= f.count else { return nil }
        let tail = f[r.phrase.end..<min(f.count, r.phrase.end + 120)]
        let stops = r.phrase.unit == "rank" ? ";.(," : ";.("
        let text = String(tail[..<(tail.firstIndex { stops.contains($0) || $0.isNumber } ?? tail.endIndex)])
        return Set(contentWords(text))
    }

    /// A news article states its target again and again: in a heading, in its lead, in the
    /// plan's words ("đến năm 2030, kinh tế số chiếm tối thiểu 30% GRDP … đặt mục tiêu đưa tỷ
    /// lệ này lên 30% vào năm 2030"). Rows of one indicator with the same value are one target
    /// — for the same year, or one of them with no year (a heading's) — the first kept, whatever
    /// the operator; so is a value equal to a bound of a range of the same indicator and year
    /// ("40% GRDP vào năm 2030" beside "35-40% GRDP"). The nation's target beside the
    /// province's stays apart: "GDP" (or "toàn quốc", "cả nước") against "GRDP"; so do two
    /// items of a goals list.
    /// Years for rows that name none. A title's aim with no year ("Phường Hòa Bình phấn đấu giảm
    /// tỷ lệ hộ nghèo xuống còn 0,2%" on a page of January 2026) is of the year the text plans
    /// for: its own year, when a sentence of the text sets goals and names it ("Năm 2026, Đảng ủy
    /// phường … xác định mục tiêu …"). A target with no year in a text whose plan runs in phases to
    /// a year ("… được thực hiện theo 2 giai đoạn: Giai đoạn 2025 - 2027 và giai đoạn 2028 - 2030")
    /// is of that year.
    static func yearsOfYearless(_ rows: inout [Row], _ outline: PlanOutline) {
        if let issued = outline.issueYear, rows.contains(where: { $0.clause.isTitle && $0.year == nil }),
           outline.clauses.contains(where: { c in
               !c.isTitle && !c.reports && PlanOutline.openYears(in: c.text).contains(issued) && PlanOutline.mentionsGoal(Fold.fold(c.text))
           }) {
            for k in rows.indices where rows[k].clause.isTitle && rows[k].year == nil { rows[k].year = issued }
        }
        if let horizon = outline.phasedHorizon {
            for k in rows.indices where rows[k].year == nil && !rows[k].clause.inResults { rows[k].year = horizon }
        }
    }

    /// A table whose columns are years ("ĐẾN NĂM 2024 | ĐẾN NĂM 2030", in one line or a cell a
    /// line) over rows of values side by side ("… doanh nghiệp. 30% 100% Số lượng …", or "30%"
    /// and "100%" each a cell): the k-th of a row's adjacent values is of the k-th column's year.
    static func columnYears(_ rows: inout [Row], _ outline: PlanOutline) {
        let clauses = outline.clauses
        // (Only a clause that names a year is folded: "năm" and "20" in it, in any case.)
        func namesYear(_ c: PlanOutline.Clause) -> Bool { c.text.contains("20") && c.text.lowercased().contains("năm") }
        func cellYear(_ c: PlanOutline.Clause) -> Int? {
            guard namesYear(c), c.text.count <= 24 else { return nil }
            let f = Fold.fold(c.text)
            guard let m = f.wholeMatch(of: /(?:(?:den|vao) (?:het )?)?nam (20\d\d)/) else { return nil }
            return Int(m.output.1)
        }
        var headers: [(line: Int, years: [Int])] = []
        var k = 0
        while k < clauses.count {
            if cellYear(clauses[k]) != nil {
                var n = k
                while n < clauses.count, let _ = cellYear(clauses[n]) { n += 1 }
                let years = clauses[k..<n].compactMap(cellYear)
                if years.count >= 2, years == years.sorted() { headers.append((clauses[k].line, years)) }
                k = n
                continue
            }
            // (A header of columns names two years at least: only such a clause is folded.)
            if namesYear(clauses[k]), clauses[k].text.lowercased().components(separatedBy: "năm 20").count >= 3,
               let m = Fold.fold(clauses[k].text).firstMatch(of: /(?:(?:den|vao) (?:het )?)?nam 20\d\d(?: (?:(?:den|vao) (?:het )?)?nam 20\d\d)+/) {
                let years = String(m.output).matches(of: /20\d\d/).compactMap { Int($0.output) }
                if years == years.sorted() { headers.append((clauses[k].line, years)) }
            }
            k += 1
        }
        guard !headers.isEmpty else { return }
        // (Two values side by side: in one clause with only spaces between, or two cells that are
        // each nothing but their value, a line or two apart.)
        func bareCell(_ r: Row) -> Bool { r.phrase.start == 0 && r.phrase.end >= r.folded.count }
        func adjacent(_ a: Row, _ b: Row) -> Bool {
            if a.clause.line == b.clause.line, a.clause.text == b.clause.text, a.phrase.end <= b.phrase.start, b.phrase.start <= a.folded.count {
                return a.folded[a.phrase.end..<b.phrase.start].allSatisfy { $0 == " " }
            }
            return bareCell(a) && bareCell(b) && b.clause.line > a.clause.line && b.clause.line - a.clause.line <= 2
        }
        var i = 0
        while i < rows.count {
            var j = i + 1
            while j < rows.count, adjacent(rows[j - 1], rows[j]) { j += 1 }
            if j - i >= 2, let header = headers.last(where: { $0.line <= rows[i].clause.line }), header.years.count == j - i {
                for (n, year) in header.years.enumerated() { rows[i + n].year = year }
            }
            i = j
        }
    }

    /// `rows` without a clause's run of two or more values that an earlier paragraph's clause
    /// set in the same order, after the same words ("Mục tiêu phủ sóng 95% khu vực đô thị và 100%
    /// các xã vào cuối năm 2025" in a lead, "… dự kiến hoàn thành 20.000 trạm 5G, phủ sóng 95% khu
    /// vực trung tâm đô thị và 100% các xã trên cả nước" in the body): the same targets said
    /// again, in words too different for one value to tell.
    static func restatedRuns(_ rows: [Row]) -> [Row] {
        // (Each row's value once; the earlier runs found by their first value, not all of them
        // compared with each later one: a text of thousands of clauses stays linear.)
        let values = rows.map(\.valueKey)
        var leads: [Int: [String]] = [:]
        func lead(_ k: Int) -> [String] {
            if let l = leads[k] { return l }
            let l = Array(contentWords(String(rows[k].folded[..<min(rows[k].phrase.start, rows[k].folded.count)])).suffix(2))
            leads[k] = l
            return l
        }
        // (The rows of one clause are adjacent: `read` appends them clause by clause.)
        var runs: [[Int]] = []
        for (k, r) in rows.enumerated() {
            if let last = runs.last?.last, rows[last].clause.line == r.clause.line, rows[last].clause.text == r.clause.text { runs[runs.count - 1].append(k) } else { runs.append([k]) }
        }
        var byFirstValue: [String: [Int]] = [:]   // runs of two or more values, by their first
        var drop = Set<Int>()
        for (b, later) in runs.enumerated() {
            guard later.count >= 2 else { continue }
            for start in later.indices {
                for e in byFirstValue[values[later[start]], default: []] {
                    let earlier = runs[e]
                    guard start + earlier.count <= later.count, rows[earlier[0]].clause.paragraph != rows[later[0]].clause.paragraph else { continue }
                    let run = Array(later[start..<(start + earlier.count)])
                    if zip(run, earlier).allSatisfy({ values[$0] == values[$1] }), lead(run[0]).count == 2, lead(run[0]) == lead(earlier[0]) {
                        drop.formUnion(run)
                        break
                    }
                }
            }
            byFirstValue[values[later[0]], default: []].append(b)
        }
        return rows.enumerated().filter { !drop.contains($0.offset) }.map(\.element)
    }

    /// The units of sums of money (`million_vnd`, `billion_usd`, …).
    static let moneyUnitNames = Set(TargetPhrase.moneyUnits.map(\.unit))

    /// `rows` without a large count stated again with its bound in another sentence ("tối thiểu
    /// 5.000 kỹ sư có chuyên môn sâu về trí tuệ nhân tạo (AI)", then "… trong số 50.000 kỹ sư cần
    /// có ít nhất 5.000 nhân sự có trình độ chuyên môn sâu về AI"): a count of a thousand or more
    /// of the same year, bound and value, with three of the words after it in common, is one
    /// target (a round 100 or 10 is too common to tell). "Khoảng" is no other bound: "đón khoảng
    /// 33 triệu lượt khách du lịch" and "thu hút 33 triệu lượt khách/năm" are one.
    /// (So is a range of the same year and unit, with three of the words around it in common:
    /// "với 33 triệu lượt khách, trong đó 40–45% là khách quốc tế" and "… trong đó khách quốc tế
    /// chiếm 40–45%" — two numbers are too particular to meet by chance.)
    static func restatedFigures(_ rows: [Row]) -> [Row] {
        // (Each kept row's three-word sets after its value, by year, bound and value: a row is
        // looked up by its own, so many equal counts stay linear.)
        var seen: [String: Int] = [:]   // key + three words → the kept row that stated them
        var rangeWords: [String: [(Int, Set<String>)]] = [:]   // key → kept ranges and sums, with their words
        var kept: [Row] = []
        // (Only a figure another row states too is compared: its words are read, its sets built.)
        func key(_ r: Row) -> String { "\(r.year ?? 0)|\(r.phrase.op == "~" ? "=" : r.phrase.op)|\(r.phrase.lo)|\(r.phrase.hi ?? -1)|\(r.phrase.unit)" }
        // (A range or a sum of money is compared by the words either side of it, a count by those after.)
        func particular(_ r: Row) -> Bool { r.phrase.hi != nil || moneyUnitNames.contains(r.phrase.unit) }
        func compared(_ r: Row) -> Bool { r.indicator == nil && (particular(r) || r.phrase.unit == "count" && r.phrase.lo >= 1000) }
        var stated: [String: Int] = [:]
        for r in rows where compared(r) { stated[key(r), default: 0] += 1 }
        for r in rows {
            guard compared(r) else { kept.append(r); continue }
            let key = key(r)
            guard stated[key, default: 0] > 1 else { kept.append(r); continue }
            // (A sum of money too: "… có tổng thu từ khách du lịch đạt 9 tỉ USD, đón khoảng 33 triệu
            // lượt khách" and "… tổng thu từ khách du lịch dự kiến đạt 9 tỉ USD".)
            let aroundBoth = particular(r)
            // (A range said again is in another paragraph: "Từ 90-100% cơ sở giáo dục …; từ
            // 90-100% các trường đại học …" are two.)
            func same(_ c: PlanOutline.Clause) -> Bool { aroundBoth ? c.paragraph != r.clause.paragraph : c.text != r.clause.text }
            let end = min(r.phrase.end, r.folded.count), start = min(r.phrase.start, end)
            // (Six words either side of a range or a sum: eighteen would make eight hundred sets a row.)
            let around = aroundBoth ? contentWords(String(r.folded[end...])).prefix(6) + contentWords(String(r.folded[..<start])).suffix(6)
                : contentWords(String(r.folded[end...])).prefix(10)
            let words = Array(Set(around)).sorted()
            var triples: [String] = []
            for a in words.indices { for b in words.indices where b > a { for c in words.indices where c > b {
                triples.append(key + "|" + words[a] + " " + words[b] + " " + words[c])
            } } }
            // ("Tỷ trọng logistics/GDP đạt 5-6% là tỷ trọng khá cao …" after "… tỷ trọng đóng góp
            // của dịch vụ logistics vào GDP đạt 5-6%": a range whose few words before it are all
            // the first's, said shorter.)
            let subject = aroundBoth ? Set(contentWords(String(r.folded[..<start])).suffix(6)) : []
            let shorter = subject.count >= 2 ? rangeWords[key, default: []].first { k, w in same(kept[k].clause) && subject.isSubset(of: w) }?.0 : nil
            if let k = triples.first(where: { t in seen[t].map { same(kept[$0].clause) } ?? false }).flatMap({ seen[$0] }) ?? shorter {
                // (The figure said exactly stands for the one said "khoảng".)
                if kept[k].phrase.op == "~", r.phrase.op == "=" { kept[k].phrase.op = "=" }
                continue
            }
            for t in triples where seen[t] == nil { seen[t] = kept.count }
            if aroundBoth { rangeWords[key, default: []].append((kept.count, Set(around))) }
            kept.append(r)
        }
        return kept
    }

    static func restatementsDropped(_ rows: [Row]) -> [Row] {
        func scope(_ r: Row) -> String {
            let p = " " + r.piece + " "
            return p.contains(" gdp") && !p.contains("grdp") || p.contains("toan quoc") || p.contains("ca nuoc") ? "nation" : "local"
        }
        func value(_ r: Row) -> String { "\(r.phrase.lo)|\(r.phrase.hi ?? -1)" }
        var kept: [Row] = []
        // (The kept rows of each indicator and scope, by index: a row is compared only with its own.)
        var groups: [String: [Int]] = [:]
        for r in rows {
            guard let id = r.indicator else { kept.append(r); continue }
            let group = id + "|" + scope(r)
            let same = groups[group, default: []].lazy.map { kept[$0] }.contains { k in
                // (Two items of a plan's goals list are two targets: "Tỷ trọng kinh tế số đạt
                // 15-20%" and "Phấn đấu tỷ trọng kinh tế số đạt khoảng 20% GRDP".)
                guard k.indicator == id, scope(k) == scope(r),
                      !(k.clause.inGoals && r.clause.inGoals && k.year != nil && r.year != nil) else { return false }
                let years = k.year == r.year || k.year == nil || r.year == nil
                if years && value(k) == value(r) { return true }
                // A single value at a bound of the same year's range (or of a heading's, with no
                // year: "Để kinh tế số đạt 40% GRDP, …?" above "… chiếm 35-40% GRDP").
                guard k.year == r.year || k.year == nil || r.year == nil else { return false }
                if let hi = k.phrase.hi, r.phrase.hi == nil { return r.phrase.lo == hi || r.phrase.lo == k.phrase.lo }
                if let hi = r.phrase.hi, k.phrase.hi == nil { return k.phrase.lo == hi || k.phrase.lo == r.phrase.lo }
                return false
            }
            if same {
                // Of a heading's row with no year and the text's with one, the text's stays; of a
                // single value and a range it bounds, the range.
                if let i = groups[group, default: []].first(where: { i in
                    let k = kept[i]
                    return r.year != nil && k.year == nil && value(k) == value(r)
                        || r.phrase.hi != nil && k.phrase.hi == nil && (k.year == r.year || k.year == nil)
                }) {
                    kept[i] = r
                }
                continue
            }
            groups[group, default: []].append(kept.count)
            kept.append(r)
        }
        return kept
    }

    /// The targets of one clause, each with its indicator (or none) and a confidence.
    static func rows(_ clause: PlanOutline.Clause, matcher: IndicatorMatcher, issueYear: Int? = nil, reviewedYears: Set<Int> = [],
                     carriedSubject: String? = nil, sentenceBefore: String? = nil, title: String = "", restatedOnly: Bool = false,
                     sentenceView: (folded: () -> String, context: Set<Int>)? = nil, contextGoal: Bool = false, retellsPlan: Bool = false) throws -> [Row] {
        // What was achieved is not a target: a results part (the sentences that report are
        // left out by `read`, which sees a sentence's clauses in order) — but for the targets
        // it restates, when `restatedOnly` (see `restatedTargets`).
        // (But a plan's aim retold there — "… đề ra mục tiêu …; trong đó, xác định đến năm 2030, các
        // ngành kinh tế thuần biển … đạt khoảng 10%" under "Thực trạng …" in a page of 2023 — names a
        // year after the text's and a goal: rows at 0.3, as other targets restated are.)
        let retold = clause.inResults && !restatedOnly && clause.ownYear.map { y in issueYear.map { y > $0 } ?? false } == true
            && PlanOutline.mentionsGoal(Fold.fold(clause.text))
        guard !clause.inResults || restatedOnly || retold else { return [] }
        let chars = Array(clause.text)
        let folded = chars.map { c -> Character in Fold.fold(String(c)).first ?? c }
        let wholeFolded = String(folded)
        // (What a keyword marked '@' must find: the clause and the rest of its sentence. One
        // marked '^' names the topic: the whole sentence, its clauses before this one too, or
        // the document's title — "Cụ thể, 75% doanh nghiệp ứng dụng thương mại điện tử …; thanh
        // toán không tiền mặt đạt 85% tổng giao dịch".)
        // (`read` gives the context, found once per sentence, and the rest of the sentence, made
        // only when asked for: `sentenceView`.)
        lazy var sentence = sentenceView?.folded() ?? Fold.fold(clause.sentenceRest.isEmpty ? clause.text : clause.sentenceRest)
        let sentenceContext = sentenceView?.context ?? matcher.contextMet(in: sentence, topic: Fold.fold(clause.sentence) + " | " + title)
        let goalWords = PlanOutline.mentionsGoal(wholeFolded)
        let speaksOfGoal = clause.inGoals || goalWords || contextGoal
        // (A clause whose year is its own or its sentence's is about a goal even without goal
        // words: "Đến năm 2030, …; tăng 30% dịch vụ sáng tạo dựa trên dữ liệu".)
        let namesGoal = goalWords || clause.ownYear != nil || contextGoal
        // "Kinh tế số đang đóng góp 17% GRDP … và thành phố đặt mục tiêu đưa tỷ lệ này lên 30%":
        // the value after "đang" (now) is what is, whatever the rest of the sentence sets.
        // (One character each, as `chars`: a letter whose lower case is longer stays as it is.)
        let lowered = chars.map { c -> Character in let l = c.lowercased(); return l.count == 1 ? l.first! : c }
        // (A share to the hundredth is a measurement only of what can have been measured: not in
        // a clause whose year, from the text around it, is after the document's own — "Tỷ trọng
        // … kinh tế số trong GRDP là 10,08%" among a congress's aims for 2030.)
        let future = clause.year.map { y in issueYear.map { y > $0 } ?? false } == true
        // ("Đến năm 2030, hoàn thành … 172 tuyến quốc lộ với tổng chiều dài gần 29.800 km": a
        // clause that opens on the year it sets things for speaks of a goal.)
        let opensOnHorizon = (wholeFolded.hasPrefix("den ") || wholeFolded.hasPrefix("toi "))
            && wholeFolded.range(of: #"^(den|toi) (het )?nam 20\d\d,"#, options: .regularExpression) != nil
        // (Where that later year is named before a value, or only around the clause, "ước đạt" is
        // the plan's projection: the offset from which values are projected.)
        let projectedFrom: Int? = !future ? nil : clause.ownYear == nil ? 0
            : clause.year.flatMap { y in wholeFolded.range(of: String(y)).map { wholeFolded.distance(from: wholeFolded.startIndex, to: $0.upperBound) } }
        lazy var goalBeyondPassed = PlanOutline.mentionsGoal(ReportWording.withoutTargetsPassed(wholeFolded))
        lazy var namesEconomy = Fold.fold(clause.sentence.isEmpty ? clause.text : clause.sentence).range(of: #"\bg(r)?dp\b"#, options: .regularExpression) != nil
        // (Its own words, its sentence's or paragraph's, or a year of its own: not a goals part
        // alone — "Vận tải hành khách đạt 565,7 triệu lượt" among a page's month's figures under a
        // title "Mục tiêu …".)
        // (Whether the clause says something should be considered: asked once, not per value.)
        let considers = wholeFolded.contains("xem xet")
        var phrases = TargetPhrase.all(in: clause.text, setsGoal: namesGoal).filter {
            !isAchievedValue($0, folded, speaksOfGoal: speaksOfGoal || future || opensOnHorizon, namesGoal: namesGoal, projected: (projectedFrom ?? .max) <= $0.start,
                            setsGoalBeyondPassed: { goalBeyondPassed }, sentenceNamesEconomy: { namesEconomy })
                && !(" " + String(lowered[max(0, $0.start - 16)..<$0.start])).contains(" đang ")
                // ("Chuyên gia … cho rằng: … Chính phủ cần xem xét bổ sung công suất … cao hơn 1.200
                // MW vào năm 2030": what someone says should be considered sets no target.)
                && !(considers && String(folded[..<$0.start]).contains(" can xem xet "))
        }
        // A share that defines whom a value counts ("80% ngân hàng có tỷ trọng doanh thu từ kênh
        // số vượt 30%", "30% cơ quan tăng doanh thu tối thiểu 20% vào năm 2025", "Tỷ lệ cơ quan
        // tăng doanh thu tối thiểu 20% vào năm 2030 là 50%") is no target of its own.
        phrases = withoutConversions(withoutThresholds(phrases, folded), folded)
        // (A target restated beside a figure is read as one even where its sentence does not
        // report: "… vượt chỉ tiêu đề khi … đạt mục tiêu đã điều chỉnh (12-13 triệu lượt)".)
        let restated = restatedTargets(wholeFolded)
        func isRestated(_ p: TargetPhrase) -> Bool { restated.contains { $0.contains(p.start) } }
        if restatedOnly { phrases.removeAll { !isRestated($0) } }
        // A rank is a goal only where the text speaks of one ("phấn đấu thuộc nhóm 10 tỉnh",
        // "đến năm 2025 thuộc nhóm 15 tỉnh"); "Nhóm 5 tỉnh dẫn đầu về kinh tế số ICT …"
        // describes.
        let mentions = PlanOutline.yearMentions(folded)
        // (The clause's own words: a sentence's goal elsewhere makes no description a rank — but a
        // year the text set for the clauses after it makes a group one: "Mục tiêu đến năm 2030, …"
        // then "Chỉ số hiệu suất cạnh tranh công nghiệp (CIP) nằm trong nhóm 3 nước dẫn đầu ASEAN";
        // not a "top", which describes: "luôn nằm trong tốp 5 tỉnh", "nằm trong tốp 500 doanh nghiệp".)
        if !(clause.inGoals || goalWords) && mentions.isEmpty {
            phrases.removeAll { p in p.unit == "rank" && (clause.yearFromDocument || p.start < folded.count && folded[p.start...].starts(with: "top")) }
        }
        guard !phrases.isEmpty else { return [] }
        var pieces = self.pieces(phrases, folded)
        var base = retold ? 0.3 : clause.inGoals ? 0.9 : 0.6
        if clause.yearFromDocument { base -= 0.1 }

        // First each piece on its own, then the unmatched ones against the whole clause.
        var chosen = [[String]](repeating: [], count: pieces.count)
        // "Về kinh tế số, năm 2025 chiếm 10% GRDP, …": the lead-in names what every piece
        // measures.
        let topic = topicOf(wholeFolded)
        func words(_ r: Range<Int>) -> String {
            // (With a topic, the piece's years aside: "kinh tế số" + "năm 2025 chiếm 10%" reads
            // "kinh tế số chiếm 10%".)
            var own = String(folded[r])
            if let t = topic {
                if own.hasPrefix(t) { own = String(own.dropFirst(t.count)).trimmingCharacters(in: CharacterSet(charactersIn: ", ")) }
                own = t + " " + withoutYears(own).trimmingCharacters(in: .whitespaces)
            }
            return own
        }
        for (k, r) in pieces.enumerated() {
            let own = words(r)
            chosen[k] = matcher.matches(own, unit: phrases[k].unit, context: sentenceContext).map(\.id)
            // (Only a clause that opens on a level: inside one, "… tại cấp tỉnh đạt 90%, cấp
            // huyện …" takes its words from the clause itself, below.)
            // "…; riêng các xã tại huyện đảo là 45% số thuê bao": "riêng" (as for) keeps the
            // measure and narrows who it is of.
            // ("…; đến năm 2030, con số này sẽ phấn đấu đạt trên 70%": "this figure" is the one the
            // sentence measured.)
            // ("…; trong đó giai đoạn 2026-2030 đạt trên 8,5%/năm": "of which", a part of its
            // period, naming nothing else.)
            if k == 0, chosen[k].isEmpty, let subject = carriedSubject,
               namesOnlyLevel(folded[r]) || wholeFolded.hasPrefix("rieng ") || wholeFolded.hasPrefix("trong do ") && isElliptic(folded[r])
                // (With diacritics: "tỷ lệ đô thị hóa" folds to the letters of "tỷ lệ đó".)
                || String(lowered).range(of: #"(con số|t[ỷỉ] lệ|t[ỷỉ] trọng|chỉ tiêu) (này|đó)\b"#, options: .regularExpression) != nil {
                chosen[k] = matcher.matches(subject + " " + own, unit: phrases[k].unit, sentence: subject + " " + sentence).map(\.id)
            }
            if k == 0, pieces.count == 1, chosen[k].isEmpty, let earlier = sentenceBefore, isBareTarget(folded[r]) {
                chosen[k] = matcher.matches(earlier + " " + own, unit: phrases[k].unit, sentence: earlier + " " + sentence).map(\.id)
            }
        }
        // "90% hồ sơ công việc cấp trung ương, cấp tỉnh, 80% hồ sơ công việc cấp huyện": a value's
        // words may hold a comma of their own. When the first cut leaves the earlier piece with no
        // match and the later one with several, a later separator that gives each one is the cut.
        for k in pieces.indices.dropFirst() where chosen[k].count > 1 && chosen[k - 1].isEmpty {
            var c = pieces[k].lowerBound
            while c < phrases[k].start {
                if folded[c] == "," || folded[c] == ";" {
                    let earlier = pieces[k - 1].lowerBound..<(c + 1), later = (c + 1)..<pieces[k].upperBound
                    let a = matcher.matches(words(earlier), unit: phrases[k - 1].unit, context: sentenceContext).map(\.id)
                    let b = matcher.matches(words(later), unit: phrases[k].unit, context: sentenceContext).map(\.id)
                    if a.count == 1, b.count == 1, a != b {
                        pieces[k - 1] = earlier; pieces[k] = later; chosen[k - 1] = a; chosen[k] = b
                        break
                    }
                }
                c += 1
            }
        }
        // "Mới đây, thành phố đã triển khai đề án phát triển thanh toán không dùng tiền mặt, trong
        // đó phấn đấu đến năm 2025, có từ 90% người dân … có tài khoản giao dịch": a piece that
        // names several measures takes the one its value's own words (from the last comma before
        // it) name, when they name one — the lead-in's are the topic, not the value's.
        for k in pieces.indices where chosen[k].count > 1 {
            let r = pieces[k], start = min(max(phrases[k].start, r.lowerBound), r.upperBound)
            guard let comma = folded[r.lowerBound..<start].lastIndex(of: ",") else { continue }
            let own = matcher.matches(words((comma + 1)..<r.upperBound), unit: phrases[k].unit, context: sentenceContext).map(\.id)
            if own.count == 1, chosen[k].contains(own[0]) { chosen[k] = own }
        }
        var fromClause = [Bool](repeating: false, count: pieces.count)
        let taken = Set(chosen.flatMap { $0 })
        // The whole clause's matches depend only on the unit: found once per unit, not once per
        // unmatched value (a paragraph of thousands of values was quadratic here).
        var clauseMatches: [String: [IndicatorMatcher.Match]] = [:]
        let wholeClause = String(folded)
        for (k, r) in pieces.enumerated() where chosen[k].isEmpty {
            if k & 255 == 0 { try Interrupt.check() }
            let unit = phrases[k].unit
            if clauseMatches[unit] == nil { clauseMatches[unit] = matcher.matches(wholeClause, unit: unit, context: sentenceContext) }
            let candidates = clauseMatches[unit]!.filter { m in
                !taken.contains(m.id) && (m.spans.contains { $0.overlaps(r) } || matcher.namesPart(of: m.id, in: String(folded[r])))
            }
            if candidates.count == 1 { chosen[k] = [candidates[0].id]; fromClause[k] = true }
        }
        // A piece with no words of its own ("…15% GRDP của tỉnh, đến năm 2030 đạt 25%") says
        // the same thing for another year: it takes the previous piece's indicator.
        // ("… 80% hồ sơ công việc cấp huyện (năm 2030 đạt 90%) được xử lý …": a value in a
        // parenthesis is judged by the parenthesis alone.)
        let depth = TargetPhrase.parenthesisDepths(folded)
        func ownWords(_ k: Int) -> ArraySlice<Character> {
            guard depth[phrases[k].start] > 0 else { return folded[pieces[k]] }
            return enclosingParenthesis(folded, at: phrases[k].start).map { folded[$0] } ?? folded[pieces[k]]
        }
        // ("… cấp huyện đạt 50% trở lên, cấp xã 30% trở lên": a piece that names only another
        // level, where nothing matched it, measures the same.)
        for k in pieces.indices.dropFirst() where chosen[k].isEmpty && chosen[k - 1].count == 1
            && (isElliptic(ownWords(k)) || namesOnlyLevel(ownWords(k))) {
            chosen[k] = chosen[k - 1]; fromClause[k] = true
            // "tăng bình quân trên 7% (đến năm 2030 đạt 8%)": the 8 is a growth per year too.
            if phrases[k].unit == "percent", phrases[k - 1].unit == "percent_per_year" { phrases[k].unit = "percent_per_year" }
        }
        let years = yearsOfValues(phrases, folded, mentions: mentions, clauseYear: clause.year, contextYear: clause.contextYear,
                                  priorYear: clause.priorYear)
        var out: [Row] = []
        for (k, p) in phrases.enumerated() {
            // "tỷ lệ dân số được phủ sóng 4G trong giai đoạn 2021-2022, 2023-2024 và năm 2025 đạt
            // 100%": one value for each year of a list right before it.
            let listed = yearList(before: p, mentions: mentions, folded, after: k > 0 ? phrases[k - 1].end : 0) ?? [years[k]]
            // The value with the words around it, from the last comma before it to the end of its
            // piece (at most 30 characters on): "tỷ trọng kinh tế số đạt 20% gdp" in a lead and in
            // a list, but not "… sẽ chiếm 20% gdp" and "… phải đạt 20% grdp" (the nation's and
            // the province's), nor "100% bộ, ngành ban hành …" and "100% bộ, ngành triển khai …".
            let r = pieces[k]
            let from = folded[r.lowerBound..<max(r.lowerBound, min(p.start, r.upperBound))].lastIndex(of: ",").map { $0 + 1 } ?? r.lowerBound
            let to = min(r.upperBound, max(from, p.end + 30))
            let piece = String(folded[from..<to]).trimmingCharacters(in: CharacterSet(charactersIn: " ,;()").union(.whitespaces))
            for year in listed {
                // A value for a year before the document was issued reports what was reached.
                // (A target restated beside what was reached is of its year, whenever that was.)
                // (So is one a sentence says was set for a year now past: "Theo đó, năm 2025 Huế đặt
                // mục tiêu tỷ lệ phủ sóng 5G đạt 60%, sang năm 2026 đạt 80%" in January 2026 — with
                // its diacritics: "đạt mục tiêu" folds to the same letters and reports.)
                let setBefore = year.map { y in issueYear.map { y < $0 } ?? false } == true
                    && (retellsPlan || String(lowered[..<p.start]).range(of: #"đặt (ra )?(mục tiêu|chỉ tiêu)"#, options: .regularExpression) != nil)
                let restatedValue = isRestated(p) || setBefore
                if !restatedValue, let y = year, let issued = issueYear, y < issued { continue }
                // (So does a value for a year the text reviews.)
                if !restatedValue, let y = year, reviewedYears.contains(y) { continue }
                // And one in a parenthesis for a year before its sentence's: "Kế hoạch năm 2023, …
                // đón khoảng 5 triệu du khách (năm 2022 đạt 4,5 triệu du khách …)" — the baseline.
                if !restatedValue, let y = year, let own = clause.ownYear, y < own, depth[p.start] > 0 { continue }
                // (Or for the year before the text's a parenthesis opens on, then tells of: "nữ đạt
                // 1,575 m (năm 2016, chiều cao trung bình của nam là 164,4 cm và nữ 153,4 cm)".)
                if !restatedValue, let y = year, let own = clause.year, y < own, depth[p.start] > 0,
                   let paren = enclosingParenthesis(folded, at: p.start),
                   String(folded[paren]).range(of: #"^ ?nam 20\d\d, "#, options: .regularExpression) != nil { continue }
                if chosen[k].isEmpty {
                    out.append(Row(indicator: nil, year: year, phrase: p, clause: clause, confidence: min(base, 0.3), piece: piece,
                                   pieceStart: r.lowerBound, folded: folded))
                    continue
                }
                let factor = chosen[k].count > 1 ? 0.8 : fromClause[k] ? 0.85 : 1.0
                for id in chosen[k] {
                    out.append(Row(indicator: id, year: year, phrase: p, clause: clause,
                                   confidence: restatedValue ? min(base * factor, 0.3) : base * factor, piece: piece,
                                   pieceStart: r.lowerBound, folded: folded))
                }
                // "100% hồ sơ công việc tại cấp bộ, cấp tỉnh và cấp xã": one value for each level
                // named, the ministries' too, which the catalogue (of a province's levels) lacks.
                // (A level split: indicators that differ only in their first word, the level's.)
                if chosen[k].count > 1, Set(chosen[k].map { $0.split(separator: "_", maxSplits: 1).last ?? "" }).count == 1,
                   String(folded[pieces[k]]).range(of: #"\bcap (bo|trung uong)\b"#, options: .regularExpression) != nil {
                    out.append(Row(indicator: nil, year: year, phrase: p, clause: clause, confidence: min(base, 0.3), piece: piece,
                                   pieceStart: r.lowerBound, folded: folded))
                }
            }
        }
        return out
    }

    /// The years of a list that ends right before a value ("giai đoạn 2021-2022, 2023-2024 và
    /// năm 2025 đạt 100%"): two or more, with only separators, "giai đoạn", "năm" and the first
    /// years of periods between them, and only a few words (no other number) between the last
    /// and the value. Nil when the value has one year or none.
    static func yearList(before p: TargetPhrase, mentions all: [(year: Int, at: Int)], _ f: [Character], after: Int) -> [Int?]? {
        guard after <= p.start else { return nil }
        var mentions = all.filter { $0.at >= after && $0.at < p.start }
        // ("xuống còn 14/1.000 năm 2015 và năm 2020 tiếp tục giảm còn 11/1.000": a year right after
        // the value before is that value's own, not the list's.)
        if after > 0, let first = mentions.first, first.at - after <= 8,
           String(f[after..<first.at]).allSatisfy({ $0.isLetter || $0 == " " }) {
            mentions.removeFirst()
        }
        guard mentions.count >= 2, let last = mentions.last else { return nil }
        // ("đến hết năm 2025 và duy trì đến năm 2030 có 100% …": kept to the second year.)
        let joiners: Set<String> = ["va", "giai", "doan", "nam", "den", "trong", "het", "duy", "tri", "toi"]
        for (a, b) in zip(mentions, mentions.dropFirst()) {
            guard a.at + 4 <= b.at else { return nil }
            let between = String(f[(a.at + 4)..<b.at])
            let ok = between.split { !$0.isLetter && !$0.isNumber }.allSatisfy { w in
                joiners.contains(String(w)) || w.count == 4 && w.allSatisfy(\.isNumber) && w.hasPrefix("20")
            }
            guard ok else { return nil }
        }
        guard last.at + 4 <= p.start else { return nil }
        let gap = String(f[(last.at + 4)..<p.start])
        guard gap.count <= 30, !gap.contains(where: { $0.isNumber || $0 == "," || $0 == ";" }) else { return nil }
        return mentions.map { Optional($0.year) }
    }

    /// Each value's year from the years its clause names ("đến năm 2025, … khoảng 20% và đến năm
    /// 2030, … khoảng 30%"; "15% GRDP (đến năm 2030 đạt 25%)"; "15,5% trong năm 2023 và 17,5% vào
    /// năm 2024"): a year right after the value in the same part is its own; else the last one
    /// before it; else the first after it, unless that one is in a parenthesis or a later part
    /// (then the heading's or document's year). No year named: the clause's.
    static func yearsOfValues(_ phrases: [TargetPhrase], _ f: [Character], mentions: [(year: Int, at: Int)], clauseYear: Int?,
                              contextYear: Int?, priorYear: Int? = nil) -> [Int?] {
        guard !mentions.isEmpty else { return phrases.map { _ in clauseYear } }
        // (How many ")" close before each position, counted once: whether one lies between a year
        // and a value is then a subtraction, not a scan — a clause of thousands of values after
        // one "năm 2025" was quadratic here.)
        var closes = [Int](repeating: 0, count: f.count + 1)
        for (i, c) in f.enumerated() { closes[i + 1] = closes[i] + (c == ")" ? 1 : 0) }
        return phrases.enumerated().map { k, p in
            let nextStart = k + 1 < phrases.count ? phrases[k + 1].start : f.count
            // A year right after the value, in the same part ("17,5% vào năm 2024"; not "20% và
            // đến năm 2030, …", which opens the next part, nor "20% (năm 2030 đạt 30%)").
            // (Or a little further, after the value's noun: "đạt 25% tổng số hộ gia đình vào năm 2020".)
            if let right = mentions.first(where: { m in
                guard m.at >= p.end, m.at < nextStart else { return false }
                if m.at - p.end <= 16 { return true }
                guard m.at - p.end <= 48 else { return false }
                let words = withoutAsides(String(f[p.end..<m.at]))
                // ("giảm 8 - 10% giai đoạn 2019 - 2030": a period's end, spaced.)
                if words.contains("giai doan") || words.contains("thoi ky"),
                   words.range(of: #"^ ?(giai doan|thoi ky) 20\d\d ?[-–] ?$"#, options: .regularExpression) != nil { return true }
                // ("… từ 8 – 10% tổng tiêu thụ năng lượng toàn quốc đến năm 2030": "đến năm" as well.)
                return (words.hasSuffix(" vao nam ") || words.hasSuffix(" den nam ")) && !words.contains(where: { ",;()".contains($0) }) && !words.contains(" va ")
            }) {
                let between = String(f[p.end..<right.at])
                let plain = withoutAsides(between)
                if !plain.contains(where: { ",;(".contains($0) }) && !plain.contains(" va ") { return right.year }
                // ("… khoảng 26,5-28,4% và năm 2045": "và" before the year of the clause's last value,
                // nothing after it, opens no next part.)
                if k + 1 == phrases.count, between.trimmingCharacters(in: .whitespaces) == "va nam",
                   TargetPhrase.endsClause(f, at: right.at + 4) { return right.year }
                // "tối thiểu 50% (năm 2025) và 80% (năm 2030)": a parenthesis that holds only a
                // year, right after the value, gives the value's own year.
                // (After a count's noun too: "1.420 căn (năm 2025)".)
                var inside = between.trimmingCharacters(in: .whitespaces)
                if !inside.hasPrefix("("), let paren = inside.firstIndex(of: "("),
                   inside[..<paren].split(separator: " ").count <= 2, inside[..<paren].allSatisfy({ $0.isLetter || $0 == " " }) {
                    inside = String(inside[paren...])
                }
                if inside.hasPrefix("("), ["(", "(nam", "(den nam", "(vao nam", "(trong nam", "(den het nam", "(den"].contains(inside),
                   right.at + 4 < f.count, f[right.at + 4] == ")" {
                    return right.year
                }
            }
            // Not a year inside a parenthesis closed before the value: "… 10% (đến năm 2030 đạt
            // 15%) và … trên 7%" — that 2030 is the 15%'s.
            if let left = mentions.last(where: { $0.at < p.start && closes[p.start] == closes[$0.at] }) { return left.year }
            // Only years further on: in a parenthesis or a later part they are another value's.
            if let later = mentions.first(where: { $0.at >= p.end }) {
                let between = String(f[p.end..<later.at])
                // In a parenthesis: the clause's own year (its sentence's, "Cụ thể, … đến năm
                // 2025 …; … tối thiểu 10% (đến năm 2030 đạt 15%)"), which never comes from a
                // parenthesis. After an ellipsis ("… 80% thủ tục …, tác nghiệp… phấn đấu đến năm
                // 2023, …"), another item's. In a later part: the heading's, if any.
                // (A parenthesis closed before the year is an aside: "top 60 quốc gia về … (GII) vào
                // năm 2025 và vươn lên top 55 vào năm 2030".)
                let inParenthesis = between.contains("(") && between.filter({ $0 == "(" }).count > between.filter({ $0 == ")" }).count
                if inParenthesis || between.contains("…") || between.contains("...") { return clauseYear }
                // ("tỷ lệ hộ nghèo duy trì giảm ở mức dưới 2% và đạt chuẩn nông thôn mới nâng cao vào
                // năm 2022": after "và", an aim of its own, with no value, that the year is of.)
                if k + 1 == phrases.count, let own = priorYear ?? contextYear, let r = between.range(of: " va "),
                   between[r.upperBound...].range(of: #"^(dat|hoan thanh|xay dung|tro thanh|duoc cong nhan)( [a-z]+){3,}( vao| den)? nam $"#, options: .regularExpression) != nil {
                    return own
                }
                // ("hệ thống cao tốc gồm 43 tuyến, tổng chiều dài khoảng 8.920 km đến năm 2050.": a
                // year that closes the clause after all its values, the only one it names, is each's.)
                if mentions.count == 1, let lastValue = phrases.last, later.at >= lastValue.end, TargetPhrase.endsClause(f, at: later.at + 4),
                   !String(f[lastValue.end..<later.at]).contains(where: { ",;(".contains($0) }) {
                    return later.year
                }
                if k + 1 < phrases.count && later.at > nextStart { return contextYear ?? clauseYear }
                // "… ít nhất 20% trong GRDP và đến năm 2030 chiếm khoảng 30%": a year after "và"
                // that the next value follows opens the next part; this value keeps the year the
                // sentence had before it.
                if k + 1 < phrases.count, between.contains(" va ") || between.contains(","), let prior = priorYear { return prior }
                return later.year
            }
            return clauseYear
        }
    }

    /// Folded words without an aside of a few words in parentheses: "tỷ usd (quy đổi) vào năm"
    /// → "tỷ usd  vào năm" ("5 tỷ USD (quy đổi) vào năm 2025": the year is still the value's own).
    static func withoutAsides(_ f: String) -> String {
        guard f.contains("(") else { return f }
        return f.replacingOccurrences(of: #"\([a-z ]{1,20}\)"#, with: " ", options: .regularExpression)
    }

    /// Folded text without the years it names ("năm 2030 chiếm 15%" → "chiếm 15%").
    static func withoutYears(_ f: String) -> String {
        f.replacingOccurrences(of: #"(den |vao |trong )?(het )?nam 20\d\d,? ?"#, with: "", options: .regularExpression)
    }

    /// "Về kinh tế số, …" at a clause's start: the topic, folded.
    static func topicOf(_ f: String) -> String? {
        guard f.hasPrefix("ve "), let comma = f.firstIndex(of: ","), f.distance(from: f.startIndex, to: comma) <= 40 else { return nil }
        return String(f[..<comma])
    }

    /// The words before a clause's first value, folded, without the level they name ("Tỷ lệ hồ
    /// sơ công việc được xử lý trên môi trường mạng … cấp tỉnh" → "… môi trường mạng …").
    static func subjectOf(_ clause: PlanOutline.Clause, before start: Int) -> String? {
        var f = Fold.fold(String(clause.text.prefix(start)))
        for level in levelWords { f = f.replacingOccurrences(of: level, with: " ") }
        let trimmed = f.trimmingCharacters(in: .whitespaces)
        return trimmed.split(separator: " ").count >= 3 ? trimmed : nil
    }

    /// (And a network's generation: "tối thiểu 40Mb/s cho mạng 4G và 100Mb/s cho mạng 5G".)
    static let levelWords = ["cap tinh", "cap huyen", "cap xa", "mang 4g", "mang 5g"]

    /// Whether a piece names only a level besides its value ("cấp huyện đạt 80%").
    static func namesOnlyLevel(_ piece: ArraySlice<Character>) -> Bool {
        var s = String(piece)
        guard levelWords.contains(where: { s.contains($0) }) else { return false }
        for level in levelWords { s = s.replacingOccurrences(of: level, with: " ") }
        return isElliptic(Array(s)[...])
    }

    /// Whether a sentence states a value and no measure: "Mục tiêu đến tháng 12/2023 đạt 25 thuê
    /// bao/100 dân".
    static func isBareTarget(_ piece: ArraySlice<Character>) -> Bool {
        let words = String(piece).split(whereSeparator: { !$0.isLetter }).map(String.init)
        let bare: Set<String> = ["muc", "tieu", "den", "het", "thang", "nam", "dat", "phan", "dau", "trong", "vao", "thue", "bao", "dan", "tren", "toi", "thieu",
                                 "khoang", "hon", "it", "nhat", "la", "se"]
        return words.allSatisfy(bare.contains)
    }

    /// The parenthesis `i` is in, from its "(" to its ")" (or the text's end).
    static func enclosingParenthesis(_ f: [Character], at i: Int) -> Range<Int>? {
        var depth = 0, k = min(i, f.count) - 1
        while k >= 0 {
            if f[k] == ")" { depth += 1 } else if f[k] == "(" { if depth == 0 { break }; depth -= 1 }
            k -= 1
        }
        guard k >= 0 else { return nil }
        let close = f[i...].firstIndex(of: ")") ?? f.count
        return (k + 1)..<close
    }

    /// Whether a piece holds only a year, an operator word and its value.
    static func isElliptic(_ piece: ArraySlice<Character>) -> Bool {
        var words = String(piece).split(whereSeparator: { !$0.isLetter }).map(String.init)
        // "… và khoảng 30% GDP vào năm 2030", "… 30% GRDP của tỉnh": the measure's own words
        // repeated are no new subject.
        // ("… chiếm hơn 30% GDP và tăng lên 50% vào năm 2045": the same measure, raised; "…
        // khoảng 7%/năm thời kỳ 2021-2030; trong đó giai đoạn 2026-2030 đạt trên 8,5%/năm": a
        // part of its period.)
        let filler: Set<String> = ["den", "het", "nam", "vao", "trong", "do", "dat", "va", "tren", "toi", "thieu", "khoang", "hon", "la", "voi", "muc", "giai", "doan",
                                   "tang", "len", "nang", "tro", "chiem",
                                   "gdp", "grdp", "cua", "tinh", "ca", "nuoc", "thanh", "pho", "toan", "quoc",
                                   // (A speed's unit and whom it is for: "100Mb/s cho mạng 5G".)
                                   "mb", "gb", "s", "mbps", "gbps", "cho"]
        words.removeAll { filler.contains($0) }
        return words.isEmpty
    }

    /// A value that reports rather than sets: "đạt 76,5% mục tiêu" (a share of the target
    /// met), "gần 88%" (nearly: a measurement).
    /// (`setsGoalBeyondPassed`: whether the clause speaks of a goal other than one passed or
    /// missed — asked only for "gần", and answered once per clause.)
    static func isAchievedValue(_ p: TargetPhrase, _ f: [Character], speaksOfGoal: Bool, namesGoal: Bool, projected: Bool = false,
                                setsGoalBeyondPassed: () -> Bool = { false }, sentenceNamesEconomy: () -> Bool = { false }) -> Bool {
        let after = String(f[min(p.end, f.count)..<min(f.count, p.end + 10)])
        // (But "tỷ lệ giải ngân … phấn đấu đạt 100% kế hoạch giao": all of a plan, as a goal.)
        // ("hoàn thành 86% chỉ tiêu", "tiến sát mốc 40% chỉ tiêu giao": the same.)
        if after.hasPrefix(" muc tieu") || after.hasPrefix(" ke hoach") || after.hasPrefix(" chi tieu"), !(p.lo == 100 && speaksOfGoal) { return true }
        // "gần 88%" (nearly) measures — but in a clause that sets a goal and says nothing of now
        // ("… vào cuối năm 2025, hướng tới phủ sóng gần 90% dân số"; not "hiện bảo đảm gần 100%
        // các thôn", nor "đạt gần 90%, vượt mục tiêu") it is the aim, about so much.
        // "Khoảng 26% dân số hiện có thể tiếp cận công nghệ 5G, và con số này dự kiến tăng": what
        // the value's few words are now.
        let next32 = String(f[min(p.end, f.count)..<min(f.count, p.end + 32)])
        if next32.contains(" hien "), next32.range(of: #"^( [a-z0-9]+){1,3} hien (nay |dang |co |van |chua )"#, options: .regularExpression) != nil {
            return true
        }
        if String(f[p.start..<min(f.count, p.start + 4)]) == "gan " {
            let lead = " " + String(f[max(0, p.start - 24)..<p.start])
            if !(speaksOfGoal || setsGoalBeyondPassed()) || lead.range(of: #" (hien|da|dang|con|moi|chi) "#, options: .regularExpression) != nil { return true }
        }
        // "tỷ trọng kinh tế số ước đạt hơn 7% GRDP, phấn đấu … đạt 20%": an estimate of what is.
        // (Whole words: "thuộc nhóm 15 tỉnh" is no estimate.)
        let lead = " " + String(f[max(0, p.start - 10)..<p.start])
        // "đạt tỷ lệ 50%, tức khoảng 57.500 người", "… gấp trên 3 lần …, tức là khoảng 20%/năm":
        // the value before, said again in other terms.
        if (" " + String(f[max(0, p.start - 16)..<p.start])).range(of: #" tuc (la )?(khoang |gan |hon |tren )?$"#, options: .regularExpression) != nil {
            return true
        }
        // ("Kế hoạch năm 2023, Tây Ninh dự kiến sẽ đón khoảng 5 triệu du khách, doanh thu ước đạt
        // 1.800 tỉ đồng": after "dự kiến", or in a clause that opens on a year's plan, "ước đạt" is
        // what the plan expects.)
        if lead.hasSuffix(" uoc dat ") || lead.hasSuffix(" uoc tinh ") || lead.hasSuffix(" uoc ") || lead.hasSuffix(" uoc chiem ") {
            // (Nor of a year not yet begun: "đề xuất kịch bản tốc độ tăng GRDP … năm 2026 ước đạt
            // từ 11% trở lên" in a page of December 2025 projects it.)
            let earlier = String(f[0..<p.start])
            if !(projected || PlanOutline.mentions(earlier, "du kien") || earlier.hasPrefix("ke hoach nam")) { return true }
        }
        // A share measured to the hundredth ("đạt 22,87%") is a measurement, where nothing
        // speaks of a goal.
        // (Not under a bound: "Tỷ lệ thuê bao băng rộng cố định/100 dân đạt tối thiểu 10,81%" sets one.)
        if !speaksOfGoal, p.unit == "percent", p.hi == nil, !["<=", "<", ">="].contains(p.op), (p.lo * 10).rounded() != p.lo * 10 { return true }
        // A budget ("dự toán hơn 389 tỷ đồng", "tổng kinh phí … 56 tỷ đồng") is no target of an
        // indicator, nor a share restated in a parenthesis ("23/53 dự án … (tỷ lệ 14,4%)").
        let near = " " + String(f[max(0, p.start - 40)..<p.start])
        // ("… đạt gần 44 triệu bản sách (tăng 3% so với năm 2018)": the change of a level
        // measured, "gần" it.)
        if p.unit == "percent", near.hasSuffix("(tang ") || near.hasSuffix("(giam "),
           near.range(of: #"\bdat gan [0-9.,]+[a-z ]{0,30}\((tang|giam) $"#, options: .regularExpression) != nil { return true }
        // "… với 429 ĐB tán thành, đạt hơn 91%": a vote's share.
        if p.unit == "percent", near.contains(" tan thanh") { return true }
        // (A territory's totals are no budget: "Tổng vốn đầu tư toàn xã hội trên 75.000 tỷ đồng",
        // "Vốn đầu tư thực hiện trên địa bàn", "thu ngân sách".)
        // (A growth rate is no budget either: "vốn đầu tư … bình quân 10-12%/năm".)
        // (Nor an amount the clause gives a yearly growth: "Vốn đầu tư phát triển hơn 660.000 tỷ
        // đồng, tăng 14-15%/năm" is the economy's, a budget does not grow by the year.)
        // (Nor one among a sentence's figures of the economy: "… trong đó: GRDP tăng 11%; …; vốn
        // đầu tư thực hiện 730.000 tỉ đồng; …".)
        if !p.unit.hasPrefix("percent"), ["du toan", "kinh phi", "von dau tu", "tong von", "nguon von", "ngan sach"].contains(where: near.contains),
           // (Nor capital raised: "… 100 dự án gọi được vốn đầu tư với tổng giá trị khoảng 2000 tỷ đồng".)
           // (Nor foreign investment attracted: "vốn đầu tư nước ngoài (FDI) đăng ký … khoảng 5 đến 6 tỷ USD".)
           !["toan xa hoi", "tren dia ban", "thu ngan sach", "goi von", "goi duoc von", "nuoc ngoai", "fdi"].contains(where: near.contains), !sentenceNamesEconomy(),
           String(f[min(p.end, f.count)..<min(f.count, p.end + 40)]).range(of: #"^[^;.]{0,12}\btang (binh quan )?(khoang |tren |tu )?\d+([.,]\d+)?( ?[-–] ?\d+([.,]\d+)?)? ?%/ ?nam\b"#, options: .regularExpression) == nil {
            return true
        }
        // (Nor a clause whose subject is the budget, however long its name: "Nguồn kinh phí thực
        // hiện chương trình phát triển du lịch tỉnh … là khoảng hơn 80 đến hơn 90.000 tỷ đồng".)
        // (The clause's head first: the whole span before the value is only read when it opens so.)
        // ("Theo báo cáo tổng hợp của Bộ Tài chính, tổng số vốn đầu tư công trung hạn … dành cho 3
        // chương trình là 102.000 tỷ đồng", "Tổng ngân sách nhà nước bố trí cho Chương trình …
        // khoảng 423.000 tỷ đồng", "Tổng mức vốn huy động thực hiện Chương trình …": the label
        // after the clause's last comma names the budget.)
        // (Looked for at most 200 characters back: a clause of thousands of values asks for each.)
        let head80 = p.unit.hasPrefix("percent") ? "" : String(f[labelStart(f, before: p.start, breaks: ",;")..<p.start].prefix(80))
        if head80.contains("kinh phi") || head80.contains("du toan") || head80.contains("ngan sach") || head80.contains("von"),
           head80.range(of: #"^ ?[^,;]{0,20}\b(nguon kinh phi|tong kinh phi|kinh phi thuc hien|tong du toan|tong ngan sach|tong (so |muc )?von( dau tu cong| huy dong))\b"#, options: .regularExpression) != nil {
            return true
        }
        // ("vốn ngân sách Trung ương hỗ trợ trực tiếp là 100.000 tỷ đồng, chiếm 9,6%": a source's
        // share of a budget.)
        // ("vốn lồng ghép từ các chương trình MTQG, … khoảng 360.000 tỷ đồng": a source's part.)
        // ("…, trong đó: vốn ngân sách Trung ương là 1.000 tỷ đồng, chiếm 23,6%": after a colon too.)
        // ("nguồn viện trợ không hoàn lại khoảng 1.600 tỷ đồng; vốn vay ODA, vốn vay ưu đãi khoảng
        // 2.200 tỷ đồng": grants and loans are sources too.)
        if p.unit == "percent" && near.hasSuffix(" ty dong, chiem ") || p.unit == "billion_vnd",
           String(f[labelStart(f, before: p.start, breaks: ";:")..<p.start]).range(of: #"^ ?(trong do, )?(von (ngan sach|long ghep|tin dung|doanh nghiep|su nghiep|vay|oda)|nguon (von|vien tro)|vien tro|ngan sach (trung uong|dia phuong))\b"#, options: .regularExpression) != nil {
            return true
        }
        // (Nor the share of a budget a source pays: "kinh phí hơn 20 tỷ đồng, bao gồm hơn 60%
        // nguồn ngân sách Trung ương".)
        let wider = String(f[max(0, p.start - 80)..<p.start])
        if p.unit == "percent", wider.contains("kinh phi") || wider.contains("du toan"),
           [" nguon ngan sach", " ngan sach", " nguon von", " von "].contains(where: String(f[min(p.end, f.count)..<min(f.count, p.end + 20)]).hasPrefix) {
            return true
        }
        // "một tỉnh miền núi với trên 80% dân số là người dân tộc thiểu số": who a place's people
        // are, a fact of it and no one's target.
        if p.unit == "percent", String(f[min(p.end, f.count)..<min(f.count, p.end + 40)])
            .range(of: #"^ (dan so|so dan|dan cu) la (nguoi |dong bao )?dan toc"#, options: .regularExpression) != nil { return true }
        // A count that is not whole ("trung bình … có 2,3 doanh nghiệp") is an average measured.
        if p.unit == "count", p.hi == nil, p.lo.rounded() != p.lo { return true }
        if near.hasSuffix("(ty le ") { return true }
        // "… khi gần 4.500 (70,8%) thủ tục hành chính được triển khai trực tuyến": a count's share
        // in a parenthesis right after it says the count again.
        if p.unit == "percent", near.range(of: #"\d \($"#, options: .regularExpression) != nil { return true }
        // "… 45 đảng viên mới/năm (3% trên tổng số đảng viên …)": the value before, as a share.
        if p.unit == "percent", near.hasSuffix("(") || near.hasSuffix("( "),
           String(f[min(p.end, f.count)..<min(f.count, p.end + 16)]).hasPrefix(" tren tong so") { return true }
        // (And a sum of money to the hundredth, "Xuất nhập khẩu đạt 77,06 tỷ USD", "Giá trị năng
        // suất lao động đạt 191,83 triệu đồng/lao động", where the clause names no goal and no
        // year of its own — a year the sentence before named is no goal.)
        // (An index is a fraction by nature: "HDI đạt khoảng 0,78"; a height is set to the
        // millimetre: "Chiều cao nam giới đạt 1,685 m".)
        // (Under a goals heading too, when the clause itself names neither.)
        if !namesGoal || !speaksOfGoal, !["percent", "rank", "index", "metres", "cm"].contains(p.unit), !["<=", "<", ">="].contains(p.op), (p.lo * 10).rounded() != p.lo * 10,
           PlanOutline.yearMentions(f).isEmpty { return true }
        // "CPI tăng 0,45%", "…, tăng 7,1%": a change, reported where the clause names no goal
        // and gives it no year (even under a headline "Mục tiêu …").
        // ("doanh số bán hàng bình quân tăng tối thiểu 20%" sets a floor: a report gives the change.)
        if !namesGoal, p.unit == "percent", p.op != ">=", PlanOutline.yearMentions(f).isEmpty, (" " + String(f[max(0, p.start - 5)..<p.start])).hasSuffix(" tang ") { return true }
        // "Tổng bán lẻ hàng hóa đạt 601,2 nghìn tỷ đồng, tăng 7,1%": a level given with its change
        // since the period before is a level measured.
        if !namesGoal, p.unit != "percent", String(f[min(p.end, f.count)..<min(f.count, p.end + 32)]).range(of: #"^[a-z/ ]{0,20}, (tang|giam) \d"#, options: .regularExpression) != nil {
            return true
        }
        return false
    }

    static let restatedPatterns = [
        // "(vượt mục tiêu ít nhất 80% đến năm 2025)", "(mục tiêu 70%)", "(mục tiêu là 25%)"
        try! NSRegularExpression(pattern: #"\((vuot |dat |chua dat |khong dat )?(muc tieu|chi tieu)( de ra| dat ra| duoc giao)?( la)? [^()]*\)"#),
        // "trong khi mục tiêu đề ra là 50%", "nhưng vẫn cách xa mục tiêu 90% vào cuối 2025"
        try! NSRegularExpression(pattern: #"\b(trong khi( do)?|(cach|con) xa( so voi)?) (muc tieu|chi tieu)( de ra| dat ra| duoc giao)?( la)? [^,;()]*"#),
        // "đạt mục tiêu đã điều chỉnh (12-13 triệu lượt)"
        try! NSRegularExpression(pattern: #"\b(muc tieu|chi tieu)( da)?( dieu chinh| de ra| dat ra| duoc giao) \([^()]*\)"#),
        // "vượt xa so với mục tiêu theo Nghị quyết … đến năm 2025 là 1,765 tỷ USD"
        try! NSRegularExpression(pattern: #"\bso voi (muc tieu|chi tieu)[^,;()]{0,100}? la [^,;()]*"#),
        // "Việt Nam có nguy cơ không đạt được mục tiêu cung cấp nước sạch cho 93-95% người dân …"
        try! NSRegularExpression(pattern: #"\b(chua|khong) dat( duoc)? (muc tieu|chi tieu)\b[^.;()]*"#),
        // "Giá trị xuất khẩu thủy sản năm 2019 đạt 8,6 tỷ USD, kế hoạch năm 2020 là 10 tỷ USD"
        // ("… so với kế hoạch đề ra đầu năm 2022 là 8,42%": the plan set at the year's start.)
        try! NSRegularExpression(pattern: #"\b(ke hoach|muc tieu|chi tieu)( (de ra|dat ra|duoc giao))?( (dau|cuoi|tu dau))? nam 20\d\d la [^,;()]*"#),
    ]
    /// "cao hơn nhiều so với chỉ tiêu 1,765 tỷ USD của Nghị quyết Đại hội", "vượt chỉ tiêu 1.420 căn
    /// (năm 2025) được Thủ tướng Chính phủ giao": the goal's value right after its name (searched
    /// only where "so với" or "vượt" is).
    static let namedGoalValue = try! NSRegularExpression(pattern: #"\b(so voi|vuot) (muc tieu|chi tieu) (khoang |hon |tren )?\d[^,;()]*"#)

    /// Where a report's clause (folded) states the target its figure is measured against: the
    /// character ranges of those asides.
    static func restatedTargets(_ f: String) -> [Range<Int>] {
        guard f.contains("muc tieu") || f.contains("chi tieu") || f.contains("ke hoach") else { return [] }
        let ns = f as NSString
        let patterns = restatedPatterns + (f.contains("so voi") || f.contains("vuot") ? [namedGoalValue] : [])
        return patterns.flatMap { $0.matches(in: f, range: NSRange(location: 0, length: ns.length)) }.compactMap { m in
            Range(m.range, in: f).map { f.distance(from: f.startIndex, to: $0.lowerBound)..<f.distance(from: f.startIndex, to: $0.upperBound) }
        }
    }

    /// Whether the comma at `i` joins two words of one kind of body: "tỉnh, thành phố", "bộ,
    /// ngành", "sở, ngành", "cơ quan, đơn vị".
    static func isPairComma(_ w: [Character], _ i: Int) -> Bool {
        let before = String(w[max(0, i - 8)..<i]), after = String(w[(i + 1)..<min(w.count, i + 11)])
        return [" tinh", " bo", " so", " co quan"].contains(where: { (" " + before).hasSuffix($0) })
            && [" thanh pho", " nganh", " don vi", " dia phuong"].contains(where: after.hasPrefix)
    }

    /// Each target's piece of the clause: from the first separator (",", "và", ";") after the
    /// previous target to the next target's piece. The first, not the last: in "tỷ trọng kinh
    /// tế số đạt 20% GDP, tỷ trọng kinh tế số trong từng ngành, lĩnh vực đạt trên 10%" the
    /// second target's words start right after "20% GDP,", commas of its own included.
    static func pieces(_ phrases: [TargetPhrase], _ f: [Character]) -> [Range<Int>] {
        var starts = [0]
        for k in 1..<max(1, phrases.count) where phrases.count > 1 {
            let from = phrases[k - 1].end, to = phrases[k].start
            var cut = from
            if from < to {
                let window = Array(f[from..<to])
                for i in 0..<window.count {
                    // (Not the comma of a pair that names one kind of body: "nhóm 10 tỉnh, thành phố
                    // dẫn đầu cả nước về chuyển đổi số", "bộ, ngành", "cơ quan, đơn vị".)
                    if window[i] == ",", isPairComma(window, i) { continue }
                    if window[i] == "," || window[i] == ";" || window[i] == "(" { cut = from + i + 1; break }
                    if i + 4 <= window.count, window[i] == " ", window[i + 1] == "v", window[i + 2] == "a", window[i + 3] == " " { cut = from + i + 1; break }
                }
                // "100% số hộ gia đình có … cáp quang khi có nhu cầu với 90% người sử dụng …": with
                // no other separator, "với" before the next value starts its piece.
                if cut == from, let r = String(window).range(of: " voi ", options: .backwards) {
                    cut = from + String(window)[..<r.lowerBound].count + 1
                }
            }
            starts.append(cut)
        }
        return starts.enumerated().map { k, s in s..<(k + 1 < starts.count ? starts[k + 1] : f.count) }
    }
}
