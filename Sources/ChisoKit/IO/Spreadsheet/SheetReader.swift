import Foundation

/// How a sheet of a workbook is read into a table.
public struct SheetOptions: Sendable {
    public enum Header: Sendable, Equatable {
        /// The first row, within the range, that is at least half as wide as the widest row
        /// near the top and mostly text (titles above a table are skipped).
        case detect
        /// No header: columns are named by their letters.
        case none
        /// This sheet row (1-based, as the spreadsheet shows it).
        case row(Int)
    }
    public var sheet: SheetChoice?
    public var range: CellArea?
    public var header: Header = .detect
    public var nullTokens: [String] = []
    public var types: [String: DataType] = [:]
    /// Decimal and thousands separators for numbers typed as text.
    public var numbers = NumberSeparators.standard

    public init() {}
}

/// Reads one sheet of an `.xlsx` workbook into a table. Cells keep their spreadsheet types
/// (numbers, text, booleans, dates); a column's type is then inferred as for CSV, so a column
/// of whole numbers is int, and text cells that hold numbers ("12", or "10,5" with
/// `decimal = ","`) read as numbers unless another cell of the column is real text.
public enum SheetReader {
    public struct Result {
        public var table: Table
        /// What the reader decided or met: the sheet and header row used, error cells.
        public var notes: [String]
    }

    public static func read(path: String, displayName: String? = nil, options: SheetOptions = SheetOptions()) throws -> Result {
        let shown = displayName ?? path
        let book = try Workbook(path: path, shown: shown)
        let sheet = try book.sheet(options.sheet)
        var cells = try SheetCells(try book.bytes(of: sheet), workbook: book, sheet: sheet.name)
        try Interrupt.check()
        if let area = options.range { cells = cells.within(area) }
        let grid = try Grid(cells, options: options, shown: shown, sheet: sheet.name)
        let position = (book.sheets.firstIndex { $0.name == sheet.name } ?? 0) + 1
        var notes = [grid.describe(sheet: sheet.name, position: position, sheetCount: book.sheets.count)]
        let (table, cellNotes) = try grid.table(origin: shown, options: options, shown: shown, sheet: sheet.name)
        notes += cellNotes
        return Result(table: table, notes: notes)
    }

    /// The sheet names of a workbook, in order.
    public static func sheetNames(path: String, displayName: String? = nil) throws -> [String] {
        try Workbook(path: path, shown: displayName ?? path).sheets.map(\.name)
    }
}

extension SheetCells {
    /// Only the cells inside `area`; merges are clipped to it.
    func within(_ area: CellArea) -> SheetCells {
        var out = self
        out.rows = []; out.cols = []; out.kinds = []; out.numbers = []
        for i in 0..<count where area.contains(row: Int(rows[i]), column: Int(cols[i])) {
            out.rows.append(rows[i]); out.cols.append(cols[i]); out.kinds.append(kinds[i]); out.numbers.append(numbers[i])
        }
        out.merges = merges.compactMap { m in
            let c = CellArea(top: max(m.top, area.top), left: max(m.left, area.left), bottom: min(m.bottom, area.bottom), right: min(m.right, area.right))
            return c.top <= c.bottom && c.left <= c.right && area.contains(row: m.top, column: m.left) ? c : nil
        }
        return out
    }

    /// Per text entry, whether it holds only whitespace (such a cell holds nothing).
    func blankTexts() -> [Bool] { texts.map { $0.allSatisfy(\.isWhitespace) } }
}

/// The cells laid out as the table: header rows, data rows and columns, merged areas filled.
struct Grid {
    let cells: SheetCells
    let headerRows: [Int]
    let dataRows: [Int]
    let columns: [Int]
    /// Cell index at (data row position, column position), -1 when empty.
    let at: [Int32]
    let names: [String]

    /// The cells that hold something, merged areas repeated, in (row, column) order: parallel
    /// arrays, with each row's entries at `rowStart[k]..<rowStart[k + 1]` of `rowNumbers[k]`.
    private struct Entries {
        var row: [Int32] = [], col: [Int32] = [], cell: [Int32] = []
        var rowNumbers: [Int] = [], rowStart: [Int] = []

