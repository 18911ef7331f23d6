@testable import ChisoKit
import Foundation
import XCTest

/// Checks of the bundled data in Datasets/: referential integrity, the reading of every target's
/// wording, and 41 target rows pinned to their exact values with the sentence they come from.
final class DatasetTests: XCTestCase {
    static let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Datasets")

    func load(_ name: String) throws -> Table {
        try CSVReader.read(path: Self.dir.appendingPathComponent(name + ".csv").path, displayName: name)
    }

    func strings(_ t: Table, _ col: String) -> [String?] {
        let c = t.column(col)!
        return (0..<t.rowCount).map { c.isNull($0) ? nil : c.value(at: $0).description }
    }

    func testIdsAreUniqueAndTheRequiredOnesExist() throws {
        let plans = try load("plans"), indicators = try load("indicators")
        let planIds = strings(plans, "id").compactMap { $0 }
        let indicatorIds = strings(indicators, "id").compactMap { $0 }
        XCTAssertEqual(Set(planIds).count, planIds.count)
        XCTAssertEqual(Set(indicatorIds).count, indicatorIds.count)
        for id in ["vn-411-2022", "tien-giang-394-2022", "nghe-an-347-2023", "nghe-an-833-2024", "nghi-loc-159-2023",
                   "nghi-hung-80-2023", "quang-ngai-nq13-2023", "son-tinh-50-2024", "tinh-tra-2024"] {
            XCTAssertTrue(planIds.contains(id), id)
        }
        for id in ["digital_economy_gdp_share", "digital_economy_sector_share", "ecommerce_retail_share",
                   "enterprise_econtract_rate", "sme_digital_platform_rate", "digital_workforce_share",
                   "labour_productivity_growth", "adult_smartphone_rate", "account_ownership_15plus",
                   "adult_digital_signature_rate", "workforce_basic_digital_skills_rate", "household_fibre_coverage",
                   "protected_internet_users_rate", "adult_online_public_service_use", "adult_telehealth_use",
                   "electronic_health_record_rate", "tertiary_digital_model_rate", "school_digital_model_rate"] {
            XCTAssertTrue(indicatorIds.contains(id), id)
        }
        // Tịnh Trà's plan number is blank in the source.
        let row = planIds.firstIndex(of: "tinh-tra-2024")!
        XCTAssertNil(strings(plans, "doc_number")[row])
    }

    func testReferencesResolve() throws {
        let plans = Set(strings(try load("plans"), "id").compactMap { $0 })
        let indicators = Set(strings(try load("indicators"), "id").compactMap { $0 })
        let targets = try load("targets"), tasks = try load("tasks"), assignments = try load("assignments")
        let observations = try load("observations")
        for p in strings(targets, "plan") { XCTAssertTrue(plans.contains(p!), p!) }
        for i in strings(targets, "indicator") { XCTAssertTrue(indicators.contains(i!), i!) }
        for p in strings(tasks, "plan") { XCTAssertTrue(plans.contains(p!), p!) }
        for i in strings(assignments, "indicator") { XCTAssertTrue(indicators.contains(i!), i!) }
        for i in strings(observations, "indicator") { XCTAssertTrue(indicators.contains(i!), i!) }
        for parent in strings(try load("plans"), "parent").compactMap({ $0 }) { XCTAssertTrue(plans.contains(parent), parent) }
    }

    func testLineageReachesTheNationalStrategy() throws {
        let plans = try load("plans")
        let ids = strings(plans, "id").map { $0! }, parents = strings(plans, "parent")
        func chain(_ id: String) -> [String] {
            var out = [id], cur = id
            while let i = ids.firstIndex(of: cur), let p = parents[i] { out.append(p); cur = p }
            return out
        }
        XCTAssertEqual(chain("nghi-hung-80-2023"), ["nghi-hung-80-2023", "nghi-loc-159-2023", "nghe-an-347-2023", "vn-411-2022"])
        XCTAssertEqual(chain("tinh-tra-2024"), ["tinh-tra-2024", "son-tinh-50-2024", "quang-ngai-nq13-2023", "vn-411-2022"])
        XCTAssertEqual(chain("tien-giang-394-2022"), ["tien-giang-394-2022", "vn-411-2022"])
    }

