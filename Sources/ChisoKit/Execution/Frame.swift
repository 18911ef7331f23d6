/// The rows flowing between stages: base columns plus an optional selection of row numbers.
///
/// `where` only narrows the selection; a column is gathered through it the first time a
/// later stage reads it, so `where … | group k { mean(x) }` touches three columns of a wide
/// table, not all of them.
///
/// `sourceRows` says which row of the pipeline's source table each row is, for as long as the
/// stages keep row identity (where, sort, take, derive, select, rename): a design-based
/// estimate needs the whole design and which of its rows are in the domain.
final class Frame {
    let names: [String]
    private let base: [Column]
    let selection: [Int32]?
    let rowCount: Int
    /// Source row of each row; nil while they are the same (no row dropped or moved).
    let sourceRows: [Int32]?
    private var cache: [Int: Column] = [:]
    /// Columns not built yet: each is another table's column gathered through row numbers (a
    /// lookup join's right columns). Built on first read; a `group` by one of them groups the
    /// small table's values through the row numbers instead (see `GroupIndex.through`).
    private let lookups: [Int: Lookup]

    /// A column that is `source` gathered through `rows` (−1: null).
    struct Lookup {
        let source: Column
        let rows: LookupRows

        /// Whether grouping by the source's codes through `rows` costs less than gathering:
        /// the source is not much longer than the rows (a lookup table), or its codes are
        /// already dense (text without nulls: its dictionary codes).
        var groupsThrough: Bool {
            if source.count <= 2 * rows.count { return true }
            if source.validity == nil, case .canonical(.text) = source.layout { return true }
            return false
        }
    }

    init(names: [String], columns: [Column], selection: [Int32]? = nil, ascending: Bool = true, rowCount: Int,
         sourceRows: [Int32]? = nil) {
        self.names = names
        self.base = columns
        self.selection = selection
        self.ascending = ascending
        self.rowCount = selection?.count ?? rowCount
        self.sourceRows = sourceRows
        self.lookups = [:]
    }

    /// `columns`, then `lookups` (as many as the names left), for rows that are not selected.
    init(names: [String], columns: [Column], lookups: [Lookup], rowCount: Int) {
        self.names = names
        self.base = columns
        self.selection = nil
        self.ascending = true
        self.rowCount = rowCount
        self.sourceRows = nil
        var byIndex: [Int: Lookup] = [:]
        for (k, l) in lookups.enumerated() { byIndex[columns.count + k] = l }
        self.lookups = byIndex
    }

    /// The column's source and row numbers while it is not gathered yet: a lookup join's right
    /// column, or any column of a frame with a selection (whose row numbers the selection is).
    /// A stage that can read through row numbers (`group`) then never builds the column.
    func lookup(_ i: Int) -> Lookup? {
        guard cache[i] == nil else { return nil }
        if let selection { return Lookup(source: base[i], rows: LookupRows(selection)) }
        return lookups[i]
    }

    /// The column as this frame's rows hold it before any selection.
    private func unselected(_ i: Int) -> Column {
        guard let l = lookups[i] else { return base[i] }
        if let c = cache[i] { return c }
        let c = l.rows.gather(l.source, threads: Parallelism.threads)
        cache[i] = c
        return c
    }

    convenience init(_ table: Table) {
        self.init(names: table.names, columns: table.columns, rowCount: table.rowCount)
    }

    /// Whether `selection` is ascending (rows dropped, none moved): then a gather reads its
    /// source in order and needs no plan.
    let ascending: Bool
    /// For a selection that moves rows (a sort's), the gather plan every column shares.
    private var plan: GatherPlan??

    func column(_ i: Int) -> Column {
        guard let selection else { return unselected(i) }
        if let c = cache[i] { return c }
        let threads = Parallelism.threads
        if !ascending && plan == nil { plan = .some(GatherPlan(selection, sourceCount: base.first?.count ?? 0, threads: threads)) }
        let c = plan.flatMap { $0 }.flatMap { base[i].gather($0, threads: threads) }
            ?? base[i].gather(selection, threads: threads)
        cache[i] = c
        return c
    }

    var columns: [Column] { names.indices.map(column) }

    /// The same rows through a narrower selection (indices into this frame's rows);
    /// `ascending` when `rows` only drops rows (where, take, distinct), not when it moves them.
    func selecting(_ rows: [Int32], ascending: Bool) -> Frame {
        let composed = selection.map { sel in rows.map { sel[Int($0)] } } ?? rows
        let source = sourceRows.map { ids in rows.map { ids[Int($0)] } } ?? rows
        // (A frame with lookups has no selection: its lookups are built here, then selected.)
        let columns = lookups.isEmpty ? base : names.indices.map(unselected)
        return Frame(names: names, columns: columns, selection: composed, ascending: ascending && self.ascending,
                     rowCount: composed.count, sourceRows: source)
    }

    /// These rows in a sort's order. When the sort found each row's place and this frame's
    /// columns are its rows as they are (no selection), the columns are later gathered through
    /// those places, with no plan to work out.
    func sorted(_ permutation: SortOrder.Permutation) -> Frame {
        let f = selecting(permutation.order, ascending: false)
        if let positions = permutation.positions, selection == nil {
            f.plan = .some(GatherPlan(positions: positions))
        }
        return f
    }

    /// Some columns of this frame, in a new order, keeping the selection lazy.
    func projecting(_ indices: [Int], names newNames: [String]) -> Frame {
        let f = Frame(names: newNames, columns: indices.map(unselected), selection: selection, ascending: ascending,
                      rowCount: rowCount, sourceRows: sourceRows)
        f.plan = plan
        for (k, i) in indices.enumerated() { if let c = cache[i] { f.cache[k] = c } }
        return f
    }

    /// New columns for the same rows (derive, computed select): row identity is kept.
    func replacingColumns(names: [String], columns: [Column]) -> Frame {
        Frame(names: names, columns: columns, rowCount: rowCount, sourceRows: sourceRows)
    }

    /// These columns added, or replacing the column of the same name (derive, window).
    func settingColumns(_ new: [(name: String, column: Column)]) -> Frame {
        var names = self.names, cols = columns
        for (name, c) in new {
            if let i = names.firstIndex(of: name) { cols[i] = c } else { names.append(name); cols.append(c) }
        }
        return replacingColumns(names: names, columns: cols)
    }

    func table(origin: String) -> Table {
        Table(names: names, columns: columns, rowCount: rowCount, origin: origin)
    }
}
