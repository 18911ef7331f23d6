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
    }

    /// Stops on Ctrl-C between clauses (and within a long one).
    static func read(_ doc: PlanDocument, planID: String, matcher: IndicatorMatcher) throws -> Table {
        let outline = PlanOutline(doc)
        var rows: [Row] = []
        for clause in outline.clauses {
            try Interrupt.check()
            rows += try self.rows(clause, matcher: matcher)
        }
        // The same target stated twice (a goals list and its appendix table) is one row: the first.
        var seen = Set<String>()
        rows = rows.filter { r in
            let key = [r.indicator ?? "text:" + r.clause.text, r.year.map(String.init) ?? "", r.phrase.op,
                       String(r.phrase.lo), r.phrase.hi.map { String($0) } ?? ""].joined(separator: "\u{1}")
            return seen.insert(key).inserted
        }
        var out = TableBuilder(columns)
        for r in rows {
            out.append([.text(planID), r.indicator.map(Value.text) ?? .null, r.year.map { .int(Int64($0)) } ?? .null,
                        .text(r.phrase.op), .float(r.phrase.lo), r.phrase.hi.map(Value.float) ?? .null, .text(r.phrase.unit),
                        .text(r.clause.text), .text(r.clause.section), .float((r.confidence * 100).rounded() / 100), .int(Int64(r.clause.line))])
        }
        return out.table(origin: doc.name)
    }

    /// The targets of one clause, each with its indicator (or none) and a confidence.
    static func rows(_ clause: PlanOutline.Clause, matcher: IndicatorMatcher) throws -> [Row] {
        let phrases = TargetPhrase.all(in: clause.text)
        guard !phrases.isEmpty else { return [] }
        let chars = Array(clause.text)
        let folded = chars.map { c -> Character in Fold.fold(String(c)).first ?? c }
        let pieces = self.pieces(phrases, folded)
        var base = clause.inGoals ? 0.9 : 0.6
        if clause.yearFromDocument { base -= 0.1 }

        // First each piece on its own, then the unmatched ones against the whole clause.
        var chosen = [[String]](repeating: [], count: pieces.count)
        for (k, r) in pieces.enumerated() {
            chosen[k] = matcher.matches(String(folded[r]), unit: phrases[k].unit).map(\.id)
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
            if clauseMatches[unit] == nil { clauseMatches[unit] = matcher.matches(wholeClause, unit: unit) }
            let candidates = clauseMatches[unit]!.filter { m in
                !taken.contains(m.id) && m.spans.contains { $0.overlaps(r) }
            }
            if candidates.count == 1 { chosen[k] = [candidates[0].id]; fromClause[k] = true }
        }
        var out: [Row] = []
        for (k, p) in phrases.enumerated() {
            if chosen[k].isEmpty {
                out.append(Row(indicator: nil, year: clause.year, phrase: p, clause: clause, confidence: min(base, 0.3)))
                continue
            }
            let factor = chosen[k].count > 1 ? 0.8 : fromClause[k] ? 0.85 : 1.0
            for id in chosen[k] {
                out.append(Row(indicator: id, year: clause.year, phrase: p, clause: clause, confidence: base * factor))
            }
        }
        return out
    }

    /// Each target's piece of the clause: from the last separator (",", "và", ";") before its
    /// operator words to the next target's piece.
    static func pieces(_ phrases: [TargetPhrase], _ f: [Character]) -> [Range<Int>] {
        var starts = [0]
        for k in 1..<max(1, phrases.count) where phrases.count > 1 {
            let from = phrases[k - 1].end, to = phrases[k].start
            var cut = from
            if from < to {
                let window = Array(f[from..<to])
                for i in stride(from: window.count - 1, through: 0, by: -1) {
                    if window[i] == "," || window[i] == ";" { cut = from + i + 1; break }
                    if i + 4 <= window.count, window[i] == " ", window[i + 1] == "v", window[i + 2] == "a", window[i + 3] == " " { cut = from + i + 1; break }
                }
            }
            starts.append(cut)
        }
        return starts.enumerated().map { k, s in s..<(k + 1 < starts.count ? starts[k + 1] : f.count) }
    }
}