    func testTargetRowsAreWellFormed() throws {
        let t = try load("targets")
        // lo is a float column since the committee's 2023 plan asks for "trên 8,5%".
        XCTAssertEqual(t.columns.map(\.type), [.text, .text, .int, .text, .float, .int, .text, .text, .text])
        var keys = Set<String>()
        for i in 0..<t.rowCount {
            let r = t.row(i)
            guard case .text(let plan) = r[0], case .text(let ind) = r[1], case .int(let year) = r[2],
                  case .text(let op) = r[3], case .float(let lo) = r[4], case .text(let text) = r[6] else {
                return XCTFail("row \(i): \(r)")
            }
            XCTAssertTrue(keys.insert("\(plan)|\(ind)|\(year)").inserted, "duplicate \(plan) \(ind) \(year)")
            // 2023: the National Committee's yearly plan; the strategies aim at 2025 and 2030.
            XCTAssertTrue([2025, 2030].contains(year) || (plan == "vn-ubqgcds-2023" && year == 2023), "\(plan) \(ind): year \(year)")
            XCTAssertTrue(["=", ">", ">=", "~", "range", "<="].contains(op), op)
            // The number as the document writes it: "8,5" (a decimal comma), "3.000" (thousands).
            let whole = Int(lo)
            let written = lo != lo.rounded() ? String(format: "%.1f", lo).replacingOccurrences(of: ".", with: ",")
                : whole >= 1000 ? "\(whole / 1000).\(String(format: "%03d", whole % 1000))" : "\(whole)"
            if case .int(let hi) = r[5] {
                XCTAssertEqual(op, "range", "\(plan) \(ind): hi only for ranges")
                XCTAssertLessThanOrEqual(lo, Double(hi))
                XCTAssertTrue(text.contains("\(written)-\(hi)%"), "\(plan) \(ind): '\(text)' does not say \(written)-\(hi)%")
            } else if op == "<=" {
                // A ranking: "thuộc nhóm 70 nước dẫn đầu".
                XCTAssertTrue(text.contains("nhóm \(written) "), "\(plan) \(ind): '\(text)' does not say nhóm \(written)")
            } else {
                XCTAssertNotEqual(op, "range")
                let shown = whole >= 1000 ? written : written + "%"
                XCTAssertTrue(text.contains(shown), "\(plan) \(ind): '\(text)' does not say \(shown)")
            }
            // The operator matches the wording of the phrase.
            if op == ">" { XCTAssertTrue(text.lowercased().contains("trên"), text) }
            if op == "~" { XCTAssertTrue(text.contains("khoảng"), text) }
            if op == ">=" { XCTAssertTrue(text.contains("tối thiểu") || text.contains("trở lên"), text) }
            XCTAssertEqual(text, Unicode.nfc(text))
        }
    }

    /// `lineage` on the bundled plans: Nghi Hưng (commune) against Nghệ An 347 (province; the
    /// district plan between them is only referenced and has no targets).
    func testLineageFlagsOnTheBundledPlans() throws {
        var out = ""
        let session = Session(workingDirectory: ".", output: { out += $0 }, info: { _ in })
        for name in ["targets", "plans"] {
            session.registerLazily(path: Self.dir.appendingPathComponent(name + ".csv").path, as: name)
        }
        session.options.format = .csv
        try session.run("""
            from targets | lineage | where plan == "nghi-hung-80-2023" and year == 2025
            | select indicator, op, lo, ancestor, ancestor_lo, flag | sort indicator
            """)
        let rows = out.split(separator: "\n").map(String.init)
        // "Tỷ lệ hộ gia đình được phủ mạng Internet băng rộng cáp quang đạt 100%" (Nghi Hưng) vs "… đạt 80%" (Nghệ An).
        XCTAssertTrue(rows.contains("household_fibre_coverage,=,100.0,nghe-an-347-2023,80.0,more ambitious"), out)
        // "… hồ sơ sức khỏe điện tử đạt 90%" vs Nghệ An's 95%.
        XCTAssertTrue(rows.contains("electronic_health_record_rate,=,90.0,nghe-an-347-2023,95.0,less ambitious"), out)
        // "Tỷ trọng kinh tế số đạt 15-20%" in both.
        XCTAssertTrue(rows.contains("digital_economy_gdp_share,range,15.0,nghe-an-347-2023,15.0,same"), out)
        // Nghệ An's e-commerce target has no Nghi Hưng counterpart.
        XCTAssertTrue(rows.contains("ecommerce_retail_share,,,nghe-an-347-2023,8.0,silent"), out)
        out = ""
        // Tịnh Trà's chain (Sơn Tịnh, Quảng Ngãi's resolution) reaches Decision 411, whose section III
        // targets are bundled: 9 the same, 3 more ambitious, 11 the Decision does not set (they are
        // the commune's own), and 11 of the Decision's that the commune does not repeat.
        try session.run("from targets | lineage | where plan == \"tinh-tra-2024\" | group flag { n = count() }")
        XCTAssertEqual(out, "flag,n\nancestor silent,11\nsame,9\nmore ambitious,3\nsilent,11\n")
    }

