/// `unpivot 2019, 2020, 2021 into year, value` — or `unpivot -area, -indicator into year, value`
/// (every column but these): wide tables with one column per year, as statistics offices
/// publish them, become long rows. Each input row gives one row per unpivoted column, in
/// column order; the other columns are repeated. The key column is int when every unpivoted
/// name is an integer (`2019`), text otherwise; values keep their type (int and float mix as
/// float). A null value stays a row with a null value: nothing is dropped silently.
struct UnpivotStage: Stage {
    static let keyword = "unpivot"
    static let help = Help.Topic(name: "unpivot", kind: "stage", usage: "unpivot col, … into KEY, VALUE  |  unpivot -col, … into KEY, VALUE",
        summary: "Wide to long: each listed column becomes a row holding its name (KEY) and its value (VALUE); the other columns are repeated. '-col' unpivots every column but these. KEY is int when all names are integers (years), text otherwise. Null values are kept as rows.",
        example: "from targets | select plan, indicator, year, lo, hi | unpivot lo, hi into bound, value")
    static let completionWords = ["into"]

    /// Columns to unpivot, or (when `excluding`) the columns to keep as they are.
    var columns: [Name]
    var excluding: Bool
    var key: Name
    var value: Name

    // unpivot -> 'unpivot' (col (',' col)* | '-' col (',' '-' col)*) 'into' NAME ',' NAME ; col -> NAME | INT
    static func parse(_ p: inout Parser) throws -> UnpivotStage {
        var columns: [Name] = []
        var minus = 0
        repeat {
            if p.acceptSymbol("-") { minus += 1 }
            columns.append(try columnName(&p))
        } while p.acceptSymbol(",")
        guard minus == 0 || minus == columns.count else {
            throw p.error("unpivot either lists the columns to turn into rows or (with '-') the columns to keep, not both",
                          at: columns[0].span.to(columns[columns.count - 1].span), hint: "unpivot -area into year, value")
        }
        guard p.acceptWord("into") else { throw p.expected("'into'", hint: "unpivot 2019, 2020 into year, value") }
        let key = try p.name("the name of the new key column", hint: "… into year, value")
        _ = try p.expectSymbol(",", hint: "… into year, value")
        let value = try p.name("the name of the new value column", hint: "… into year, value")
        return UnpivotStage(columns: columns, excluding: minus > 0, key: key, value: value)
    }

    /// A column name, which may be written as a bare integer (`2019`) since published tables
    /// name year columns that way.
    static func columnName(_ p: inout Parser) throws -> Name {
        if case .integer(let v) = p.current.kind { return Name(text: String(v), span: p.advance().span) }
        return try p.name("a column name", hint: "unpivot 2019, 2020 into year, value")
    }

    func bind(_ input: Schema, _ context: inout BindContext, _ node: StageNode) throws -> any LogicalOperator {
        var listed: [Int] = []
        for c in columns {
            let i = try context.column(c, in: input)
            guard !listed.contains(i) else {
                throw context.error(.name, "column '\(c.text)' is listed twice", c.span)
            }
            listed.append(i)
        }
        let unpivoted = excluding ? input.names.indices.filter { !listed.contains($0) } : listed
        let kept = input.names.indices.filter { !unpivoted.contains($0) }
        guard !unpivoted.isEmpty else {
            throw context.error(.name, "no column is left to unpivot", node.span, hint: "list fewer columns after '-'")
        }
        var valueType = DataType.null
        for i in unpivoted {
            guard let t = DataType.unify(valueType, input.types[i]) else {
                let first = unpivoted.first { input.types[$0] != .null }!
                throw context.error(.type, "cannot unpivot '\(input.names[first])' (\(input.types[first])) and '\(input.names[i])' (\(input.types[i])) into one column",
                                    node.span, hint: "convert them to one type first, e.g. derive \(Identifier.quoted(input.names[i])) = text(\(Identifier.quoted(input.names[i])))")
            }
            valueType = t
        }
        let names = unpivoted.map { input.names[$0] }
        // Integers written plainly (2019, not 007 or +5) become an int key; anything else stays text.
        let keyType: DataType = names.allSatisfy({ Int64($0).map(String.init) == $0 }) ? .int : .text
        let outNames = kept.map { input.names[$0] } + [key.text, value.text]
        try context.checkUnique(outNames, kept.map { _ in node.span } + [key.span, value.span])
        return UnpivotOperator(kept: kept, unpivoted: unpivoted, keys: names, keyType: keyType, valueType: valueType,
                               schema: Schema(names: outNames, types: kept.map { input.types[$0] } + [keyType, valueType]),
                               detail: context.text(node.span.after(node.keyword)))
    }
}

struct UnpivotOperator: LocalOperator {
    let kept: [Int]
    let unpivoted: [Int]
    /// The key of each unpivoted column (its name), in order, and the key column's type.
    let keys: [String]
    let keyType: DataType
    let valueType: DataType
    let schema: Schema
    let detail: String
    var name: String { "unpivot" }

    func execute(_ input: Frame, _ context: ExecutionContext) throws -> Frame {
        let n = input.rowCount, k = unpivoted.count
        // Output row r·k + j is input row r with unpivoted column j.
        var rowOf = [Int32](repeating: 0, count: n * k), keyOf = [Int32](repeating: 0, count: n * k)
        var valueOf = [Int32](repeating: 0, count: n * k)
        for r in 0..<n {
            for j in 0..<k {
                rowOf[r * k + j] = Int32(r)
                keyOf[r * k + j] = Int32(j)
                valueOf[r * k + j] = Int32(j * n + r)   // position in the columns stacked one after another
            }
        }
        let stacked = Column.concatenate(unpivoted.map { input.column($0).cast(to: valueType) ?? input.column($0) }, type: valueType)
        let keyColumn = keyType == .int ? Column(.int(keys.compactMap { Int64($0) })) : Column.fromStrings(keys)
        let cols = kept.map { input.column($0).gather(rowOf) } + [keyColumn.gather(keyOf), stacked.gather(valueOf)]
        return Frame(names: schema.names, columns: cols, rowCount: n * k)
    }
}
