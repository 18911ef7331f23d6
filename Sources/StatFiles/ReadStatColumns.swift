import ChisoKit

/// Turns what ReadStat's callbacks gathered into chiso's columns: codes to labels (or kept as
/// codes), whole numbers to int, a format's dates to `date`, with a note for every decision a
/// reader should know of (codes read as null, codes without a label, date-times read as dates).
extension ReadContext {
    func result(_ r: ReadRequest, temporal: (String) -> Temporal?, integral: (String) -> Bool, format: String) throws -> ReadResult {
        let n = schemaOnly ? 0 : rows
        decodeText(recode ?? { $0 })
        var notes: [String] = []
        if recode == nil, r.settings.encoding == nil, let example = legacyVietnamese() {
            notes.append("text in \(r.shown) looks like Vietnamese in windows-1258 read as another encoding (\"\(example)\"): give encoding = \"windows-1258\"")
        }
        var names: [String] = []
        var columns: [Column] = []
        var infos: [String: VariableInfo] = [:]
        for b in variables {
            var info = b.info
            let set = info.labelSet.flatMap { labelSets[$0] }
            if let name = info.labelSet, set == nil, !schemaOnly {
                // Stata lets `label values` name a set never defined; the codes are all there is.
                notes.append("variable '\(b.name)' names the label set '\(name)', which \(r.shown) does not define: read as codes")
            }
            if let set { info.valueLabels = set }
            // Labels that name only missing codes ("97 = không biết" on an age, Stata's .a) leave
            // the values numbers: the column reads as labels when some label names a value.
            let labelsValues = set.map { $0.contains { labelNamesValue($0.code, b) } } ?? false
            let asLabels = settings.labels == .text && labelsValues
            info.readAsLabels = asLabels
            let validity = Self.validity(b.valid, n)
            let column: Column
            if b.isString {
                if asLabels, let set {
                    column = relabelText(b, n, set, validity, &notes)
                } else {
                    var d = b.dictionary
                    if d.count == 0 { _ = d.intern("") }
                    column = Column(.text(codes: Array(UnsafeBufferPointer(start: b.codes, count: n)), dictionary: d.build()), validity: validity)
                }
            } else if let t = info.format.flatMap(temporal) {
                var days = [Int32](repeating: 0, count: n)
                var valid = validity ?? Validity(count: n, allValid: true)
                var outside = 0
                for i in 0..<n where b.valid[i] != 0 {
                    if let d = t.day(b.numbers[i]) { days[i] = d } else { valid.set(i, false); outside += 1 }
                }
                column = Column(.date(days), validity: valid.nullCount > 0 ? valid : nil)
                if t.isDateTime && !schemaOnly { notes.append("column '\(b.name)' holds date-times (\(info.format!)): read as their dates, the time of day dropped") }
                if outside > 0 { notes.append("column '\(b.name)': \(outside) value\(outside == 1 ? "" : "s") outside the calendar chiso reads (years beyond ±8000) read as null") }
            } else if asLabels {
                column = relabelNumbers(b, n, set ?? [], validity, &notes)
            } else if (b.intStorage || info.format.map(integral) == true) && b.allIntegral {
                column = Column(.int((0..<n).map { Int64(b.numbers[$0]) }), validity: validity)
            } else {
                column = Column(.float(Array(UnsafeBufferPointer(start: b.numbers, count: n))), validity: validity)
            }
            if b.declaredMissing > 0 && !schemaOnly {
                let codes = info.missingCodes.isEmpty ? "Stata's .a–.z" : info.missingCodes.joined(separator: ", ")
                notes.append("column '\(b.name)': \(b.declaredMissing) value\(b.declaredMissing == 1 ? "" : "s") coded missing (\(codes)) read as null; missing = keep keeps the codes")
            }
            if b.unreadable > 0 && !schemaOnly {
                notes.append("column '\(b.name)': \(b.unreadable) long text value\(b.unreadable == 1 ? "" : "s") (Stata strL) could not be read by this ReadStat (\(format) file of release 119): read as null; saved as release 118 (Stata: saveold … , version(14)) they read whole")
            }
            if b.taggedKept > 0 && !schemaOnly {
                notes.append("column '\(b.name)': \(b.taggedKept) Stata missing code\(b.taggedKept == 1 ? "" : "s") (.a–.z) read as null even with missing = keep: they are not numbers")
            }
            names.append(b.name)
            columns.append(column)
            if info.label != nil || !info.valueLabels.isEmpty || info.labelSet != nil || !info.missingCodes.isEmpty { infos[b.name] = info }
        }
        if !unnamed.isEmpty {
            notes.append("variable\(unnamed.count == 1 ? "" : "s") \(unnamed.map(String.init).joined(separator: ", ")) of \(r.shown) had a name that could not be decoded: named v\(unnamed[0])…; give the file's encoding (encoding = \"windows-1258\")")
        }
        var table = Table(names: names, columns: columns, rowCount: n, origin: r.shown)
        table.note = fileLabel
        return ReadResult(table: table, notes: notes, variables: infos)
    }

