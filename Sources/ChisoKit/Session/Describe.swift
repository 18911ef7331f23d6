/// `describe T`: one row per column with its type, null count, distinct count and range.
enum Describe {
    static func summary(_ t: Table) -> Table {
        var names: [String] = [], types: [String] = [], nulls: [Int64] = [], distinct: [Int64] = []
        var mins: [String?] = [], maxs: [String?] = []
        let all = [Int32](repeating: 0, count: t.rowCount)
        for (k, c) in t.columns.enumerated() {
            names.append(t.names[k])
            types.append(c.type.rawValue)
            nulls.append(Int64(c.nullCount))
            let input = AggregateInput(args: [c], ids: all, groupCount: 1, resultType: c.type, span: .none,
                                       source: SourceFile(name: "", text: ""))
            let nd = (try? AggregateFunction.named("n_distinct")!.compute(input))?.value(at: 0)
            if case .int(let v) = nd { distinct.append(v) } else { distinct.append(0) }
            if t.rowCount > 0, c.type != .null,
               let lo = try? AggregateFunction.named("min")!.compute(input).value(at: 0),
               let hi = try? AggregateFunction.named("max")!.compute(input).value(at: 0) {
                mins.append(lo.isNull ? nil : TextWidth.truncate(lo.description, to: 24))
                maxs.append(hi.isNull ? nil : TextWidth.truncate(hi.description, to: 24))
            } else {
                mins.append(nil); maxs.append(nil)
            }
        }
        return Table(names: ["column", "type", "nulls", "distinct", "min", "max"], columns: [
            Column.fromStrings(names), Column.fromStrings(types),
            Column(.int(nulls)), Column(.int(distinct)),
            Column.fromStrings(mins), Column.fromStrings(maxs),
        ], origin: "describe")
    }
}
