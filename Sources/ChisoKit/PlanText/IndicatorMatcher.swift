/// Guesses which catalogue indicator a target measures from its words, by the `keywords_vi`
/// of `indicators.csv`: phrases separated by ';', each of which must appear (alternatives
/// separated by '|'; whole sets of phrases by '||'), compared without diacritics or case. An indicator is a candidate only
/// when every phrase appears, so a guess is never made on part of the evidence; a candidate
/// whose matched words all lie inside another candidate's is dropped (the sentence about
/// "tỷ trọng kinh tế số trong từng ngành" is the sector share, not the GDP share).
struct IndicatorMatcher {
    struct Entry {
        var id: String
        var unit: String
        /// Each phrase's folded alternatives.
        var phrases: [[String]]
        /// Phrases written with a leading '@': they must appear in the value's sentence, not
        /// necessarily in its own words ("hồ sơ công việc; cấp huyện; @xử lý|môi trường mạng":
        /// "80% hồ sơ công việc cấp huyện" in a list that ends "… được xử lý trên môi trường
        /// mạng", but not "100% cơ quan … liên thông … hồ sơ công việc từ cấp tỉnh đến cấp xã").
        var context: [[String]] = []
        /// Phrases written with a leading '^': the topic, which may appear anywhere in the
        /// value's sentence or in the document's title ("thanh toán không tiền mặt; ^thương mại
        /// điện tử": the cashless share of e-commerce in a plan for e-commerce).
        var topic: [[String]] = []
    }

    var entries: [Entry]

    init(ids: [String], units: [String], keywords: [String]) {
        // "A; B || C; D": either set of phrases names the indicator (each set is an entry).
        entries = zip(zip(ids, units), keywords).flatMap { pair, k in
            k.components(separatedBy: "||").map { (pair, $0) }
        }.compactMap { pair, k in
            let groups = k.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            func folded(_ g: Substring) -> [String] {
                g.split(separator: "|").map { Fold.fold($0.trimmingCharacters(in: .whitespaces)) }.filter { !$0.isEmpty }
            }
            let phrases = groups.filter { !$0.hasPrefix("@") && !$0.hasPrefix("^") }.map { folded(Substring($0)) }.filter { !$0.isEmpty }
            let context = groups.filter { $0.hasPrefix("@") }.map { folded($0.dropFirst()) }.filter { !$0.isEmpty }
            let topic = groups.filter { $0.hasPrefix("^") }.map { folded($0.dropFirst()) }.filter { !$0.isEmpty }
            return phrases.isEmpty ? nil : Entry(id: pair.0, unit: pair.1, phrases: phrases, context: context, topic: topic)
        }
    }

    struct Match {
        var id: String
        /// Folded character ranges where its phrases were found.
        var spans: [Range<Int>]
    }

    /// The indicators all of whose phrases appear in `folded`, of a unit compatible with the
    /// target's, with subsumed ones removed.
    /// `context`: the entries whose '@' phrases `sentence` holds (`contextMet(in:)`), when the
    /// caller matches many pieces of one sentence (a clause of thousands of values asks once).
    func matches(_ folded: String, unit: String, sentence: String? = nil, context: Set<Int>? = nil) -> [Match] {
        let f = Array(folded)
        let met = context ?? contextMet(in: sentence ?? folded)
        var found: [Match] = []
        for (index, e) in entries.enumerated() where compatible(e.unit, unit) {
            // (The context is not needed when the value's own noun is the first phrase: "Trên
            // 90% hồ sơ công việc tại cấp tỉnh" is the work records, whatever follows.)
            // (A topic is never waived.)
            guard met.contains(index) || e.topic.isEmpty && e.phrases.first.map({ $0.contains { folded.contains("% " + $0 + " ") } }) == true else { continue }
            var spans: [Range<Int>] = []
            for alternatives in e.phrases {
                guard let r = alternatives.lazy.compactMap({ Self.find(Array($0), in: f) }).first else { spans = []; break }
                spans.append(r)
            }
            if spans.count == e.phrases.count { found.append(Match(id: e.id, spans: spans)) }
        }
        var seen = Set<String>()
        return found.filter { m in
            !found.contains { other in
                other.id != m.id && covers(other.spans, m.spans) && !covers(m.spans, other.spans)
            } && seen.insert(m.id).inserted
        }
    }