    func testTaskCodesAreUniquePerPlan() throws {
        let t = try load("tasks")
        let keys = zip(strings(t, "plan"), strings(t, "code")).map { "\($0!)|\($1 ?? "")" }
        XCTAssertEqual(Set(keys).count, keys.count)
        // Both appendices are read whole: Tiền Giang 394 has 64 task rows, Nghệ An 347 has 62.
        XCTAssertEqual(strings(t, "plan").filter { $0 == "tien-giang-394-2022" }.count, 64)
        XCTAssertEqual(strings(t, "plan").filter { $0 == "nghe-an-347-2023" }.count, 62)
    }

    /// Rows checked by hand against the documents; the comment quotes the sentence.
    func testPinnedTargets() throws {
        let t = try load("targets")
        let pinned: [(String, String, Int64, String, Int64, Int64?)] = [
        // nghe-an-347-2023 II.2.a: "Tỷ lệ dân số từ 15 tuổi trở lên có tài khoản giao dịch thanh toán tại ngân hàng hoặc tổ chức được phép khác đạt 80%"
        ("nghe-an-347-2023", "account_ownership_15plus", 2025, "=", 80, nil),
        // nghe-an-347-2023 II.1.a: "Tỷ trọng kinh tế số trong từng ngành, lĩnh vực đạt tối thiểu 10%"
        ("nghe-an-347-2023", "digital_economy_sector_share", 2025, ">=", 10, nil),
        // nghe-an-347-2023 II.2.a: "Tỷ lệ người dân có hồ sơ sức khỏe điện tử đạt 95%"
        ("nghe-an-347-2023", "electronic_health_record_rate", 2025, "=", 95, nil),
        // nghe-an-347-2023 II.2.a: "Tỷ lệ dân số trưởng thành có điện thoại thông minh đạt 80%"
        ("nghe-an-347-2023", "adult_smartphone_rate", 2025, "=", 80, nil),
        // nghe-an-347-2023 II.2.a: "Tỷ lệ dân số trưởng thành dùng dịch vụ tư vấn sức khỏe trực tuyến, khám chữa bệnh từ xa đạt trên 30%"
        ("nghe-an-347-2023", "adult_telehealth_use", 2025, ">", 30, nil),
        // nghe-an-347-2023 II.1.b: "Tỷ trọng kinh tế số đạt 25-30% GDP"
        ("nghe-an-347-2023", "digital_economy_gdp_share", 2030, "range", 25, 30),
        // nghe-an-347-2023 II.1.b: "Tỷ trọng kinh tế số trong từng ngành, lĩnh vực đạt tối thiểu 20%"
        ("nghe-an-347-2023", "digital_economy_sector_share", 2030, ">=", 20, nil),
        // nghe-an-347-2023 II.2.a: "Tỷ lệ người dân trong độ tuổi lao động được đào tạo kỹ năng số cơ bản đạt trên 70%"
        ("nghe-an-347-2023", "workforce_basic_digital_skills_rate", 2025, ">", 70, nil),
        // nghe-an-347-2023 II.2.b: "Tỷ lệ người dân có hồ sơ sức khỏe điện tử đạt trên 95%"
        ("nghe-an-347-2023", "electronic_health_record_rate", 2030, ">", 95, nil),
        // nghe-an-347-2023 II.2.b: "Tỷ lệ dân số trưởng thành dùng dịch vụ công trực tuyến đạt trên 70%"
        ("nghe-an-347-2023", "adult_online_public_service_use", 2030, ">", 70, nil),
        // nghi-hung-80-2023 II.2.b: "Tỷ lệ người dân có hồ sơ sức khỏe điện tử đạt trên 95%"
        ("nghi-hung-80-2023", "electronic_health_record_rate", 2030, ">", 95, nil),
        // nghi-hung-80-2023 II.1.a: "Tỷ trọng kinh tế số đạt 15-20%"
        ("nghi-hung-80-2023", "digital_economy_gdp_share", 2025, "range", 15, 20),
        // nghi-hung-80-2023 II.2.b: "Tỷ lệ người dân kết nối mạng được bảo vệ ở mức cơ bản đạt trên 85%"
        ("nghi-hung-80-2023", "protected_internet_users_rate", 2030, ">", 85, nil),
        // nghi-hung-80-2023 II.2.b: "Tỷ lệ người dân trong độ tuổi lao động được đào tạo kỹ năng số cơ bản đạt trên 85%"
        ("nghi-hung-80-2023", "workforce_basic_digital_skills_rate", 2030, ">", 85, nil),
        // nghi-hung-80-2023 II.2.a: "Tỷ lệ người dân có hồ sơ sức khỏe điện tử đạt 90%"
        ("nghi-hung-80-2023", "electronic_health_record_rate", 2025, "=", 90, nil),
        // nghi-hung-80-2023 II.2.b: "Tỷ lệ dân số trưởng thành dùng dịch vụ tư vấn sức khỏe trực tuyến, khám chữa bệnh từ xa đạt trên 50%"
        ("nghi-hung-80-2023", "adult_telehealth_use", 2030, ">", 50, nil),
        // nghi-hung-80-2023 II.1.a: "Tỷ lệ nhân lực lao động kinh tế số trong lực lượng lao động đạt trên 3%"
        ("nghi-hung-80-2023", "digital_workforce_share", 2025, ">", 3, nil),
        // nghi-hung-80-2023 II.1.b: "Tỷ lệ doanh nghiệp nhỏ và vừa sử dụng nền tảng số đạt trên 60-70%"
        ("nghi-hung-80-2023", "sme_digital_platform_rate", 2030, "range", 60, 70),
        // tien-giang-394-2022 II.1: "Tỷ trọng thương mại điện tử trong tổng mức bán lẻ đạt trên 10%"
        ("tien-giang-394-2022", "ecommerce_retail_share", 2025, ">", 10, nil),
        // tien-giang-394-2022 II.2: "Tỷ lệ người dân kết nối mạng được bảo vệ ở mức cơ bản đạt trên 70%"
        ("tien-giang-394-2022", "protected_internet_users_rate", 2025, ">", 70, nil),
        // tien-giang-394-2022 II.2: "Tỷ lệ người dân trong độ tuổi lao động được đào tạo kỹ năng số cơ bản đạt trên 70%"
        ("tien-giang-394-2022", "workforce_basic_digital_skills_rate", 2025, ">", 70, nil),
        // tien-giang-394-2022 II.2: "Tỷ lệ dân số trưởng thành có chữ ký số hoặc chữ ký điện tử cá nhân đạt trên 50%"
        ("tien-giang-394-2022", "adult_digital_signature_rate", 2025, ">", 50, nil),
        // tien-giang-394-2022 II.2: "Tỷ lệ người dân có hồ sơ sức khỏe điện tử đạt 90%"
        ("tien-giang-394-2022", "electronic_health_record_rate", 2025, "=", 90, nil),
        // tien-giang-394-2022 II.2: "Tỷ lệ dân số trưởng thành có sử dụng dịch vụ công trực tuyến đạt trên 50%"
        ("tien-giang-394-2022", "adult_online_public_service_use", 2025, ">", 50, nil),
        // tien-giang-394-2022 II.1: "Tỷ lệ doanh nghiệp nhỏ và vừa sử dụng nền tảng số đạt trên 50%"
        ("tien-giang-394-2022", "sme_digital_platform_rate", 2025, ">", 50, nil),
        // tinh-tra-2024 I.1: "Trên 80% dân số trưởng thành có điện thoại thông minh, có tài khoản giao dịch thanh toán tại ngân hàng hoặc tổ chức được phép khác"
        ("tinh-tra-2024", "adult_smartphone_rate", 2025, ">", 80, nil),
        // tinh-tra-2024 I.2: "Tỷ lệ doanh nghiệp nhỏ và vừa sử dụng nền tảng số đạt trên 70%"
        ("tinh-tra-2024", "sme_digital_platform_rate", 2030, ">", 70, nil),
        // tinh-tra-2024 I.1: "Trên 70% hồ sơ công việc tại xã được xử lý trên môi trường mạng (trừ hồ sơ công việc thuộc phạm vi bí mật nhà nước)"
        ("tinh-tra-2024", "commune_work_records_online_rate", 2025, ">", 70, nil),
        // tinh-tra-2024 I.2: "Trên 95% dân số trưởng thành có điện thoại thông minh, có tài khoản giao dịch thanh toán tại ngân hàng hoặc tổ chức được phép khác"
        ("tinh-tra-2024", "adult_account_ownership_rate", 2030, ">", 95, nil),
        // tinh-tra-2024 I.1: "Tỷ lệ doanh nghiệp nhỏ và vừa sử dụng nền tảng số đạt trên 50%"
        ("tinh-tra-2024", "sme_digital_platform_rate", 2025, ">", 50, nil),
        // tinh-tra-2024 I.1: "Trên 50% dân số trưởng thành có chữ ký số hoặc chữ ký điện tử cá nhân"
        ("tinh-tra-2024", "adult_digital_signature_rate", 2025, ">", 50, nil),
        // tinh-tra-2024 I.1: "Năng suất lao động hằng năm tăng tối thiểu 7%"
        ("tinh-tra-2024", "labour_productivity_growth", 2025, ">=", 7, nil),
        // tinh-tra-2024 I.1: "Phấn đấu tỷ trọng kinh tế số đạt khoảng 20% tổng sản phẩm trên địa bàn (GRDP)"
        ("tinh-tra-2024", "digital_economy_gdp_share", 2025, "~", 20, nil),
        // nghe-an-833-2024 mục tiêu: hạ tầng số: "Phấn đấu 100% cơ quan Đảng, chính quyền các cấp kết nối mạng truyền số liệu chuyên dùng"
        ("nghe-an-833-2024", "agency_specialised_network_rate", 2025, "=", 100, nil),
        // nghe-an-833-2024 mục tiêu: hạ tầng số: "100% khu dân cư tại thành phố, thị xã, thị trấn, các điểm du lịch và các khu công nghiệp được phủ sóng 4G, 5G"
        ("nghe-an-833-2024", "urban_mobile_4g5g_coverage", 2025, "=", 100, nil),
        // nghe-an-833-2024 mục tiêu: chính quyền số: "Phấn đấu 100% cán bộ, công chức, viên chức được đào tạo, bồi dưỡng hoặc tự bồi dưỡng kiến thức và kỹ năng số"
        ("nghe-an-833-2024", "civil_servant_digital_training_rate", 2025, "=", 100, nil),
        // nghe-an-833-2024 mục tiêu: kinh tế số: "TMĐT đạt trên 50% thanh toán không dùng tiền mặt, trong đó 80% thanh toán thực hiện qua các tổ chức cung ứng dịch vụ trung gian thanh toán"
        ("nghe-an-833-2024", "ecommerce_intermediary_payment_share", 2025, "=", 80, nil),
        // nghe-an-833-2024 mục tiêu: chính quyền số: "Tỷ lệ hồ sơ giải quyết theo dịch vụ công trực tuyến mức độ 3, 4 trên tổng số hồ sơ đạt từ 50% trở lên"
        ("nghe-an-833-2024", "online_application_share", 2025, ">=", 50, nil),
        // nghe-an-833-2024 mục tiêu: chính quyền số: "90% hồ sơ công việc tại cấp tỉnh, 80% hồ sơ công việc tại cấp huyện và 60% hồ sơ công việc tại cấp xã được xử lý trên môi trường mạng (không bao gồm hồ sơ xử lý công việc có nội dung mật)"
        ("nghe-an-833-2024", "commune_work_records_online_rate", 2025, "=", 60, nil),
        // nghe-an-833-2024 mục tiêu: kinh tế số: "100% hộ sản xuất nông nghiệp dược lập danh sách và chuẩn hóa, số hóa dữ liệu theo hướng dẫn của Bộ Thông tin và Truyền thông"
        ("nghe-an-833-2024", "farm_household_digitised_rate", 2025, "=", 100, nil),
        // nghe-an-833-2024 mục tiêu: xã hội số: "Phấn đấu trên 50% người dùng điện thoại, thiết bị thông minh được tiếp cận, sử dụng các dịch vụ chính quyền điện tử, dịch vụ đô thị thông minh"
        ("nghe-an-833-2024", "smart_device_users_egov_rate", 2025, ">", 50, nil),
        ]
        XCTAssertGreaterThanOrEqual(pinned.count, 40)
        let plans = strings(t, "plan"), inds = strings(t, "indicator")
        let years = (0..<t.rowCount).map { t.column("year")!.value(at: $0) }
        for (plan, ind, year, op, lo, hi) in pinned {
            guard let i = (0..<t.rowCount).first(where: { plans[$0] == plan && inds[$0] == ind && years[$0] == .int(year) }) else {
                XCTFail("missing \(plan) \(ind) \(year)"); continue
            }
            let r = t.row(i)
            XCTAssertEqual(r[3], .text(op), "\(plan) \(ind) \(year)")
            XCTAssertEqual(r[4], .float(Double(lo)), "\(plan) \(ind) \(year)")
            XCTAssertEqual(r[5], hi.map { .int($0) } ?? .null, "\(plan) \(ind) \(year)")
        }
    }
}