        func range(ofRowAt k: Int) -> Range<Int> { rowStart[k]..<rowStart[k + 1] }
    }

    init(_ cells: SheetCells, options: SheetOptions, shown: String, sheet: String) throws {
        self.cells = cells
        let e = try Self.entries(cells, shown: shown, sheet: sheet)
        let rowNumbers = e.rowNumbers
        guard !rowNumbers.isEmpty else {
            throw Diagnostic(.data, "\(shown): sheet '\(sheet)' has no cells\(options.range.map { " in \($0.description)" } ?? "")",
                             hint: "name another sheet (sheet \"Name\" or sheet 2) or range")
        }
        func rowIndex(_ r: Int) -> Int? {
            var lo = 0, hi = rowNumbers.count
            while lo < hi { let m = (lo + hi) / 2; if rowNumbers[m] < r { lo = m + 1 } else { hi = m } }
            return lo < rowNumbers.count && rowNumbers[lo] == r ? lo : nil
        }
        // Header rows.
        switch options.header {
        case .none: headerRows = []
        case .row(let r):
            guard rowIndex(r) != nil else {
                throw Diagnostic(.data, "\(shown): sheet '\(sheet)' row \(r), named as the header, is empty\(options.range.map { " in \($0.description)" } ?? "")",
                                 hint: "the first row with cells is \(rowNumbers[0])")
            }
            headerRows = [r]
        case .detect:
            headerRows = Self.detectHeader(e, cells)
        }
        let lastHeader = headerRows.last ?? 0
        let firstData = rowNumbers.firstIndex { $0 > lastHeader } ?? rowNumbers.count
        dataRows = Array(rowNumbers[firstData...])
        // Columns: those with a cell in a header or data row.
        var used = [Bool](repeating: false, count: 16_385)
        let headerIndices = headerRows.compactMap(rowIndex)
        for k in headerIndices + Array(firstData..<rowNumbers.count) { for j in e.range(ofRowAt: k) { used[Int(e.col[j])] = true } }
        columns = used.indices.filter { used[$0] }
        // The grid costs rows × columns; a sparse sheet (a few cells spread far apart) may not
        // cost more than its cells do, and no sheet more than 400 million cells.
        let (area, overflow) = dataRows.count.multipliedReportingOverflow(by: columns.count)
        guard !overflow, area < 400_000_000, area <= max(16 * e.row.count, 10_000_000) else {
            throw Diagnostic(.data, "\(shown): sheet '\(sheet)' spreads \(e.row.count) cells over \(dataRows.count) rows × \(columns.count) columns",
                             hint: "name the part that holds the table: range \"A1:H1000\"")
        }
        var colPos = [Int32](repeating: -1, count: 16_385)
        for (k, c) in columns.enumerated() { colPos[c] = Int32(k) }
        let width = columns.count
        var at = [Int32](repeating: -1, count: dataRows.count * width)
        for p in 0..<dataRows.count {
            for j in e.range(ofRowAt: firstData + p) { at[p * width + Int(colPos[Int(e.col[j])])] = e.cell[j] }
        }
        self.at = at
        // Names: the header cells' text (of both rows for a two-row header), or the letter.
        var taken = Set<String>()
        var parts = [[String]](repeating: [], count: width)
        for k in headerIndices {
            for j in e.range(ofRowAt: k) {
                let s = Self.fold(cells.display(Int(e.cell[j])))
                let c = Int(colPos[Int(e.col[j])])
                if !s.isEmpty && parts[c].last != s { parts[c].append(s) }
            }
        }
        names = columns.enumerated().map { k, c in
            // Under a merged "Năm", a year names its column alone (2022, which unpivot makes an
            // int), not "Năm 2022".
            let yearUnderGroup = parts[k].count == 2 && Int(parts[k][1]).map { (1900...2200).contains($0) } == true
            let base = parts[k].isEmpty ? CellArea.letters(c) : yearUnderGroup ? parts[k][1] : parts[k].joined(separator: " ")
            var unique = base, suffix = 2
            while taken.contains(unique) { unique = "\(base)_\(suffix)"; suffix += 1 }
            taken.insert(unique)
            return unique
        }
    }