    /// The entries (by index) whose '@' phrases all appear in `sentence` (folded) and whose '^'
    /// phrases all appear in `topic` (the whole sentence and the title; `sentence` when not
    /// given); those with none are always in.
    func contextMet(in sentence: String, topic: String? = nil) -> Set<Int> {
        let whole = Array(sentence), around = topic.map(Array.init) ?? whole
        func met(_ groups: [[String]], _ text: [Character]) -> Bool {
            groups.allSatisfy { alternatives in alternatives.contains { Self.find(Array($0), in: text) != nil } }
        }
        return Set(entries.indices.filter { i in met(entries[i].context, whole) && met(entries[i].topic, around) })
    }

    /// The context of each clause of one sentence, matched against the rest of the sentence from
    /// the clause on (a suffix of it): where each entry's '@' phrases last start is found once, so
    /// a clause's context is a comparison, not a search — a sentence of a thousand ';'-clauses
    /// was quadratic in `contextMet`.
    struct SuffixContext {
        /// Per entry: the latest suffix start from which all its '@' phrases still appear
        /// (`Int.max` with none, `Int.min` when one never does), and whether its '^' phrases
        /// appear in the topic.
        fileprivate var latestStart: [Int]
        fileprivate var topicMet: [Bool]

        /// `contextMet(in:topic:)` of the suffix starting at `offset` (folded characters).
        func met(from offset: Int) -> Set<Int> {
            Set(latestStart.indices.filter { topicMet[$0] && offset <= latestStart[$0] })
        }
    }

    func suffixContext(sentence: [Character], topic: [Character]) -> SuffixContext {
        SuffixContext(
            latestStart: entries.map { e in
                e.context.map { alternatives in alternatives.compactMap { Self.findLast(Array($0), in: sentence) }.max() ?? Int.min }.min() ?? Int.max
            },
            topicMet: entries.map { e in e.topic.allSatisfy { alternatives in alternatives.contains { Self.find(Array($0), in: topic) != nil } } })
    }

    /// Whether any phrase of indicator `id` appears in `f` (folded): a value's piece that names
    /// part of what the whole clause measures ("…, chiếm 20% tổng mức bán lẻ" after "doanh số bán
    /// lẻ thương mại điện tử …", where the clause's first "bán lẻ" is another piece's).
    func namesPart(of id: String, in f: String) -> Bool {
        let chars = Array(f)
        return entries.contains { e in
            // (Phrases of two words or more: "bản" alone is also the word of "văn bản".)
            e.id == id && e.phrases.contains { $0.contains { $0.contains(" ") && Self.find(Array($0), in: chars) != nil } }
        }
    }

    /// Whether every span of `b` lies within some span of `a`.
    private func covers(_ a: [Range<Int>], _ b: [Range<Int>]) -> Bool {
        b.allSatisfy { s in a.contains { $0.lowerBound <= s.lowerBound && s.upperBound <= $0.upperBound } }
    }

    private func compatible(_ indicatorUnit: String, _ targetUnit: String) -> Bool {
        switch targetUnit {
        case "percent": return indicatorUnit == "percent"
        default: return indicatorUnit == targetUnit
        }
    }

    /// A phrase at word boundaries ("xa" must not match inside "xay").
    static func find(_ w: [Character], in f: [Character]) -> Range<Int>? {
        guard !w.isEmpty, w.count <= f.count else { return nil }
        var i = 0
        while i + w.count <= f.count {
            if occurs(w, in: f, at: i) { return i..<(i + w.count) }
            i += 1
        }
        return nil
    }

    /// Where the last whole-word occurrence of `w` in `f` starts.
    static func findLast(_ w: [Character], in f: [Character]) -> Int? {
        guard !w.isEmpty, w.count <= f.count else { return nil }
        var i = f.count - w.count
        while i >= 0 {
            if occurs(w, in: f, at: i) { return i }
            i -= 1
        }
        return nil
    }

    /// Whether `w` occurs in `f` at `i` as whole words.
    private static func occurs(_ w: [Character], in f: [Character], at i: Int) -> Bool {
        f[i] == w[0] && f[i..<(i + w.count)].elementsEqual(w)
            && (i == 0 || !(f[i - 1].isLetter || f[i - 1].isNumber))
            && (i + w.count == f.count || !(f[i + w.count].isLetter || f[i + w.count].isNumber))
    }
}
