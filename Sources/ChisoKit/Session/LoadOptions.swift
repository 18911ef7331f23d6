import Foundation

/// The options of a `load` (or `from "file"`), read once from the syntax into settings every
/// format understands. Which of them a file takes is its format's to say (`FileFormat.
/// loadOptions`): one that does not apply is a located error naming the formats that take it,
/// never ignored.
public struct LoadSettings: Sendable {
    public enum Labels: String, Sendable { case text, codes }

    /// nil: detected from the header line.
    public var delimiter: UInt8?
    public var header = true
    /// A workbook's header row (1-based, as the sheet shows it).
    public var headerRow: Int?
    public var nullTokens: [String] = []
    public var types: [String: DataType] = [:]
    public var separators = NumberSeparators.standard
    /// As written; each format checks the names it knows.
    public var encoding: String?
    public var sheet: SheetChoice?
    public var range: CellArea?
    /// A labelled variable reads as its labels (text), or as its codes.
    public var labels = Labels.text
    /// Keep the codes a file declares missing instead of reading them as null.
    public var keepMissing = false
    /// Where each option was written, for the format's own checks.
    public var spans: [String: Span] = [:]

    public init() {}

    /// Every option any built-in or registered format may take, with the value each expects.
    static let examples: [String: String] = [
        "delim": "delim = \";\"", "header": "header = false (or a workbook's header 3)", "null": "null = \"NA\"",
        "types": "types = (code = text)", "decimal": "decimal = \",\"", "thousands": "thousands = \".\"",
        "encoding": "encoding = \"windows-1258\"", "sheet": "sheet \"Data\" or sheet 2", "range": "range \"A3:H40\"",
        "labels": "labels = codes (or labels = text, the default)", "missing": "missing = keep (or missing = null, the default)",
    ]
}

