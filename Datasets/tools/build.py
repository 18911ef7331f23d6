#!/usr/bin/env python3
"""Builds plans, indicators, observations, tasks, assignments and agencies (Datasets/*.csv)
from the source documents in Datasets/sources/. Tasks and assignments are read from the
appendix tables. Targets are not built here: chiso reads them from the documents itself
(`Scripts/chiso run Datasets/tools/targets.chiso`). Run from the repository root:

    python3 Datasets/tools/build.py

It rewrites the CSVs; `git diff Datasets/` then shows what changed. The rules it applies and
every judgement call are in Datasets/CODEBOOK.md.
"""
import csv
import re
import sys
import unicodedata
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent
SEEDS = Path(sys.argv[1]) if len(sys.argv) > 1 else OUT / "sources"

DOCS = {
    "nghi-hung-80-2023": "000_7fdb9a870c9780bc.txt",
    "tinh-tra-2024": "001_ad14714e381267a6.txt",
    "tien-giang-394-2022": "002_518c169c39d301b2.txt",
    "nghe-an-347-2023": "003_4ecb0f6897fb5f09.txt",
    "nghe-an-833-2024": "004_464a472493480881.txt",
}


def nfc(s):
    return unicodedata.normalize("NFC", s)


def fold_ws(s):
    return re.sub(r"\s+", " ", s).strip()


TEXT = {plan: nfc((SEEDS / f).read_text(encoding="utf-8", errors="replace")) for plan, f in DOCS.items()}

# ---------------------------------------------------------------------------------------------
# Plans
# ---------------------------------------------------------------------------------------------
PLANS = [
    # id, doc_number, title_vi, issuer, level, area, issued, parent, source
    ("vn-411-2022", "411/QĐ-TTg", "Quyết định phê duyệt Chiến lược quốc gia phát triển kinh tế số và xã hội số đến năm 2025, định hướng đến năm 2030",
     "Thủ tướng Chính phủ", "national", "Việt Nam", "2022-03-31", "", "411_2022_muc_III.txt"),
    ("tien-giang-394-2022", "394/KH-UBND", "Kế hoạch triển khai Chiến lược quốc gia phát triển kinh tế số và xã hội số giai đoạn 2022 - 2025 trên địa bàn tỉnh Tiền Giang",
     "UBND tỉnh Tiền Giang", "province", "Tiền Giang", "2022-12-19", "vn-411-2022", DOCS["tien-giang-394-2022"]),
    ("nghe-an-347-2023", "347/KH-UBND", "Kế hoạch triển khai Chiến lược quốc gia phát triển kinh tế số và xã hội số đến năm 2025, định hướng đến năm 2030 trên địa bàn tỉnh Nghệ An",
     "UBND tỉnh Nghệ An", "province", "Nghệ An", "2023-05-24", "vn-411-2022", DOCS["nghe-an-347-2023"]),
    ("nghe-an-833-2024", "833/KH-UBND", "Kế hoạch chuyển đổi số tỉnh Nghệ An năm 2025",
     "UBND tỉnh Nghệ An", "province", "Nghệ An", "2024-10-31", "nghe-an-nq09-2022", DOCS["nghe-an-833-2024"]),
    ("nghe-an-nq09-2022", "09-NQ/TU", "Nghị quyết về chuyển đổi số tỉnh Nghệ An",
     "Ban Chấp hành Đảng bộ tỉnh Nghệ An", "province", "Nghệ An", "2022-08-05", "vn-411-2022", "referenced"),
    ("nghi-loc-159-2023", "159/KH-UBND", "Kế hoạch triển khai Chiến lược quốc gia phát triển kinh tế số và xã hội số đến năm 2025, định hướng đến năm 2030 trên địa bàn huyện Nghi Lộc",
     "UBND huyện Nghi Lộc", "district", "Nghi Lộc", "2023-07-24", "nghe-an-347-2023", "referenced"),
    ("nghi-hung-80-2023", "80/KH-UBND", "Kế hoạch triển khai Chiến lược quốc gia phát triển kinh tế số và xã hội số đến năm 2025, định hướng đến năm 2030 trên địa bàn xã Nghi Hưng",
     "UBND xã Nghi Hưng", "commune", "Nghi Hưng", "2023-07-31", "nghi-loc-159-2023", DOCS["nghi-hung-80-2023"]),
    ("quang-ngai-nq13-2023", "13-NQ/TU", "Nghị quyết về Chuyển đổi số tỉnh Quảng Ngãi đến năm 2025, định hướng đến năm 2030",
     "Ban Thường vụ Tỉnh ủy Quảng Ngãi", "province", "Quảng Ngãi", "2023-09-06", "vn-411-2022", "referenced"),
    ("son-tinh-50-2024", "50/KH-UBND", "Kế hoạch triển khai thực hiện Nghị quyết số 13-NQ/TU về Chuyển đổi số tỉnh Quảng Ngãi",
     "UBND huyện Sơn Tịnh", "district", "Sơn Tịnh", "2024-03-11", "quang-ngai-nq13-2023", "referenced"),
    ("vn-749-2020", "749/QĐ-TTg", "Quyết định phê duyệt Chương trình Chuyển đổi số quốc gia đến năm 2025, định hướng đến năm 2030",
     "Thủ tướng Chính phủ", "national", "Việt Nam", "2020-06-03", "", "749_2020_muc_tieu.txt"),
    # The committee's yearly plan: the day of its decision was not found; "issued in early April"
    # (Báo Tuyên Quang), so the first of April stands in (only the year is used, as a base year).
    ("vn-ubqgcds-2023", "", "Kế hoạch hoạt động của Ủy ban Quốc gia về chuyển đổi số năm 2023",
     "Ủy ban Quốc gia về chuyển đổi số", "national", "Việt Nam", "2023-04-01", "vn-411-2022", "ubqgcds_2023_ke_hoach.txt"),
    ("tinh-tra-2024", "", "Kế hoạch triển khai thực hiện Nghị quyết số 13-NQ/TU ngày 06/9/2023 của Ban Thường vụ Tỉnh ủy khóa XX về Chuyển đổi số tỉnh Quảng Ngãi đến năm 2025, định hướng đến năm 2030",
     "UBND xã Tịnh Trà", "commune", "Tịnh Trà", "2024-04-26", "son-tinh-50-2024", DOCS["tinh-tra-2024"]),
]

# ---------------------------------------------------------------------------------------------
# Indicators
# ---------------------------------------------------------------------------------------------
# id, pillar, name_vi, name_en, unit, direction, population, numerator, denominator, definition, measured_by
I = []


