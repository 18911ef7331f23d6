/// The cells of one worksheet as stored in its XML: position, kind, and the number or text.
/// Formulas are read by their cached value (what the spreadsheet last showed).
struct SheetCells {
    enum Kind: UInt8 { case number, date, text, bool, error }

    /// Parallel arrays, one entry per non-empty cell, in document order (row by row).
    var rows: [Int32] = []
    var cols: [Int32] = []
    var kinds: [Kind] = []
    /// The number (or date serial, or 0/1 for a bool), or the index into `texts`.
    var numbers: [Double] = []
    var texts: [String] = []
    /// Merged areas as 1-based (row, column) corners.
    var merges: [CellArea] = []

    var count: Int { rows.count }

    init(_ bytes: [UInt8], workbook: Workbook, sheet: String) throws {
        // Shared strings keep their index (a text repeated down a column is one entry, typed
        // and interned once); inline and formula strings are appended after them.
        texts = workbook.sharedStrings
        let x = XMLScanner(bytes)
        var row: Int32 = 0
        var col: Int32 = 0
        var kindAttr = CellType.number
        var style = 0
        var value: Range<Int>? = nil
        var valueText: String? = nil
        var inlineText: String? = nil
        var inV = false, inInlineT = false, inPhonetic = false
        func where_() -> String { "sheet '\(sheet)' cell \(CellArea.reference(row: Int(row), column: Int(col)))" }
        do {
            loop: while true {
                switch try x.next() {
                case .start:
                    if x.named("c") {
                        // Excel's grid: 16,384 columns (XFD), 1,048,576 rows. A cell beyond it is a
                        // located error, never an index past the end.
                        guard col < 16_384 else {
                            throw Diagnostic(.data, "\(workbook.shown): sheet '\(sheet)' row \(row) has a cell past column XFD, the last Excel has",
                                             hint: "the workbook is damaged; open and save it again")
                        }
                        col += 1
                        if let r = x.attributeBytes("r") {
                            if let (rr, cc) = x.withBytes(r, CellArea.parseReference) { row = Int32(rr); col = Int32(cc) }
                        }
                        kindAttr = x.attributeBytes("t").map { r in x.withBytes(r, CellType.init) } ?? .number
                        style = x.attributeBytes("s").flatMap { r in x.withBytes(r) { CellParser.int($0, $1) } }.map(Int.init) ?? 0
                        value = nil; valueText = nil; inlineText = nil
                    } else if x.named("v") {
                        inV = true
                    } else if x.named("row") {
                        let next: Int
                        if let r = x.attributeBytes("r") {
                            guard let v = x.withBytes(r, { CellParser.int($0, $1) }).map({ Int($0) }) else {
                                throw Diagnostic(.data, "\(workbook.shown): sheet '\(sheet)' has a row numbered '\(x.decode(r))'",
                                                 hint: "the workbook is damaged; open and save it again")
                            }
                            next = v
                        } else {
                            next = Int(row) + 1
                        }
                        guard next >= 1 && next <= 1_048_576 else {
                            throw Diagnostic(.data, "\(workbook.shown): sheet '\(sheet)' has a row \(next), past row 1,048,576, the last Excel has",
                                             hint: "the workbook is damaged; open and save it again")
                        }
                        row = Int32(next)
                        col = 0
                    } else if x.named("is") {
                        inlineText = ""
                    } else if x.named("t"), inlineText != nil {
                        inInlineT = true
                    } else if x.named("rPh") {
                        inPhonetic = true
                    } else if x.named("mergeCell"), let ref = x.attribute("ref"), let area = CellArea(ref) {
                        merges.append(area)
                    }
                case .text:
                    if inV { value = x.textRange; if kindAttr != .number { valueText = x.text } }
                    else if inInlineT && !inPhonetic { inlineText! += x.text }
                case .end:
                    if x.named("v") { inV = false }
                    else if x.named("t") { inInlineT = false }
                    else if x.named("rPh") { inPhonetic = false }
                    else if x.named("c") {
                        try append(kind: kindAttr, style: style, value: value, valueText: valueText, inline: inlineText,
                                   x: x, workbook: workbook, at: where_, row: row, col: col)
                    }
                case .eof: break loop
                }
            }
        } catch let m as XMLScanner.Malformed {
            throw Diagnostic(.data, "\(workbook.shown): sheet '\(sheet)' is not well-formed XML at byte \(m.offset): \(m.reason)",
                             hint: "the workbook may be damaged; open and save it again")
        }
    }