extension Session {
    /// The format of `path` and the settings its options give, checked against that format.
    func loadSettings(path: String, _ options: [LoadOption], _ source: SourceFile) throws -> (any FileFormat, LoadSettings) {
        let format = FileFormats.format(forPath: path)
        var s = LoadSettings()
        var decimal: UInt8? = nil, thousands: UInt8? = nil
        func fail(_ msg: String, _ span: Span, hint: String? = nil) -> Diagnostic {
            Diagnostic(.type, msg, at: span, hint: hint).inSource(source)
        }
        func oneCharacter(_ text: String, _ span: Span, _ option: String) throws -> UInt8 {
            let b = Array(text.utf8)
            guard b.count == 1, b[0] != UInt8(ascii: "\""), b[0] != 10, b[0] != 13 else {
                throw fail("\(option) must be one character", span, hint: option == "delim" ? "delim = \";\" or delim = \"\\t\"" : "\(option) = \",\"")
            }
            return b[0]
        }
        let here = "options for \(format.title): " + format.loadOptions.joined(separator: ", ")
        for opt in options {
            let name = opt.name.text
            // null may be given several times, one token each.
            guard s.spans[name] == nil || name == "null" else { throw fail("option '\(name)' is given twice", opt.name.span) }
            guard LoadSettings.examples[name] != nil, FileFormats.loadOptionNames.contains(name) else {
                throw fail("unknown load option '\(name)'", opt.name.span,
                           hint: NameSuggestion.hint(for: name, in: format.loadOptions) ?? here)
            }
            guard format.loadOptions.contains(name) else {
                throw fail("option '\(name)' applies to \(FileFormats.takingLoadOption(name)), not to \(path) (\(format.name))", opt.name.span, hint: here)
            }
            if case .literal(_, let at) = opt.value { s.spans[name] = at } else { s.spans[name] = opt.name.span }
            switch (name, opt.value) {
            case ("delim", .literal(.text(let d), let span)):
                s.delimiter = try oneCharacter(d, span, "delim")
            case ("header", .literal(.bool(let h), _)):
                s.header = h
            case ("header", .literal(.int(let r), let span)):
                guard r >= 1 && r <= 1_048_576 else { throw fail("header row \(r) is not a sheet row (1 to 1048576)", span) }
                s.headerRow = Int(r)
            case ("null", .literal(.text(let t), _)):
                s.nullTokens.append(t)
            case ("types", .pairs(let pairs)):
                for (col, t) in pairs {
                    guard let type = DataType(rawValue: t.text), type != .null else {
                        throw fail("unknown type '\(t.text)'", t.span, hint: "types are int, float, text, bool, date")
                    }
                    s.types[col.text] = type
                }
            case ("decimal", .literal(.text(let t), let span)):
                let c = try oneCharacter(t, span, "decimal")
                guard c == UInt8(ascii: ".") || c == UInt8(ascii: ",") else { throw fail("decimal must be \".\" or \",\"", span) }
                decimal = c
                s.spans["decimal"] = span
            case ("thousands", .literal(.text(let t), let span)):
                let c = try oneCharacter(t, span, "thousands")
                guard [".", ",", " ", "'"].contains(Character(Unicode.Scalar(c))) else {
                    throw fail("thousands must be \".\", \",\", \" \" or \"'\"", span)
                }
                thousands = c
            case ("encoding", .literal(.text(let t), let span)):
                s.encoding = t
                s.spans["encoding"] = span
            case ("sheet", .literal(.text(let t), _)):
                s.sheet = .name(t)
            case ("sheet", .literal(.int(let i), let span)):
                guard i >= 1 else { throw fail("sheets are numbered from 1", span) }
                s.sheet = .index(Int(i))
            case ("range", .literal(.text(let t), let span)):
                guard let area = CellArea(t.uppercased()) else { throw fail("'\(t)' is not a cell range", span, hint: "range \"A3:H40\"") }
                s.range = area
            case ("labels", .literal(.text(let t), let span)):
                guard let l = LoadSettings.Labels(rawValue: t) else {
                    throw fail("labels is text (a labelled code reads as its label) or codes", span, hint: "labels = codes")
                }
                s.labels = l
            case ("missing", .literal(let v, let span)):
                switch v {
                case .null, .text("null"): s.keepMissing = false
                case .text("keep"): s.keepMissing = true
                default: throw fail("missing is null (codes the file declares missing read as null) or keep", span, hint: "missing = keep")
                }
            default:
                throw fail("wrong value for option '\(name)'", opt.name.span, hint: LoadSettings.examples[name])
            }
        }
        if decimal != nil || thousands != nil {
            let seps = NumberSeparators(decimal: decimal ?? UInt8(ascii: "."), thousands: thousands)
            if seps.thousands == seps.decimal {
                throw fail("decimal and thousands are the same character", s.spans["decimal"] ?? options[0].name.span, hint: "decimal = \",\", thousands = \".\"")
            }
            s.separators = seps
        }
        do { try format.check(s) } catch let d as Diagnostic { throw d.inSource(source) }
        return (format, s)
    }

    /// Reads the whole table a `load` names, showing the format's notes (the sheet and header
    /// row used, missing codes read as null) as notices.
    func readFile(path: String, pathSpan: Span, _ format: any FileFormat, _ settings: LoadSettings,
                  progress line: ProgressLine?) throws -> ReadResult {
        do {
            var request = ReadRequest(path: resolve(path), shown: path, settings: settings)
            // A file's columns take about one and a half times its size while they are built.
            var st = stat()
            if stat(request.path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG {
                try MemoryGuard.check(Int(st.st_size) + Int(st.st_size) / 2, for: "load \(path)", memoryLimit: options.memoryLimit,
                                      hint: "load a smaller file (a part of it, or fewer columns)")
            }
            if let line { request.progress = { line.advance($0, rows: $1) } }
            let r = try HeapPolicy.whileLoading { try format.read(request) }
            for n in r.notes { show(.notice(n)) }
            return r
        } catch var d as Diagnostic {
            d.span = pathSpan
            throw d
        }
    }
}