def ind(id, pillar, name_vi, name_en, unit, population, numerator, denominator, definition, measured_by="", direction="up"):
    I.append((id, pillar, name_vi, name_en, unit, direction, population, numerator, denominator, definition, measured_by))


E, S, G, N = "digital_economy", "digital_society", "digital_government", "digital_infrastructure"
ind("digital_economy_gdp_share", E, "Tỷ trọng kinh tế số trong GDP/GRDP", "Digital economy share of GDP (GRDP for a province)", "percent",
    "the economy of the area", "value added of the digital economy", "GDP (GRDP)", "Value added of the digital economy (ICT sector plus digitalised activity of other sectors) as a share of gross (regional) domestic product.", "Cục Thống kê tỉnh (Nghệ An 347, C.IV.4.2); Sở Kế hoạch và Đầu tư (Tiền Giang 394)")
ind("digital_economy_sector_share", E, "Tỷ trọng kinh tế số trong từng ngành, lĩnh vực", "Digital economy share within each sector", "percent",
    "each economic sector", "digital-economy value added of the sector", "value added of the sector", "Digital economy value added within each industry or field as a share of that industry's value added; the target applies to every sector.", "Cục Thống kê tỉnh; các sở, ngành (Nghệ An 347, C.IV.4.3)")
ind("ecommerce_retail_share", E, "Tỷ trọng thương mại điện tử trong tổng mức bán lẻ", "E-commerce share of total retail sales", "percent",
    "retail trade of the area", "e-commerce retail sales", "total retail sales of goods (and consumer services, in Nghệ An 833)", "Online (e-commerce) sales as a share of total retail sales of goods and consumer service revenue.", "Sở Công Thương")
ind("enterprise_econtract_rate", E, "Tỷ lệ doanh nghiệp sử dụng hợp đồng điện tử", "Share of enterprises using electronic contracts", "percent",
    "enterprises", "enterprises using e-contracts (an e-contract platform in the 2030 wording)", "all enterprises", "Enterprises that use electronic contracts as a share of all enterprises.", "Cục Thuế tỉnh (Nghệ An 347, C.IV.4.5)")
ind("sme_digital_platform_rate", E, "Tỷ lệ doanh nghiệp nhỏ và vừa sử dụng nền tảng số", "Share of SMEs using digital platforms", "percent",
    "small and medium-sized enterprises", "SMEs using digital platforms", "all SMEs", "Small and medium-sized enterprises that use digital platforms as a share of all SMEs.", "Sở Kế hoạch và Đầu tư, Sở Thông tin và Truyền thông (Nghệ An 347); Sở Công Thương (Tiền Giang 394)")
ind("digital_workforce_share", E, "Tỷ lệ nhân lực lao động kinh tế số trong lực lượng lao động", "Digital-economy workers as a share of the labour force", "percent",
    "labour force", "workers in the digital economy", "labour force", "People working in the digital economy as a share of the labour force.", "Cục Thống kê tỉnh (Nghệ An 347, C.IV.4.7)")
ind("labour_productivity_growth", E, "Tốc độ tăng năng suất lao động hằng năm", "Annual labour productivity growth", "percent_per_year",
    "the economy of the area", "change in labour productivity over the year", "labour productivity the year before", "Year-on-year growth of labour productivity (value added per worker).", "Sở Kế hoạch và Đầu tư (Tiền Giang 394)")
ind("adult_smartphone_rate", S, "Tỷ lệ dân số trưởng thành có điện thoại thông minh", "Share of adults with a smartphone", "percent",
    "adults", "adults who have a smartphone", "adult population", "Adults (dân số trưởng thành) who own or use a smartphone as a share of the adult population.", "Sở Thông tin và Truyền thông")
ind("account_ownership_15plus", S, "Tỷ lệ dân số từ 15 tuổi trở lên có tài khoản giao dịch thanh toán tại ngân hàng hoặc tổ chức được phép khác", "Share of people aged 15+ with a transaction account at a bank or other licensed institution", "percent",
    "people aged 15 and over", "people aged 15+ with a payment account", "population aged 15+", "People aged 15 and over with a payment (transaction) account at a bank or another licensed institution, as a share of that population.", "Ngân hàng Nhà nước chi nhánh tỉnh")
ind("adult_account_ownership_rate", S, "Tỷ lệ dân số trưởng thành có tài khoản giao dịch thanh toán tại ngân hàng hoặc tổ chức được phép khác", "Share of adults with a transaction account at a bank or other licensed institution", "percent",
    "adults", "adults with a payment account", "adult population", "Adults (dân số trưởng thành) with a payment (transaction) account at a bank or another licensed institution, as a share of the adult population. Tịnh Trà's plan states it for adults, where the provincial plans use people aged 15+ (account_ownership_15plus): the two populations differ, so the two are kept apart.")
ind("adult_digital_signature_rate", S, "Tỷ lệ dân số trưởng thành có chữ ký số hoặc chữ ký điện tử cá nhân", "Share of adults with a personal digital or electronic signature", "percent",
    "adults", "adults with a personal digital/electronic signature", "adult population", "Adults holding a personal digital signature or electronic signature as a share of the adult population.", "Sở Thông tin và Truyền thông")
ind("workforce_basic_digital_skills_rate", S, "Tỷ lệ người dân trong độ tuổi lao động được đào tạo kỹ năng số cơ bản", "Share of working-age people trained in basic digital skills", "percent",
    "people of working age", "working-age people trained in basic digital skills", "working-age population", "People of working age who have been trained in basic digital skills as a share of the working-age population (Tịnh Trà adds basic information-security skills: see scope).", "Sở Lao động, Thương binh và Xã hội (Nghệ An 347); UBND cấp huyện (Tiền Giang 394)")
ind("household_fibre_coverage", N, "Tỷ lệ hộ gia đình được phủ mạng Internet băng rộng cáp quang", "Share of households covered by fibre broadband", "percent",
    "households", "households within reach of fibre-optic broadband", "all households", "Households covered by (able to connect to) fibre-optic broadband as a share of all households.", "Sở Thông tin và Truyền thông")
ind("protected_internet_users_rate", S, "Tỷ lệ người dân kết nối mạng được bảo vệ ở mức cơ bản", "Share of internet users protected at a basic level", "percent",
    "internet users", "connected people protected at a basic level", "people connected to the internet", "People connected to the internet who are protected at a basic level (basic information-security services) as a share of connected people.", "Sở Thông tin và Truyền thông")
ind("adult_online_public_service_use", S, "Tỷ lệ dân số trưởng thành có sử dụng dịch vụ công trực tuyến", "Share of adults using online public services", "percent",
    "adults", "adults who used online public services", "adult population", "Adults who use online public services as a share of the adult population.", "Văn phòng UBND tỉnh")
