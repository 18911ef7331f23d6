/// The numeric targets one clause states, read as `Datasets/CODEBOOK.md` reads them:
///
/// | wording | op |
/// |---|---|
/// | "X-Y%", "đạt X-Y%", "trên X-Y%", "từ X đến Y%" | `range` X..Y |
/// | "tối thiểu X%", "ít nhất X%", "từ X% trở lên", "X% hộ gia đình trở lên", "chiếm từ X%" | `>=` |
/// | "khoảng X%" | `~` |
/// | "trên X%", "hơn X%", "trên 3.000 lượt" | `>` |
/// | "tối đa X%", "không quá X%" / "dưới X%" | `<=` / `<` |
/// | "đạt X%", a bare "X%", "tăng X%" | `=` |
///
/// A number is a target when "%" follows it, or when a count unit follows it ("lượt", "sản
/// phẩm", "doanh nghiệp", "triệu đồng", …) and an operator word or "đạt"/"có" precedes it; so
/// "4G", "mức độ 3, 4", "15 tuổi" and "04 lớp" are not. A ranking ("thuộc nhóm 50 nước dẫn
/// đầu", "nhóm 20 tỉnh") is a `<=` target with unit `rank`. "3.000" is three thousand and "10,08"
/// ten point zero eight (Vietnamese separators).
struct TargetPhrase {
    var op: String
    var lo: Double
    var hi: Double?
    /// `percent`, `percent_per_year` ("%/năm", or "tăng" with "hằng năm"), `count`, `rank`,
    /// speeds, per 100 / 1,000 people, `per_person`, or money (`moneyUnits`).
    var unit: String
    /// Where the operator words start and the last number ends, in the clause's characters.
    var start: Int
    var end: Int

    /// What a ranked group is made of ("nhóm 50 nước", "nhóm 10 tỉnh, thành phố").
    static let rankUnits = ["nuoc", "quoc gia", "tinh", "dia phuong"]

    /// Subscriptions (or users) per 100 people.
    /// (And the sex ratio at birth: "dưới 109 bé trai/100 bé gái".)
    static let perHundredUnits = ["thue bao/100 dan", "thue bao / 100 dan", "thue bao tren 100 dan", "be trai/100 be gai", "be trai / 100 be gai",
                                  "trai/100 gai", "trai / 100 gai"]
    static let perThousandUnits = ["/1.000 dan", "/1000 dan", " tren 1.000 dan", "/1.000 nguoi dan"]

    /// Units a value states in words of their own, read wherever they follow it. Speeds, in Mb/s;
    /// a cable's design capacity in Tb/s stays in Tb/s (no speed target). Electricity in the
    /// kWh the plan counts it in ("sản lượng điện đạt khoảng 550-600 tỷ kWh": billions, as sums of
    /// money stay in theirs); containers in TEU and energy in tonnes of oil equivalent in full, as
    /// tonnes are ("38 đến 47 triệu TEU", "175-195 triệu tấn dầu quy đổi (TOE)", "320- 350 triệu
    /// TOE"); a rate per mille in ‰. (The longer words first: "triệu tấn dầu quy đổi" before "tấn".)
    static let statedUnits: [(words: String, scale: Double, unit: String)] = [
        ("mb/s", 1, "mbps"), ("mbps", 1, "mbps"), ("mbit/s", 1, "mbps"), ("gb/s", 1000, "mbps"), ("gbps", 1000, "mbps"),
        ("tbps", 1, "tbps"), ("tb/s", 1, "tbps"),
        ("ty kwh", 1, "billion_kwh"), ("trieu kwh", 1, "million_kwh"), ("kwh", 1, "kwh"),
        ("trieu teu", 1e6, "teu"), ("teu", 1, "teu"),
        ("trieu tan dau quy doi", 1e6, "toe"), ("tan dau quy doi", 1, "toe"), ("trieu toe", 1e6, "toe"), ("toe", 1, "toe"),
        // ("giảm tỷ suất tử vong trẻ sơ sinh xuống 9‰": a rate per thousand births.)
        ("‰", 1, "per_mille"),
        // ("nâng tỷ lệ cấp nước đô thị đạt từ 80 – 120 lít/người/ngày đêm", "nguồn nước phục vụ
        // phát triển công nghiệp từ 50-100m3/ngày/ha": water supplied.)
        ("lit/nguoi/ngay dem", 1, "litres_per_person_day"), ("lit/nguoi/ngay", 1, "litres_per_person_day"),
        ("m3/ngay/ha", 1, "m3_per_day_per_ha"),
    ]

    /// The whole number right after a "/" at `j` ("8/8 xã", "550/100.000 trẻ em": `number`
    /// reads none after a "/"), with dots between its thousands when `thousands`, and where it ends.
    static func wholeAfterSlash(_ c: [Character], at j: Int, thousands: Bool = true) -> (value: Double, end: Int)? {
        guard j + 1 < c.count, c[j] == "/", c[j + 1].isASCII, c[j + 1].isNumber else { return nil }
        var e = j + 1
        while e < c.count, c[e].isASCII && c[e].isNumber || thousands && c[e] == "." && e + 1 < c.count && c[e + 1].isNumber { e += 1 }
        return Double(String(c[(j + 1)..<e]).replacingOccurrences(of: ".", with: "")).map { ($0, e) }
    }

    /// The stated unit whose words start at `i` and end a word there.
    static func statedUnit(_ f: [Character], at i: Int) -> (words: String, scale: Double, unit: String)? {
        statedUnits.first { u in matches(f, u.words, at: i) && (i + u.words.count == f.count || !f[i + u.words.count].isLetter) }
    }

    /// Verbs that set a count to reach, right before it.
    static let countVerbs = ["hinh thanh ", "phat trien ", "thu hut ", "dao tao ", "ho tro ", "thanh lap ", "co them ", "phan dau ",
                             "xay dung ", "trien khai ", "hoan thanh ", "thanh lap moi ", "don ", "phuc vu ",
                             "viec lam moi cho ", "viec lam cho ",
                             // ("hàng năm đào tạo nghề cho 2.000 lao động nông thôn": those trained.)
                             "dao tao nghe cho ", "dao tao cho ", "boi duong cho ",
                             // ("hướng tới 10 trung tâm logistics quốc tế": an aim to reach; "hình
                             // thành thêm 132 đô thị mới", "đạt 38% với hệ thống 870 đô thị": more
                             // to form, the system a rate comes with.)
                             "huong toi ", "hinh thanh them ", "voi he thong ",
                             // ("ngành du lịch sẽ tạo ra khoảng 5,5-6 triệu việc làm": jobs to create.)
                             "tao ra ",
                             // ("đào tạo được 50.000 kỹ sư", "bồi dưỡng 2.500 kỹ sư", "(bao gồm 2.120 người …)",
                             // "cơ cấu gồm 500 tiến sĩ": a workforce to train, and its parts.)
                             "dao tao duoc ", "boi duong ", "bao gom ", "gom ",
                             // ("nâng cấp 8 mô hình du lịch cộng đồng", "chuẩn hoá thêm 5 sản phẩm OCOP",
                             // "giải quyết công việc cho 3,5 triệu lao động": more to upgrade, to
                             // standardise, jobs to give.)
                             "nang cap ", "chuan hoa ", "chuan hoa them ", "tieu chuan hoa ", "cong viec cho ",
                             // ("công nhận 1 khu và 2 điểm du lịch": places to be recognised; "Phấn đấu đưa
                             // 130.000 lao động đi làm việc ở nước ngoài": workers to send.)
                             "cong nhan ", "dua ",
                             // ("Năm 2025, đào tạo sau ĐH 20 cán bộ": postgraduates to train.)
                             "dao tao sau dh ", "dao tao sau dai hoc ",
                             // ("phát triển mới 20 cơ sở tiểu thủ công nghiệp dịch vụ": new ones.)
                             "phat trien moi "]
    /// Count units that make a count only after the verb that sets them: "kết nạp 600 đảng viên",
    /// "Hàng năm kết nạp mới từ 25 đảng viên trở lên" (where "đại diện cho hơn 1.200 đảng viên"
    /// tells how large the party is).
    /// ("hỗ trợ 10 dự án khởi nghiệp": projects a verb sets, where "Chương trình có 53 dự án" tells
    /// what a programme is made of.)
    static let verbCountUnits: [(words: String, verbs: [String])] = [("dang vien", ["ket nap ", "ket nap moi "]), ("du an", countVerbs)]

    static let countUnits = ["luot", "san pham", "doanh nghiep", "do thi", "tai khoan", "nguoi", "hop tac xa", "ho ", "diem", "mo hinh", "don vi", "can nha", "can ho", "can ",
                             "xa ", "xa,", "xa.", "thon", "huyen", "tuyen cap", "trung tam", "dich vu",
                             "tieu chi", "co quan", "nen tang", "khach", "du khach", "lao dong",
                             // ("thành lập 3 vườn ươm", "100 ý tưởng", "khoảng 100 nhà đầu tư": a start-up
                             // ecosystem's counts.)
                             "vuon uom", "y tuong", "nha dau tu",
                             // ("tỉnh có 10 cơ sở khách sạn … đạt chuẩn 5 sao": establishments.)
                             "co so ",
                             // ("khoảng 250.000 thiết bị chấp nhận thẻ … khoảng 200 triệu giao dịch/năm".)
                             "thiet bi", "giao dich",
                             // ("có ít nhất 5 di sản được UNESCO ghi danh".)
                             "di san",
                             // ("có 02 tác giả đạt giải thưởng văn học ASEAN và khoảng 20 - 30 tác phẩm":
                             // a culture strategy's authors and works.)
                             "tac gia", "tac pham",
                             // ("đạt 35 giường bệnh và 19 bác sĩ trên 1 vạn dân": beds and doctors.)
                             "giuong benh", "bac si",
                             // ("Hằng năm tổ chức đào tạo trên 2.000 vận động viên", "năm 2030 có 2.000
                             // CLB": sport's people and clubs.)
                             "van dong vien", "clb", "cau lac bo",
                             // ("có ít nhất 1 chủ thể OCOP mới", "cho trên 30 vùng nuôi trồng thủy sản":
                             // a programme's members, a sector's areas.)
                             "chu the", "vung ",
                             // ("tạo ra khoảng 5,5-6 triệu việc làm", "khoảng 1,3 triệu buồng": jobs, rooms.)
                             "viec lam", "buong",
                             // ("Việt Nam sẽ có 43 tuyến cao tốc", "hệ thống cao tốc gồm 43 tuyến,": routes.)
                             "tuyen ", "tuyen,", "tuyen.",
                             // ("sẽ có 221 khu công nghiệp …, 76 KCN phát triển mở rộng": industrial zones.)
                             "khu cong nghiep", "kcn", "cum cong nghiep",
                             // ("hình thành tối thiểu 5 tập đoàn bán lẻ", "công nhận 1 khu và 2 điểm du lịch",
                             // "8.000 phòng lưu trú": groups, zones, rooms.)
                             "tap doan", "khu ", "phong luu tru", "phong khach san",
                             // ("Cả nước có 30 cảng hàng không đến năm 2030", "sẽ có thêm 4 sân bay",
                             // "27 CHK, trong đó có 11 CHKQT": airports.)
                             "cang hang khong", "san bay", "chk",
                             // ("khoảng 70.000 trẻ em và người khuyết tật được phẫu thuật chỉnh hình",
                             // "200.000 NKT có nhu cầu … được hỗ trợ đào tạo nghề": children, the disabled.)
                             "tre em", "nkt", "nguoi khuyet tat"]
        // (Sums of money count as their units say: `moneyUnits`, in the words it reads them by.)
        + moneyUnits.map(\.words) + workforceNouns
    /// The parts of a plan's spatial frame, named, not counted as a goal: "tập trung phát triển
    /// 2 vùng động lực … gắn với 2 cực tăng trưởng là Hà Nội và TPHCM", "6 vùng kinh tế - xã hội".
    static let spatialFrame = ["vung dong luc", "cuc tang truong", "hanh lang kinh te", "vung kinh te"]
    /// A workforce to train: "đào tạo 4.020 cử nhân, kỹ sư", "500 tiến sĩ, 7.500 thạc sĩ".
    /// ("Tối thiểu 100 cán bộ, chuyên gia … được đào tạo": officials too.)
    static let workforceNouns = ["ky su", "cu nhan", "thac si", "tien si", "giang vien", "nhan luc", "nhan su", "hoc vien",
                                 "nghien cuu sinh", "chuyen gia", "sinh vien", "can bo", "cong chuc", "vien chuc"]
    /// The people a training verb trains ("Bồi dưỡng nâng cao trình độ cho 95 giảng viên").
    static let workforceUnits = workforceNouns + ["nguoi"]
    /// Verbs that, with "được" after them, make whatever follows their number a count: "xây
    /// dựng được 10 thương hiệu TTNT", "hình thành được 50 bộ dữ liệu mở".
    static let achievedCountVerbs = ["hinh thanh duoc ", "xay dung duoc ", "phat trien duoc ", "thanh lap duoc "]
    /// Count units that make a count only after a bound ("thí điểm … cho tối thiểu 2 dự án"):
    /// "Chương trình có 53 dự án, nhiệm vụ" describes a programme.
    /// ("tối thiểu 30 tổ chức kinh tế", "40-50 tổ chức KH&CN": organisations — where "Đảng bộ
    /// phường có 74 tổ chức Đảng" describes.)
    static let boundedCountUnits = ["du an", "to chuc",
                                    // ("định mức tiêu thụ năng lượng cho từ 10 đến 15 ngành/tiểu ngành", "từ 15
                                    // đến 20 hướng dẫn kỹ thuật": sectors and guides, counted in a range.)
                                    "nganh", "huong dan",
                                    // ("Hằng năm có từ 10 - 15 công trình nghiên cứu": works, in a range — where
                                    // "có 3 công trình" describes.)
                                    "cong trinh"]
    /// Count units whose letters without diacritics are another word's: "68.457 trạm 5G"
    /// (stations), not "trăm" (hundred); "04 trường" (schools), not "trưởng" (heads) — nor
    /// "trường hợp" (cases).
    static let accentedCountUnits = ["trạm", "trường"]

