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
        var notes = [grid.describe(sheet: sheet.name, sheetCount: book.sheets.count)]
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

    /// Whether cell `i` holds something (a text cell of only spaces holds nothing).
    func holdsValue(_ i: Int) -> Bool {
        kinds[i] != .text || !texts[Int(numbers[i])].allSatisfy(\.isWhitespace)
    }
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

    init(_ cells: SheetCells, options: SheetOptions, shown: String, sheet: String) throws {
        self.cells = cells
        // Cell index by (row, column) for the cells that hold something, merged areas repeated.
        var byRow: [Int: [(col: Int, cell: Int)]] = [:]
        for i in 0..<cells.count where cells.holdsValue(i) { byRow[Int(cells.rows[i]), default: []].append((Int(cells.cols[i]), i)) }
        var origin: [Int: Int] = [:]    // first cell of a merged area → its cell index
        for (r, list) in byRow { for (c, i) in list { origin[r << 16 | c] = i } }
        for m in cells.merges {
            guard let i = origin[m.top << 16 | m.left] else { continue }
            for r in m.top...m.bottom {
                for c in m.left...m.right where !(r == m.top && c == m.left) && origin[r << 16 | c] == nil {
                    byRow[r, default: []].append((c, i))
                    origin[r << 16 | c] = i
                }
            }
        }
        let rowNumbers = byRow.keys.sorted()
        guard !rowNumbers.isEmpty else {
            throw Diagnostic(.data, "\(shown): sheet '\(sheet)' has no cells\(options.range.map { " in \($0.description)" } ?? "")",
                             hint: "name another sheet (sheet \"Name\" or sheet 2) or range")
        }
        // Header rows.
        switch options.header {
        case .none: headerRows = []
        case .row(let r):
            guard byRow[r] != nil else {
                throw Diagnostic(.data, "\(shown): sheet '\(sheet)' row \(r), named as the header, is empty\(options.range.map { " in \($0.description)" } ?? "")",
                                 hint: "the first row with cells is \(rowNumbers[0])")
            }
            headerRows = [r]
        case .detect:
            headerRows = Self.detectHeader(rowNumbers, byRow, cells)
        }
        let lastHeader = headerRows.last ?? 0
        dataRows = rowNumbers.filter { $0 > lastHeader }
        var columnSet = Set<Int>()
        for r in headerRows + dataRows { for (c, _) in byRow[r] ?? [] { columnSet.insert(c) } }
        columns = columnSet.sorted()
        guard dataRows.count.multipliedReportingOverflow(by: columns.count).partialValue < 400_000_000 else {
            throw Diagnostic(.data, "\(shown): sheet '\(sheet)' spans \(dataRows.count) rows × \(columns.count) columns", hint: "name the part to read with range \"A1:H1000\"")
        }
        var colPos = [Int: Int](); for (k, c) in columns.enumerated() { colPos[c] = k }
        var at = [Int32](repeating: -1, count: dataRows.count * columns.count)
        for (p, r) in dataRows.enumerated() { for (c, i) in byRow[r]! { at[p * columns.count + colPos[c]!] = Int32(i) } }
        self.at = at
        // Names: the header cells' text (of both rows for a two-row header), or the letter.
        var taken = Set<String>()
        let headerRows = self.headerRows
        names = columns.map { c in
            var parts: [String] = []
            for r in headerRows {
                guard let i = byRow[r]?.first(where: { $0.col == c })?.cell else { continue }
                let s = Self.fold(cells.display(i))
                if !s.isEmpty && parts.last != s { parts.append(s) }
            }
            let base = parts.isEmpty ? CellArea.letters(c) : parts.joined(separator: " ")
            var unique = base, suffix = 2
            while taken.contains(unique) { unique = "\(base)_\(suffix)"; suffix += 1 }
            taken.insert(unique)
            return unique
        }
    }

    /// Whitespace (line breaks in a header cell included) folded to single spaces, NFC.
    static func fold(_ s: String) -> String {
        Unicode.nfc(s.split(whereSeparator: \.isWhitespace).joined(separator: " "))
    }

    /// The header: among the first 30 rows with cells, the first at least half as wide as the
    /// widest of them and at least half text (years across the columns may be numbers). A row
    /// with a merged area spanning columns whose next row has cells under it is a two-row
    /// header ("Năm" over 2021, 2022, …: the names become "Năm 2021", …).
    static func detectHeader(_ rows: [Int], _ byRow: [Int: [(col: Int, cell: Int)]], _ cells: SheetCells) -> [Int] {
        let head = Array(rows.prefix(30))
        // Width counts a merged area once, so a title merged across the table is narrow.
        func width(_ r: Int) -> Int { Set(byRow[r]!.map(\.cell)).count }
        let widest = head.map(width).max() ?? 0
        guard let h = head.dropLast().first(where: { r in
            let list = byRow[r]!
            let texts = list.filter { cells.kinds[$0.cell] == .text }.count
            return width(r) * 2 >= widest && texts * 2 >= list.count && texts > 0
        }) else { return [] }
        let spanning = cells.merges.filter { $0.top == h && $0.bottom == h && $0.right > $0.left }
        let next = h + 1
        // The row below labels the merged group's columns: text, or years written as numbers.
        if let below = byRow[next], rows.contains(where: { $0 > next }),
           spanning.contains(where: { m in below.contains { $0.col >= m.left && $0.col <= m.right } }),
           below.allSatisfy({ cells.kinds[$0.cell] == .text || cells.isYearLike($0.cell) }) {
            return [h, next]
        }
        return [h]
    }

    func describe(sheet: String, sheetCount: Int) -> String {
        let header = headerRows.isEmpty ? "no header row" : headerRows.count == 1 ? "header row \(headerRows[0])" : "header rows \(headerRows[0])–\(headerRows.last!)"
        let span = dataRows.isEmpty ? "no data rows" : "data rows \(dataRows.first!)–\(dataRows.last!)"
        return "sheet '\(sheet)'\(sheetCount > 1 ? " (1 of \(sheetCount))" : ""): \(header), \(span)"
    }
}

extension SheetCells {
    /// A cell as text: what a header or a text column shows.
    func display(_ i: Int) -> String {
        switch kinds[i] {
        case .text, .error: return texts[Int(numbers[i])]
        case .bool: return numbers[i] != 0 ? "true" : "false"
        case .number: return Self.numberText(numbers[i])
        case .date: return Self.dateText(numbers[i])
        }
    }

    /// Whole numbers without ".0" (a year header 2021 is "2021").
    static func numberText(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 9.007199254740992e15 { return String(Int64(v)) }
        return NumberFormat.shortest(v)
    }

    /// `2024-03-01`, or `2024-03-01 13:30:00` when the cell has a time of day.
    static func dateText(_ days: Double) -> String {
        let whole = days.rounded(.down)
        let date = CivilDate.format(Int32(whole))
        let seconds = Int(((days - whole) * 86_400).rounded())
        guard seconds > 0 else { return date }
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(date) \(two(seconds / 3600)):\(two(seconds / 60 % 60)):\(two(seconds % 60))"
    }

    func isYearLike(_ i: Int) -> Bool { kinds[i] == .number && numbers[i] == numbers[i].rounded() && numbers[i] >= 1900 && numbers[i] <= 2200 }
}