ind("adult_telehealth_use", S, "Tỷ lệ dân số trưởng thành dùng dịch vụ tư vấn sức khỏe trực tuyến, khám chữa bệnh từ xa", "Share of adults using online health consultation or telemedicine", "percent",
    "adults", "adults who used online health advice or remote diagnosis and treatment", "adult population", "Adults who use online health consultation or remote medical examination and treatment as a share of the adult population.", "Sở Y tế")
ind("electronic_health_record_rate", S, "Tỷ lệ người dân có hồ sơ sức khỏe điện tử", "Share of people with an electronic health record", "percent",
    "all residents", "people with an electronic health record", "population", "Residents with an electronic health record as a share of the population.", "Sở Y tế")
ind("tertiary_digital_model_rate", S, "Tỷ lệ các cơ sở đào tạo đại học, cao đẳng, giáo dục nghề nghiệp hoàn thiện mô hình quản trị số, hoạt động số", "Share of universities, colleges and vocational schools with digital governance and operations", "percent",
    "universities, colleges and vocational institutions", "institutions that completed the digital governance/operations model, standardised digital data and an open digital learning repository", "all such institutions", "Institutions of higher, college and vocational education that have completed the model of digital governance and digital operations, standardised digital data and an open digital learning repository, as a share of all such institutions.", "Sở Giáo dục và Đào tạo; Sở Lao động, Thương binh và Xã hội")
ind("school_digital_model_rate", S, "Tỷ lệ các cơ sở giáo dục phổ thông hoàn thiện mô hình quản trị số, hoạt động số", "Share of general-education schools with digital governance and operations", "percent",
    "general-education schools (scope varies: to upper or to lower secondary)", "schools that completed the digital governance/operations model, standardised digital data and an open learning repository", "all schools in scope", "Schools from primary level up to upper secondary (Nghệ An) or lower secondary (Nghi Hưng) that have completed the digital governance and operations model, as a share of those schools.", "Sở Giáo dục và Đào tạo")
# Named in the same style for the other targets of the plans.
ind("commune_fibre_coverage", N, "Tỷ lệ xã có hạ tầng mạng băng rộng cáp quang", "Share of communes reached by fibre broadband", "percent",
    "communes", "communes reached by fibre", "all communes", "Communes reached by fibre-optic broadband infrastructure as a share of all communes.")
ind("village_mobile_4g5g_coverage", N, "Tỷ lệ thôn, bản được phủ sóng thông tin di động 4G/5G", "Share of villages covered by 4G/5G mobile service", "percent",
    "villages (thôn, bản)", "villages covered by 4G/5G", "all villages", "Villages and hamlets covered by 4G/5G mobile networks as a share of all villages.", "doanh nghiệp viễn thông (Nghệ An 347, V.1.b)")
ind("urban_mobile_4g5g_coverage", N, "Tỷ lệ khu dân cư đô thị, điểm du lịch, khu công nghiệp được phủ sóng 4G, 5G", "Share of urban residential areas, tourist sites and industrial parks covered by 4G/5G", "percent",
    "residential areas of cities and towns, tourist sites, industrial parks", "areas covered by 4G/5G", "all such areas", "Residential areas in cities, towns and townships, tourist sites and industrial parks covered by 4G and 5G, as a share of those areas.")
ind("agency_specialised_network_rate", N, "Tỷ lệ cơ quan Đảng, chính quyền các cấp kết nối mạng truyền số liệu chuyên dùng", "Share of Party and government agencies on the specialised data network", "percent",
    "Party and state agencies at all levels", "agencies connected to the specialised data-transmission network", "all such agencies", "Party and government agencies at all levels connected to the specialised data transmission network, as a share of those agencies.")
ind("shared_database_cloud_rate", N, "Tỷ lệ cơ sở dữ liệu dùng chung của tỉnh triển khai trên nền tảng điện toán đám mây", "Share of the province's shared databases on a cloud platform", "percent",
    "shared databases of the province", "shared databases deployed on cloud", "all shared databases", "Shared provincial databases deployed on a cloud computing platform, as a share of all of them.")
ind("full_online_procedure_rate", G, "Tỷ lệ thủ tục hành chính đủ điều kiện được cung cấp dịch vụ công trực tuyến toàn trình", "Share of eligible administrative procedures offered fully online", "percent",
    "administrative procedures eligible under the law", "procedures provided as full-process online public services", "eligible procedures", "Administrative procedures that meet the legal conditions and are provided as full-process (toàn trình) online public services, as a share of eligible procedures.")
ind("commune_work_records_online_rate", G, "Tỷ lệ hồ sơ công việc tại cấp xã được xử lý trên môi trường mạng", "Share of commune-level work files processed online", "percent",
    "work files of the commune government (excluding state secrets)", "files processed in the network environment", "all work files", "Work files of the commune (xã) processed online, excluding files classified as state secrets, as a share of all work files.")
ind("district_work_records_online_rate", G, "Tỷ lệ hồ sơ công việc tại cấp huyện được xử lý trên môi trường mạng", "Share of district-level work files processed online", "percent",
    "work files of district governments (excluding classified files)", "files processed online", "all work files", "Work files at district level processed online, excluding classified files.")
ind("province_work_records_online_rate", G, "Tỷ lệ hồ sơ công việc tại cấp tỉnh được xử lý trên môi trường mạng", "Share of province-level work files processed online", "percent",
    "work files of provincial agencies (excluding classified files)", "files processed online", "all work files", "Work files at provincial level processed online, excluding classified files.")
ind("online_reporting_rate", G, "Tỷ lệ chế độ báo cáo định kỳ, thống kê kinh tế - xã hội thực hiện trực tuyến, kết nối hệ thống thông tin báo cáo", "Share of periodic socio-economic reports made online and connected to the reporting system", "percent",
    "periodic and statistical reporting regimes", "reporting regimes connected/integrated with the reporting information systems", "all reporting regimes", "Periodic and statistical socio-economic reports made online and connected to the provincial and national reporting information systems, as a share of all reporting regimes.")
ind("online_service_user_authentication_rate", G, "Tỷ lệ người dân, doanh nghiệp sử dụng dịch vụ công trực tuyến được định danh và xác thực thông suốt", "Share of online public service users identified and authenticated seamlessly", "percent",
    "people and enterprises using online public services", "users identified and authenticated across all government systems", "all users of online public services", "Users of online public services whose identity is verified and authenticated seamlessly across all government systems, as a share of all users.")
