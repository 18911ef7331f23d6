import Foundation

/// The words by which a plan's sentence tells what was reached rather than what is to be
/// reached ("ước đạt", "đã triển khai", "đứng đầu"), shared by the outline (a sentence that
/// reports sets no year for the ones after it) and the reader (it gives no row).
enum ReportWording {
    /// Words of a sentence that reports what was done ("ước đạt", "hiện có", "hiện tại", "đến
    /// nay", "đã đạt được", "theo số liệu", "so với năm 2022", "xếp thứ", "còn thấp") — unless
    /// it also speaks of a goal ("mục tiêu", "phấn đấu", "chỉ tiêu").
    static let words = ["uoc dat", "uoc tinh", "uoc chiem", "uoc tang", "hien co ", "hien nay", "hien tai", "den nay", "da dat duoc", "dat duoc", "ket qua", "theo so lieu",
                        "so voi nam", "so voi cung ky", "xep thu", "xep hang thu", "binh quan giai doan", "trung binh giai doan",
                        "giai doan 2020", "tang them", "qua thong ke", "con thap", "thong ke cua", "thong ke cho thay", "tuong doi thap",
                        // ("Lũy kế đến tháng 3/2026, có 2.285 doanh nghiệp …": a running total.)
                        "luy ke",
                        // ("Nhiệm kỳ qua, công tác xây dựng Đảng … có nhiều chuyển biến tích cực": the
                        // term just ended, looked back on.)
                        "nhiem ky qua", "nhiem ky vua qua",
                        // ("Tăng trưởng nông nghiệp trung bình hàng năm là 3,5%, cũng cao hơn mức
                        // trung bình của châu Á": a figure set beside others' average is one that is.)
                        "hon muc trung binh", "hon muc binh quan",
                        // ("… kim ngạch xuất khẩu luôn tăng trưởng trong những năm qua đạt trên 3 tỷ USD":
                        // the years behind.)
                        "nhung nam qua", "nhung nam gan day"]
    /// Words whose diacritics matter: "đứng đầu", "đứng thứ" report a rank, "dùng thử" (to try
    /// out) does not.
    /// "đã" (already: "đã triển khai đến 100% số cơ quan") and "đang" (now: "94% dân số đang
    /// sử dụng") tell what is, not what is to be.
    /// "tính đến năm 2023" (as of) is no "tỉnh đến cấp xã" (from the province to the commune).
    /// "chỉ đạt" (only reached: "tỷ lệ này chỉ đạt 45,8%") measures a shortfall; with its
    /// diacritics, for "tiêu chí đạt chuẩn" folds to the same letters.
    /// "chỉ đứng sau 4 ngành" (second only to four branches) reports a standing as "đứng đầu" does.
    /// "chỉ có" (only: "… cho thấy chỉ có 84,2% người dân khu vực thành thị được sử dụng nước
    /// sạch") measures a shortfall as "chỉ đạt" does.
    static let accented = ["đứng đầu", "đứng thứ", "đứng sau", " đã ", " đang ", "tính đến", " chỉ đạt ", " chỉ có "]

