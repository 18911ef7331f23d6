/// `describe T`: one row per column with its type, null count, distinct count, range, and for
/// text the most frequent values.
enum Describe {
    /// `shorten` clips long values for a terminal table (the `describe` command there); as a
    /// pipeline's source, in CSV or JSON, the values are whole.
    /// `variables`: what a statistics file said of the columns; when there is any, two more
    /// columns give each variable's label and its value labels (and the codes read as missing).
    static func summary(_ t: Table, shorten: Bool = false, variables: [String: VariableInfo] = [:]) -> Table {
        func clip(_ s: String) -> String { shorten ? TextWidth.truncate(s, to: 14) : s }
        var names: [String] = [], types: [String] = [], nulls: [Int64] = [], distinct: [Int64] = []
        var mins: [String?] = [], maxs: [String?] = [], tops: [String?] = []
        let all = [Int32](repeating: 0, count: t.rowCount)
        let noSource = SourceFile(name: "", text: "")
        func aggregate(_ name: String, _ c: Column) -> Value? {
            let input = AggregateInput(args: [c], ids: all, groupCount: 1, resultType: c.type, span: .none, source: noSource)
            return try? AggregateFunction.named(name)!.compute(input).value(at: 0)
        }
        for (k, c) in t.columns.enumerated() {
            names.append(t.names[k])
            types.append(c.type.rawValue)
            nulls.append(Int64(c.nullCount))
            if case .int(let v)? = aggregate("n_distinct", c) { distinct.append(v) } else { distinct.append(0) }
            let lo = aggregate("min", c), hi = aggregate("max", c)
            mins.append(lo.flatMap { $0.isNull ? nil : clip($0.description) })
            maxs.append(hi.flatMap { $0.isNull ? nil : clip($0.description) })
            tops.append(topValues(c, clip))
        }
        var table = Table(names: ["column", "type", "nulls", "distinct", "min", "max", "top values"], columns: [
            Column.fromStrings(names), Column.fromStrings(types),
            Column(.int(nulls)), Column(.int(distinct)),
            Column.fromStrings(mins), Column.fromStrings(maxs), Column.fromStrings(tops),
        ], origin: "describe")
        guard !variables.isEmpty else { return table }
        table.names += ["label", "value labels"]
        table.columns.append(Column.fromStrings(names.map { variables[$0]?.label }))
        table.columns.append(Column.fromStrings(names.map { n -> String? in
            guard let v = variables[n] else { return nil }
            let parts = [v.valueLabels.isEmpty ? nil : v.valueLabelText + (v.readAsLabels ? "" : " (read as codes)"),
                         v.missingCodes.isEmpty ? nil : "missing: " + v.missingCodes.joined(separator: ", ")].compactMap { $0 }
            return parts.isEmpty ? nil : parts.joined(separator: "; ")
        }))
        return table
    }

    /// The two most frequent values of a text column with their counts ("a (10), b (3)").
    static func topValues(_ c: Column, _ clip: (String) -> String) -> String? {
        guard case .text(let codes, let dict) = c.canonical, dict.count > 0 else { return nil }
        var counts = [Int](repeating: 0, count: dict.count)
        for i in 0..<c.count where !c.isNull(i) { counts[Int(codes[i])] += 1 }
        let top = counts.indices.filter { counts[$0] > 0 }
            .sorted { counts[$0] != counts[$1] ? counts[$0] > counts[$1] : $0 < $1 }.prefix(2)
        return top.map { "\(clip(dict.string(Int32($0)))) (\(counts[$0]))" }.joined(separator: ", ")
    }
}
