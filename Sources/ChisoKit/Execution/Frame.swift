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
    /// Each column before any selection (a placeholder where `lookups` or `deferred` holds it).
    private let base: [Column]
    let selection: [Int32]?
    let rowCount: Int
    /// Source row of each row; nil while they are the same (no row dropped or moved).
    let sourceRows: [Int32]?
    /// Columns built for this frame's rows (through the selection, if any).
    private var cache: [Int: Column] = [:]
    /// Columns not built yet: each is another table's column gathered through row numbers (a
    /// lookup join's right columns), for the rows before the selection. Built on first read; a
    /// `group` by one of them groups the small table's values through the row numbers instead
    /// (see `GroupIndex.through`), and a `where` keeps them unbuilt, reading them through its
    /// selection.
    private let lookups: [Int: Lookup]
    /// Lookups read through the selection, made once.
    private var selectedLookups: [Int: Lookup] = [:]
    /// Columns a `derive` left as their expression over this frame's other columns (only in a
    /// frame with no selection): built when read whole, or computed piece by piece by a stage
    /// that reads in pieces (`BlockSource`), so `derive x = a * b | group { sum(x) }` over a
    /// lookup's column never writes x out.
    private let deferred: [Int: Bound]

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

    private init(names: [String], base: [Column], selection: [Int32]?, ascending: Bool, rowCount: Int,
                 sourceRows: [Int32]?, lookups: [Int: Lookup], deferred: [Int: Bound]) {
        precondition(deferred.isEmpty || selection == nil, "a deferred column belongs to a frame with no selection")
        self.names = names
        self.base = base
        self.selection = selection
        self.ascending = ascending
        self.rowCount = selection?.count ?? rowCount
        self.sourceRows = sourceRows
        self.lookups = lookups
        self.deferred = deferred
    }

    convenience init(names: [String], columns: [Column], selection: [Int32]? = nil, ascending: Bool = true, rowCount: Int,
                     sourceRows: [Int32]? = nil) {
        self.init(names: names, base: columns, selection: selection, ascending: ascending, rowCount: rowCount,
                  sourceRows: sourceRows, lookups: [:], deferred: [:])
    }

    /// `columns`, then `lookups` (as many as the names left), for rows that are not selected.
    convenience init(names: [String], columns: [Column], lookups: [Lookup], rowCount: Int) {
        var byIndex: [Int: Lookup] = [:]
        for (k, l) in lookups.enumerated() { byIndex[columns.count + k] = l }
        self.init(names: names, base: columns + lookups.map { _ in Frame.placeholder }, selection: nil, ascending: true,
                  rowCount: rowCount, sourceRows: nil, lookups: byIndex, deferred: [:])
    }

    /// A column of a new frame: built, or read through row numbers when a stage reads it.
    enum Source {
        case built(Column)
        case lookup(Lookup)
    }

    /// Columns each built or a lookup, in their order, for rows that are not selected.
    convenience init(names: [String], sources: [Source], rowCount: Int) {
        var byIndex: [Int: Lookup] = [:], base: [Column] = []
        for (k, s) in sources.enumerated() {
            switch s {
            case .built(let c): base.append(c)
            case .lookup(let l): byIndex[k] = l; base.append(Frame.placeholder)
            }
        }
        self.init(names: names, base: base, selection: nil, ascending: true, rowCount: rowCount, sourceRows: nil,
                  lookups: byIndex, deferred: [:])
    }

    /// What `base` holds where a lookup or a deferred column is (never read).
    private static let placeholder = Column(.null(count: 0))

    /// The column's source and row numbers while it is not built yet: a lookup join's right
    /// column (through the selection, if any), or any column of a frame with a selection (whose
    /// row numbers the selection is). A stage that can read through row numbers (`group`) then
    /// never builds the column.
    func lookup(_ i: Int) -> Lookup? {
        guard cache[i] == nil, deferred[i] == nil else { return nil }
        if let l = lookups[i] {
            guard let selection else { return l }
            if let s = selectedLookups[i] { return s }
            let s = Lookup(source: l.source, rows: l.rows.through(selection))
            selectedLookups[i] = s
            return s
        }
        if let selection { return Lookup(source: base[i], rows: LookupRows(selection)) }
        return nil
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
        if let c = cache[i] { return c }
        let threads = Parallelism.threads
        let c: Column
        if let e = deferred[i] {
            c = build(e)
        } else if let l = lookup(i), lookups[i] != nil {
            c = l.rows.gather(l.source, threads: threads)
        } else if let selection {
            if !ascending && plan == nil { plan = .some(GatherPlan(selection, sourceCount: base[i].count, threads: threads)) }
            c = plan.flatMap { $0 }.flatMap { base[i].gather($0, threads: threads) } ?? base[i].gather(selection, threads: threads)
        } else {
            return base[i]
        }
        cache[i] = c
        return c
    }

    var columns: [Column] { names.indices.map(column) }

    /// How a stage reads `used` columns of this frame a piece at a time (`BlockSource`), and
    /// the columns those read (a deferred derive's). A column under a selection, or a lookup's,
    /// is read through its row numbers piece by piece, never gathered whole.
    func blockSource(_ source: SourceFile, reading used: Set<Int>) -> BlockSource {
        var needed = Set<Int>(), pending = Array(used)
        while let i = pending.popLast() {
            guard needed.insert(i).inserted else { continue }
            if cache[i] == nil, let e = deferred[i] { pending += e.columnsUsed }
        }
        let readers: [BlockSource.Reader] = names.indices.map { i in
            guard needed.contains(i) else { return .built(Frame.placeholder) }   // never read
            if let c = cache[i] { return .built(c) }
            if let e = deferred[i] { return .deferred(e) }
            guard let l = lookup(i) else { return .built(base[i]) }
            if let k = l.rows.keyed { return .keyed(bySlot: l.source.gather(k.slot), k) }
            return .rows(l.source, l.rows.all)
        }
        return BlockSource(readers: readers, rowCount: rowCount, source: source)
    }

    /// The columns with every deferred one built: what a frame hands on when its rows change.
    private var baseWithDeferredBuilt: [Column] {
        guard !deferred.isEmpty else { return base }
        var b = base
        for i in deferred.keys { b[i] = column(i) }
        return b
    }

    /// The same rows through a narrower selection (indices into this frame's rows);
    /// `ascending` when `rows` only drops rows (where, take, distinct), not when it moves them.
    /// Lookups stay unbuilt: they are read through the new selection when a stage reads them.
    func selecting(_ rows: [Int32], ascending: Bool) -> Frame {
        let composed = selection.map { sel in rows.map { sel[Int($0)] } } ?? rows
        let source = sourceRows.map { ids in rows.map { ids[Int($0)] } } ?? rows
        return Frame(names: names, base: baseWithDeferredBuilt, selection: composed, ascending: ascending && self.ascending,
                     rowCount: composed.count, sourceRows: source, lookups: lookups, deferred: [:])
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

    /// Some columns of this frame, in a new order, keeping the selection and lookups lazy.
    func projecting(_ indices: [Int], names newNames: [String]) -> Frame {
        let b = baseWithDeferredBuilt
        var kept: [Int: Lookup] = [:]
        for (k, i) in indices.enumerated() { if let l = lookups[i] { kept[k] = l } }
        let f = Frame(names: newNames, base: indices.map { b[$0] }, selection: selection, ascending: ascending,
                      rowCount: rowCount, sourceRows: sourceRows, lookups: kept, deferred: [:])
        f.plan = plan
        for (k, i) in indices.enumerated() {
            if let c = cache[i] { f.cache[k] = c }
            if let s = selectedLookups[i] { f.selectedLookups[k] = s }
        }
        return f
    }

    /// New columns for the same rows (derive, computed select): row identity is kept.
    func replacingColumns(names: [String], columns: [Column]) -> Frame {
        Frame(names: names, columns: columns, rowCount: rowCount, sourceRows: sourceRows)
    }

    /// These columns added, or replacing the column of the same name (derive, window).
    func settingColumns(_ new: [(name: String, column: Column)]) -> Frame {
        settingColumns(new.map { ($0.name, .built($0.column)) })
    }

    /// A column a stage adds: built, or an expression over this frame's columns left to be
    /// computed when read (`deferred`).
    enum NewColumn {
        case built(Column)
        case deferred(Bound)
    }

    /// These columns added, or replacing the column of the same name. With no selection the
    /// other columns stay as they are (lookups unbuilt, deferred ones deferred); under one,
    /// every column is built for the selected rows.
    func settingColumns(_ new: [(name: String, column: NewColumn)]) -> Frame {
        var names = self.names
        guard selection == nil else {
            var cols = columns
            for (name, c) in new {
                let built: Column
                switch c {
                case .built(let column): built = column
                case .deferred(let e): built = build(e)
                }
                if let i = names.firstIndex(of: name) { cols[i] = built } else { names.append(name); cols.append(built) }
            }
            return replacingColumns(names: names, columns: cols)
        }
        // A replaced column may be read by a deferred one: those are built first.
        let replaces = new.contains { names.contains($0.name) }
        var b = replaces ? baseWithDeferredBuilt : base
        var lookups = self.lookups, deferred = replaces ? [:] : self.deferred, cache = self.cache
        for (name, c) in new {
            let i = names.firstIndex(of: name) ?? names.count
            if i == names.count { names.append(name); b.append(Frame.placeholder) }
            lookups[i] = nil; deferred[i] = nil; cache[i] = nil
            switch c {
            case .built(let column): b[i] = column
            case .deferred(let e): deferred[i] = e
            }
        }
        let f = Frame(names: names, base: b, selection: nil, ascending: true, rowCount: rowCount, sourceRows: sourceRows,
                      lookups: lookups, deferred: deferred)
        f.cache = cache
        return f
    }

    /// A deferred expression built whole (it cannot fail, so it needs no source for messages).
    private func build(_ e: Bound) -> Column {
        Evaluator(rowCount: rowCount, columns: column, source: Frame.noSource).evalInfallible(e)
    }
    private static let noSource = SourceFile(name: "", text: "")

    /// Whether reading column i would build it (a lookup's or a deferred column not built yet).
    func isUnbuilt(_ i: Int) -> Bool { cache[i] == nil && (lookups[i] != nil || deferred[i] != nil) }

    func table(origin: String) -> Table {
        Table(names: names, columns: columns, rowCount: rowCount, origin: origin)
    }
}
