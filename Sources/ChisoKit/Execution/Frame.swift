/// The rows flowing between stages: base columns plus an optional selection of row numbers.
///
/// `where` only narrows the selection; a column is gathered through it the first time a
/// later stage reads it, so `where … | group k { mean(x) }` touches three columns of a wide
/// table, not all of them.
final class Frame {
    /// A survey's design, carried through the stages that keep rows as they are or drop some
    /// (where, derive, select, sort, take, rename), so `estimate` sees the whole design and
    /// which of its rows are in the domain.
    struct DesignContext {
        let table: Table
        let design: SurveyDesign
        /// The design table's row of each frame row; nil while they are the same.
        var rowIds: [Int32]?
    }

    var design: DesignContext?
    let names: [String]
    private let base: [Column]
    let selection: [Int32]?
    let rowCount: Int
    private var cache: [Int: Column] = [:]

    init(names: [String], columns: [Column], selection: [Int32]? = nil, rowCount: Int) {
        self.names = names
        self.base = columns
        self.selection = selection
        self.rowCount = selection?.count ?? rowCount
    }

    convenience init(_ table: Table) {
        self.init(names: table.names, columns: table.columns, rowCount: table.rowCount)
        if let d = table.design { design = DesignContext(table: table, design: d, rowIds: nil) }
    }

    func column(_ i: Int) -> Column {
        guard let selection else { return base[i] }
        if let c = cache[i] { return c }
        let c = base[i].gather(selection)
        cache[i] = c
        return c
    }

    var columns: [Column] { names.indices.map(column) }

    /// The same rows through a narrower selection (indices into this frame's rows).
    func selecting(_ rows: [Int32]) -> Frame {
        let composed = selection.map { sel in rows.map { sel[Int($0)] } } ?? rows
        let f = Frame(names: names, columns: base, selection: composed, rowCount: composed.count)
        if var d = design {
            d.rowIds = d.rowIds.map { ids in rows.map { ids[Int($0)] } } ?? rows
            f.design = d
        }
        return f
    }

    /// Some columns of this frame, in a new order, keeping the selection lazy.
    func projecting(_ indices: [Int], names newNames: [String]) -> Frame {
        let f = Frame(names: newNames, columns: indices.map { base[$0] }, selection: selection, rowCount: rowCount)
        for (k, i) in indices.enumerated() { if let c = cache[i] { f.cache[k] = c } }
        f.design = design
        return f
    }

    func table(origin: String) -> Table {
        Table(names: names, columns: columns, rowCount: rowCount, origin: origin)
    }
}