    private mutating func append(kind: CellType, style: Int, value: Range<Int>?, valueText: String?, inline: String?,
                                 x: XMLScanner, workbook: Workbook, at where_: () -> String, row: Int32, col: Int32) throws {
        func push(_ k: Kind, _ v: Double) { rows.append(row); cols.append(col); kinds.append(k); numbers.append(v) }
        func pushText(_ k: Kind, _ s: String) { push(k, Double(texts.count)); texts.append(s) }
        switch kind {
        case .shared:
            guard let t = valueText, let i = Int(t.trimmingSpaces) else { return }
            guard i >= 0 && i < workbook.sharedStrings.count else {
                throw Diagnostic(.data, "\(workbook.shown): \(where_()) points to shared string \(i), but there are \(workbook.sharedStrings.count)",
                                 hint: "the workbook may be damaged; open and save it again")
            }
            push(.text, Double(i))
        case .inline:
            if let s = inline { pushText(.text, s) } else if let t = valueText { pushText(.text, t) }
        case .formulaText:
            if let t = valueText { pushText(.text, t) }
        case .bool:
            if let t = valueText { push(.bool, t.trimmingSpaces == "1" || t.trimmingSpaces == "true" ? 1 : 0) }
        case .error:
            if let t = valueText { pushText(.error, t) }
        case .isoDate:
            if let t = valueText {
                if let d = CivilDate.parse(String(t.prefix(10))), t.count == 10 || t.dropFirst(10).allSatisfy({ "T0:.Z".contains($0) }) {
                    push(.date, Double(d))
                } else { pushText(.text, t) }
            }
        case .number:
            guard let r = value else { return }
            let v = x.withBytes(r) { p, n -> Double? in
                var a = 0, b = n
                while a < b && p[a] == 32 { a += 1 }
                while b > a && p[b - 1] == 32 { b -= 1 }
                return CellParser.double(p + a, b - a)
            }
            guard let v, v.isFinite else {
                throw Diagnostic(.data, "\(workbook.shown): \(where_()) holds '\(x.decode(r))', which is not a number",
                                 hint: "the workbook may be damaged; open and save it again")
            }
            guard style >= 0 && style < workbook.dateStyles.count && workbook.dateStyles[style] else { return push(.number, v) }
            if let days = Self.epochDays(serial: v, date1904: workbook.date1904) { push(.date, days) } else {
                pushText(.error, "date serial \(NumberFormat.plain(v)) (no such day)")
            }
        }
    }

    /// Days since 1970-01-01 (chiso's day 0, with the time as a fraction) for a date serial.
    /// The 1900 system counts a 29 February 1900 that never was (Lotus 1-2-3's bug, kept by
    /// Excel): serials from 61 on are days since 1899-12-30, those below 60 since 1899-12-31,
    /// and 60 itself is no day. The 1904 system counts from 1904-01-01.
    static func epochDays(serial v: Double, date1904: Bool) -> Double? {
        // Excel's last day is 9999-12-31 (serial 2,958,465); beyond it is no date.
        guard v >= 0 && v < 2_958_466 else { return nil }
        if date1904 { return v - 24107 }
        if v >= 61 { return v - 25569 }
        if v < 60 { return v - 25568 }
        return nil
    }

    /// The `t` attribute of a cell (ECMA-376 Part 1, 18.18.11 ST_CellType).
    enum CellType {
        case number, shared, inline, formulaText, bool, error, isoDate

        init(_ p: UnsafePointer<UInt8>, _ n: Int) {
            switch (n, n > 0 ? p[0] : 0) {
            case (1, UInt8(ascii: "s")): self = .shared
            case (1, UInt8(ascii: "b")): self = .bool
            case (1, UInt8(ascii: "e")): self = .error
            case (1, UInt8(ascii: "d")): self = .isoDate
            case (3, UInt8(ascii: "s")): self = .formulaText
            case (9, UInt8(ascii: "i")): self = .inline
            default: self = .number
            }
        }
    }
}

/// A rectangle of cells, 1-based and inclusive: `A3:H40`, or one cell `B2`.
public struct CellArea: Sendable, Equatable {
    public var top: Int, left: Int, bottom: Int, right: Int

    public init(top: Int, left: Int, bottom: Int, right: Int) {
        self.top = top; self.left = left; self.bottom = bottom; self.right = right
    }

    /// `A3:H40`, `$A$3:$H$40`, `B2`; nil when it is not a reference.
    public init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 1 || parts.count == 2 else { return nil }
        let refs = parts.map { p -> (Int, Int)? in
            let b = Array(p.utf8.filter { $0 != UInt8(ascii: "$") })
            return b.withUnsafeBufferPointer { buf in buf.baseAddress.flatMap { Self.parseReference($0, buf.count) } }
        }
        guard let a = refs.first!, let b = refs.last! else { return nil }
        self.init(top: min(a.0, b.0), left: min(a.1, b.1), bottom: max(a.0, b.0), right: max(a.1, b.1))
    }

    func contains(row: Int, column: Int) -> Bool { row >= top && row <= bottom && column >= left && column <= right }

    /// `B12` → (12, 2).
    static func parseReference(_ p: UnsafePointer<UInt8>, _ n: Int) -> (Int, Int)? {
        var i = 0, col = 0
        while i < n, case let c = p[i] | 0x20, c >= UInt8(ascii: "a"), c <= UInt8(ascii: "z") {
            col = col * 26 + Int(c - UInt8(ascii: "a")) + 1
            i += 1
            if col > 16_384 { return nil }
        }
        guard i > 0, i < n else { return nil }
        var row = 0
        while i < n {
            let d = Int(p[i]) - 48
            guard d >= 0 && d <= 9 else { return nil }
            row = row * 10 + d
            if row > 1_048_576 { return nil }
            i += 1
        }
        return row >= 1 ? (row, col) : nil
    }

    /// The column letters: 1 → A, 27 → AA.
    static func letters(_ column: Int) -> String {
        var c = column, out: [Character] = []
        while c > 0 { let r = (c - 1) % 26; out.append(Character(Unicode.Scalar(UInt8(65 + r)))); c = (c - 1) / 26 }
        return String(out.reversed())
    }

    static func reference(row: Int, column: Int) -> String { letters(column) + String(row) }

    public var description: String { Self.reference(row: top, column: left) + ":" + Self.reference(row: bottom, column: right) }
}