    /// Whether `lower` (lowercased, diacritics kept) holds a word of `accented` — but not "đứng
    /// đầu" closing a group to be in: "xếp hạng LPI nằm trong nhóm 40 nước đứng đầu" is a rank to
    /// reach.
    static func mentionsAccented(_ lower: String) -> Bool {
        // ("Theo quy hoạch đã được phê duyệt của 63 tỉnh, thành, đến năm 2030 sẽ có 221 khu công
        // nghiệp": the plan approved, whose figures are to come.)
        var lower = lower.contains(" đã được ") ? lower.replacingOccurrences(of: #" đã được (phê duyệt|ban hành|thông qua)"#, with: " ", options: .regularExpression) : lower
        // ("Đến năm 2025, tỷ lệ lao động đã qua đào tạo đạt 70%": workers who have been trained,
        // an indicator's name, not what was done.)
        if lower.contains(" đã qua đào tạo") { lower = lower.replacingOccurrences(of: " đã qua đào tạo", with: " qua đào tạo") }
        // ("Thời gian qua, Chính phủ đã ban hành nhiều chính sách tiết kiệm năng lượng: Giảm cường
        // độ năng lượng xuống từ 1 - 1,5% mỗi năm …": what the policies issued set, after the colon.)
        if lower.contains(" đã ban hành ") || lower.contains(" đã phê duyệt ") {
            lower = lower.replacingOccurrences(of: #" đã (ban hành|phê duyệt)[^:;.]{0,80}:"#, with: " ", options: .regularExpression)
        }
        return accented.contains { word in
            guard lower.contains(word) else { return false }
            // ("Chương trình sẽ tập trung củng cố và nâng cấp ít nhất 50% sản phẩm OCOP đã được
            // đánh giá": after "sẽ", "đã được" says which things, not what was done.)
            if word == " đã ", let future = lower.range(of: " sẽ "), !lower[..<future.lowerBound].contains(" đã ") {
                return lower[future.upperBound...].range(of: #" đã (?!được)"#, options: .regularExpression) != nil
            }
            guard word == "đứng đầu" else { return true }
            return lower.replacingOccurrences(of: #"\b(nhóm|top|tốp)\b[^.;:]{0,40} đứng đầu"#, with: " ", options: .regularExpression).contains(word)
        }
    }
    /// Result words whose report runs on over the sentence's next clauses.
    /// ("Kết quả thực hiện Chương trình … đến tháng 3/2025, tỷ lệ xã … đạt 77,9% …; tỷ lệ huyện …
    /// là 47,6%": results, clause after clause.)
    static let carried = ["xep thu", "xep hang thu", "uoc dat", "da dat duoc", "dat duoc", "hien nay", "hien tai", "hien co ", "qua thong ke", "ket qua thuc hien",
                          // ("… dựa trên kết quả có được của ngành lâm nghiệp trong năm 2021 khi …; xuất
                          // siêu khoảng 12,94 tỷ USD; …": the results obtained, clause after clause.)
                          "ket qua co duoc",
                          // ("Đến nay, cả nước có khoảng 78% số xã đạt chuẩn …; trong đó; có 1.860 xã …": the
                          // tally so far, clause after clause.)
                          "den nay"]
    /// Whether a paragraph's first sentence opens on a report or on the present ("Theo báo cáo
    /// của UBND tỉnh, …", "Theo số liệu …", "Hiện nay, …", "Tính đến nay, …", "Tính đến hết
    /// tháng 6/2023, …"): what follows in the paragraph describes what is.
    static func opensAReport(_ f: String) -> Bool {
        // ("Theo Bộ KH-CN, trong năm 2025, … đã tạo chuyển biến": an office's account.)
        // (After a stored page's date, " date 2025-10-10 Theo báo cáo …".)
        // ("Kết quả tổng hợp báo cáo từ các địa phương cho thấy, đã có …": what the figures show;
        // "12/12 chỉ tiêu kinh tế - xã hội của phường đạt và vượt kế hoạch.": a year's tally.)
        // ("Trong quá trình thực hiện Nghị quyết 57, tính đến nay, …": the plan's course so far.)
        // ("Trong giai đoạn 2011-2020, ngành công nghiệp đã tạo nhiều dấu ấn nổi bật.": a period
        // looked back on, when its sentence reports.)
        f.range(of: #"^( ?date 20\d\d-\d\d(-\d\d)? )?(trong qua trinh (thuc hien|trien khai)\b[^,.;]{0,100}, )?(trong giai doan 20\d\d ?[-–] ?20\d\d, |qua \d+ nam (thuc hien|trien khai)\b|theo (bao cao|so lieu|thong ke|bo|so|cuc|tong cuc|ban chi dao|ubnd|uy ban)\b|thong ke (cua|cho thay)|(ket qua|so lieu|bao cao)\b[^,.;]{0,60} cho thay\b|hien nay|den nay|tinh den |\d+/\d+ (chi tieu|nhiem vu)\b)"#,
                options: .regularExpression) != nil
    }

    /// `f` folded, `lower` the same text only lowercased (for the words whose diacritics matter).
    /// `planYear`: the year the clause falls under when it names none itself — "so với năm 2025"
    /// in a plan for 2026 is the base a change is set from.
    /// `projects`: the clause's year is after the document's, so an estimate ("ước đạt", "ước
    /// tăng") is of what is to come.
    /// `inGoals`: the clause is in a goals part, where "bình quân giai đoạn 2016 - 2020 đạt 23,38%"
    /// is the goal's period, not one looked back on.
    static func reports(_ f: String, lower: String, planYear: Int? = nil, projects: Bool = false, inGoals: Bool = false) -> Bool {
        // (An aside in parentheses that tells what is now — "gấp 30 lần GDP (hiện nay khoảng hơn
        // 20 lần)" — does not make the clause around it a report.)
        var f = withoutParentheses(f)
        let lower = withoutParentheses(lower)
        if projects, f.contains("uoc ") { f = f.replacingOccurrences(of: #"\buoc (dat|tinh|chiem|tang)\b"#, with: "$1", options: .regularExpression) }
        // "kết quả giải quyết thủ tục hành chính" names a document, not a result; "… /tổng số
        // cán bộ hiện có của xã" (a denominator: those the commune has) reports nothing.
        // (Nor "kết quả nghiên cứu": research, whose results a spin-off is formed from.)
        let g0 = withoutLand(f, lower: lower).replacingOccurrences(of: "ket qua giai quyet", with: "").replacingOccurrences(of: "hien co cua", with: "")
            .replacingOccurrences(of: "ket qua nghien cuu", with: "")
            // ("100% các tỉnh … giữ vững kết quả phổ cập giáo dục": results to keep, a goal.)
            .replacingOccurrences(of: "giu vung ket qua", with: "")
            // ("Bảo đảm khoảng 85% các địa phương, cơ quan, đơn vị đạt được các danh hiệu văn hóa":
            // what the share to ensure will have reached, a goal.)
            .replacingOccurrences(of: #"^((bao dam|dam bao|phan dau) (khoang |it nhat |toi thieu |tren )?\d+([.,]\d+)? ?%[^.;]{0,80}?) dat duoc\b"#, with: "$1 dat", options: .regularExpression, where: "dat duoc")
            // ("… đạt trên 200% so với hiện nay", "đưa tỷ lệ … từ dưới 10% hiện nay lên 30%": now as
            // the base a goal is set from.)
            .replacingOccurrences(of: #"so voi hien nay|\d ?% hien nay (len|xuong)"#, with: " ", options: .regularExpression)
            // ("Giảm 25% số vụ ngộ độc … so với trung bình giai đoạn 2006-2010": a past period's
            // average as the base a change is set from.)
            .replacingOccurrences(of: #"\bso voi (muc )?(trung binh|binh quan) giai doan\b"#, with: " ", options: .regularExpression, where: "so voi")
            .withoutExistingOnes
            // ("giá trị tăng thêm của kinh tế số": value added, the measure's name, not "added".)
            .replacingOccurrences(of: "gia tri tang them", with: "")
            // ("số tiêu chí bình quân/xã cả nước tăng thêm từ 1-1,2 tiêu chí so với năm 2015": a rise
            // by a range is set — a report states what was.)
            .replacingOccurrences(of: #"\btang them (tu )?(?=\d+([.,]\d+)? ?[-–] ?\d)"#, with: "tang ", options: .regularExpression, where: "tang them")
            // ("giai đoạn 2020 - 2025" is a term to plan for, where "giai đoạn 2020" alone looks
            // back.)
            .replacingOccurrences(of: #"giai doan 2020 ?[-–] ?20(2[5-9]|3\d)"#, with: "giai doan", options: .regularExpression)
        let g = comparedToBase(inGoals || periodAhead(g0) ? g0.replacingOccurrences(of: #"(binh quan|trung binh) giai doan"#, with: "$1", options: .regularExpression) : g0, planYear: planYear)
        // "100% nhà đầu tư đang hoạt động trong các khu công nghiệp": "đang" that says which
        // members are counted (those operating, living, working there) reports nothing.
        // ("… 4 ngàn hộ hiện đang sống trong những khu vực thiếu an toàn" beside "Đến năm 2020:
        // 100% hộ dân được tiếp cận với nước sạch": those living there.)
        var present = lower.contains(" đang ") ? lower.replacingOccurrences(of: #" đang (hoạt động|sinh sống|sống|làm việc|cư trú|học tập|theo học|công tác)"#, with: " ", options: .regularExpression) : lower
        // ("Tỷ lệ lao động có bằng cấp, chứng chỉ đạt khoảng 29,5%": a certificate, not "only".)
        if present.contains("chứng chỉ đạt") { present = present.replacingOccurrences(of: "chứng chỉ đạt", with: "chứng-chỉ đạt") }
        let reported = words.contains { PlanOutline.mentions(g, $0) } || mentionsAccented(present)
            // "Hiện trung bình Đà Nẵng có 2,3 doanh nghiệp …": a sentence that opens on "now".
            || g.hasPrefix("hien ") || g.hasPrefix("hien,") || g.range(of: #"^[^,;]{0,30}, hien "#, options: .regularExpression) != nil
            || g.range(of: #"da dat \d"#, options: .regularExpression) != nil
            // "ở mức cao, từ 70,5 - 81%", "dao động từ 34 - 60%": a level described, a spread measured.
            || g.range(of: #"o muc (cao|thap|kha|trung binh)|dao dong (tu|trong khoang) \d"#, options: .regularExpression) != nil
            // "toàn tỉnh có 2.725 doanh nghiệp công nghệ số": what the province has (not "95% người
            // dân trên toàn quốc có hồ sơ sức khỏe điện tử").
            // (Not in a clause that sets its year: "cũng đến năm 2025, cả nước có 27.000 điểm phục vụ".)
            || g.range(of: #"(toan tinh|toan huyen|toan thanh pho|ca nuoc|toan quoc) (hien )?co (hon |tren |gan |khoang )?\d"#, options: .regularExpression) != nil
                && g.range(of: #"\b(den|toi) (het )?nam 20\d\d\b"#, options: .regularExpression) == nil
            // "… sau khoảng 5 năm triển khai Chương trình": what the years of work brought.
            // ("… phủ sóng 39,52% dân số sau một năm triển khai"; "Cách đây 2 năm, cả nước mới có
            // khoảng 184 trạm 5G": years ago.)
            // (Each pattern only where its words are: a regular expression is dear per clause.)
            || (g.contains("cach day") || (g.contains("sau ") || g.contains("qua ")) && (g.contains("trien khai") || g.contains("thuc hien")))
                && g.range(of: #"((sau|qua) (khoang |gan |hon )?(\d+|mot|hai|ba) (nam|thang) (trien khai|thuc hien)|\bcach day (khoang |gan |hon )?(\d+|mot|hai|ba) (nam|thang)\b)"#, options: .regularExpression) != nil
            // ("… trong 5 năm qua, toàn quốc xảy ra hơn 94.000 vụ tai nạn giao thông": the years just
            // past.)
            || g.contains(" nam qua") && g.range(of: #"\b(\d+|hai|ba|bon|nam|muoi) nam (qua|vua qua)\b"#, options: .regularExpression) != nil
            // ("Năm 2019 là năm thứ 4 liên tiếp số lao động đi làm việc ở nước ngoài vượt mức 120.000
            // lao động/năm": a run of years behind.)
            || g.contains(" lien tiep") && g.range(of: #"\bnam thu (\d+|hai|ba|bon|nam|sau) lien tiep\b"#, options: .regularExpression) != nil
            // ("Sau 5 năm, tỉ lệ hộ nghèo của tỉnh được kéo giảm còn dưới 3%": after the years done.)
            || g.hasPrefix("sau ") && g.range(of: #"^sau (\d+|hai|ba|bon|nam) nam,"#, options: .regularExpression) != nil
            // "Doanh thu đạt 217,1 tỉ đồng trong 10 tháng": a period's figure (not "trong 6 tháng
            // tới", "trong 6 tháng cuối năm", ahead).
            || g.contains(" thang") && g.range(of: #"\btrong \d+ thang( dau nam| qua| vua qua)?(?! (toi|tiep|cuoi|con lai|sau))\b"#, options: .regularExpression) != nil
            // "Trong báo cáo tình hình thực hiện …, Bộ … đánh giá … Internet phủ 78% dân số": an
            // office's report of the present.
            || g.contains("trong bao cao") && g.range(of: #"^( ?date 20\d\d-\d\d(-\d\d)? )?trong bao cao (tinh hinh|ket qua|so ket|tong ket)\b"#, options: .regularExpression) != nil
            // "… đạt khoảng gần 16 máy/100 dân, vượt xa mục tiêu là 5 máy/100 dân": a target passed.
            || g != withoutTargetsPassed(g)
        // ("đạt chuẩn chỉ tiêu 8.4 của Tiêu chí số 8": a criterion's number names it, and speaks
        // of no goal.)
        let unnumbered = f.replacingOccurrences(of: #"chi tieu (so )?\d+(\.\d+)*"#, with: "", options: .regularExpression)
        var aims = withoutTargetsPassed(unnumbered)
        // ("… dự kiến 2020 đạt 8,2 triệu tấn, vượt mức chỉ tiêu của chương trình đề ra": what is
        // expected to pass a target is an estimate of a result, not a goal.)
        if aims != unnumbered, aims.contains("du kien") { aims = aims.replacingOccurrences(of: "du kien", with: " ") }
        // ("Thanh Hóa đã đạt mục tiêu đưa điện lưới quốc gia đến 27/27 huyện …, đạt 100%": a goal
        // reached — told by its diacritics from "đặt mục tiêu", to set one.)
        if reported, aims.contains("dat muc tieu"), lower.contains("đã đạt mục tiêu"), !lower.contains("đặt mục tiêu") {
            aims = aims.replacingOccurrences(of: "dat muc tieu", with: " ")
        }
        return reported && !PlanOutline.mentionsGoal(aims)
    }

    /// Whether a clause reports only by comparing with the year before ("so với cùng kỳ", "so với
    /// năm 2025"), a change a plan may set.
    static func reportsOnlyByComparison(_ f: String, lower: String) -> Bool {
        let without = f.replacingOccurrences(of: #"so voi (cung ky|nam (truoc|20\d\d))"#, with: " ", options: .regularExpression)
        return without != f && !reports(without, lower: lower)
    }

    /// `f` without "đất được" (land that is …: "vùng có nguy cơ xảy ra lũ quét, sạt lở đất được
    /// đảm bảo an toàn"), which folds as "đạt được" (reached) does — unless `lower` has that too.
    static func withoutLand(_ f: String, lower: String) -> String {
        guard f.contains("dat duoc"), lower.contains("đất được"), !lower.contains("đạt được") else { return f }
        return f.replacingOccurrences(of: "dat duoc", with: "dat-duoc")
    }

    /// Whether an average's period starts after a year the clause sets a value for: "Tổng thu từ
    /// du lịch năm 2025 đạt 31 ngàn tỷ đồng, năm 2030 đạt gần 102 ngàn tỷ đồng, tốc độ tăng trưởng
    /// trung bình giai đoạn 2026-2030 khoảng 20-25%" — the period to come after the year's goal,
    /// not one looked back on.
    static func periodAhead(_ g: String) -> Bool {
        guard g.contains(" giai doan 20"), g.contains("nam 20"),
              let start = g.firstMatch(of: /(binh quan|trung binh) giai doan (20\d\d) ?[-–] ?20\d\d/).flatMap({ Int($0.output.2) }) else { return false }
        return g.matches(of: /\bnam (20\d\d)\b[^,;]{0,20}\bdat\b/).contains { Int($0.output.1).map { $0 < start } == true }
    }

    /// `g` without "so với năm Y" where the clause sets a later year "đến năm Z" (Z > Y), or
    /// falls under a later `planYear`: "thu nhập bình quân đầu người đến năm 2030 so với năm 2025
    /// tăng 30%", "(năm 2026:) xuất khẩu … tăng từ 12% so với năm 2025" grow from a base year,
    /// where "tăng 15% so với năm 2022" alone reports a change.
    static func comparedToBase(_ g: String, planYear: Int? = nil) -> String {
        guard g.contains("so voi nam") else { return g }
        let target = (g.matches(of: /(den (het )?|vao )nam (20\d\d)/).compactMap { Int($0.output.3) } + [planYear].compactMap { $0 }).max()
        guard let target else { return g }
        return g.replacing(/so voi (cung ky )?nam (20\d\d)/) { m in Int(m.output.2).map { $0 < target } == true ? "" : String(m.output.0) }
    }

    /// Whether a sentence that reports looks back on a term of office: "nhiệm kỳ qua", "nhiệm kỳ
    /// vừa qua", or a term the text names the next of (`ended`, by last year: "… thực hiện Nghị
    /// quyết Đại hội Đảng bộ nhiệm kỳ 2020 - 2025", "Nhiệm kỳ 2020-2025, … thu ngân sách đạt và
    /// vượt chỉ tiêu đề ra"). The figures after it, to the next year or goal, are the term's.
    static func reviewsTerm(_ f: String, ended: Set<Int>) -> Bool {
        if f.range(of: #"\b(nhiem ky|giai doan) (vua )?qua\b"#, options: .regularExpression) != nil { return true }
        // ("Chương trình … giai đoạn 2016-2020 cơ bản đã đạt được các mục tiêu của chương trình đề
        // ra.": a period whose goals the sentence says were reached is looked back on.)
        if f.contains("giai doan"), f.contains("da dat duoc"),
           f.range(of: #"\bgiai doan 20\d\d ?[-–] ?20\d\d\b[^.;]{0,60}\bda dat duoc (hau het |phan lon |tat ca |cac |nhieu )*(muc tieu|chi tieu)\b"#, options: .regularExpression) != nil {
            return true
        }
        guard !ended.isEmpty else { return false }
        return PlanOutline.periodEnds(in: f).contains(where: ended.contains)
    }

    /// `f` (folded) without the words that tell a target was passed, met or missed ("vượt xa
    /// mục tiêu", "vượt chỉ tiêu", "hoàn thành mục tiêu", "chưa đạt mục tiêu", "chỉ đạt 45,8%,
    /// trong khi mục tiêu đề ra là 50%"): they speak of a goal only to report on it.
    static func withoutTargetsPassed(_ f: String) -> String {
        guard f.contains("muc tieu") || f.contains("chi tieu") || f.contains("ke hoach") || f.contains("phan dau dat duoc") || f.contains("gop phan") else { return f }
        // (And "nhiều chỉ tiêu của chương trình đã hoàn thành": the same, the other way round.)
        // ("đã thực hiện đạt và vượt hầu hết các chỉ tiêu Nghị quyết": a term reviewed; "thu ngân
        // sách đạt và vượt chỉ tiêu đề ra", "vượt chỉ tiêu Nghị quyết đề ra": the goal's "đề ra" too;
        // "đạt và vượt 20/22 chỉ tiêu": how many of them. Not "đạt mục tiêu" alone: its letters
        // without diacritics are "đặt mục tiêu", to set one.)
        // ("12/12 chỉ tiêu kinh tế - xã hội của phường đạt và vượt kế hoạch", "30/33 chỉ tiêu nghị
        // quyết đạt và vượt": a tally of goals met, before the words that met them go.)
        // ("Trong 44 chỉ tiêu thành phần theo Nghị quyết …, có 9 chỉ tiêu vượt và 35 chỉ tiêu đạt":
        // the same tally, in counts — the verb right after the goals counted, not "26 chỉ tiêu
        // chủ yếu, trong đó: GRDP tăng 11%".)
        return (f.contains("/") ? f.replacingOccurrences(of: #"\b\d+/\d+ (chi tieu|muc tieu|nhiem vu)\b(?=[^.;]{0,80}\b(dat|vuot|hoan thanh|tang)\b)"#, with: " ", options: .regularExpression) : f)
            .replacingOccurrences(of: #"\b(trong \d+ (chi tieu|muc tieu)\b(?=[^.;]{0,120}\b\d+ (chi tieu|muc tieu) (vuot|dat)\b)|\d+ (chi tieu|muc tieu|nhiem vu) (vuot|dat|chua dat|hoan thanh)\b)"#, with: " ", options: .regularExpression, where: "chi tieu")
            .replacingOccurrences(of: #"\b(dat va )?(vuot|hoan thanh)( xa| qua| so voi| som| truoc han| truoc thoi han)* +(hau het |phan lon |tat ca |nhieu )?(cac |nhieu |\d+/\d+ +)?(muc tieu|chi tieu|ke hoach)(( [a-z0-9]+){0,12} (de ra|dat ra|duoc giao)\b| (nghi quyet|ke hoach))?\b"#, with: " ", options: .regularExpression)
            .replacingOccurrences(of: #"\b(muc tieu|chi tieu)( cua [a-z ]{1,40})? da (hoan thanh|dat|vuot)\b"#, with: " ", options: .regularExpression)
            // ("tăng 11,73% so với cùng kỳ, vượt tốc độ tăng trưởng so với kế hoạch đề ra đầu năm
            // 2022 là 8,42%": a planned rate passed, what it is of between.)
            .replacingOccurrences(of: #"\bvuot( [a-z]+){1,6} so voi (muc tieu|chi tieu|ke hoach)( (de ra|dat ra|duoc giao))?\b"#, with: " ", options: .regularExpression, where: "vuot")
            // ("… cơ bản đã đạt được các mục tiêu của chương trình đề ra", "vượt mức chỉ tiêu của
            // chương trình đề ra", "đạt 6% (đạt theo kế hoạch)": goals reached, the plan kept to.)
            // (And "Chương trình mục tiêu phát triển …", a programme's name.)
            .replacingOccurrences(of: #"\b((da dat duoc (hau het |phan lon |tat ca |cac |nhieu )*|vuot muc )(muc tieu|chi tieu)(( cua [a-z ]{1,40}?)? (de ra|dat ra|duoc giao))?|dat theo ke hoach|chuong trinh muc tieu)\b"#, with: " ", options: .regularExpression)
            // ("Chương trình Giảm nghèo bền vững đã đạt chỉ tiêu Quốc hội, Chính phủ giao": goals
            // assigned and met — "đã đặt mục tiêu", folded the same, sets one; "(mục tiêu giai đoạn
            // 2021-2025 là 80%)", "(mục tiêu là 15 tỉnh)": the goal a figure is measured against.)
            .replacingOccurrences(of: #"\bda dat chi tieu [a-z ,]{1,40}?(giao|de ra)\b|\((vuot |dat |chua dat |khong dat )?(muc tieu|chi tieu)\b[^()]*\)"#, with: " ", options: .regularExpression)
            // ("… nhưng vẫn cách xa mục tiêu 90%", "vẫn còn xa mục tiêu": a goal not reached.)
            .replacingOccurrences(of: #"\b((chua|khong) dat( duoc)?|trong khi( do)?|(cach|con) xa( so voi)?) (muc tieu|chi tieu|ke hoach)( (de ra|dat ra|duoc giao))?\b"#, with: " ", options: .regularExpression)
            // ("Những mục tiêu này dựa trên kết quả có được … trong năm 2021 khi giá trị xuất khẩu …
            // đạt 15,87 tỷ USD": the goals named above, the results they rest on.)
            .replacingOccurrences(of: #"\b(nhung |cac )?(muc tieu|chi tieu) (nay|tren) (dua tren|can cu vao|can cu) (cac |nhung )?ket qua\b"#, with: " ket qua", options: .regularExpression, where: "ket qua")
            // ("… và đạt mục tiêu đã điều chỉnh (12-13 triệu lượt)": a target revised, reported on.)
            .replacingOccurrences(of: #"\b(muc tieu|chi tieu|ke hoach) da dieu chinh\b"#, with: " ", options: .regularExpression)
            // ("kể từ khi Kế hoạch hỗ trợ … được triển khai, … đã có hơn 5,4 triệu tài khoản": since
            // a plan began, what it brought.)
            .replacingOccurrences(of: #"\b(ke tu khi|tu khi|sau khi) (ke hoach|chuong trinh|de an)\b"#, with: " ", options: .regularExpression)
            // ("… bằng 45% kế hoạch", "đạt gần 41% so với kế hoạch", "vượt 57% so với mục tiêu ban
            // đầu": the share of a plan met — not "đạt 100% chỉ tiêu", all of it, which a plan sets.)
            // ("hoàn thành gần 90% mục tiêu", "tiến sát mốc 40% chỉ tiêu giao": the same.)
            .replacingOccurrences(of: #"\b(bang|dat|vuot|hoan thanh|moc)( gan| khoang| hon| tren)? (?!100 ?%)\d+([.,]\d+)? ?% (so voi )?(ke hoach|muc tieu|chi tieu)\b"#, with: " ", options: .regularExpression)
            // ("Tổng kế hoạch vốn đầu tư công trên 3.580 tỷ đồng, đã giải ngân đạt 62%": the capital
            // a budget plans, no goal of an indicator.)
            .replacingOccurrences(of: #"\bke hoach von\b"#, with: " ", options: .regularExpression, where: "ke hoach von")
            // ("11/54 chỉ tiêu đặt ra cho năm 2025 tăng so với thời điểm ban hành kế hoạch": the
            // plan's issue is a point in time, and the tally counts the goals that rose.)
            // ("…, góp phần thực hiện thắng lợi các mục tiêu kinh tế - xã hội của địa phương": the
            // figures before it helped, the goals are named only to say so — not "góp phần thực hiện
            // mục tiêu tăng trưởng GDP năm 2025 đạt từ 8,3 - 8,5%", one goal and its value.)
            .replacingOccurrences(of: #"\bgop phan (thuc hien|hoan thanh)( thang loi)? (cac|nhung) (muc tieu|chi tieu)\b|\bgop phan thuc hien thang loi (muc tieu|chi tieu)\b"#, with: " ", options: .regularExpression, where: "gop phan")
            // ("Trong nhiệm kỳ qua, … Đảng bộ và nhân dân trong xã đã nỗ lực, phấn đấu đạt được
            // những kết quả quan trọng": the striving is done, its results told.)
            .replacingOccurrences(of: #"\bphan dau dat duoc (nhung|nhieu|cac) ket qua\b"#, with: "ket qua", options: .regularExpression, where: "phan dau dat duoc")
            .replacingOccurrences(of: #"\b(so voi )?thoi diem ban hanh (ke hoach|nghi quyet|chuong trinh|de an)\b"#, with: " ", options: .regularExpression, where: "thoi diem")
    }

    /// `s` with its parenthesized asides removed (unbalanced ones kept).
    static func withoutParentheses(_ s: String) -> String {
        guard s.contains("(") else { return s }
        return s.replacingOccurrences(of: #"\([^()]*\)"#, with: " ", options: .regularExpression)
    }

    /// Whether a sentence speaks of a figure named before it ("Con số này chiếm tới trên 50%
    /// số lượng điểm … đặt ra trong mục tiêu chung"): a share of that figure, not a target.
    static func refersBack(_ f: String) -> Bool {
        f.range(of: #"^(con so|so lieu) (nay|do)\b"#, options: .regularExpression) != nil
    }
}

private extension String {
    /// The text without "hiện có" where it means those there are, not what there is now: "…
    /// đạt ít nhất 50% tổng số trạm 4G hiện có" (a denominator), "… cho tối thiểu 30 tổ chức kinh
    /// tế …, dịch vụ hiện có thực hiện Chương trình" (existing ones) — where "hiện có 2.725 doanh
    /// nghiệp", "hiện có tỷ lệ …" tell what is. (Only a text with "hien co" is searched.)
    var withoutExistingOnes: String {
        guard contains("hien co") else { return self }
        return replacingOccurrences(of: #"\btong so [a-z0-9 ]{1,30}? hien co\b"#, with: "", options: .regularExpression)
            .replacingOccurrences(of: #"\bhien co(?= ?($|[,.;)]| thuc hien\b| tham gia\b| tren dia ban\b| tai\b))"#, with: "", options: .regularExpression)
    }

    /// `replacingOccurrences` run only where `word` is: a regular expression is dear per clause.
    func replacingOccurrences(of pattern: String, with template: String, options: String.CompareOptions, where word: String) -> String {
        contains(word) ? replacingOccurrences(of: pattern, with: template, options: options) : self
    }
}