    /// The cells holding something, with each merged area's value repeated over its empty
    /// cells, sorted by row then column (cells come in that order from the sheet already; a
    /// sort happens only when merges add cells or a writer put them out of order).
    private static func entries(_ cells: SheetCells, shown: String, sheet: String) throws -> Entries {
        var e = Entries()
        let blank = cells.blankTexts()
        e.row.reserveCapacity(cells.count); e.col.reserveCapacity(cells.count); e.cell.reserveCapacity(cells.count)
        for i in 0..<cells.count where cells.kinds[i] != .text || !blank[Int(cells.numbers[i])] {
            e.row.append(cells.rows[i]); e.col.append(cells.cols[i]); e.cell.append(Int32(i))
        }
        var sorted = zip(e.row, e.col).adjacentPairsSorted()
        if !cells.merges.isEmpty {
            // Every cell by position (one lookup per cell, never a scan of the merges per cell:
            // 200,000 merges cost what their cells cost). A merged area is filled only within the
            // rows and columns that hold cells, and the fill is bounded by the cells themselves.
            var at: [Int64: Int32] = [:]
            at.reserveCapacity(e.row.count)
            for j in e.row.indices { at[Int64(e.row[j]) << 16 | Int64(e.col[j])] = e.cell[j] }
            let bottom = Int(e.row.max() ?? 0), right = Int(e.col.max() ?? 0)
            let budget = max(4 * cells.count, 1_000_000)
            var filled = 0
            for (k, m) in cells.merges.enumerated() {
                if k & 1023 == 0 { try Interrupt.check() }
                guard let origin = at[Int64(m.top) << 16 | Int64(m.left)], m.top <= bottom, m.left <= right else { continue }
                for r in m.top...min(m.bottom, bottom) {
                    for c in m.left...min(m.right, right) where at[Int64(r) << 16 | Int64(c)] == nil {
                        filled += 1
                        guard filled <= budget else {
                            throw Diagnostic(.data, "\(shown): sheet '\(sheet)' has merged areas covering more than \(budget) empty cells (the first at \(CellArea.reference(row: m.top, column: m.left)))",
                                             hint: "read the part that holds the table: range \"A1:H1000\"")
                        }
                        at[Int64(r) << 16 | Int64(c)] = origin
                        e.row.append(Int32(r)); e.col.append(Int32(c)); e.cell.append(origin)
                        sorted = false
                    }
                }
            }
        }
        if !sorted {
            let order = e.row.indices.sorted { (e.row[$0], e.col[$0]) < (e.row[$1], e.col[$1]) }
            e.row = order.map { e.row[$0] }; e.col = order.map { e.col[$0] }; e.cell = order.map { e.cell[$0] }
        }
        for j in e.row.indices where j == 0 || e.row[j] != e.row[j - 1] {
            e.rowNumbers.append(Int(e.row[j])); e.rowStart.append(j)
        }
        e.rowStart.append(e.row.count)
        return e
    }

    /// Whitespace (line breaks in a header cell included) folded to single spaces, NFC.
    static func fold(_ s: String) -> String {
        Unicode.nfc(s.split(whereSeparator: \.isWhitespace).joined(separator: " "))
    }