    /// Every text the file holds (names, labels, value labels, string values) decoded again
    /// (a windows-1258 file read as Latin-1) and NFC-normalised, once per distinct string.
    func decodeText(_ recode: (String) -> String) {
        for b in variables {
            b.name = recode(b.name)
            b.info.label = b.info.label.map(recode)
            guard b.isString, b.dictionary.count > 0 else { continue }
            let old = b.dictionary.build()
            var fresh = TextDictionaryBuilder(capacity: old.count)
            let remap = old.strings.map { fresh.intern(recode($0)) }   // intern normalises to NFC
            for i in 0..<rows where b.valid[i] != 0 { b.codes[i] = remap[Int(b.codes[i])] }
            b.dictionary = fresh
        }
        for (name, set) in labelSets {
            labelSets[name] = set.map { code, label in
                if case .text(let t) = code { return (.text(recode(t)), recode(label)) }
                return (code, recode(label))
            }
        }
    }

    /// A string that reads like windows-1258 Vietnamese decoded as Latin-1 or windows-1252: a
    /// letter followed by one of the five tone marks as those encodings show them (Ì Ò Þ ì ò).
    func legacyVietnamese() -> String? {
        let marks: Set<Character> = ["\u{CC}", "\u{D2}", "\u{DE}", "\u{EC}", "\u{F2}"]
        func suspicious(_ s: String) -> Bool {
            var previous: Character = " "
            for c in s {
                if marks.contains(c) && previous.isLetter && "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY".contains(previous) { return true }
                previous = c
            }
            return false
        }
        for b in variables {
            if let l = b.info.label, suspicious(l) { return l }
            if b.isString && b.dictionary.count > 0, let s = b.dictionary.build().strings.first(where: suspicious) { return s }
        }
        for set in labelSets.values { if let l = set.first(where: { suspicious($0.label) }) { return l.label } }
        return nil
    }

    /// Whether a label's code is a value the column holds, not a code read as missing.
    func labelNamesValue(_ code: Value, _ b: VariableBuffer) -> Bool {
        switch code {
        case .int(let x): return !b.missingRanges.contains { $0.contains(Double(x)) }
        case .float(let x): return !b.missingRanges.contains { $0.contains(x) }
        case .text(let s): return b.isString ? !b.info.missingCodes.contains(s) : false   // ".a": Stata's missing
        default: return false
        }
    }

    static func validity(_ valid: UnsafeMutablePointer<UInt8>, _ n: Int) -> Validity? {
        var v = Validity(count: n, allValid: true)
        var any = false
        for i in 0..<n where valid[i] == 0 { v.set(i, false); any = true }
        return any ? v : nil
    }

    /// A numeric labelled variable as its labels; a code without a label keeps its own text.
    func relabelNumbers(_ b: VariableBuffer, _ n: Int, _ set: [(code: Value, label: String)], _ validity: Validity?, _ notes: inout [String]) -> Column {
        var dict = TextDictionaryBuilder(capacity: set.count + 8)
        var byCode: [Double: Int32] = [:]
        for (code, label) in set {
            switch code {
            case .int(let x): byCode[Double(x)] = dict.intern(label)
            case .float(let x): byCode[x] = dict.intern(label)
            default: continue
            }
        }
        var codes = [Int32](repeating: 0, count: n)
        var unlabelled: [Double: Int] = [:]
        let labelled = Set(byCode.keys)
        for i in 0..<n where b.valid[i] != 0 {
            let d = b.numbers[i]
            if let c = byCode[d] {
                codes[i] = c
                if !labelled.contains(d) { unlabelled[d, default: 0] += 1 }
                continue
            }
            let c = dict.intern(ReadContext.code(d))
            byCode[d] = c
            codes[i] = c
            unlabelled[d, default: 0] += 1
        }
        if dict.count == 0 { _ = dict.intern("") }
        noteUnlabelled(b.name, unlabelled.map { (ReadContext.code($0.key), $0.value) }, &notes)
        return Column(.text(codes: codes, dictionary: dict.build()), validity: validity)
    }

    /// A string variable with value labels (SPSS allows them) as its labels.
    func relabelText(_ b: VariableBuffer, _ n: Int, _ set: [(code: Value, label: String)], _ validity: Validity?, _ notes: inout [String]) -> Column {
        let raw = b.dictionary.build()
        var labels: [String: String] = [:]
        for (code, label) in set { if case .text(let c) = code { labels[c] = label } }
        var dict = TextDictionaryBuilder(capacity: raw.count + 8)
        var unlabelled: [String: Int] = [:]
        let remap = (0..<raw.count).map { k -> Int32 in
            let s = raw.string(Int32(k))
            return dict.intern(labels[s] ?? s)
        }
        var codes = [Int32](repeating: 0, count: n)
        var uses = [Int](repeating: 0, count: raw.count)
        for i in 0..<n where b.valid[i] != 0 {
            codes[i] = remap[Int(b.codes[i])]
            uses[Int(b.codes[i])] += 1
        }
        for k in 0..<raw.count where uses[k] > 0 && labels[raw.string(Int32(k))] == nil { unlabelled[raw.string(Int32(k))] = uses[k] }
        if dict.count == 0 { _ = dict.intern("") }
        noteUnlabelled(b.name, unlabelled.map { ($0.key, $0.value) }, &notes)
        return Column(.text(codes: codes, dictionary: dict.build()), validity: validity)
    }

    func noteUnlabelled(_ name: String, _ counts: [(String, Int)], _ notes: inout [String]) {
        guard !counts.isEmpty, !schemaOnly else { return }
        let total = counts.reduce(0) { $0 + $1.1 }
        let shown = counts.sorted { $0.0 < $1.0 }.prefix(5).map { "\($0.0) ×\($0.1)" }.joined(separator: ", ")
        notes.append("column '\(name)': \(total) value\(total == 1 ? "" : "s") with no label kept as the code (\(shown)\(counts.count > 5 ? ", …" : ""))")
    }
}