ind("civil_servant_digital_training_rate", G, "Tỷ lệ cán bộ, công chức, viên chức được đào tạo, bồi dưỡng kiến thức và kỹ năng số", "Share of public officials trained in digital knowledge and skills", "percent",
    "cadres, civil servants and public employees", "those trained or self-trained in digital knowledge and skills", "all of them", "Public officials trained, retrained or self-trained in digital knowledge and skills, as a share of all public officials.")
ind("online_application_share", G, "Tỷ lệ hồ sơ giải quyết theo dịch vụ công trực tuyến mức độ 3, 4 trên tổng số hồ sơ", "Share of applications handled through level 3-4 online public services", "percent",
    "administrative applications", "applications handled through level 3 and 4 online public services", "all applications", "Applications settled through level 3 or 4 online public services as a share of all applications.")
ind("procedure_satisfaction_rate", G, "Tỷ lệ người dân và doanh nghiệp hài lòng về việc giải quyết thủ tục hành chính", "Share of people and enterprises satisfied with the handling of administrative procedures", "percent",
    "people and enterprises using administrative procedures", "those satisfied", "all respondents", "People and enterprises satisfied with how administrative procedures were handled.")
ind("national_database_connection_rate", G, "Tỷ lệ cơ sở dữ liệu quốc gia được kết nối, ứng dụng trên địa bàn tỉnh", "Share of national databases connected and used in the province", "percent",
    "national databases", "national databases connected and used in the province (on the Government's schedule)", "all national databases", "National databases connected and applied in the province following the Government's roadmap.")
ind("department_open_data_connection_rate", G, "Tỷ lệ cơ sở dữ liệu của các sở, ngành kết nối với cơ sở dữ liệu mở của tỉnh", "Share of departmental databases linked to the province's open database", "percent",
    "databases of provincial departments", "databases connected to the provincial open database", "all departmental databases", "Databases of provincial departments connected to the province's open database.")
ind("household_online_shopping_rate", E, "Tỷ lệ hộ gia đình tham gia mua sắm trực tuyến", "Share of households shopping online", "percent",
    "households", "households buying online (websites, e-commerce platforms, social networks, apps)", "all households", "Households that buy online through websites, e-commerce platforms, social networks or shopping apps, as a share of households.")
ind("ecommerce_revenue_growth", E, "Tốc độ tăng doanh số thương mại điện tử", "Annual growth of e-commerce sales", "percent_per_year",
    "e-commerce in the area (goods and consumer services)", "increase of e-commerce sales over the year", "e-commerce sales the year before", "Year-on-year growth of e-commerce sales of goods and online consumer services.")
ind("ecommerce_cashless_payment_share", E, "Tỷ lệ thanh toán không dùng tiền mặt trong thương mại điện tử", "Cashless share of e-commerce payments", "percent",
    "e-commerce transactions", "transactions paid without cash", "all e-commerce transactions", "E-commerce transactions paid without cash as a share of e-commerce transactions.")
ind("ecommerce_intermediary_payment_share", E, "Tỷ lệ thanh toán thương mại điện tử qua tổ chức trung gian thanh toán", "Share of e-commerce payments made through payment intermediaries", "percent",
    "cashless e-commerce payments", "payments made through intermediary payment service providers", "cashless e-commerce payments", "Cashless e-commerce payments made through licensed intermediary payment service providers.")
ind("ocop_ecommerce_listing_rate", E, "Tỷ lệ sản phẩm đặc trưng, OCOP tham gia sàn thương mại điện tử", "Share of signature and OCOP products on e-commerce platforms", "percent",
    "signature, typical and OCOP products of the province", "products listed on domestic or foreign e-commerce platforms", "all such products", "Signature and OCOP products of the province sold on e-commerce platforms in Viet Nam or abroad.")
ind("utility_econtract_rate", E, "Tỷ lệ đơn vị cung cấp dịch vụ điện, nước, viễn thông triển khai hợp đồng điện tử với người tiêu dùng", "Share of electricity, water and telecom providers using e-contracts with consumers", "percent",
    "electricity, water and telecommunication providers", "providers using electronic contracts with consumers", "all such providers", "Electricity, water and telecom service providers that use electronic contracts with consumers.")
ind("ecommerce_training_participants", E, "Số lượt doanh nghiệp, hợp tác xã, làng nghề, hộ kinh doanh được đào tạo về thương mại điện tử", "Enterprises, cooperatives, craft villages and household businesses trained in e-commerce (participations)", "count",
    "enterprises, cooperatives, craft villages, household businesses", "participations in e-commerce law and skills training", "", "Number of participations (lượt) of enterprises, cooperatives, craft villages and household businesses in training on e-commerce law and skills.")
ind("farm_household_digitised_rate", E, "Tỷ lệ hộ sản xuất nông nghiệp được lập danh sách, chuẩn hóa, số hóa dữ liệu", "Share of farming households listed with standardised digitised data", "percent",
    "agricultural producer households", "households listed, standardised and digitised per MIC guidance", "all such households", "Agricultural producer households listed and with standardised, digitised data following the Ministry of Information and Communications' guidance.")
ind("smart_device_users_egov_rate", S, "Tỷ lệ người dùng điện thoại, thiết bị thông minh tiếp cận, sử dụng dịch vụ chính quyền điện tử, đô thị thông minh", "Share of smart-device users using e-government or smart-city services", "percent",
    "users of smartphones and smart devices", "users who access e-government or smart-city services", "all smart-device users", "Users of smartphones and smart devices who access and use e-government or smart-city services.")
ind("smartphone_subscription_share", S, "Tỷ lệ thuê bao điện thoại di động sử dụng điện thoại thông minh", "Share of mobile subscriptions on a smartphone", "percent",
    "mobile phone subscriptions (or users, in the Ministry's later releases)", "subscriptions using a smartphone", "all mobile phone subscriptions",
    "Mobile subscriptions used on a smartphone as a share of all mobile subscriptions. Not the share of adults with a smartphone (adult_smartphone_rate): one person may hold several subscriptions.",
    "Bộ Thông tin và Truyền thông (Cục Viễn thông)")
ind("egdi_rank", G, "Xếp hạng Chỉ số phát triển Chính phủ điện tử (EGDI) của Liên hợp quốc", "Rank in the UN E-Government Development Index (EGDI)", "rank",
    "the 193 UN member states", "the country's place in the EGDI ranking", "", "Viet Nam's place among the 193 UN member states in the E-Government Development Index of the UN E-Government Survey (biennial); a lower rank is better.",
    "Liên hợp quốc (UN DESA), công bố qua Bộ Thông tin và Truyền thông", direction="down")