    /// The header: among the first 30 rows with cells, the first at least half as wide as the
    /// widest of them and at least half text or years (a yearbook's header is "Tỉnh" then
    /// 2022, 2023, 2024 as numbers). A title merged across the table, or a unit line
    /// ("Đơn vị tính: %"), is one cell wide and never the header. A row
    /// with a merged area spanning columns whose next row has cells under it is a two-row
    /// header ("Chỉ tiêu" over "Giá trị": "Chỉ tiêu Giá trị"; years under "Năm" keep their own names).
    private static func detectHeader(_ e: Entries, _ cells: SheetCells) -> [Int] {
        let head = 0..<min(30, e.rowNumbers.count)
        // Width counts a merged area once, so a title merged across the table is narrow.
        func width(_ k: Int) -> Int { Set(e.range(ofRowAt: k).map { e.cell[$0] }).count }
        let widest = head.map(width).max() ?? 0
        guard let k = head.dropLast().first(where: { k in
            let range = e.range(ofRowAt: k)
            let texts = range.filter { cells.kinds[Int(e.cell[$0])] == .text }.count
            let years = range.filter { cells.isYearLike(Int(e.cell[$0])) }.count
            // Years alone make a header only when there are several, in order (2022, 2023, …).
            let yearRun = years >= 2 && zip(range.dropFirst(), range).allSatisfy { b, a in
                !cells.isYearLike(Int(e.cell[b])) || !cells.isYearLike(Int(e.cell[a])) || cells.numbers[Int(e.cell[b])] > cells.numbers[Int(e.cell[a])] }
            let headerLike = texts + (yearRun ? years : 0)
            return width(k) * 2 >= widest && headerLike * 2 >= range.count && (texts > 0 || yearRun)
        }) else { return [] }
        let h = e.rowNumbers[k]
        let spanning = cells.merges.filter { $0.top == h && $0.bottom == h && $0.right > $0.left }
        // The row below labels the merged group's columns: text, or years written as numbers.
        guard k + 2 < e.rowNumbers.count, e.rowNumbers[k + 1] == h + 1 else { return [h] }
        let below = e.range(ofRowAt: k + 1)
        if spanning.contains(where: { m in below.contains { Int(e.col[$0]) >= m.left && Int(e.col[$0]) <= m.right } }),
           below.allSatisfy({ cells.kinds[Int(e.cell[$0])] == .text || cells.isYearLike(Int(e.cell[$0])) }) {
            return [h, h + 1]
        }
        return [h]
    }

    func describe(sheet: String, position: Int, sheetCount: Int) -> String {
        let header = headerRows.isEmpty ? "no header row" : headerRows.count == 1 ? "header row \(headerRows[0])" : "header rows \(headerRows[0])–\(headerRows.last!)"
        let span = dataRows.isEmpty ? "no data rows" : "data rows \(dataRows.first!)–\(dataRows.last!)"
        return "sheet '\(sheet)'\(sheetCount > 1 ? " (\(position) of \(sheetCount))" : ""): \(header), \(span)"
    }
}

extension Zip2Sequence where Sequence1 == [Int32], Sequence2 == [Int32] {
    /// Whether the (row, column) pairs are in ascending order.
    func adjacentPairsSorted() -> Bool {
        var previous: (Int32, Int32)? = nil
        for p in self {
            if let q = previous, (p.0, p.1) < q { return false }
            previous = p
        }
        return true
    }
}

extension SheetCells {
    /// A cell as text: what a header or a text column shows.
    func display(_ i: Int) -> String {
        switch kinds[i] {
        case .text, .error: return texts[Int(numbers[i])]
        case .bool: return numbers[i] != 0 ? "true" : "false"
        case .number: return NumberFormat.plain(numbers[i])
        case .date: return Self.dateText(numbers[i])
        }
    }


    /// `2024-03-01`, or `2024-03-01 13:30:00` when the cell has a time of day.
    static func dateText(_ days: Double) -> String {
        // Rounded to the second first, so 45000.99999999 is the next midnight, never "24:00:00".
        let total = (days * 86_400).rounded()
        let whole = (total / 86_400).rounded(.down)
        guard abs(whole) < 3_000_000 else { return NumberFormat.plain(days) }
        let date = CivilDate.format(Int32(whole))
        let seconds = Int(total - whole * 86_400)
        guard seconds > 0 else { return date }
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(date) \(two(seconds / 3600)):\(two(seconds / 60 % 60)):\(two(seconds % 60))"
    }

    func isYearLike(_ i: Int) -> Bool { kinds[i] == .number && numbers[i] == numbers[i].rounded() && numbers[i] >= 1900 && numbers[i] <= 2200 }
}
