/// What `load` reads, from the file's extension and the options given: a CSV file, or one
/// sheet of a workbook. An option that does not apply to the file is an error, never ignored.
enum LoadSpec {
    case csv(CSVOptions)
    case sheet(SheetOptions)

    static func isWorkbook(_ path: String) -> Bool {
        let p = path.lowercased()
        return p.hasSuffix(".xlsx") || p.hasSuffix(".xlsm") || p.hasSuffix(".xls")
    }

    static let csvOnly = ["delim", "encoding"]
    static let sheetOnly = ["sheet", "range"]
    static let common = ["header", "null", "types", "decimal", "thousands"]
    static var all: [String] { common + csvOnly + sheetOnly }
}

extension Session {
    func loadSpec(path: String, _ options: [LoadOption], _ source: SourceFile) throws -> LoadSpec {
        let workbook = LoadSpec.isWorkbook(path)
        var csv = CSVOptions()
        var sheet = SheetOptions()
        var seen = Set<String>()
        var decimal: UInt8? = nil, thousands: UInt8? = nil
        var decimalSpan: Span? = nil
        func fail(_ msg: String, _ span: Span, hint: String? = nil) -> Diagnostic {
            Diagnostic(.type, msg, at: span, hint: hint).inSource(source)
        }
        func oneCharacter(_ s: String, _ span: Span, _ option: String) throws -> UInt8 {
            let b = Array(s.utf8)
            guard b.count == 1, b[0] != UInt8(ascii: "\""), b[0] != 10, b[0] != 13 else {
                throw fail("\(option) must be one character", span, hint: option == "delim" ? "delim = \";\" or delim = \"\\t\"" : "\(option) = \",\"")
            }
            return b[0]
        }
        for opt in options {
            let name = opt.name.text
            // null may be given several times, one token each.
            guard seen.insert(name).inserted || name == "null" else {
                throw fail("option '\(name)' is given twice", opt.name.span)
            }
            if workbook && LoadSpec.csvOnly.contains(name) {
                throw fail("option '\(name)' applies to CSV files, not to a workbook", opt.name.span,
                           hint: "a workbook's cells carry their own types and text; options here: sheet, range, header, null, types, decimal, thousands")
            }
            if !workbook && LoadSpec.sheetOnly.contains(name) {
                throw fail("option '\(name)' applies to workbooks (.xlsx), not to \(path)", opt.name.span,
                           hint: "a CSV file has one table; options here: delim, header, null, types, decimal, thousands, encoding")
            }
            switch (name, opt.value) {
            case ("delim", .literal(.text(let d), let span)):
                csv.delimiter = try oneCharacter(d, span, "delim")
            case ("header", .literal(.bool(let h), _)):
                csv.header = h
                sheet.header = h ? .detect : .none
            case ("header", .literal(.int(let r), let span)):
                guard workbook else { throw fail("a CSV file's header is its first line: header = true or false", span) }
                guard r >= 1 && r <= 1_048_576 else { throw fail("header row \(r) is not a sheet row (1 to 1048576)", span) }
                sheet.header = .row(Int(r))
            case ("null", .literal(.text(let s), _)):
                csv.nullTokens.append(s); sheet.nullTokens.append(s)
            case ("types", .pairs(let pairs)):
                for (col, t) in pairs {
                    guard let type = DataType(rawValue: t.text), type != .null else {
                        throw fail("unknown type '\(t.text)'", t.span, hint: "types are int, float, text, bool, date")
                    }
                    csv.types[col.text] = type; sheet.types[col.text] = type
                }
            case ("decimal", .literal(.text(let s), let span)):
                let c = try oneCharacter(s, span, "decimal")
                guard c == UInt8(ascii: ".") || c == UInt8(ascii: ",") else { throw fail("decimal must be \".\" or \",\"", span) }
                decimal = c; decimalSpan = span
            case ("thousands", .literal(.text(let s), let span)):
                let c = try oneCharacter(s, span, "thousands")
                guard [".", ",", " ", "'"].contains(Character(Unicode.Scalar(c))) else {
                    throw fail("thousands must be \".\", \",\", \" \" or \"'\"", span)
                }
                thousands = c
            case ("encoding", .literal(.text(let s), let span)):
                guard let e = TextEncoding(name: s) else {
                    throw fail("unknown encoding '\(s)'", span, hint: "encodings: " + TextEncoding.allCases.map(\.rawValue).joined(separator: ", "))
                }
                csv.encoding = e
            case ("sheet", .literal(.text(let s), _)):
                sheet.sheet = .name(s)
            case ("sheet", .literal(.int(let i), let span)):
                guard i >= 1 else { throw fail("sheets are numbered from 1", span) }
                sheet.sheet = .index(Int(i))
            case ("range", .literal(.text(let s), let span)):
                guard let area = CellArea(s.uppercased()) else {
                    throw fail("'\(s)' is not a cell range", span, hint: "range \"A3:H40\"")
                }
                sheet.range = area
            case (let n, _) where LoadSpec.all.contains(n):
                throw fail("wrong value for option '\(n)'", opt.name.span,
                           hint: ["delim": "delim = \";\"", "header": workbook ? "header 3 or header = false" : "header = false", "null": "null = \"NA\"",
                                  "types": "types = (code = text)", "decimal": "decimal = \",\"", "thousands": "thousands = \".\"",
                                  "encoding": "encoding = \"utf-16\"", "sheet": "sheet \"Data\" or sheet 2", "range": "range \"A3:H40\""][n])
            default:
                let names = workbook ? LoadSpec.common + LoadSpec.sheetOnly : LoadSpec.common + LoadSpec.csvOnly
                throw fail("unknown load option '\(name)'", opt.name.span,
                           hint: NameSuggestion.hint(for: name, in: names) ?? "options: " + names.joined(separator: ", "))
            }
        }
        if decimal != nil || thousands != nil {
            let seps = NumberSeparators(decimal: decimal ?? UInt8(ascii: "."), thousands: thousands)
            if seps.thousands == seps.decimal {
                throw fail("decimal and thousands are the same character", decimalSpan ?? options[0].name.span, hint: "decimal = \",\", thousands = \".\"")
            }
            if !workbook, let d = csv.delimiter, d == seps.decimal || d == seps.thousands {
                throw fail("the delimiter is also a number separator", decimalSpan ?? options[0].name.span,
                           hint: "files with decimal commas separate fields with ';' (delim = \";\")")
            }
            csv.separators = seps; sheet.numbers = seps
        }
        return workbook ? .sheet(sheet) : .csv(csv)
    }

    /// Reads the whole table a `load` names. Notes (the sheet and header row used, formula
    /// errors) are shown as notices.
    func readTable(path: String, pathSpan: Span, _ spec: LoadSpec, progress line: ProgressLine?) throws -> Table {
        do {
            switch spec {
            case .csv(var csv):
                if let line { csv.progress = { line.advance($0, rows: $1) } }
                return try HeapPolicy.whileLoading { try CSVReader.read(path: resolve(path), displayName: path, options: csv) }
            case .sheet(let sheet):
                let r = try SheetReader.read(path: resolve(path), displayName: path, options: sheet)
                for n in r.notes { show(.notice(n)) }
                return r.table
            }
        } catch var d as Diagnostic {
            d.span = pathSpan
            throw d
        }
    }
}