ind("dti_rank", G, "Xếp hạng Chỉ số chuyển đổi số cấp tỉnh (DTI)", "Rank in the provincial Digital Transformation Index (DTI)", "rank",
    "the 63 provinces and centrally run cities (34 after the 2025 merger)", "the province's place in the DTI ranking", "",
    "The province's place in the Ministry of Information and Communications' yearly Digital Transformation Index (DTI) of provinces; a lower rank is better. Ranks after the 2025 merger (34 provinces) do not compare with earlier ones.",
    "Bộ Thông tin và Truyền thông", direction="down")
ind("adult_epayment_use", S, "Tỷ lệ người dân trưởng thành sử dụng dịch vụ thanh toán điện tử", "Share of adults using electronic payment services", "percent",
    "adults", "adults using electronic payment services", "adult population", "Adults who use electronic payment services as a share of adults.")

# keywords_vi: the words a target's sentence must contain for `read plan` to name this
# indicator (phrases separated by ';', all required; alternatives by '|'; compared without
# diacritics or case). See IndicatorMatcher.swift.
KEYWORDS = {
 "digital_economy_gdp_share": "tỷ trọng kinh tế số|giá trị tăng thêm của kinh tế số|kinh tế số chiếm",
 "digital_economy_sector_share": "tỷ trọng kinh tế số; từng ngành",
 "ecommerce_retail_share": "thương mại điện tử|TMĐT; bán lẻ",
 "enterprise_econtract_rate": "doanh nghiệp; hợp đồng điện tử",
 "sme_digital_platform_rate": "doanh nghiệp nhỏ và vừa; nền tảng số",
 "digital_workforce_share": "nhân lực; kinh tế số; lực lượng lao động",
 "labour_productivity_growth": "năng suất lao động",
 "adult_smartphone_rate": "trưởng thành; điện thoại thông minh",
 "account_ownership_15plus": "15 tuổi; tài khoản",
 "adult_account_ownership_rate": "trưởng thành; tài khoản",
 "adult_digital_signature_rate": "trưởng thành; chữ ký số|chữ ký điện tử",
 "workforce_basic_digital_skills_rate": "độ tuổi lao động; kỹ năng số",
 "household_fibre_coverage": "hộ gia đình; cáp quang",
 "protected_internet_users_rate": "kết nối mạng; bảo vệ",
 "adult_online_public_service_use": "trưởng thành; dịch vụ công trực tuyến",
 "adult_telehealth_use": "sức khỏe trực tuyến|khám chữa bệnh từ xa|chữa bệnh từ xa",
 "electronic_health_record_rate": "hồ sơ sức khỏe điện tử",
 "tertiary_digital_model_rate": "đại học|cao đẳng|giáo dục nghề nghiệp; quản trị số",
 "school_digital_model_rate": "tiểu học|phổ thông|trung học; quản trị số",
 "commune_fibre_coverage": "cáp quang; cấp xã",
 "village_mobile_4g5g_coverage": "4G; thôn|xóm|bản",
 "urban_mobile_4g5g_coverage": "4G; khu dân cư|đô thị|khu công nghiệp",
 "agency_specialised_network_rate": "mạng truyền số liệu chuyên dùng",
 "shared_database_cloud_rate": "cơ sở dữ liệu dùng chung; điện toán đám mây",
 "full_online_procedure_rate": "thủ tục hành chính; toàn trình",
 "commune_work_records_online_rate": "hồ sơ công việc; tại xã|cấp xã",
 "district_work_records_online_rate": "hồ sơ công việc; cấp huyện",
 "province_work_records_online_rate": "hồ sơ công việc; cấp tỉnh",
 "online_reporting_rate": "chế độ báo cáo",
 "online_service_user_authentication_rate": "định danh; xác thực",
 "civil_servant_digital_training_rate": "công chức; bồi dưỡng|đào tạo; kỹ năng số",
 "online_application_share": "hồ sơ giải quyết; dịch vụ công trực tuyến",
 "procedure_satisfaction_rate": "hài lòng",
 "national_database_connection_rate": "cơ sở dữ liệu quốc gia",
 "department_open_data_connection_rate": "dữ liệu mở",
 "household_online_shopping_rate": "hộ gia đình; mua sắm trực tuyến",
 "ecommerce_revenue_growth": "doanh số|doanh thu; TMĐT|thương mại điện tử",
 "ecommerce_cashless_payment_share": "thanh toán không dùng tiền mặt; TMĐT|thương mại điện tử",
 "ecommerce_intermediary_payment_share": "trung gian thanh toán",
 "ocop_ecommerce_listing_rate": "OCOP|sản phẩm đặc trưng; sàn",
 "utility_econtract_rate": "điện, nước; hợp đồng điện tử",
 "ecommerce_training_participants": "lượt; đào tạo|tập huấn",
 "farm_household_digitised_rate": "hộ sản xuất nông nghiệp",
 "smart_device_users_egov_rate": "thiết bị thông minh; chính quyền điện tử",
 "adult_epayment_use": "trưởng thành; thanh toán điện tử",
 "smartphone_subscription_share": "thuê bao; điện thoại thông minh",
 "egdi_rank": "chính phủ điện tử|EGDI; nhóm",
 "dti_rank": "chuyển đổi số|DTI; nhóm; tỉnh",
}

INDICATOR_IDS = {row[0] for row in I}

# ---------------------------------------------------------------------------------------------
# Observations: published values from ../shared/notes/observed-values.md (row numbers there),
# only those that fit a catalogue indicator, each with its source and caveat.
# ---------------------------------------------------------------------------------------------
OBSERVATIONS = []


def obs(indicator, area, years, values, unit, series, source, url, quote, note=""):
    for y, v in zip(years, values):
        OBSERVATIONS.append(dict(indicator=indicator, area=area, year=y, value=v, unit=unit, series=series,
                                 source=source, url=url, quote=quote, note=note))


GSO_NOTE = "GSO (Cục Thống kê) value added of the digital economy; latest revised set. Not comparable with the MIC series."
MIC_NOTE = "MIC (Bộ TT&TT) estimate, 2-5 points above GSO's; do not mix with the GSO series."
obs("digital_economy_gdp_share", "vn", [2020, 2021, 2022, 2023, 2024], [12.66, 12.87, 12.83, 12.87, 13.17], "percent", "GSO",
    "baomoi, reporting the GSO release of 2025-01-06", "https://baomoi.net.vn/kinh-te-so-nam-2024-gop-1-5-trieu-ty-dong-chiem-13-17-gdp-c51176088.epi",
    "tỷ trọng giá trị tăng thêm của kinh tế số trong GDP các năm từ 2020 - 2024 lần lượt là 12,66%, 12,87%, 12,83%, 12,87% và 13,17%", GSO_NOTE + " (observed-values row 1)")
