import ChisoKit
import Foundation

// survey-gen: writes the bundled SYNTHETIC digital-society survey (Datasets/survey.csv) or,
// with --rows, a larger file of the same shape for benchmarks. Deterministic: the same seed
// gives the same bytes. The data are invented to exercise design-based estimation; they are
// not survey results and are labelled so wherever they are shown.
//
//   swift run survey-gen Datasets/survey.csv
//   swift run survey-gen --rows 1000000 --provinces 63 /tmp/survey-1m.csv

func logistic(_ x: Double) -> Double { 1 / (1 + exp(-x)) }
func logit(_ p: Double) -> Double { log(p / (1 - p)) }

/// An outcome's model: its share in 2022 (urban, rural) for a province, the yearly change on
/// the logit scale, and who is asked.
struct Outcome {
    let name: String
    let minAge: Int
    let maxAge: Int
    /// 2022 share for (urban, rural) by province index; yearly logit change.
    let base: [(Double, Double)]
    let trend: Double
    let householdLevel: Bool
}

struct Province { let id: String; let name: String; let urbanShare: Double; let eaCount: (urban: Int, rural: Int) }

let bundled = [
    Province(id: "nghe-an", name: "Nghệ An", urbanShare: 0.16, eaCount: (1_900, 9_800)),
    Province(id: "quang-ngai", name: "Quảng Ngãi", urbanShare: 0.19, eaCount: (1_100, 4_700)),
    Province(id: "tien-giang", name: "Tiền Giang", urbanShare: 0.16, eaCount: (1_000, 5_300)),
]

// Levels and trends differ by province and urban/rural so that some indicators reach the plans'
// 2025/2030 targets and others do not (see Datasets/SURVEY.md).
let outcomes = [
    Outcome(name: "has_smartphone", minAge: 18, maxAge: 120, base: [(0.82, 0.66), (0.80, 0.63), (0.84, 0.70)], trend: 0.22, householdLevel: false),
    Outcome(name: "has_account", minAge: 15, maxAge: 120, base: [(0.80, 0.62), (0.78, 0.58), (0.79, 0.64)], trend: 0.12, householdLevel: false),
    Outcome(name: "has_digital_signature", minAge: 18, maxAge: 120, base: [(0.12, 0.04), (0.10, 0.03), (0.11, 0.05)], trend: 0.45, householdLevel: false),
    Outcome(name: "basic_digital_skills", minAge: 15, maxAge: 64, base: [(0.55, 0.35), (0.50, 0.31), (0.57, 0.38)], trend: 0.18, householdLevel: false),
    Outcome(name: "household_fibre", minAge: 0, maxAge: 120, base: [(0.78, 0.55), (0.74, 0.50), (0.80, 0.62)], trend: 0.20, householdLevel: true),
    Outcome(name: "uses_online_public_services", minAge: 18, maxAge: 120, base: [(0.38, 0.22), (0.35, 0.18), (0.40, 0.25)], trend: 0.25, householdLevel: false),
    Outcome(name: "uses_telehealth", minAge: 18, maxAge: 120, base: [(0.12, 0.05), (0.10, 0.04), (0.13, 0.06)], trend: 0.20, householdLevel: false),
    Outcome(name: "has_ehealth_record", minAge: 0, maxAge: 120, base: [(0.55, 0.40), (0.50, 0.36), (0.62, 0.45)], trend: 0.35, householdLevel: false),
    Outcome(name: "protected_online", minAge: 15, maxAge: 120, base: [(0.45, 0.30), (0.42, 0.27), (0.47, 0.33)], trend: 0.15, householdLevel: false),
]

var arguments = Array(CommandLine.arguments.dropFirst())
var rowsWanted: Int? = nil
var provinceCount = bundled.count
var seed: UInt64 = 411
while let a = arguments.first, a.hasPrefix("--") {
    arguments.removeFirst()
    switch a {
    case "--rows": rowsWanted = Int(arguments.removeFirst())
    case "--provinces": provinceCount = Int(arguments.removeFirst())!
    case "--seed": seed = UInt64(arguments.removeFirst())!
    default: FileHandle.standardError.write("unknown option \(a)\n".data(using: .utf8)!); exit(2)
    }
}
guard let outPath = arguments.first else {
    FileHandle.standardError.write("usage: survey-gen [--rows N] [--provinces P] [--seed S] OUT.csv\n".data(using: .utf8)!)
    exit(2)
}