    /// Units of money and their column values ("35 tỷ USD", "600 USD/người/năm"), longest first.
    static let moneyUnits: [(words: String, unit: String)] = [
        ("trieu dong", "million_vnd"), ("ty dong", "billion_vnd"), ("ti dong", "billion_vnd"), ("ty usd", "billion_usd"), ("ti usd", "billion_usd"), ("trieu usd", "million_usd"),
        ("usd/nguoi/nam", "usd_per_person_year"), ("usd", "usd"),
        // ("274 triệu VND (tương đương 11.000 đô la Mỹ)": the currency's code, the dollar in words.)
        ("trieu vnd", "million_vnd"), ("ty vnd", "billion_vnd"), ("ti vnd", "billion_vnd"),
        ("ty do la my", "billion_usd"), ("ti do la my", "billion_usd"), ("trieu do la my", "million_usd"), ("do la my", "usd"),
        // ("kim ngạch xuất khẩu 604 triệu đôla Mỹ": the dollar in one word.)
        ("ty dola my", "billion_usd"), ("ti dola my", "billion_usd"), ("trieu dola my", "million_usd"), ("dola my", "usd"),
    ]

    /// Every target in `text`, in order. `setsGoal`: the reader knows the clause speaks of a goal
    /// from the text around it (its sentence, its paragraph, a year of its own), where the clause's
    /// own words may not say so ("Mục tiêu cụ thể, năm 2025, phấn đấu đón …; 130 triệu lượt
    /// khách nội địa").
    static func all(in text: String, setsGoal: Bool = false) -> [TargetPhrase] {
        let chars = Array(text)
        let folded = chars.map { c -> Character in Fold.fold(String(c)).first ?? c }
        let clauseFolded = String(folded)
        let depth = parenthesisDepths(folded)
        // (Labour productivity grows by a yearly rate whether or not the text says "hằng năm":
        // "Năng suất lao động tăng tối thiểu 8%".)
        let perYear = clauseFolded.contains("hang nam") || clauseFolded.contains("moi nam") || clauseFolded.contains("nang suat lao dong")
        var out: [TargetPhrase] = []
        // "số chi nhánh ngân hàng thương mại trên 100.000 người … là 20 chi nhánh": the rate's
        // unit, and the noun its values are counted in.
        var perPeople: (unit: String, noun: String)? = nil
        var i = 0
        while i < chars.count {
            // "thuộc nhóm ba địa phương dẫn đầu": a group's size in words.
            if i == 0 || !chars[i - 1].isLetter, let rank = rankInWords(folded, at: i) {
                out.append(rank)
                i = rank.end
                continue
            }
            guard var first = number(chars, at: i) else { i += 1; continue }
            // A number joined to the one before by a dash ("2025-08-11", "2021-2030") is a
            // date's or a period's part: a range of values was read from its first number.
            if first.start >= 2, chars[first.start - 1] == "-", chars[first.start - 2].isNumber { i = first.end; continue }
            // A sign written before the number ("-5%", "−5%", "giảm -2,5%"), not a range's dash
            // ("15-20%": the dash follows a number).
            if first.start >= 1, chars[first.start - 1] == "-" || chars[first.start - 1] == "−",
               first.start == 1 || !(chars[first.start - 2].isNumber || chars[first.start - 2] == "%" || chars[first.start - 2].isLetter) {
                first = (-first.value, first.start - 1, first.end)
            }
            // "không còn xã dưới 15 tiêu chí": the value names a group that is to be no more, not
            // a level to reach.
            // The folded text of the `n` characters before the value.
            func lookback(_ n: Int) -> String { String(folded[max(0, first.start - n)..<first.start]) }
            // The label a value closes, from its clause's last ',', ';' or ':' (at most 120
            // characters back): "số dân phục vụ … là 14.800", "Số lượng đô thị … đạt từ 1.000 đến 1.200".
            func label() -> String {
                String(lookback(120).split(whereSeparator: { ",;:".contains($0) }).last ?? "").trimmingCharacters(in: .whitespaces)
            }
            let back = lookback(40)
            if (back.split(whereSeparator: { $0 == "," || $0 == ";" }).last.map(String.init) ?? back).contains("khong con ") {
                i = first.end; continue
            }
            // "các hộ kinh doanh có doanh thu trên 1 tỷ đồng bắt buộc phải áp dụng hóa đơn điện tử":
            // the sum says who must, it is no level to reach.
            // ("tỷ lệ hộ nghèo tại các xã có tỷ lệ hộ nghèo cao trên 25% giảm từ 4% trở lên": which
            // communes, by their share.)
            // (Each pattern only where its words are: a regular expression is dear per value.)
            if back.contains("co ") || back.contains("voi "),
               (back.contains("doanh thu") || back.contains("thu nhap") || back.contains("von dieu le"))
                && back.range(of: #"\b(co|voi) (doanh thu|thu nhap|von dieu le)( (hang nam|binh quan|moi nam))? (tu|tren|duoi|khong qua|toi da|tu tren) $"#, options: .regularExpression) != nil
                || back.contains("co ty le")
                && lookback(60).range(of: #"\b(cac|nhung) [a-z]+ co ty le [a-z ]{0,30} (tren|duoi|tu) $"#, options: .regularExpression) != nil
                // ("xuống 15‰ ở các tỉnh năm 2020 có tỷ suất tử vong sơ sinh trên 19‰": which
                // provinces, by their rate in a year past.)
                || (back.hasSuffix("tren ") || back.hasSuffix("duoi ") || back.hasSuffix("tu ")) && lookback(80).contains("co ty suat")
                && lookback(80).range(of: #"\b(cac|nhung) [a-z]+( nam 20\d\d)? co ty (le|suat) [a-z0-9 ]{0,40} (tren|duoi|tu) $"#, options: .regularExpression) != nil
                // ("Bảo vệ và phát triển dân số các dân tộc thiểu số có dưới 10.000 người": which
                // peoples, by their number.)
                || (back.hasSuffix("co duoi ") || back.hasSuffix("co tren "))
                && lookback(50).range(of: #"\b(cac|nhung) [a-z ]{3,40} co (duoi|tren) $"#, options: .regularExpression) != nil {
                i = first.end; continue
            }
            // ("Nghị quyết 57 có 5 điểm đột phá": what a document is made of, not a count to reach.)
            // (The pattern only where a document's name is: "có 10 xã" is asked no more.)
            if back.hasSuffix(" co "), ["nghi quyet", "ke hoach", "chien luoc", "de an", "chuong trinh", "quyet dinh"].contains(where: back.contains),
               lookback(40).range(of: #"\b(nghi quyet|ke hoach|chien luoc|de an|chuong trinh|quyet dinh)( so)?( [0-9a-z/-]+)? co $"#, options: .regularExpression) != nil {
                i = first.end; continue
            }
            // ("đường bờ biển dài hơn 3.200 km", "Với hơn 3.260 km đường bờ biển": the coast's length.)
            // (The words around read only for a length in km.)
            if matches(folded, "km", at: skipSpaces(chars, first.end)),
               String(folded[max(0, first.start - 30)..<min(folded.count, first.end + 24)]).contains("bo bien") {
                i = first.end; continue
            }
            // ("Giảm TNGT từ 5%-10% trên 3 tiêu chí": what the range is of, on three counts.)
            if back.hasSuffix("% tren "), out.last.map({ String(folded[$0.end..<first.start]) == " tren " }) == true {
                i = first.end; continue
            }
            var end = first.end
            var hi: Double? = nil
            // Whether a measure in millions was scaled because its clause sets a goal (below).
            var measureInGoal = false
            var j = skipSpaces(chars, first.end)
            // Whether what follows a range's high end makes it one of a count or a measure.
            func rangeUnitFollows(_ after: Int) -> Bool {
                // ("17-18 triệu lượt khách": in millions, scaled below.)
                let thousand = thousandWord(chars, folded, at: after)
                return countUnits.contains(where: { unit in
                    matches(folded, unit, at: after) || matches(folded, "trieu " + unit, at: after) || thousand.map { matches(folded, $0 + unit, at: after) } == true
                })
                    // ("40-50 tổ chức KH&CN được xếp hạng": a range bounds the count.)
                    || boundedCountUnits.contains(where: { matches(folded, $0, at: after) })
                    // ("trong đó 800 -1.000ha rau": an area's range.)
                    || physicalUnit(chars, folded, at: after) != nil
                    // ("khoảng 4,5-5 triệu tấn": a mass's range in millions.)
                    || matches(folded, "trieu ", at: after) && physicalUnit(chars, folded, at: after + 6) != nil
                    // ("550-600 tỷ kWh", "38 đến 47 triệu TEU".)
                    || statedUnit(folded, at: after) != nil
            }
            // "15-20%", "15 - 20%", "15%-20%"
            var k = j
            if k < chars.count, chars[k] == "%" { k = skipSpaces(chars, k + 1) }
            if k < chars.count, chars[k] == "-" || chars[k] == "–", let second = number(chars, at: skipSpaces(chars, k + 1)) {
                let after = skipSpaces(chars, second.end)
                if after < chars.count, chars[after] == "%" {
                    // "20-15%" is no range (its low end above its high): neither value is read.
                    guard second.value >= first.value else { i = after + 1; continue }
                    hi = second.value; end = second.end; j = after
                } else if second.value > first.value, k == first.end || k == first.end + 1,
                          // ("nhiệm kỳ 2020-2025 huyện …": two years are a period.)
                          !(isYear(first.value) && isYear(second.value)),
                          rangeUnitFollows(after)
                            // ("tăng thu nhập … gấp 2,5 - 3 lần so với năm 2020": a multiple's range.)
                            || matches(folded, "lan so voi nam", at: after) && endsWith(folded, before: first.start, "gap ") {
                    // "thêm 2-4 tuyến cáp", "1-2 trung tâm dữ liệu": a range of a count.
                    hi = second.value; end = second.end; j = after
                }
            }
            // "từ 10 đến 20%", "từ 10% đến 20%"
            let denAt = j < chars.count && chars[j] == "%" ? skipSpaces(chars, j + 1) : j
            if hi == nil, matches(folded, "den ", at: denAt), let second = number(chars, at: skipSpaces(chars, denAt + 4)) {
                let after = skipSpaces(chars, second.end)
                // Without "từ" when both values carry "%" ("chiếm 15% đến 20% GRDP"), or "khoảng"
                // opens it ("đạt khoảng 45 đến 50%"), or the low end is below the high and is no
                // year or rank's place ("đạt mức tiết kiệm năng lượng 5,0 đến 7,0% tổng tiêu thụ";
                // not "năm 2025 đến 90%", "top 5 đến 10%").
                let opens = endsWith(folded, before: first.start, "tu ") || endsWith(folded, before: first.start, "khoang ")
                    || first.value < second.value && !isYear(first.value)
                        && !["nam ", "thu ", "top ", "hang ", "nhom "].contains { endsWith(folded, before: first.start, $0) }
                if after < chars.count, chars[after] == "%", opens || denAt != j {
                    hi = second.value; end = second.end; j = after
                } else if second.value > first.value, endsWith(folded, before: first.start, "tu ") || endsWith(folded, before: first.start, "khoang "), denAt == j,
                          rangeUnitFollows(after) {
                    // "đạt từ 9.400 đến 11.000 USD", "có từ 1 đến 2 huyện": a range of a sum of
                    // money or of a count. ("lượng hàng hóa từ 1.140 đến 1.423 triệu tấn",
                    // "hành khách từ 10,1 đến 10,3 triệu lượt khách": of a measure, in millions.)
                    hi = second.value; end = second.end; j = after
                } else if second.value > first.value, endsWith(folded, before: first.start, "dat tu "), denAt == j, endsClause(folded, at: after),
                          label().hasPrefix("so luong ") {
                    // ("Số lượng đô thị … dự kiến sẽ đạt từ 1.000 đến 1.200.": the range a "số lượng"
                    // label reaches, the clause's last words; a count, below.)
                    hi = second.value; end = second.end; j = after
                }
            }
            let isPercent = j < chars.count && chars[j] == "%"
            let before = wordsBefore(folded, first.start)
            let opWord = operatorWord(before)
            // A round number of people after "trên" or "/" ("20 chi nhánh trên 100.000 người", "số
            // chi nhánh … trên 100.000 người … là 20 chi nhánh") is a rate's denominator: the
            // count before it, or the values after it counted in the noun the label names, are
            // per that many people.
            // ("Số bác sĩ trên 1 vạn dân đạt khoảng 15,3 bác sĩ": ten thousand, in a word.)
            let tenThousand = first.value == 1 && hi == nil && matches(folded, "van ", at: skipSpaces(chars, j))
            if !isPercent, hi == nil, let rate = perPeopleUnits[tenThousand ? 10000 : first.value],
               before.hasSuffix("tren ") || first.start > 0 && chars[first.start - 1] == "/",
               let peopleEnd = peopleWordEnd(folded, at: tenThousand ? skipSpaces(chars, j) + 4 : j) {
                if let last = out.last, last.unit == "count", last.end <= first.start, first.start - last.end <= 30,
                   !folded[last.end..<first.start].contains(where: { $0 == "," || $0 == ";" }) {
                    out[out.count - 1].unit = rate
                    i = peopleEnd; continue
                }
                let label = lookback(80)
                if let noun = countedNoun(chars, folded, after: peopleEnd, namedIn: label) {
                    perPeople = (rate, noun)
                    i = peopleEnd; continue
                }
                // "số lượng doanh nghiệp công nghệ số trên 1.000 dân bằng 1": the rate's value right
                // after the label, with no noun of its own.
                let rest = String(folded[peopleEnd..<min(folded.count, peopleEnd + 12)])
                if label.range(of: #"\bso( luong)? "#, options: .regularExpression) != nil,
                   let m = rest.range(of: #"^ (bang|la|dat) "#, options: .regularExpression),
                   let value = number(chars, at: peopleEnd + rest.distance(from: rest.startIndex, to: m.upperBound)) {
                    let after = skipSpaces(chars, value.end)
                    if after == chars.count || !chars[after].isLetter && chars[after] != "%" {
                        out.append(TargetPhrase(op: "=", lo: value.value, hi: nil, unit: rate, start: first.start, end: value.end))
                        i = value.end; continue
                    }
                }
            }
            // ("tỷ lệ số xã đạt dưới 10 tiêu chí còn khoảng 25%", "giảm số xã đạt dưới 5 tiêu chí
            // xuống 250 xã": which communes are counted, by the criteria they meet.)
            if matches(folded, "tieu chi", at: j), back.contains(" dat "),
               lookback(40).range(of: #"\b(so|ty le)( so)? (xa|huyen|thon|dia phuong)( [a-z]+){0,2} dat (duoi|tren|tu|it hon) $"#, options: .regularExpression) != nil {
                i = j; continue
            }
            // "19 tiêu chí, 57 chỉ tiêu": what a set of criteria is made of, not a level to reach.
            if matches(folded, "tieu chi", at: j),
               String(folded[j..<min(folded.count, j + 24)]).range(of: #"^tieu chi, \d+ chi tieu"#, options: .regularExpression) != nil {
                i = j; continue
            }
            // "thu nhập … tăng ít nhất 1,5 lần so năm 2020", "tăng gấp 2 lần": a multiple to grow
            // by. ("cao hơn gấp 10 lần so với 4G", "phải gấp trên 3 lần tốc độ tăng trưởng GDP"
            // compare, and set none.)
            // ("Giá trị giao dịch không dùng tiền mặt gấp 30 lần GDP": a multiple of GDP is set.)
            // ("… gấp 2,5 - 3 lần so với năm 2020": a multiple of a year's level.)
            if !isPercent, matches(folded, "lan", at: j), j + 3 == folded.count || !folded[j + 3].isLetter,
               hi == nil && lookback(30)
                .range(of: #"(^| )tang (gap )?((it nhat|toi thieu|tren|hon|khoang) )?$"#, options: .regularExpression) != nil
                || hi == nil && before.hasSuffix("gap ") && (matches(folded, "lan gdp", at: j) || matches(folded, "lan grdp", at: j))
                || before.hasSuffix("gap ") && matches(folded, "lan so voi nam", at: j) {
                // ("tăng 1,5 lần trở lên so với năm 2020": at least.)
                out.append(TargetPhrase(op: hi != nil ? "range" : opWord.map { $0.op } ?? (followedByTroLen(folded, j + 3) ? ">=" : "="), lo: first.value, hi: hi, unit: "times",
                                        start: max(0, first.start - (opWord?.length ?? 0)), end: j + 3))
                i = j + 3; continue
            }
            // "Số dân phục vụ bình quân trên 01 điểm phục vụ": per one point, a denominator.
            let isPerOne = before.hasSuffix("binh quan tren ") && first.value == 1
            // A count needs a word that makes it one: an operator, "đạt"/"có", a range, a label's
            // colon ("- Năm 2023: 132 xã, phường, thị trấn"), or a verb that sets a number to reach
            // ("Hình thành 30 doanh nghiệp", "Đào tạo 1.000 lượt", "hoàn thành chuyển đổi số tại
            // 12 huyện").
            // ("thu hút khoảng 6 triệu lượt khách": the verb, then the operator word.)
            let bareBefore = opWord.map { String(before.dropLast($0.length)) } ?? before
            // ("vượt chỉ tiêu 1.420 căn (năm 2025) được Thủ tướng Chính phủ giao": a goal's value
            // after its name.)
            // ("sẽ đón từ 2,6 triệu lượt khách trở lên": the verb, then "từ".)
            // (The verbs looked up before "từ" without building "verb + từ" for each value.)
            let beforeTu = before.hasSuffix("tu ") ? before.dropLast(3) : nil
            // ("tổng số phòng lưu trú là 7.500 phòng": the label's noun, counted.)
            let labelNounCounted = before.hasSuffix(" la ") && labelCounts(folded, before: first.start, at: j)
            let goalVerb = countVerbs.contains { before.hasSuffix($0) || bareBefore.hasSuffix($0) || beforeTu?.hasSuffix($0) == true }
                // ("có 10.000 nhân lực …, trong đó 3.000 người …": the count's parts.)
                || (before.hasSuffix("trong do ") || before.hasSuffix("trong do co ")) && out.last?.unit == "count"
                // ("… đạt 5.250.000 lượt, trong đó khách quốc tế 320.000 lượt, khách nội địa 4.930.000
                // lượt", "đàn heo đạt khoảng 5 triệu con, đàn gia cầm 48 triệu con": parts named before
                // their number, in the count's own unit.)
                || out.last?.unit == "count" && namesPartOfCount(folded, previousEnd: out.last!.end, start: first.start, end: first.end)
                // ("có 60 cơ sở khách sạn được xếp hạng sao với 8.000 phòng lưu trú": what the count
                // comes with.)
                || before.hasSuffix(" voi ") && out.last?.unit == "count" && first.start - out.last!.end <= 60
                    && !folded[out.last!.end..<first.start].contains(";")
                // ("Mục tiêu cụ thể, năm 2025, phấn đấu đón …; 130 triệu lượt khách nội địa": a count
                // that opens its clause where the text sets a goal.)
                || setsGoal && first.start == 0
                // ("200.000 NKT có nhu cầu và đủ điều kiện được hỗ trợ đào tạo nghề", "250.000 người
                // khuyết tật … được học nghề": those to be served, the count opening its clause, as a
                // share would — where "đã được hỗ trợ" reports.)
                || first.start == 0 && folded.count > first.end + 12 && clauseFolded.contains("duoc ")
                    && String(folded[first.end..<min(folded.count, first.end + 100)]).range(of: #"^[^,;:.]{0,80}\bduoc (ho tro|hoc nghe|dao tao nghe)\b"#, options: .regularExpression) != nil
                // ("quy mô đào tạo dự kiến đạt hơn 3 triệu người học, tương đương 260 sinh viên …": the
                // goal in other terms, where a goal is set.)
                || setsGoal && (before.hasSuffix("tuong duong ") || before.hasSuffix("tuong ung "))
                || bareBefore.hasSuffix("chi tieu ") || bareBefore.hasSuffix("muc tieu ")
                || before.hasSuffix("tai ") && lookback(60).contains("hoan thanh")
                // "có 06 huyện, thị xã, thành phố và 300 xã": the verb holds for the second count.
                // ("hoàn thành khoảng 5.000 km đường bộ cao tốc và 172 tuyến quốc lộ": after a measure too.)
                // (And ", " in a list: "221 khu công nghiệp (KCN) quy hoạch phát triển mới, 76 KCN …".)
                || (before.hasSuffix(" va ") || before.hasSuffix(", ")) && out.last.map { $0.unit == "count" || physicalUnits.contains($0.unit) } == true
                    && (first.start - (out.last?.end ?? 0) <= 60 || countsSameNoun(folded, after: out.last!.end, at: j))
                // ("… để đạt mục tiêu xuất khẩu 6 tỷ USD vào năm 2030": the goal named, then its value.)
                || back.contains("muc tieu") && !isYear(first.value) && lookback(40).range(of: #"\bmuc tieu( (?!den|nam|vao|toi|trong|het)[a-z]+){1,3} $"#, options: .regularExpression) != nil
                // "gồm 500 tiến sĩ, 7.500 thạc sĩ, 42.000 kỹ sư": a list of counts, each after the one
                // before (the first's verb holds for the rest).
                || before.hasSuffix(", ") && out.last?.unit == "count" && !folded[(out.last?.end ?? 0)..<first.start].contains(";")
                    && (first.start - (out.last?.end ?? 0) <= 40 || countsSameNoun(folded, after: out.last!.end, at: j))
                // "Bồi dưỡng nâng cao trình độ cho 95 giảng viên", "Việc đào tạo chuyên sâu cho 1.300
                // giảng viên": whom a training verb before serves.
                || before.hasSuffix(" cho ") && workforceUnits.contains(where: { matches(folded, $0, at: j) })
                    && lookback(60).range(of: #"\b(dao tao|boi duong|tap huan)\b"#, options: .regularExpression) != nil
            // A measure with a unit of its own: its operator words, its number, its unit's words.
            func measure(_ unit: String, op: String, lo: Double, hi: Double?, end: Int) {
                out.append(TargetPhrase(op: op, lo: lo, hi: hi, unit: unit, start: max(0, first.start - (opWord?.length ?? 0)), end: end))
                i = end
            }
            // "giảm tỷ suất trẻ em bị tai nạn thương tích xuống 550/100.000 trẻ em vào năm 2025 và
            // 500/100.000 vào năm 2030": a rate per so many people (children too) written as a
            // fraction — the second without its noun, after one of the same rate.
            if !isPercent, hi == nil, j == first.end, let (den, e) = wholeAfterSlash(chars, at: j), den >= 1000, let rate = perPeopleUnits[den] {
                let after = skipSpaces(chars, e)
                let people = ["tre em", "nguoi dan", "nguoi", "dan"].first { w in
                    matches(folded, w, at: after) && (after + w.count == folded.count || !folded[after + w.count].isLetter)
                }
                let continues = out.last?.unit == rate && (after == chars.count || !folded[after].isLetter || matches(folded, "vao ", at: after) || matches(folded, "va ", at: after))
                // ("xuống còn 14/1.000 năm 2015": the rate with its year.)
                let yeared = matches(folded, "nam 20", at: after) || matches(folded, "vao nam 20", at: after)
                if people != nil || continues || yeared {
                    measure(rate, op: opWord?.op ?? "=", lo: first.value, hi: nil, end: people.map { after + $0.count } ?? e)
                    continue
                }
            }
            // "tỷ lệ giường bệnh năm 2015 là 23 giường bệnh/10.000 dân": a count of a noun per so
            // many people.
            if !isPercent, hi == nil, let (k, tail) = unitTail(folded, from: j, within: 24, stops: ",;.:%()",
                                                                tails: ["/10.000 dan", "/10.000 nguoi", "/1.000 dan", "/100.000 dan", "/100.000 nguoi"], whole: { e in
                                                                    e == folded.count || !folded[e].isLetter }),
               k > j, folded[j..<k].allSatisfy({ $0.isLetter || $0 == " " }),
               let rate = perPeopleUnits[Double(tail.dropFirst().prefix { $0 != " " }.replacingOccurrences(of: ".", with: "")) ?? 0] {
                measure(rate, op: opWord?.op ?? "=", lo: first.value, hi: nil, end: k + tail.count)
                continue
            }
            // Per person: "trung bình 4 kết nối IoT/người dân"; "mỗi người dân có 1 định danh số
            // và 1 kết nối IoT"; "mỗi người dân trưởng thành có 1 smartphone, có 1 tài khoản thư
            // điện tử", "… có 1 kết nối Internet vạn vật (IoT - Internet of Things) và có 1 định danh
            // số" (an aside in parentheses does not part the two).
            if !isPercent, hi == nil {
                let perPerson = perPersonEnd(folded, at: j)
                // ("số bưu gửi của mỗi người dân trong năm là 24": the label's.)
                let eachPerson = lookback(40).range(of: #"\bmoi nguoi( dan)?( truong thanh)?( co| trong nam la| trong nam dat| moi nam la)? $"#, options: .regularExpression) != nil
                    // ("mỗi người dân VN trung bình đọc 4 cuốn sách mỗi năm": what each reads.)
                    || before.hasSuffix(" doc ") && lookback(60).range(of: #"\bmoi nguoi( dan)?( vn| viet nam)?( trung binh)?( se)? doc $"#, options: .regularExpression) != nil
                    || [" va ", " va co ", ", co "].contains(where: before.hasSuffix) && out.last?.unit == "per_person"
                        && out.last.map { ReportWording.withoutParentheses(String(folded[min($0.end, first.start)..<first.start])).count <= 40 } == true
                if perPerson != nil || eachPerson {
                    measure("per_person", op: opWord.map { $0.op } ?? "=", lo: first.value, hi: nil, end: perPerson ?? first.end)
                    continue
                }
            }
            if !isPercent, hi == nil {
                // "Tuổi thọ bình quân đạt khoảng 75,5 tuổi": life expectancy, in years (not the
                // "15 tuổi" of an age group).
                if matches(folded, "tuoi", at: j), j + 4 >= folded.count || !folded[j + 4].isLetter, lookback(80).contains("tuoi tho") {
                    measure("years", op: opWord.map { $0.op } ?? "=", lo: first.value, hi: nil, end: j + 4)
                    continue
                }
                // ("… trong đó thời gian sống khỏe mạnh đạt tối thiểu 68 năm", "thời gian khỏe mạnh tối
                // thiểu là 68 năm": healthy years of life.)
                if matches(folded, "nam", at: j), j + 3 >= folded.count || !folded[j + 3].isLetter, opWord != nil || before.hasSuffix("dat "),
                   lookback(60).range(of: #"\b(thoi gian (song )?khoe manh|song khoe manh|tuoi tho)\b"#, options: .regularExpression) != nil {
                    measure("years", op: opWord.map { $0.op } ?? "=", lo: first.value, hi: nil, end: j + 3)
                    continue
                }
                // A height: "Chiều cao nam giới đạt 1,685 m; nữ đạt 1,575 m", "168,5 cm đối với nam và
                // 157,5 cm đối với nữ" (after "chiều cao", or after "nam"/"nữ" and "đạt").
                let centimetres = matches(folded, "cm", at: j) && (j + 2 == folded.count || !folded[j + 2].isLetter)
                let metres = j < folded.count && folded[j] == "m" && (j + 1 == folded.count || !folded[j + 1].isLetter)
                if centimetres || metres, lookback(60).contains("chieu cao") || out.last?.unit == "cm"
                    || lookback(20).range(of: #"\b(nam|nu)( gioi)? (dat|la) $"#, options: .regularExpression) != nil {
                    measure(centimetres ? "cm" : "metres", op: opWord.map { $0.op } ?? "=", lo: first.value, hi: nil, end: j + (centimetres ? 2 : 1))
                    continue
                }
                // "Chỉ số phát triển con người (HDI) đạt khoảng 0,78.": an index's value, which has
                // no unit — right after "đạt" (and its operator), and the end of its sentence or
                // clause.
                let spaced = " " + before
                // ("… (HDI) đạt từ 0,8 trở lên, …": at least.)
                let atLeast = spaced.hasSuffix(" dat tu ") && matches(folded, "tro len", at: j) && (j + 7 == folded.count || ",.;".contains(folded[j + 7]))
                if j >= folded.count || ".;".contains(folded[j]) || atLeast, first.value < 1000,
                   spaced.hasSuffix(" dat ") || atLeast || operatorWords.contains(where: { spaced.hasSuffix(" dat " + $0.words) }),
                   lookback(80).contains("chi so") {
                    measure("index", op: atLeast ? ">=" : opWord.map { $0.op } ?? "=", lo: first.value, hi: nil, end: atLeast ? j + 7 : first.end)
                    continue
                }
            }
            // "Thu nhập bình quân đầu người đạt 72 triệu;": an income in millions, "đồng" left out.
            if !isPercent, hi == nil, matches(folded, "trieu", at: j), j + 5 == folded.count || !folded[j + 5].isLetter && folded[j + 5] != " ",
               lookback(60).range(of: #"(thu nhap|binh quan dau nguoi)"#, options: .regularExpression) != nil {
                measure("million_vnd", op: opWord.map { $0.op } ?? "=", lo: first.value, hi: nil, end: j + 5)
                continue
            }
            // "thu hút 15 triệu khách du lịch", "17-18 triệu lượt", "giữ mức 58 nghìn tấn": millions
            // and thousands of a count's noun or of a mass, where the words set a goal ("Vận tải
            // hành khách đạt 565,7 triệu lượt, hàng hóa 278,6 triệu tấn" among a month's figures
            // measures) — not of money, whose units say it, nor of people (below).
            // ("tổng sản lượng thủy sản … đạt 9,8 triệu tấn; trong đó sản lượng nuôi trồng thủy sản
            // 7,0 triệu tấn": a mass a level is set at, and the list of its parts.)
            // ("2 ngàn triệu quả trứng": a thousand million.)
            if !isPercent, let scale = matches(folded, "trieu ", at: j) ? ("trieu ", 1e6) : thousandWord(chars, folded, at: j).map({ w in
                matches(folded, w + "trieu ", at: j) ? (w + "trieu ", 1e9) : (w, 1e3)
            }), statedUnit(folded, at: j) == nil,
               countUnits.contains(where: { matches(folded, $0, at: j + scale.0.count) }) || physicalUnit(chars, folded, at: j + scale.0.count) != nil
                || countsHead(chars, folded, at: j + scale.0.count),
               // ("trên 3 triệu người học": learners, a count — not people, below.)
               !moneyUnits.contains(where: { matches(folded, $0.words, at: j) }),
               !matches(folded, "nguoi", at: j + scale.0.count) || matches(folded, "nguoi hoc", at: j + scale.0.count),
               goalVerb || before.hasSuffix("giu muc ") || PlanOutline.mentionsGoal(clauseFolded)
                // (A count a year, "khoảng 150 triệu giao dịch/năm", is scaled where it is read.)
                || setsGoal && unitTail(folded, from: j, within: 30, stops: ",;.:%()", tails: ["/nam", "/ nam"]) == nil
                || physicalUnit(chars, folded, at: j + scale.0.count).map({ setsMeasure(before, opWord, $0.unit, after: out.last, label: label()) }) == true
                // ("lượng hàng hóa từ 1.249 - 1.494 triệu tấn", "hành khách từ 17,4 - 18,8 triệu
                // lượt khách": a range is set, a report states what was.)
                || hi != nil {
                // (An area or a mass in millions where the clause itself sets a goal is set, whatever
                // verb comes before it: "phấn đấu …, cấp đủ nước để khai thác 4,5 triệu ha đất canh tác".)
                measureInGoal = physicalUnit(chars, folded, at: j + scale.0.count) != nil && (goalVerb || PlanOutline.mentionsGoal(clauseFolded))
                first.value = scaled(first.value, scale.1); hi = hi.map { scaled($0, scale.1) }; j += scale.0.count
            }
            // "quy mô dân số đạt khoảng 105 triệu người": a population, in millions of people.
            // (Only a population: "hơn 2,5 triệu người biết chữ sau một năm" recounts 1945.)
            // ("Việt Nam đặt mục tiêu có 104 triệu người vào năm 2030", "Việt Nam dự kiến đạt 104
            // triệu dân", "quy mô dân số 104 triệu người": the nation's people, a count to reach —
            // not "dân số 1,65 triệu người" of a province described, nor "an ninh lương thực … cho
            // khoảng 100 triệu dân".)
            let population = !isPercent && hi == nil
                && (matches(folded, "trieu dan", at: j) && (j + 9 == folded.count || !folded[j + 9].isLetter) || matches(folded, "trieu nguoi", at: j))
                && lookback(60).range(of: #"(\b(viet nam|ca nuoc|toan quoc)\b[^,;]{0,30}\b(co|dat)|\bquy mo dan so( dat)?)( khoang| tren| hon| gan)? $"#, options: .regularExpression) != nil
            if population || !isPercent && hi == nil && matches(folded, "trieu nguoi", at: j) && lookback(40).contains("dan so") { first.value = scaled(first.value, 1e6); j += 6 }
            // "240 nghìn tỷ đồng", "trên 1,2 triệu tỷ đồng": thousands and millions of billions,
            // in billions.
            // ("1,7-1,8 triệu tỷ đồng": a range of them.)
            // ("31 ngàn tỷ đồng": the South's word for a thousand.)
            let thousand = thousandWord(chars, folded, at: j)
            if !isPercent, thousand.map({ matches(folded, $0 + "ty dong", at: j) }) == true || matches(folded, "trieu ty dong", at: j) {
                let scale = thousand != nil ? 1e3 : 1e6
                first.value = scaled(first.value, scale); hi = hi.map { scaled($0, scale) }; j += thousand?.count ?? 6
            }
            // "có 8/8 xã được công nhận …", "Số thôn, làng đạt chuẩn …: 04/09 thôn, làng": so many
            // of all, a count of the first.
            // (`number` reads no value right after a "/": the whole's digits are read here.)
            if !isPercent, hi == nil, j == first.end, let (whole, e) = wholeAfterSlash(chars, at: j, thousands: false) {
                let after = skipSpaces(chars, e)
                // ("xây dựng 3/4 trường học đạt chuẩn quốc gia": a unit told by its diacritics too.)
                if whole >= first.value, !isYear(whole), countUnits.contains(where: { matches(folded, $0, at: after) })
                    || accentedCountUnits.contains(where: { u in after + u.count <= chars.count && String(chars[after..<(after + u.count)]).lowercased() == u }) { j = after }
            }
            // ("hộ" counts households; "hồ sơ", dossiers, folds to the same letters.)
            // ("phấn đấu có 5 tỉnh, thành phố được công nhận …", "(mục tiêu là 15 tỉnh)": provinces
            // counted — not "nhóm 10 tỉnh", "một trong 10 tỉnh", a rank below.)
            let countsProvinces = matches(folded, "tinh", at: j) && (j + 4 == folded.count || !folded[j + 4].isLetter) && !isYear(first.value)
                && !["nhom ", "top ", "mot trong ", " 1 trong "].contains(where: before.hasSuffix)
            // ("… xuống 250 xã" at the clause's end: a unit written with its space, "xã ", ends the text.)
            let namesCountUnit = countUnits.contains { matches(folded, $0, at: j) || $0.last == " " && j + $0.count - 1 == folded.count && matches(folded, String($0.dropLast()), at: j) }
                && !matches(folded, "ho so", at: j) && !spatialFrame.contains(where: { matches(folded, $0, at: j) }) || countsProvinces
                || countsHead(chars, folded, at: j)
                || accentedCountUnits.contains { unit in
                    j + unit.count <= chars.count && String(chars[j..<(j + unit.count)]).lowercased() == unit && !matches(folded, "truong hop", at: j)
                }
            // (The values a per-people label counts: "… là 20 chi nhánh".)
            let countsPerPeople = perPeople.map { matches(folded, $0.noun, at: j) } ?? false
            // "tăng số lượng điểm chấp nhận thanh toán … lên 250.000 điểm": "lên" sets the level.
            let namesBoundedUnit = (opWord.map { $0.op != "=" } == true || hi != nil) && boundedCountUnits.contains { matches(folded, $0, at: j) }
            // A sum of money after the measure it is of, as a resolution lists them: "GRDP bình quân
            // đầu người đến năm 2030 là 169,46 triệu đồng", "Quy mô GRDP theo giá hiện hành 589.730
            // tỷ đồng." (the label, then the amount that ends the clause).
            let moneyLabel = !isPercent && hi == nil && moneyUnits.contains { matches(folded, $0.words, at: j) }
                && String(lookback(80).split(omittingEmptySubsequences: false, whereSeparator: { ",;:".contains($0) }).last ?? "")
                    .range(of: #"\b(quy mo|von dau tu|thu ngan sach|binh quan dau nguoi|tong san pham|grdp|gdp|kim ngach|doanh thu|thu nhap)\b"#, options: .regularExpression) != nil
                && (before.hasSuffix(" la ") || moneyEndsClause(folded, from: j))
            let setByVerb = verbCountUnits.contains { u in
                matches(folded, u.words, at: j) && u.verbs.contains { before.hasSuffix($0) || before.hasSuffix($0 + "tu ") }
                    // ("kết nạp 45 đảng viên mới/năm": a count a year, below.)
                    && !String(folded[j..<min(folded.count, j + u.words.count + 12)]).contains("/")
            }
            // ("… so với mục tiêu … đến năm 2025 là 1,765 tỷ USD": the target named, then its value.)
            // ("… đạt 8,6 tỷ USD, kế hoạch năm 2020 là 10 tỷ USD": a year's plan, then its value.)
            let namedTarget = before.hasSuffix(" la ") && (lookback(120).range(of: #"\b(muc tieu|chi tieu)\b"#, options: .regularExpression) != nil
                || before.contains("ke hoach nam ") && lookback(24).range(of: #"\bke hoach nam 20\d\d la $"#, options: .regularExpression) != nil)
            let achieved = j < chars.count && chars[j].isLetter && achievedCountVerbs.contains(where: before.hasSuffix)
            // "số dân phục vụ bình quân trên một điểm phục vụ bưu chính là 14.800;": a number a label
            // ("số …", the number of) gives, the clause's last word.
            // ("Số lượng đô thị trên toàn quốc dự kiến sẽ đạt từ 1.000 đến 1.200.": what a "số lượng"
            // label reaches, a range too.)
            let labelled = !isPercent && endsClause(folded, at: j) && (hi == nil && before.hasSuffix(" la ") || before.hasSuffix("dat ") || before.hasSuffix("dat tu "))
                && label().hasPrefix(before.hasSuffix(" la ") && hi == nil ? "so " : "so luong ")
                // ("… | Tỷ lệ: 5% | Số lượng: 150": a table's cell under its column's name.)
                || !isPercent && hi == nil && before.hasSuffix("so luong: ") && (endsClause(folded, at: j) || matches(folded, "|", at: j))
            let isCount = !isPercent && !isPerOne && (namesCountUnit || countsPerPeople || namesBoundedUnit || setByVerb || achieved || labelled || population || labelNounCounted)
                // ("với số lượng 100 ý tưởng": the number named.)
                && (opWord != nil || hi != nil || before.hasSuffix("dat ") || before.hasSuffix("dat tu ") || before.hasSuffix("co ") || before.hasSuffix(": ") || goalVerb || namedTarget || achieved
                    || before.hasSuffix("so luong ") || labelled || population || labelNounCounted
                    // ("… với 30 sân bay được quy hoạch": so many planned.)
                    || namesCountUnit && String(folded[j..<min(folded.count, j + 40)]).range(of: #"^[a-z ]{2,25} duoc quy hoach\b"#, options: .regularExpression) != nil
                    || before.hasSuffix("dat trung binh ") || before.hasSuffix("dat binh quan ") || before.hasSuffix(" len ") || countsPerPeople || moneyLabel || setByVerb
                    // ("giảm số xã đạt dưới 5 tiêu chí xuống 250 xã": the level to bring a count down to.)
                    || before.hasSuffix(" xuong ") || before.hasSuffix(" xuong con ")
                    // ("… đạt 5 tỷ USD (quy đổi) vào năm 2025, 6 tỷ USD (quy đổi) vào năm 2030": the
                    // next sum of a list, in the same money.)
                    // (Not a budget's parts in parentheses: "102.000 tỷ đồng (100.000 tỷ đồng vốn trong
                    // nước, 2.050 tỷ đồng vốn nước ngoài; …)".)
                    || (before.hasSuffix(", ") || before.hasSuffix(" va ")) && depth[first.start] == 0 && out.last.map { last in
                        moneyUnits.first { matches(folded, $0.words, at: j) }?.unit == last.unit
                    } == true)
            // Subscriptions per 100 people ("đạt 85 thuê bao/100 dân"): a measure with its unit.
            // "Số thuê bao băng rộng di động/100 dân đạt 85 thuê bao": the label gives the unit.
            if !isPercent, hi == nil, matches(folded, "thue bao", at: j), lookback(40).contains("/100 dan") {
                measure("per_100_people", op: opWord.map { $0.op } ?? "=", lo: first.value, hi: nil, end: j + 8)
                continue
            }
            // "số sinh viên ĐH/vạn dân đạt ít nhất là 260": the label gives the rate per ten thousand.
            if !isPercent, hi == nil, back.contains("van dan"),
               lookback(60).range(of: #"/ ?(1 )?van dan\b[^,;:]{0,30}$"#, options: .regularExpression) != nil {
                measure("per_10000_people", op: opWord.map { $0.op } ?? "=", lo: first.value, hi: nil, end: first.end)
                continue
            }
            // Per 1,000 people ("doanh nghiệp công nghệ số trên 0,7/1.000 dân"): a rate with its unit.
            if !isPercent, hi == nil, let per = perThousandUnits.first(where: { matches(folded, $0, at: j) }) {
                measure("per_1000_people", op: opWord.map { $0.op } ?? "=", lo: first.value, hi: nil, end: j + per.count)
                continue
            }
            if !isPercent, let perEnd = perHundredEnd(folded, at: j) {
                let op = hi != nil ? "range" : opWord.map { $0.op } ?? (followedByTroLen(folded, perEnd) ? ">=" : "=")
                measure("per_100_people", op: op, lo: first.value, hi: hi, end: perEnd)
                continue
            }
            // A mass or a distance ("năng lực khai thác bình quân đạt trên 11.000 tấn bưu gửi/ngày",
            // "phạm vi phục vụ bình quân 350 km"): a measure with its own unit, per day when
            // "/ngày" follows its words.
            // ("cách thành phố Hồ Chí Minh khoảng 120 km" is a distance described.)
            // ("giá trị sản phẩm thu hoạch trên 1ha đất trồng trọt": per hectare, a denominator.)
            if !isPercent, hi == nil, first.value == 1, before.hasSuffix("tren ") || before.hasSuffix("moi "),
               let physical = physicalUnit(chars, folded, at: j) {
                i = physical.end; continue
            }
            // ("phấn đấu cả nước có khoảng 5.000km đường bộ": about, where a goal is set.)
            if !isPercent, let physical = physicalUnit(chars, folded, at: j), !back.contains("cach "), statedUnit(folded, at: j) == nil,
               // ("hoàn thành khoảng 5.000 km đường bộ cao tốc", "với tổng chiều dài gần 29.800 km": about,
               // after a verb that sets it or a length named.)
               opWord.map({ $0.op != "~" || before.hasSuffix("co khoang ") || before.hasSuffix("dat khoang ") || before.hasSuffix("dat gan ")
                    || goalVerb || label().contains("chieu dai") }) ?? false
                || hi != nil || before.hasSuffix("dat ") || before.hasSuffix("binh quan ") || before.hasSuffix(": ")
                // ("tổng sản lượng thủy sản khoảng 9 triệu tấn": about, an output's level.)
                || (opWord == nil || opWord?.op == "~") && setsMeasure(before, nil, physical.unit, after: out.last, label: label())
                || before.hasSuffix("giu muc ")
                // ("diện tích rau, đậu, củ, quả thực phẩm chiếm 22.000ha": the area a use takes.)
                || before.hasSuffix("chiem ")
                // ("toàn tỉnh trồng mới 416ha rừng; trồng lại 543ha …; khoanh nuôi xúc tiến tái sinh
                // 56ha": an area to plant or regrow.)
                || physical.unit == "hectares" && ["trong moi ", "trong lai ", "trong rung ", "tai sinh ", "phuc hoi "].contains(where: before.hasSuffix)
                // ("nhà ga hàng hóa công suất 500.000 tấn/năm": a capacity.)
                || before.hasSuffix("cong suat ")
                // ("phấn đấu đạt tổng diện tích khoảng 37.000 ha", "ổn định diện tích khoảng 460.000ha":
                // about, an area named.)
                || physical.unit == "hectares" && before.hasSuffix("khoang ") && back.contains("dien tich")
                    && lookback(50).range(of: #"\bdien tich( [a-z]+){0,4} khoang $"#, options: .regularExpression) != nil
                || measureInGoal {
                measure(physical.unit, op: hi != nil ? "range" : opWord.map { $0.op } ?? "=", lo: first.value, hi: hi, end: physical.end)
                continue
            }
            // A speed ("36 Mb/s", "tối thiểu 150 Mbps", "1 Gbps"), an output of electricity: a
            // measure with its own unit.
            if !isPercent, let stated = statedUnit(folded, at: j) {
                var op = hi != nil ? "range" : opWord.map { $0.op } ?? (followedByTroLen(folded, j + stated.words.count) ? ">=" : "=")
                // "tối thiểu 40Mb/s cho mạng 4G và 100Mb/s cho mạng 5G": the operator holds for
                // both speeds of one phrase.
                if opWord == nil, hi == nil, let prev = out.last, prev.unit == stated.unit, prev.op != "=", prev.op != "range",
                   first.start - prev.end <= 24, String(folded[prev.end..<first.start]).hasSuffix(" va ") {
                    op = prev.op
                }
                measure(stated.unit, op: op, lo: scaled(first.value, stated.scale), hi: hi.map { scaled($0, stated.scale) }, end: j + stated.words.count)
                continue
            }
            // A ranking: "thuộc nhóm 50 nước dẫn đầu", "trong nhóm 20 tỉnh dẫn đầu" is a rank of
            // at most N (lower is better).
            // "nhóm 30/63 tỉnh, thành phố": the group's size out of all.
            var rankAt = j
            if rankAt + 1 < chars.count, chars[rankAt] == "/", chars[rankAt + 1].isASCII, chars[rankAt + 1].isNumber {
                rankAt += 1
                while rankAt < chars.count, chars[rankAt].isASCII, chars[rankAt].isNumber { rankAt += 1 }
                rankAt = skipSpaces(chars, rankAt)
            }
            // "top 3 trong khu vực ASEAN" is a rank whatever follows; "nhóm 5" needs what the
            // group is made of ("nhóm 5 hộ" is not a ranking).
            // "trở thành một trong 10 tỉnh, thành phố có chỉ số cao nhất" ranks too.
            // ("Chỉ số GII đứng vị trí ≤ 30", "xếp hạng không quá 30": a place at most.)
            let placeAtMost = opWord.map { w in
                (w.op == "<=" || w.op == "<") && ["vi tri ", "thu hang ", "xep hang "].contains { before.dropLast(w.length).hasSuffix($0) }
            } == true
            // ("xếp hạng … về logistics trên thế giới đạt thứ 50 trở lên": a place or better; not "lần
            // thứ 2 trở lên", a time.)
            let placeOrBetter = before.hasSuffix(" thu ") && followedByTroLen(folded, first.end)
                && lookback(100).range(of: #"\b(xep hang|thu hang|vi tri)\b"#, options: .regularExpression) != nil
            // ("thuộc nhóm 3 quốc gia dẫn đầu … và 50 quốc gia có năng lực cạnh tranh du lịch hàng đầu
            // thế giới": a second group, after "và".)
            let nextRank = before.hasSuffix(" va ") && out.last.map { r in
                r.unit == "rank" && !folded[r.end..<first.start].contains(where: { ",;".contains($0) })
            } == true
            let isRank = !isPercent && !isCount && hi == nil
                && (before.hasSuffix("top ") || placeAtMost || placeOrBetter || (before.hasSuffix("nhom ") || before.hasSuffix("mot trong ") || before.hasSuffix(" 1 trong ") || nextRank)
                    && rankUnits.contains { matches(folded, $0, at: rankAt) })
            if isRank {
                let start = first.start - (placeAtMost ? opWord!.length : before.hasSuffix("nhom ") ? 5 : before.hasSuffix("mot trong ") ? 10 : before.hasSuffix(" 1 trong ") ? 8 : nextRank ? 0 : 4)
                out.append(TargetPhrase(op: placeAtMost ? opWord!.op : "<=", lo: first.value, hi: nil, unit: "rank", start: max(0, start), end: first.end))
                i = first.end
                continue
            }
            // "Phấn đấu kết nạp 45 đảng viên mới/năm": a count a year, its noun before "/năm".
            if !isPercent, !isCount, hi == nil, !isPerOne, physicalUnit(chars, folded, at: j) == nil,
               let (k, tail) = unitTail(folded, from: j, within: 30, stops: ",;.:%()", tails: ["/nam", "/ nam"], whole: { e in
                   e == folded.count || !folded[e].isLetter
               }), k > j, folded[j..<k].allSatisfy({ $0.isLetter || $0 == " " }) {
                // ("phát triển từ 10 đảng viên trở lên/năm": at least.)
                let atLeast = before.hasSuffix("tu ") && String(folded[j..<k]).hasSuffix("tro len")
                // ("khoảng 200 triệu giao dịch/năm": in millions.)
                let scale = matches(folded, "trieu ", at: j) ? 1e6 : thousandWord(chars, folded, at: j) != nil ? 1e3 : 1
                measure("count_per_year", op: opWord.map { $0.op } ?? (atLeast ? ">=" : "="), lo: scaled(first.value, scale), hi: nil, end: k + tail.count)
                continue
            }
            guard isPercent || isCount else { i = first.end; continue }
            let after = isPercent ? j + 1 : j
            var op: String
            if hi != nil {
                op = "range"
            } else if let w = opWord, w.op != "=" {
                op = w.op
            } else if followedByTroLen(folded, after) {
                op = ">="
            } else if opWord == nil, depth[first.start] == 0,
                      let prev = out.last(where: { depth[$0.start] == 0 }),
                      sharesOperator(prev, folded, next: first.start, percent: isPercent) {
                // "tối thiểu 50% (năm 2025) và 80% (năm 2030) sản phẩm …": one operator for both
                // (and "Tối thiểu 90% … cấp tỉnh (năm 2030 đạt 100%), 80% … cấp huyện": over the
                // parenthesis, whose value is another year's).
                op = prev.op
            } else {
                op = "="
            }
            // "từ 10% trở lên", and "chiếm từ 10%" alone (from 10 up), but not "tăng từ 11,91% …
            // lên 14,26%" (a change reported). A "trở lên" of another number ("Từ 80% người dân
            // từ 15 tuổi trở lên") is no "lên" of a change.
            // ("… tăng từ 12% so với năm 2025", with no "lên" after, is at least 12%.)
            let risesTo = String(folded[min(after, folded.count)..<min(folded.count, after + 30)]).replacingOccurrences(of: " tro len ", with: " ").contains(" len ")
            if op == "=", before.hasSuffix("tu "), !["giam tu ", "nang tu "].contains(where: before.hasSuffix),
               followedByTroLen(folded, after) || !risesTo {
                op = ">="
            }
            // ("… đạt 33% trong đó không tỉnh nào có tỉ lệ thấp hơn 15%", "không tỉnh nào có tỷ lệ
            // dưới 15%": none below, each at least.)
            if op == "<" || op == "<=", back.contains("nao"),
               lookback(60).range(of: #"\bkhong [a-z]+( [a-z]+)? nao\b[^,;.]{0,40}$"#, options: .regularExpression) != nil {
                op = op == "<" ? ">=" : ">"
            }
            var unit = isCount ? (moneyUnits.first { matches(folded, $0.words, at: j) }?.unit ?? "count") : "percent"
            if countsPerPeople, let rate = perPeople { unit = rate.unit }
            // ("đạt 260 sinh viên và 23 học viên sau đại học trên một vạn dân": per ten thousand,
            // said after the counts — the one before "và" too.)
            if unit == "count", hi == nil, unitTail(folded, from: j, within: 48, stops: ",;.:%()",
                                                    tails: [" tren mot van dan", " tren 1 van dan", " tren van dan", "/van dan", "/ van dan"]) != nil {
                unit = "per_10000_people"
                if let last = out.last, last.unit == "count", last.end <= first.start,
                   String(folded[last.end..<first.start]).hasSuffix(" va "), !folded[last.end..<first.start].contains(where: { ",;".contains($0) }) {
                    out[out.count - 1].unit = unit
                }
            }
            // "Số thuê bao băng rộng cố định/100 dân: 22%": the label gives the unit, not the "%".
            // (So does "số thuê bao băng rộng cố định trên 100 dân đạt tỷ lệ 30%".)
            if isPercent, hi == nil, lookback(40).contains("/100 dan")
                || lookback(72).range(of: #"thue bao[a-z ]{0,40} tren 100 dan (dat )?(ty le )?(la )?$"#, options: .regularExpression) != nil {
                unit = "per_100_people"
            }
            if isPercent {
                let rest = String(folded[after..<min(folded.count, after + 8)])
                // "tăng 7%", "tăng trên 7%", "tăng bình quân trên 7%" (the operator word aside).
                let verb = before.dropLast(opWord?.length ?? 0)
                let growth = verb.hasSuffix("tang ") || verb.hasSuffix("tang binh quan ")
                // ("Tốc độ tăng năng suất lao động xã hội bình quân khoảng 8,5%": a rate of growth
                // averaged, by the year.)
                // ("tỷ lệ hộ nghèo giảm bình quân mỗi năm 2,1%", "tăng bình quân hằng năm đạt 10%": a
                // change, its year said before the value — not "… hoàn thành tốt nhiệm vụ bình quân
                // hằng năm đạt 80%", a level each year.)
                let averageRate = verb.hasSuffix(" binh quan ") && lookback(90).contains("toc do tang ")
                    // ("tăng giá trị sản xuất lâm nghiệp hàng năm ở mức 5-5,5%": at a level.)
                    || [" moi nam ", " hang nam ", " moi nam dat ", " hang nam dat ", " hang nam o muc ", " moi nam o muc "].contains(where: verb.hasSuffix)
                        && lookback(90).range(of: #"\b(tang|giam)\b"#, options: .regularExpression) != nil
                    // ("tốc độ tăng trưởng trung bình giai đoạn 2026-2030 khoảng 20-25%": a period's
                    // average growth.)
                    || before.contains("20") && { () -> Bool in
                        let window = lookback(90)
                        return window.contains(" giai doan 20") && window.contains("toc do tang")
                            && window.range(of: #"toc do tang[a-z ]{0,40} (binh quan|trung binh) giai doan 20\d\d ?[-–] ?20\d\d (khoang |dat |tu |tren |hon )?$"#, options: .regularExpression) != nil
                    }()
                if rest.hasPrefix("/nam") || rest.hasPrefix("/ nam") || rest.hasPrefix(" moi nam") || (growth && perYear) || averageRate { unit = "percent_per_year" }
            }
            let start = first.start - (opWord?.length ?? 0)
            out.append(TargetPhrase(op: op, lo: first.value, hi: hi, unit: unit, start: max(0, start), end: isPercent ? j + 1 : end))
            i = max(end, j + 1)
        }
        return out
    }

    static let numberWords: [(String, Double)] = [("hai", 2), ("ba", 3), ("bon", 4), ("nam", 5), ("sau", 6), ("bay", 7), ("tam", 8), ("chin", 9), ("muoi", 10)]

    /// "nhóm ba địa phương", "nhóm mười tỉnh" at `i` (the start of "nhóm"): a rank of at most that many.
    static func rankInWords(_ f: [Character], at i: Int) -> TargetPhrase? {
        guard matches(f, "nhom ", at: i) else { return nil }
        for (word, value) in numberWords where matches(f, word + " ", at: i + 5) {
            let after = i + 5 + word.count + 1
            if rankUnits.contains(where: { matches(f, $0, at: after) }) {
                return TargetPhrase(op: "<=", lo: value, hi: nil, unit: "rank", start: i, end: i + 5 + word.count)
            }
        }
        return nil
    }

    // MARK: - Pieces

    /// A number starting at `i` (not inside a word or another number): digits with '.' or ','
    /// separators. A '.' followed by exactly three digits groups thousands ("3.000"); a ','
    /// is the decimal mark ("10,08").
    static func number(_ c: [Character], at i: Int) -> (value: Double, start: Int, end: Int)? {
        func digit(_ k: Int) -> Bool { k < c.count && c[k].isASCII && c[k].isNumber }
        // (Nor after ":" — "lúc 12:00", a time.)
        guard digit(i), i == 0 || !(c[i - 1].isLetter || c[i - 1].isNumber || c[i - 1] == "." || c[i - 1] == "," || c[i - 1] == "/" || c[i - 1] == ":") else { return nil }
        var k = i
        var text = ""
        while digit(k) { text.append(c[k]); k += 1 }
        var sawDecimal = false
        while k + 1 < c.count, c[k] == "." || c[k] == ",", digit(k + 1) {
            var d = k + 1, digits = ""
            while digit(d) { digits.append(c[d]); d += 1 }
            if c[k] == ".", digits.count == 3, !sawDecimal {
                text += digits
            } else if c[k] == ",", !sawDecimal, !(digits.count == 3 && d < c.count && c[d] == ",") {
                // "10,08" is a decimal; "3, 4" (with a space) never reaches here.
                text += "." + digits; sawDecimal = true
            } else {
                break
            }
            k = d
        }
        // A letter right after ("4G", "5G") makes it a name, not a quantity, unless it starts a
        // unit written close up ("70Mb/s", "1Gbps", "52Tbps", "27m2 sàn/người", "120km").
        if k < c.count, c[k].isLetter {
            let rest = String(c[k..<min(c.count, k + 5)]).lowercased()
            // ("27m2 sàn/người", "50-100m3/ngày/ha": square and cubic metres.)
            let metres = (rest.hasPrefix("m2") || rest.hasPrefix("m²") || rest.hasPrefix("m3") || rest.hasPrefix("m³")) && !(rest.dropFirst(2).first?.isNumber ?? false)
            // ("chiếm 22.000ha": hectares, a whole word.)
            let hectares = rest.hasPrefix("ha") && !(rest.dropFirst(2).first?.isLetter ?? false)
            // ("125-130GW": power, a whole word.)
            let power = (rest.hasPrefix("gw") || rest.hasPrefix("mw")) && !(rest.dropFirst(2).first?.isLetter ?? false)
            guard metres || hectares || power || ["mb/s", "mbps", "gb/s", "gbps", "tbps", "tb/s", "mbit", "km"].contains(where: { rest.hasPrefix($0) }) else { return nil }
        }
        // A run of digits too long for a number (four hundred 9s) is not a target.
        guard let v = Double(text), v.isFinite, text.count <= 15 else { return nil }
        return (v, i, k)
    }

    /// A value read in thousands or millions ("8,2 triệu tấn", "1,1 Gbps") in its units: the
    /// product rounded to a thousandth, as 8.2 × 10⁶ in binary is 8199999.999999999 where the
    /// text said 8 200 000 (a thousandth is far below any scaled value's last written digit).
    static func scaled(_ value: Double, _ scale: Double) -> Double {
        ((value * scale) * 1000).rounded() / 1000
    }

    static func skipSpaces(_ c: [Character], _ i: Int) -> Int {
        var k = i
        while k < c.count, c[k] == " " { k += 1 }
        return k
    }

    /// Whether a value is a year of the plans' era (a whole number from 1990 to 2100).
    static func isYear(_ v: Double) -> Bool { v.rounded() == v && v >= 1990 && v <= 2100 }

    static func matches(_ f: [Character], _ word: String, at i: Int) -> Bool {
        let w = Array(word)
        guard i >= 0, i + w.count <= f.count else { return false }
        return f[i..<(i + w.count)].elementsEqual(w)
    }

    static func endsWith(_ f: [Character], before i: Int, _ word: String) -> Bool {
        wordsBefore(f, i).hasSuffix(word)
    }

    /// Up to 24 folded characters before `i`, ending in a space.
    static func wordsBefore(_ f: [Character], _ i: Int) -> String {
        var s = String(f[max(0, i - 24)..<i])
        if !s.hasSuffix(" ") { s += " " }
        return s
    }

    static let operatorWords: [(words: String, op: String)] = [
        // ("không tỉnh nào có tỉ lệ thấp hơn 15%": lower than — before "hơn", and see the negation
        // where it is read.)
        ("thap hon ", "<"),
        ("dat va vuot ", ">="), ("toi thieu ", ">="), ("it nhat ", ">="), ("khoang ", "~"), ("tren ", ">"), ("hon ", ">"),
        // ("thiệt hại về kinh tế không vượt quá 1,2% GDP": at most.)
        ("toi da ", "<="), ("khong qua ", "<="), ("khong vuot qua ", "<="),
 ("duoi ", "<"), ("dat ", "="),
        // (A ministry's table of targets in symbols: "đạt ≥ 50%", "GII đứng vị trí ≤ 30".)
        ("≥ ", ">="), ("≤ ", "<="), (">= ", ">="), ("<= ", "<="),
        // ("gần 90%": nearly — a measured figure's word, which the reader keeps only where a
        // clause sets a goal; see `PlanReader.isAchievedValue`.)
        ("gan ", "~"),
        // ("tỷ lệ đô thị hóa trên cả nước sẽ vượt 50%", "phấn đấu vượt mức 8%", "vượt mốc 1.000 tỉ
        // USD": more than — not "vượt 61,2% dự toán", a report's margin over its plan.)
        ("se vuot ", ">"), ("vuot muc ", ">"), ("vuot moc ", ">"),
    ]

    /// Whether the sum of money whose unit starts at `j` ends its clause: nothing after the unit
    /// ("… đồng", "… đồng/năm") but a clause break or the end.
    static func moneyEndsClause(_ f: [Character], from j: Int) -> Bool {
        guard let unit = moneyUnits.first(where: { matches(f, $0.words, at: j) }) else { return false }
        var k = j + unit.words.count
        if k < f.count, f[k] == "/" { while k < f.count, f[k] != " ", !".;,".contains(f[k]) { k += 1 } }
        return endsClause(f, at: k)
    }

    /// Whether only spaces lie between `k` and the clause's end (the text's end, "." or ";").
    static func endsClause(_ f: [Character], at k: Int) -> Bool {
        var k = k
        while k < f.count, f[k] == " " { k += 1 }
        return k == f.count || ".;".contains(f[k])
    }

    /// The operator word right before a number, and how many characters it spans.
    static func operatorWord(_ before: String) -> (op: String, length: Int)? {
        // "tối thiểu có 1 doanh nghiệp", "ít nhất có 2 tuyến": the operator, then "có".
        // (Each looked up in the words before "có" or "là", not with "có" or "là" added to each word.)
        if before.hasSuffix("co ") {
            let rest = before.dropLast(3)
            for (w, op) in operatorWords where op != "=" && rest.hasSuffix(w) { return (op, w.count + 3) }
        }
        // ("đạt ít nhất là 260", "tối thiểu là 30%": the bound, then "là".)
        if before.hasSuffix("la ") {
            let rest = before.dropLast(3)
            for (w, op) in operatorWords where op != "=" && op != "~" && rest.hasSuffix(w) { return (op, w.count + 3) }
        }
        for (w, op) in operatorWords where before.hasSuffix(w) {
            // "đạt trên", "đạt tối thiểu": the wider phrase starts at "đạt".
            let rest = before.dropLast(w.count)
            // "tối thiểu đạt 20%", "ít nhất đạt": the bound, then "đạt".
            if op == "=", let (b, bound) = operatorWords.first(where: { ["toi thieu ", "it nhat ", "toi da "].contains($0.words) && rest.hasSuffix($0.words) }) {
                return (bound, w.count + b.count)
            }
            // ("hơn khoảng 2.000 nhân lực": more than about — the bound holds.)
            if op == "~", let (b, bound) = operatorWords.first(where: { ["hon ", "tren "].contains($0.words) && rest.hasSuffix($0.words) }) {
                return (bound, w.count + b.count)
            }
            let extra = op != "=" && rest.hasSuffix("dat ") ? 4 : 0
            return (op, w.count + extra)
        }
        return nil
    }

    /// Whether a value with no operator word of its own takes the one before it: "tối thiểu
    /// 50% (năm 2025) và 80% (năm 2030)" — nothing but "và" (and each value's year in a
    /// parenthesis) between the two, and the same kind of value.
    static func sharesOperator(_ prev: TargetPhrase, _ f: [Character], next: Int, percent: Bool) -> Bool {
        guard prev.op != "=", prev.op != "range", (prev.unit == "percent") == percent, prev.end <= next else { return false }
        var between = String(f[prev.end..<next])
        guard !between.contains(";") else { return false }
        // "ít nhất 90% hồ sơ công việc cấp tỉnh, 80% hồ sơ công việc cấp huyện và 60% hồ sơ công
        // việc cấp xã": a list of the same measure, the operator before its first value.
        // ("đón ít nhất 35 triệu lượt khách quốc tế và 120 triệu lượt khách nội địa": counts of one
        // noun, the same.)
        // (Three words, a number among them aside: "99% trẻ em 5 tuổi …, 97% trẻ em 6 tuổi" share,
        // "80% cơ sở giáo dục nghề nghiệp đạt chuẩn quốc gia, 20% cơ sở được đầu tư hiện đại" do not.)
        let words = { (at: Int) in
            String(f[at..<min(f.count, at + 32)]).split(separator: " ").filter { !$0.allSatisfy(\.isNumber) }.prefix(3).joined(separator: " ")
        }
        let nextEnd = percent ? f[next...].firstIndex(of: "%").map { $0 + 1 } ?? next : number(f, at: next)?.end ?? next
        if percent || prev.unit == "count", words(prev.end).count >= 4, words(prev.end) == words(nextEnd),
           between.hasSuffix(", ") || between.hasSuffix(" va ") { return true }
        // ("tối thiểu 13% về nhu cầu luân chuyển hành khách và 14% về luân chuyển hàng hóa": each
        // share said "về" what it is of, in parallel.)
        if percent, between.hasSuffix(" va "), words(prev.end).hasPrefix("ve "), words(nextEnd).hasPrefix("ve ") { return true }
        guard next - prev.end <= 30 else { return false }
        while let open = between.firstIndex(of: "("), let close = between[open...].firstIndex(of: ")") {
            between.removeSubrange(open...close)
        }
        return between.trimmingCharacters(in: .whitespaces) == "va"
    }

    /// Whether the count at `j` is of the noun the count ending at `previous` named ("2.120 người
    /// trong lĩnh vực Thiết kế vi mạch, …, 1.900 người trong lĩnh vực AI"): two items of one list,
    /// however long the first one's words.
    static func countsSameNoun(_ f: [Character], after previous: Int, at j: Int) -> Bool {
        var k = previous
        while k < f.count, f[k] == " " { k += 1 }
        guard let noun = (countUnits + boundedCountUnits).first(where: { matches(f, $0, at: k) }) else { return false }
        return matches(f, noun, at: j)
    }

    /// Whether the count from `start` to `end` is a part of the count ending at `previous`, named
    /// in a few words before its number after a comma ("5.250.000 lượt, trong đó khách quốc tế
    /// 320.000 lượt"): the words after both numbers up to the comma (" lượt", " triệu con") the same.
    static func namesPartOfCount(_ f: [Character], previousEnd: Int, start: Int, end: Int) -> Bool {
        guard previousEnd < start, start - previousEnd <= 60, let comma = f[previousEnd..<start].firstIndex(of: ","),
              comma - previousEnd >= 3, comma - previousEnd <= 16 else { return false }
        let unit = String(f[previousEnd..<comma])
        guard unit.first == " ", unit.dropFirst().allSatisfy({ $0.isLetter || $0 == " " }), matches(f, unit, at: end),
              end + unit.count == f.count || !f[end + unit.count].isLetter else { return false }
        return String(f[comma..<start]).range(of: #"^, (trong do (co )?)?[a-z]+( [a-z]+){0,3} $"#, options: .regularExpression) != nil
    }

    /// Whether "con" or "quả" at `i` counts animals or pieces: "phát triển đàn heo đạt khoảng 5
    /// triệu con, đàn gia cầm 48 triệu con" (with its diacritics: "còn", still, folds the same;
    /// not "con người", "con số", "con em"), "sản lượng trứng đạt 2 ngàn triệu quả trứng" (not
    /// "qua", through).
    static func countsHead(_ chars: [Character], _ f: [Character], at i: Int) -> Bool {
        guard matches(f, "con", at: i) || matches(f, "qua", at: i), i + 3 == f.count || !f[i + 3].isLetter else { return false }
        let word = String(chars[i..<(i + 3)]).lowercased()
        if word == "quả" { return true }
        guard word == "con" else { return false }
        return !["nguoi", "so", "em", "chau", "duong", "mat"].contains { w in
            matches(f, " " + w, at: i + 3) && (i + 4 + w.count == f.count || !f[i + 4 + w.count].isLetter)
        }
    }

    /// The word for a thousand at `i` with its space: "nghìn ", or "ngàn " (which folds as "ngân",
    /// a bank, and "ngắn", short, do: its diacritics are looked at).
    static func thousandWord(_ chars: [Character], _ f: [Character], at i: Int) -> String? {
        if matches(f, "nghin ", at: i) { return "nghin " }
        guard matches(f, "ngan ", at: i), String(chars[i..<(i + 4)]).lowercased() == "ngàn" else { return nil }
        return "ngan "
    }

    /// Whether the label of a value after " là " counts the noun that follows the value: "tổng số
    /// phòng lưu trú là 7.500 phòng", "số trạm BTS là 500 trạm".
    static func labelCounts(_ f: [Character], before start: Int, at j: Int) -> Bool {
        let back = String(f[max(0, start - 60)..<start])
        guard back.contains("so "), let r = back.range(of: #"\bso ([a-z]+)[^,;:]{0,40} la $"#, options: .regularExpression) else { return false }
        let noun = back[r].dropFirst(3).prefix { $0.isLetter }
        return noun.count >= 2 && matches(f, String(noun), at: j) && (j + noun.count == f.count || !f[j + noun.count].isLetter)
    }

    /// Where a per-person unit after a number ends: "4 kết nối IoT/người dân" — a few words,
    /// with no number or clause break among them, then "/người (dân)" (not "USD/người/năm", a
    /// sum of money a year).
    static func perPersonEnd(_ f: [Character], at i: Int) -> Int? {
        // ("tối thiểu 50 bưu gửi/đầu người/năm": per head, each year.)
        // ("2,2m2/ người": a space after the stroke.)
        guard let (k, tail) = unitTail(f, from: i, within: 40, stops: ",;.:%", tails: ["/nguoi dan", "/dau nguoi", "/nguoi", "/ nguoi dan", "/ nguoi"], whole: { end in
            end == f.count || !(f[end].isLetter || f[end] == "/") || matches(f, "/nam", at: end)
        }) else { return nil }
        let words = String(f[i..<k])
        return words.contains("usd") || words.contains("dong") ? nil : k + tail.count
    }

    /// The first of `tails` within `within` characters of `from`, before any number or one of
    /// `stops` (a clause break): where it starts and which it is. `whole` tells whether a tail
    /// ending at a position ends a word there.
    static func unitTail(_ f: [Character], from: Int, within: Int, stops: String, tails: [String],
                         whole: (Int) -> Bool = { _ in true }) -> (at: Int, tail: String)? {
        var k = from
        let limit = min(f.count, from + within)
        while k < limit {
            // (The "2" of square metres is no number: "27m2 sàn/người".)
            let squareMetre = f[k] == "2" && k > 0 && f[k - 1] == "m" && (k + 1 == f.count || !f[k + 1].isNumber)
            if f[k].isNumber && !squareMetre || stops.contains(f[k]) { return nil }
            for tail in tails where matches(f, tail, at: k) && whole(k + tail.count) { return (k, tail) }
            k += 1
        }
        return nil
    }

    /// How many parentheses are open before each position (one more entry than `f` has
    /// characters), computed once per clause: a clause of thousands of values asks for each.
    static func parenthesisDepths(_ f: [Character]) -> [Int] {
        var out = [Int](repeating: 0, count: f.count + 1)
        var d = 0
        for (i, c) in f.enumerated() {
            if c == "(" { d += 1 } else if c == ")" { d = max(0, d - 1) }
            out[i + 1] = d
        }
        return out
    }

    /// Where a per-100-people unit that starts at `i` ends: "thuê bao/100 dân", or with the
    /// subscriptions named in between ("80 thuê bao băng rộng di động trên 100 dân") — a few
    /// words with no number or clause break between them.
    static func perHundredEnd(_ f: [Character], at i: Int) -> Int? {
        if let per = perHundredUnits.first(where: { matches(f, $0, at: i) }) { return i + per.count }
        guard matches(f, "thue bao ", at: i),
              let (k, tail) = unitTail(f, from: i + 9, within: 51, stops: ",;.:", tails: [" tren 100 dan", "/100 dan", " / 100 dan"]) else { return nil }
        return k + tail.count
    }

    /// "tấn" (tonnes: the accents tell it from "tân", "tần") or "km" at `i`, and "/ngày" within
    /// a few words after it (a capacity a day): the unit and where its words end.
    static func physicalUnit(_ c: [Character], _ f: [Character], at i: Int) -> (unit: String, end: Int)? {
        let unit: String, end: Int
        if i + 3 <= c.count, String(c[i..<(i + 3)]).lowercased() == "tấn", i + 3 == c.count || !c[i + 3].isLetter {
            unit = "tonnes"; end = i + 3
        } else if matches(f, "km", at: i), i + 2 == f.count || !f[i + 2].isLetter {
            unit = "km"; end = i + 2
        } else if i + 2 <= c.count, String(c[i..<(i + 2)]).lowercased() == "ha", i + 2 == c.count || !c[i + 2].isLetter {
            // "đạt 1.900 ha": hectares ("ha" without its diacritics is no other word).
            unit = "hectares"; end = i + 2
        } else if (matches(f, "gw", at: i) || matches(f, "mw", at: i)), i + 2 == f.count || !f[i + 2].isLetter {
            // "tổng công suất đặt nguồn điện … đạt 137,2 GW": a power plant's capacity.
            unit = f[i] == "g" ? "gigawatts" : "megawatts"; end = i + 2
        } else if i + 4 <= c.count, String(c[i..<(i + 4)]).lowercased() == "ngày", i + 4 == c.count || !c[i + 4].isLetter {
            // "thời gian lưu trú bình quân đạt trên 2 ngày": days (a day's rate is no unit of them).
            return ("days", i + 4)
        } else {
            return nil
        }
        if let (k, tail) = unitTail(f, from: end, within: 30, stops: ",;.:%", tails: ["/ngay", "/ ngay", " moi ngay"], whole: { e in
            e == f.count || !f[e].isLetter
        }) {
            return (unit + "_per_day", k + tail.count)
        }
        // ("9,8 triệu tấn/năm", "7 triệu tấn mỗi năm": a yield a year.)
        if let tail = ["/nam", "/ nam", " moi nam", " hang nam"].first(where: { matches(f, $0, at: end) }),
           end + tail.count == f.count || !f[end + tail.count].isLetter {
            return (unit + "_per_year", end + tail.count)
        }
        return (unit, end)
    }

    /// Whether a mass or a length is set, not described: after "đạt", "là" or an operator word,
    /// next in a list whose value before is of the same measure ("đạt 9,8 triệu tấn …, … 2,8
    /// triệu tấn"), or the value of an output its label names ("trong đó sản lượng nuôi trồng
    /// thủy sản 7,0 triệu tấn") — not "hàng hóa 278,6 triệu tấn" after a count of trips in a
    /// month's figures.
    static func setsMeasure(_ before: String, _ opWord: (op: String, length: Int)?, _ unit: String, after previous: TargetPhrase?, label: String) -> Bool {
        let measure = { (u: String) in u.components(separatedBy: "_per_").first ?? u }
        return before.hasSuffix("dat ") || before.hasSuffix(" la ") || opWord != nil
            || previous.map { measure($0.unit) == measure(unit) } == true
            || label.hasPrefix("san luong ") || label.contains(" san luong ")
            // ("lượng gạo xuất khẩu hàng năm khoảng 4 triệu tấn": a quantity named.)
            || label.hasPrefix("luong ")
    }

    /// The units `physicalUnit` reads.
    static let physicalUnits: Set<String> = ["tonnes", "km", "hectares", "gigawatts", "megawatts", "days"]

    /// The units of rates per a round number of people.
    static let perPeopleUnits: [Double: String] = [100: "per_100_people", 1000: "per_1000_people", 10000: "per_10000_people",
                                                   100_000: "per_100000_people"]

    /// Where "người", "người dân" or "dân" at `i` ends (a whole word), if one is there.
    static func peopleWordEnd(_ f: [Character], at i: Int) -> Int? {
        for w in ["nguoi dan", "nguoi", "dan"] where matches(f, w, at: i) && (i + w.count == f.count || !f[i + w.count].isLetter) {
            return i + w.count
        }
        return nil
    }

    /// The noun of the first value after `from` counted in what `label` names: its two words
    /// ("20 chi nhánh" → "chi nhanh"), or one of five letters or more ("15 tuổi trở lên" and
    /// "năm 2020 là" name other things).
    static func countedNoun(_ c: [Character], _ f: [Character], after from: Int, namedIn label: String) -> String? {
        var k = from
        while k < c.count {
            if let n = number(c, at: k) {
                let from = skipSpaces(c, n.end)
                let rest = String(f[from..<min(f.count, from + 30)])
                let words = rest.prefix { $0.isLetter || $0 == " " }.split(separator: " ").prefix(2).map(String.init)
                if words.count == 2, label.contains(" " + words.joined(separator: " ") + " ") { return words.joined(separator: " ") }
                if words.count == 1, let w = words.first, w.count >= 5, label.contains(" " + w + " ") { return w }
                k = n.end
            } else {
                k += 1
            }
        }
        return nil
    }

    /// "… trở lên" within a few words after the number ("60% hộ gia đình trở lên").
    static func followedByTroLen(_ f: [Character], _ i: Int) -> Bool {
        let window = String(f[min(i, f.count)..<min(f.count, i + 30)])
        guard let r = window.range(of: "tro len") else { return false }
        // (Not another number's: "80% người dân từ 15 tuổi trở lên".)
        return !window[..<r.lowerBound].contains(where: { ",%".contains($0) || $0.isNumber })
    }
}