obs("digital_economy_gdp_share", "vn", [2025], [14.02], "percent", "GSO", "Thời báo Tài chính Việt Nam, 2026-01-05",
    "https://thoibaotaichinhvietnam.vn/kinh-te-so-la-dong-luc-tang-truong-quan-trong-trong-nam-2025-190019.html",
    "tỷ trọng giá trị tăng thêm của kinh tế số trong GDP năm 2025 ước đạt 14,02%", "Preliminary estimate (ước đạt). " + GSO_NOTE + " (row 2)")
obs("digital_economy_gdp_share", "vn", [2021, 2022], [11.91, 14.26], "percent", "MIC", "MIC annual digital economy report 2022, via vietnamhoinhap.vn, 2024-07-25",
    "https://vietnamhoinhap.vn/vi/bac-ninh-dung-dau-ca-nuoc-ve-ti-trong-kinh-te-so-tren-grdp-45224.htm",
    "Năm 2021, con số này được ước tính là 11,91%, trong khi năm 2022… 14,26%", MIC_NOTE + " (row 4)")
obs("digital_economy_gdp_share", "vn", [2023], [16.5], "percent", "MIC", "Viet Nam News, 2024-11-15",
    "https://vietnamnews.vn/economy/1667080/digital-economy-expected-to-reach-18-6-per-cent-of-viet-nam-s-gdp.html",
    "the digital economy accounted for 16.5 per cent of Việt Nam's GDP in 2023", MIC_NOTE + " (row 5)")
obs("digital_economy_gdp_share", "vn", [2024], [18.3], "percent", "MIC", "baomoi, National Committee on Digital Transformation meeting, 2025-02-06",
    "https://lite.baomoi.com/kinh-te-so-viet-nam-tang-truong-nhanh-nhat-khu-vuc-c51414381.epi",
    "tỷ trọng kinh tế số năm 2024 ước đạt 18,3% GDP", "Estimate. " + MIC_NOTE + " (row 6)")
for area, v in (("tien-giang", 5.73), ("quang-ngai", 4.21)):
    obs("digital_economy_gdp_share", area, [2022], [v], "percent", "MIC", "MIC annual report 2022, via ef.itpc.gov.vn",
        "http://ef.itpc.gov.vn/web/vi/-/ha-noi-tp-hcm-khong-nam-trong-top-5-ia-phuong-ang-dan-au-ca-nuoc-ve-ty-trong-kinh-te-so-tren-grdp",
        "Tiền Giang (5,73%)… Quảng Ngãi (4,21%)", "Share of GRDP, MIC method; differs from the province's own estimate (row 7 vs 8).")
obs("digital_economy_gdp_share", "tien-giang", [2021], [8.59], "percent", "province", "Báo Ấp Bắc, 2022-11-18",
    "http://baoapbac.vn/chinh-quyen-dien-tu/202211/tien-giang-kinh-te-so-chiem-15-grdp-vao-nam-2025-964811/index.htm",
    "giá trị tăng thêm của kinh tế số năm 2021 là 8.619 tỷ đồng/100.314 tỷ đồng, chiếm 8,59% GRDP",
    "The province's own estimate of its GRDP share; a different method from MIC's 2022 figure (row 8).")
obs("ecommerce_retail_share", "vn", [2021], [7], "percent", "MoIT", "toquoc.vn, 2022-09-18",
    "https://ttvn.toquoc.vn/nguoi-viet-mua-hang-hoa-dich-vu-nao-qua-mang-nhieu-nhat-20220918112401158.htm",
    "Tỷ trọng doanh thu bán lẻ thương mại điện tử trong tổng mức bán lẻ… đạt 7%", "Share of retail goods and consumer services (row 9).")
obs("ecommerce_retail_share", "vn", [2022, 2023], [8.5, 10], "percent", "VECOM", "VietQ, 2024-04-24 (VECOM EBI 2024)",
    "https://vietq.vn/thuong-mai-dien-tu-chiem-10-tong-muc-ban-le-hang-hoa-va-doanh-thu-dich-vu-tieu-dung-d220774.html",
    "năm 2023, thương mại điện tử chiếm khoảng 10%… cao hơn mức 8,5% của năm 2022", "2023 is 'about 10' (khoảng 10%) (row 10).")
# Smartphone subscriptions (or users) among mobile subscriptions are not adults with a
# smartphone: one person may hold several SIMs. They are their own indicator.
obs("smartphone_subscription_share", "vn", [2019, 2020, 2021], [65.09, 69.55, 75], "percent", "MIC smartphone subscriptions", "MIC English site, 2021-12-28",
    "https://mic.gov.vn/Pages/TinTuc/152101/Vietnam-has-nearly-93-million-smartphone-subscribers.html",
    "65.09% in 2019, 69 ,55% in 2020 and 75% this year",
    "Smartphone subscriptions among mobile subscriptions; 2021 is 'about 75' (row 15).")
obs("smartphone_subscription_share", "vn", [2022], [75.8], "percent", "MIC smartphone subscriptions", "SGGP News (MIC 2022 review conference)",
    "https://www.sggpnews.org.vn/communication-service-market-generates-nearly-us165-million-post99244.html",
    "Mobile phone subscribers using smartphones are estimated at 75.8 percent",
    "Estimate for 2022 at the Ministry's year-end review.")
obs("smartphone_subscription_share", "vn", [2023], [84.4], "percent", "MIC smartphone users among mobile users", "VnEconomy (MIC 2023 summary)",
    "https://en.vneconomy.vn/tong-doanh-thu-vien-thong-nam-2023-chi-tang-0-41.htm",
    "Tỷ lệ người dùng smartphone/người dùng điện thoại di động ước đạt 84,4%",
    "Users rather than subscriptions: the Ministry's measure changed in 2023, so the series are kept apart; estimate (row 17).")
obs("adult_smartphone_rate", "vn", [2022], [73.5], "percent", "MIC estimate of adults using a smartphone", "Thời Đại, 2022-04-18 (Cục Viễn thông)",
    "https://thoidai.com.vn/cuoi-nam-2022-khoang-85-nguoi-truong-thanh-co-dien-thoai-thong-minh-166684.html",
    "đến tháng 3/2022, có 93,5 triệu thuê bao smartphone tại Việt Nam và ước tính tỷ lệ người trưởng thành sử dụng smartphone đạt khoảng 73,5%",
    "March 2022; 'about 73.5' (khoảng). The only published adult figure found: one point, so a trend cannot be fitted yet.")