// The benchmark shape: P provinces named p01…, 2 strata each, ~250 PSUs per stratum.
let provinces: [Province] = rowsWanted == nil ? bundled : (1...provinceCount).map {
    Province(id: String(format: "p%02d", $0), name: String(format: "Tỉnh %02d", $0), urbanShare: 0.3, eaCount: (2_000, 6_000))
}
let years = rowsWanted == nil ? [2022, 2023, 2024] : [2024]
// The bundled survey: 75 PSUs per stratum and 20 households in each (~31,000 persons a year).
// The benchmark: ~250 PSUs per stratum, with as many households as give about `rows` persons
// (3.5 persons a household on average).
let psusPerStratum = rowsWanted == nil ? 75 : 250
let householdsPerPSU = rowsWanted.map { max(1, Int((Double($0) / (Double(provinces.count * 2 * 250) * 3.5)).rounded())) } ?? 20

var rng = SplitMix64(seed: seed)
var header = ["year", "province", "stratum", "psu", "hh_id", "person_id", "weight", "fpc", "urban", "sex", "age"]
header += outcomes.map(\.name)
var out = [header.joined(separator: ",")]
out.reserveCapacity((rowsWanted ?? 100_000) + 1)
var written = 0
for year in years {
    for (pi, p) in provinces.enumerated() {
        for urban in [1, 0] {
            let stratum = "\(p.id)-\(urban == 1 ? "u" : "r")"
            let populationPSUs = urban == 1 ? p.eaCount.urban : p.eaCount.rural
            for j in 1...psusPerStratum {
                // Numeric ids, unique across years: psu YYYYPPUJJJ, household psu·100 + h, person hh·10 + m.
                let psu = ((year * 100 + pi) * 10 + urban) * 1000 + j
                let householdsInPSU = rng.int(80, 240)
                // PSUs drawn with equal probability in the stratum, 20 households in each:
                // weight = (N_h / n_h) · (M_j / 20).
                let weight = Double(populationPSUs) / Double(psusPerStratum) * Double(householdsInPSU) / Double(householdsPerPSU)
                let psuEffect = (rng.uniform() - 0.5) * 0.6     // clustering: PSUs differ
                for h in 1...householdsPerPSU {
                    let hh = psu * 100 + h
                    let size = rng.int(1, 6)
                    var householdDraw: [String: Bool] = [:]
                    for m in 1...size {
                        let age = m <= 2 ? rng.int(20, 80) : rng.int(0, 60)
                        let sex = rng.bernoulli(0.51) ? "F" : "M"
                        var cells = ["\(year)", p.id, stratum, "\(psu)", "\(hh)", "\(hh * 10 + m)", String(format: "%.4f", weight),
                                     "\(populationPSUs)", "\(urban)", sex, "\(age)"]
                        for o in outcomes {
                            guard age >= o.minAge && age <= o.maxAge else { cells.append(""); continue }
                            // A household variable is recorded once, on the first member's row.
                            if o.householdLevel && m > 1 { cells.append(""); continue }
                            let b = o.base[pi % o.base.count]
                            let share = urban == 1 ? b.0 : b.1
                            let ageEffect = o.minAge >= 15 ? -0.02 * Double(max(0, age - 45)) : 0
                            let x = logit(share) + o.trend * Double(year - 2022) + psuEffect + ageEffect
                            let yes: Bool
                            if o.householdLevel {
                                if householdDraw[o.name] == nil { householdDraw[o.name] = rng.bernoulli(logistic(x)) }
                                yes = householdDraw[o.name]!
                            } else {
                                yes = rng.bernoulli(logistic(x))
                            }
                            cells.append(yes ? "1" : "0")
                        }
                        out.append(cells.joined(separator: ","))
                        written += 1
                    }
                }
            }
        }
    }
}
do {
    try AtomicFile.write(Array((out.joined(separator: "\n") + "\n").utf8), to: outPath)
} catch let d as Diagnostic {
    FileHandle.standardError.write((d.render() + "\n").data(using: .utf8)!)
    exit(1)
}
FileHandle.standardError.write("survey-gen: wrote \(written) rows to \(outPath)\n".data(using: .utf8)!)
