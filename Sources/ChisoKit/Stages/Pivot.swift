/// `pivot year, value [using sum]`: long to wide. One row per distinct combination of the other
/// columns (in order of first appearance), one column per distinct `year` (sorted), holding
/// `value`. A cell met twice is an error naming it, unless an aggregate combines the values;
/// a missing cell is null (0 with `using count`).
///
/// The new columns are the data's distinct keys, so the plan knows them only once pivot has
/// run: stages after it are bound then (`explain plan` says so).
struct PivotStage: Stage {
    static let keyword = "pivot"
    static let help = Help.Topic(name: "pivot", kind: "stage", usage: "pivot KEY, VALUE [using AGGREGATE]",
        summary: "Long to wide: one column per distinct KEY (sorted), holding VALUE; one row per distinct combination of the other columns. Two values for one cell are an error naming it unless 'using sum' (or mean, min, max, count, median…) combines them; a missing cell is null. Stages after pivot are checked once its columns are known.",
        example: "from targets | where plan == \"nghe-an-347-2023\" | select indicator, year, lo | pivot year, lo")
    static let completionWords = ["using"] + AggregateFunction.all.map(\.name)

    var key: Name
    var value: Name
    var aggregate: Name?

    // pivot -> 'pivot' NAME ',' NAME ['using' NAME]
    static func parse(_ p: inout Parser) throws -> PivotStage {
        let key = try p.name("the column whose values become column names", hint: "pivot year, value")
        _ = try p.expectSymbol(",", hint: "pivot \(key.text), value")
        let value = try p.name("the column whose values fill the cells", hint: "pivot \(key.text), value")
        var aggregate: Name? = nil
        if p.acceptWord("using") { aggregate = try p.name("an aggregate", hint: "pivot \(key.text), \(value.text) using sum") }
        return PivotStage(key: key, value: value, aggregate: aggregate)
    }

    func bind(_ input: Schema, _ context: inout BindContext, _ node: StageNode) throws -> any LogicalOperator {
        let k = try context.column(key, in: input), v = try context.column(value, in: input)
        guard k != v else { throw context.error(.name, "the key and the value must be two different columns", value.span) }
        var cellType = input.types[v]
        var function: AggregateFunction? = nil
        if let aggregate {
            guard let f = AggregateFunction.named(aggregate.text) else {
                throw context.error(.name, "unknown aggregate '\(aggregate.text)'", aggregate.span,
                                    hint: NameSuggestion.hint(for: aggregate.text, in: AggregateFunction.all.map(\.name))
                                        ?? "aggregates: " + AggregateFunction.all.map(\.name).joined(separator: ", "))
            }
            let arg = Bound(node: .column(v), type: input.types[v], span: value.span)
            cellType = try f.check([arg], context.binder(input), aggregate.span)
            function = f
        }
        let ids = input.names.indices.filter { $0 != k && $0 != v }
        return PivotOperator(key: k, value: v, ids: ids, aggregate: function, cellType: cellType, span: node.span,
                             keyName: key.text, schema: Schema(names: ids.map { input.names[$0] }, types: ids.map { input.types[$0] }),
                             detail: context.text(node.span.after(node.keyword)))
    }
}

struct PivotOperator: LocalOperator {
    let key: Int
    let value: Int
    /// The columns that identify an output row: every input column but the key and the value.
    let ids: [Int]
    let aggregate: AggregateFunction?
    let cellType: DataType
    let span: Span
    let keyName: String
    /// The id columns; one column per distinct key follows them at run time.
    let schema: Schema
    let detail: String
    var name: String { "pivot" }
    var addsColumnsAtRunTime: Bool { true }

    func execute(_ input: Frame, _ context: ExecutionContext) throws -> Frame {
        let n = input.rowCount
        let keyCol = input.column(key), valueCol = input.column(value)
        let nullKeys = keyCol.nullCount
        guard nullKeys == 0 else {
            throw context.error(.data, "pivot needs a key in every row: '\(keyName)' is null in \(nullKeys) row\(nullKeys == 1 ? "" : "s")", span,
                                hint: "where \(Identifier.quoted(keyName)) is not null")
        }
        let idCols = ids.map(input.column)
        let rows = n == 0 ? GroupIndex(keys: [], rowCount: 0) : GroupIndex(keys: idCols, rowCount: n)
        let rowCount = n == 0 ? 0 : rows.groupCount
        let keys = GroupIndex(keys: [keyCol], rowCount: n)
        let distinct = n == 0 ? 0 : keys.groupCount
        // Columns in key order (numbers numerically, text as `sort` orders it).
        let keyValues = keyCol.gather(Array(keys.firstRows.prefix(distinct)))
        let order = try SortOrder.permutation([keyValues], descending: [false], rowCount: distinct)
        var position = [Int](repeating: 0, count: distinct)
        for (p, g) in order.enumerated() { position[Int(g)] = p }
        let names = order.map { keyValues.value(at: Int($0)).description }
        for name in names where schema.names.contains(name) {
            throw context.error(.name, "pivot would make column '\(name)' twice: it is a value of '\(keyName)' and an input column", span,
                                hint: "rename the input column first")
        }
        let cells = rowCount * distinct
        var cellIds = [Int32](repeating: 0, count: n)
        for i in 0..<n { cellIds[i] = Int32(Int(rows.ids[i]) * distinct + position[Int(keys.ids[i])]) }
        let filled: Column
        if let aggregate {
            filled = try aggregate.compute(AggregateInput(args: [valueCol], ids: cellIds, groupCount: cells, resultType: cellType,
                                                          span: span, source: context.source))
        } else {
            var source = [Int32](repeating: -1, count: cells)
            for i in 0..<n {
                let c = Int(cellIds[i])
                if source[c] >= 0 { throw duplicate(at: i, names: names, position: position, keys: keys, input: input, context) }
                source[c] = Int32(i)
            }
            filled = valueCol.gather(source)
        }
        let firstRows = Array(rows.firstRows.prefix(rowCount))
        var columns = idCols.map { $0.gather(firstRows) }
        for p in 0..<distinct {
            columns.append(filled.gather((0..<rowCount).map { Int32($0 * distinct + p) }))
        }
        return Frame(names: schema.names + names, columns: columns, rowCount: rowCount)
    }

    /// The error for a cell met twice, naming the cell by its id values and key.
    func duplicate(at row: Int, names: [String], position: [Int], keys: GroupIndex, input: Frame, _ context: ExecutionContext) -> Diagnostic {
        let idText = ids.map { "\(input.names[$0]) = \(input.column($0).value(at: row))" }
        let cell = (idText + ["\(keyName) = \(names[position[Int(keys.ids[row])]])"]).joined(separator: ", ")
        return context.error(.data, "pivot found two values for one cell (\(cell))", span,
                             hint: "combine them with an aggregate: pivot \(keyName), \(input.names[value]) using sum (or mean, min, max, count…)")
    }
}