obs("household_fibre_coverage", "vn", [2022], [74.5], "percent", "MIC households using fibre", "SGGP News (MIC figures)",
    "https://www.sggpnews.org.vn/communication-service-market-generates-vnd138000-billion-in-2022-ministry-post99451.html",
    "households using fiber optic cable as of December 2022… 74.5 percent",
    "Households USING fibre broadband, not households covered by it (the plans' indicator) (row 21).")
obs("household_fibre_coverage", "vn", [2023], [78.3], "percent", "MIC households using fibre", "CafeF, 2023-09-12 (MIC monthly review)",
    "https://cafef.vn/thue-bao-bang-rong-di-dong-cua-viet-nam-da-dat-ty-le-8707-thue-bao-100-dan-1882309121338376.chn",
    "tỷ lệ hộ gia đình sử dụng cáp quang đạt 78,3% tăng 6,2% so với cùng kỳ năm ngoái",
    "Households USING fibre broadband, August 2023; the 2023 target (85%) is for the same measure.")
obs("household_fibre_coverage", "vn", [2024], [82.2], "percent", "MIC households using fibre", "National Digital Transformation Day report, 2024-10-12, via the Điện Biên portal (netid.vn copy)",
    "https://netid.vn/0016F6A9564h64C",
    "tỷ lệ hộ gia đình sử dụng internet cáp quang băng thông rộng đạt 82,2% (tăng 2,6% so với cuối năm 2023)",
    "Households USING fibre broadband, October 2024.")
obs("household_fibre_coverage", "tien-giang", [2022], [68.3], "percent", "households with fibre", "VCCI News, 2022-10-03",
    "https://vccinews.vn/news/44753/thuc-day-chuyen-doi-so-toan-dien.html", "tỷ lệ hộ gia đình có cáp quang băng rộng là 68,3%",
    "Households with fibre broadband (a subscription), not coverage (row 24).")
obs("household_fibre_coverage", "tien-giang", [2023], [70], "percent", "households with fibre", "Lforum (VCCI), 2024-01-11, interview with the Director of the Department of Information and Communications",
    "https://lforum.biz/advancing-digital-transformation-for-a-progressive-tien-giang%e2%80%9d.html",
    "In late 2023, … 85.5% of adults use smartphones; 87.4% of households have smartphones and nearly 70% of households have fiber optic broadband.",
    "Late 2023; 'nearly 70' (gần 70%). Households with a fibre subscription, as the 2022 figure, not coverage.")
obs("adult_smartphone_rate", "tien-giang", [2023], [85.5], "percent", "provincial Department of Information and Communications", "Lforum (VCCI), 2024-01-11, interview with the Director of the Department of Information and Communications",
    "https://lforum.biz/advancing-digital-transformation-for-a-progressive-tien-giang%e2%80%9d.html",
    "In late 2023, the province's digital infrastructure has basically met the needs of people and businesses … Specifically, 85.5% of adults use smartphones",
    "Late 2023.")
obs("household_fibre_coverage", "nghe-an", [2025], [68], "percent", "households with fibre", "Báo Nghệ An (EN), 2025-11-09",
    "https://baonghean.vn/en/hoan-thanh-xay-dung-van-hanh-trung-tam-giam-sat-dieu-hanh-thong-minh-tinh-nghe-an-trong-thang-9-10306202.html",
    "68% of households have fiber optic Internet connection",
    "Households connected, not coverage; another Nghệ An figure conflicts and was left out (row 25).")
obs("account_ownership_15plus", "vn", [2024], [87.08], "percent", "SBV adults with a bank account", "Công nghệ & Đời sống, 2024-08-09",
    "https://congnghevadoisong.vn/moi-chi-135-nguoi-dan-o-do-tuoi-truong-thanh-co-chu-ky-so-d63949.html",
    "hơn 87,08% người trưởng thành tại Việt Nam có tài khoản ngân hàng",
    "Adults (not exactly people aged 15+) with a bank account, July 2024 (row 28).")
obs("account_ownership_15plus", "vn", [2011, 2014], [21, 31], "percent", "Global Findex", "finclusionlab, 2017-08",
    "http://finclusionlab.org/blog/financial-inclusion-vietnam-reaching-unbanked",
    "only 31 percent… in 2014… increased from 21 percent in 2011", "Global Findex, people aged 15+ (row 29).")
obs("account_ownership_15plus", "vn", [2017], [30.8], "percent", "Global Findex", "Cash Matters, 2019-07-08 (World Bank, The Little Data Book on Financial Inclusion 2018)",
    "https://www.cashmatters.org/blog/in-vietnam-69-of-the-population-is-unbanked--world-bank-2018",
    "30.8% of adults in Vietnam have bank accounts", "Global Findex 2017 round, people aged 15+.")
obs("adult_digital_signature_rate", "vn", [2025], [35.18], "percent", "NEAC certificates issued", "VnEconomy, 2025-09-05 (Ministry of Science and Technology press conference)",
    "https://vneconomy.vn/do-phu-song-5g-da-dat-26-dan-so.htm",
    "đến nay đã có 21,8 triệu chứng thư số được cấp, tương ứng 35,18% dân số trưởng thành",
    "Digital signature certificates issued, as a share of adults (August 2025); not the Ministry's 2022-2024 measure, which also counts electronic signatures.")
obs("adult_digital_signature_rate", "vn", [2022, 2024], [3, 13.5], "percent", "MIC", "Báo An Giang, 2024-08-13 (MIC)",
    "https://baoangiang.com.vn/ty-le-dan-so-truong-thanh-cua-viet-nam-co-chu-ky-so-da-tang-hon-4-lan-a402782.html",
    "giai đoạn 2022 - 2024 đã tăng từ 3% lên 13,5%", "2024 is July (row 30).")
obs("online_application_share", "vn", [2024], [45], "percent", "fully online dossiers", "baomoi, 2025-02-06 meeting",
    "https://lite.baomoi.com/kinh-te-so-viet-nam-tang-truong-nhanh-nhat-khu-vuc-c51414381.epi",
    "tỷ lệ hồ sơ trực tuyến toàn trình trên toàn quốc đạt 45%", "Fully online (toàn trình) dossiers: a proxy, not level 3-4 (row 31).")
obs("online_application_share", "tien-giang", [2023], [44.33], "percent", "dossiers handled online", "VietNamNet, 2023-08",
    "https://vietnamnet.vn/tien-giang-kinh-te-so-dong-gop-vao-su-phat-trien-kinh-te-cua-tinh-2176647.html",
    "Tỷ lệ hồ sơ giải quyết trực tuyến đạt 44,33%", "First half of 2023 (row 32).")

obs("online_application_share", "nghe-an", [2022], [8.6], "percent", "dossiers submitted online", "Báo Đà Nẵng, 2022-11 (MIC ranking)",
    "https://baodanang.vn/khcn/202211/da-nang-dung-thu-2-toan-quoc-ve-ty-le-ho-so-truc-tuyen-3930264/",
    "tỷ lệ hồ sơ trực tuyến (được tính bằng số lượng hồ sơ nộp trực tuyến của các dịch vụ công trực tuyến mức độ 3, 4 so với tổng số hồ sơ giải quyết thủ tục hành chính). 5 tỉnh có số hồ sơ trực tuyến thấp nhất lần lượt gồm: Bạc Liêu (7,4%), Sơn La (8,3%), Nghệ An (8,6%), Bình Thuận (9,3%), Quảng Ngãi (9,7%)",
    "January to early November 2022.")
obs("online_application_share", "quang-ngai", [2022], [9.7], "percent", "dossiers submitted online", "Báo Đà Nẵng, 2022-11 (MIC ranking)",
    "https://baodanang.vn/khcn/202211/da-nang-dung-thu-2-toan-quoc-ve-ty-le-ho-so-truc-tuyen-3930264/",
    "5 tỉnh có số hồ sơ trực tuyến thấp nhất lần lượt gồm: Bạc Liêu (7,4%), Sơn La (8,3%), Nghệ An (8,6%), Bình Thuận (9,3%), Quảng Ngãi (9,7%)",
    "January to early November 2022.")
obs("online_application_share", "nghe-an", [2025], [72.35], "percent", "dossiers submitted online", "Nghệ An 24h, 2025-08-11 (National Digital Transformation Agency inspection)",
    "https://nghean24h.vn/cuc-chuyen-doi-so-quoc-gia-kiem-tra-viec-cung-cap-giai-quyet-thu-tuc-hanh-chinh-dich-vu-cong-truc-tuyen-tai-nghe-an-a758682.html",
    "Tính đến ngày 06/8/2025, về tỷ lệ nộp hồ sơ trực tuyến, Nghệ An đạt 72,35% (224.930/310.903 hồ sơ",
    "1 January to 6 August 2025.")
# UN E-Government Survey: Viet Nam's EGDI rank among 193 states (biennial).
obs("egdi_rank", "vn", [2014, 2016, 2018], [99, 89, 88], "rank", "UN E-Government Survey", "MIC English site (2020 survey release)",
    "https://english.mic.gov.vn/vietnam-jumps-two-places-in-un-e-government-rankings-197143304.htm",
    "Over the past six years, Vietnam has been moving up the rankings, from number 99 in 2014 to 89 in 2016 and 88 in 2018.", "")
obs("egdi_rank", "vn", [2020], [86], "rank", "UN E-Government Survey", "CAND, 2020 (Cục Tin học hóa)",
    "http://cand.com.vn/thoi-su/Viet-Nam-tang-2-bac-trong-Bang-xep-hang-Chinh-phu-dien-tu-cua-Lien-Hop-Quoc-602805/",
    "Trong bảng xếp hạng năm 2020, Việt Nam có vị trí thứ 86 trong 193 quốc gia thành viên Liên Hợp Quốc, tăng 2 bậc so với năm 2018.", "EGDI 0.6667.")
obs("egdi_rank", "vn", [2022, 2024], [86, 71], "rank", "UN E-Government Survey", "vietnam.vn (2024 survey release)",
    "https://vietnam.vn/en/viet-nam-tang-15-bac-chi-so-chinh-phu-dien-tu",
    "Vietnam ranked 71/193 countries with 0.7709 points (up 15 places compared to 2022 and 2020). Previously, in the two previous assessments, Vietnam maintained its ranking of 86.",
    "2024 EGDI 0.7709.")
# The Ministry's provincial Digital Transformation Index: rank among 63 provinces.
for area, rank in (("tien-giang", 20), ("quang-ngai", 26), ("nghe-an", 52)):
    obs("dti_rank", area, [2022], [rank], "rank", "DTI", "dti.gov.vn, DTI 2022 ranking table", "https://dti.gov.vn/xep-hang-2022",
        "20 Tiền Giang… 26 Quảng Ngãi… 52 Nghệ An", "Rank among 63 provinces (row 33).")
obs("dti_rank", "tien-giang", [2021], [23], "rank", "DTI", "VietNamNet, 2023-08 (Tiền Giang mid-year review)",
    "https://vietnamnet.vn/tien-giang-mien-giam-phi-le-phi-su-dung-dich-vu-cong-truc-tuyen-2183202.html",
    "kết quả Chỉ số CĐS (DTI) năm 2022, tỉnh Tiền Giang xếp hạng 20 trên cả nước, tăng 3 hạng so với năm 2021 (xếp hạng 23)", "Rank among 63 provinces.")
obs("dti_rank", "quang-ngai", [2023], [21], "rank", "DTI", "baomoi (Báo Quảng Ngãi), DTI 2023 release",
    "https://baomoi.net.vn/quang-ngai-tang-5-bac-trong-danh-gia-chuyen-doi-so-c51412784.epi",
    "Tỉnh Quảng Ngãi tiếp tục tăng 5 bậc so với năm 2022, xếp vị trí thứ 21/63 tỉnh, thành phố trong cả nước.", "Rank among 63 provinces.")


def main():
    area_ids = {"Việt Nam": "vn", "Tiền Giang": "tien-giang", "Nghệ An": "nghe-an", "Nghi Lộc": "nghi-loc", "Nghi Hưng": "nghi-hung",
                "Quảng Ngãi": "quang-ngai", "Sơn Tịnh": "son-tinh", "Tịnh Trà": "tinh-tra"}
    cols = ["id", "doc_number", "title_vi", "issuer", "level", "area", "issued", "parent", "source"]
    write("plans.csv", cols[:6] + ["area_id"] + cols[6:],
          [dict(zip(cols, p), area_id=area_ids[p[5]]) for p in PLANS])
    write("observations.csv", ["indicator", "area", "year", "value", "unit", "series", "source", "url", "quote", "note"], OBSERVATIONS)
    fields = ["id", "pillar", "name_vi", "name_en", "unit", "direction", "population", "numerator", "denominator", "definition", "measured_by"]
    missing = [r[0] for r in I if r[0] not in KEYWORDS]
    assert not missing, f"indicators without keywords_vi: {missing}"
    write("indicators.csv", fields + ["keywords_vi"], [dict(zip(fields, r), keywords_vi=KEYWORDS[r[0]]) for r in I])
    import tasks
    tasks.build(TEXT, write)
    print(f"{len(PLANS)} plans, {len(I)} indicators")


def write(name, fields, rows):
    with open(OUT / name, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow({k: nfc(str(v)) for k, v in r.items()})


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    main()
