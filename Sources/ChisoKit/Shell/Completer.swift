import Foundation

/// What Tab offers, given the statement typed so far and the cursor: statement keywords at
/// the start, stage keywords after `|`, table names after `from`/`join`/`describe`, file paths
/// inside the string of `load "…"` and `export "…"`, and inside a stage the columns of the
/// pipeline's table *as it is at that stage* (after earlier derive/select/group), functions and
/// operators.
public struct Completer {
    let session: Session
    /// Where relative paths are listed from.
    let directory: String

    public init(session: Session, directory: String? = nil) {
        self.session = session
        self.directory = directory ?? session.workingDirectory
    }

    static let breakCharacters = Set(" \t\n\"'`@$><=;|&{(,")
    static let operatorWords = ["and", "or", "not", "in", "between", "is", "null", "true", "false",
                                "starts_with", "ends_with", "contains"]

    /// Candidates that complete the word ending at `cursor` (a UTF-8 offset into `text`).
    public func candidates(_ text: String, cursor: Int) -> [String] {
        let bytes = Array(text.utf8)
        var before = String(decoding: bytes.prefix(min(cursor, bytes.count)), as: UTF8.self)
        // Only the statement being typed matters.
        if let semi = Self.lastUnquoted(";", in: before) { before = String(before[before.index(after: semi)...]) }
        if let path = Self.openString(before) {
            let w = Self.words(path.statement)
            if w.last == "plan", let bar = w.lastIndex(of: "|"), w.indices.contains(bar + 1), w[bar + 1] == "assess" {
                return planIds(path.prefix)
            }
            return pathCandidates(path.prefix, statement: path.statement)
        }
        var word = ""
        while let c = before.last, !Self.breakCharacters.contains(c) { word.insert(c, at: word.startIndex); before.removeLast() }
        let previous = Self.words(before)
        let options: [String]
        if before.hasSuffix("$") {
            // $params: the parameters declared so far.
            let folded = Fold.fold(word)
            return session.parameters.keys.filter { Fold.fold($0).hasPrefix(folded) }.sorted()
        }
        switch previous.last {
        case nil:
            options = Parser.statementKeywords + Parser.commandKeywords + ["history", "last", "quit"]
        case "|":
            options = Parser.stageKeywords
        case let w? where w == "from" || w == "describe" || StageRegistry.all.contains(where: { $0.tableWords.contains(w) }):
            options = session.catalog.namesAndAliases
        case "help":
            options = Help.allNames
        case "as":
            options = []
        default:
            if previous.first == "let" && previous.count == 2 { return [] }
            options = columns(before) + ScalarFunction.all.map(\.name) + stageWords(previous)
                + (Self.insideBraces(before) ? AggregateFunction.all.map(\.name) : []) + Self.operatorWords
        }
        let folded = Fold.fold(word)
        // The word itself stays a candidate: `from survey` then Tab lists survey and survey_indicators.
        return Array(Set(options.filter { Fold.fold($0).hasPrefix(folded) })).sorted()
    }

    /// Plan ids for `assess plan "…"` (the plans table is small; reading it is the point here).
    func planIds(_ prefix: String) -> [String] {
        // The plans' ids, else the plan column of the targets.
        let source = [("plans", "id"), ("targets", "plan")].lazy.compactMap { t, c -> Column? in
            (try? self.session.table(named: t))?.flatMap { $0.column(c) }
        }.first
        guard let ids = source else { return [] }
        let all = (0..<ids.count).compactMap { ids.isNull($0) ? nil : ids.value(at: $0).description }
        return Array(Set(all.filter { $0.hasPrefix(prefix) })).sorted()
    }

    /// The columns of the pipeline before the stage being typed, found by planning the text up
    /// to the last `|`; the source table's columns if that does not plan.
    func columns(_ before: String) -> [String] { schema(before)?.names ?? [] }

    /// The schema of the pipeline before the stage being typed (names and types), for
    /// completion and for the notebook's and editor's inspection of a column.
    public func schema(_ before: String) -> Schema? {
        guard let bar = Self.lastUnquoted("|", in: before) else { return sourceTable(before) }
        var prefix = String(before[..<bar])
        if let eq = prefix.range(of: "="), prefix.trimmingCharacters(in: .whitespaces).hasPrefix("let ") {
            prefix = String(prefix[eq.upperBound...])
        }
        let source = SourceFile(name: "<completion>", text: prefix)
        // Binding reads no rows: completion never triggers a CSV read.
        if let statements = try? Parser.parse(source, parameters: session.parameters), case .query(let p)? = statements.last,
           let plan = try? session.bind(p, source) {
            return plan.schema
        }
        return sourceTable(before)
    }

    /// The words the stage being typed accepts (`by`, `to`, method names…).
    func stageWords(_ words: [String]) -> [String] {
        guard let bar = words.lastIndex(of: "|"), bar + 1 < words.count,
              let stage = StageRegistry.stage(words[bar + 1]) else { return [] }
        return stage.completionWords
    }

    /// The schema of the table after the last `from` (from the catalog, without reading rows).
    func sourceTable(_ text: String) -> Schema? {
        let w = Self.words(text)
        guard let i = w.lastIndex(of: "from"), i + 1 < w.count else { return nil }
        return try? session.catalog.schema(of: w[i + 1])
    }

    func pathCandidates(_ prefix: String, statement: String) -> [String] {
        let w = Self.words(statement)
        guard w.first == "load" || w.first == "run" || w.last == "from" || w.contains("export") || w.last == "to" else { return [] }
        // Files the statement can use, by the format registry: a load or from lists what some
        // format reads, an export what some format writes, run its scripts.
        let wanted: Set<String>? = w.first == "run" ? ["chiso"]
            : w.contains("export") ? Set(FileFormats.writable.flatMap(\.exportExtensions))
            : w.last == "to" ? ["svg"]
            : Set(FileFormats.readable.flatMap(\.extensions) + ["txt"])
        let expanded = prefix.hasPrefix("~/") ? NSHomeDirectory() + prefix.dropFirst(1) : prefix
        let dirPart = expanded.contains("/") ? String(expanded[...expanded.lastIndex(of: "/")!]) : ""
        let namePart = expanded.contains("/") ? String(expanded[expanded.index(after: expanded.lastIndex(of: "/")!)...]) : expanded
        let shownDir = prefix.contains("/") ? String(prefix[...prefix.lastIndex(of: "/")!]) : ""
        let listDir = dirPart.hasPrefix("/") ? dirPart : (directory + "/" + dirPart)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: listDir) else { return [] }
        var out: [String] = []
        for n in names.sorted() where n.hasPrefix(namePart) && (!n.hasPrefix(".") || namePart.hasPrefix(".")) {
            var isDir: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: listDir + "/" + n, isDirectory: &isDir)
            if !isDir.boolValue, let wanted, !wanted.contains(FileFormats.fileExtension(n) ?? "") { continue }
            out.append(shownDir + n + (isDir.boolValue ? "/" : ""))
        }
        return out
    }

    // MARK: - Scanning helpers (tolerant of unfinished input, unlike the lexer)

    /// If the text ends inside a string: what the string holds so far and the statement before it.
    static func openString(_ s: String) -> (prefix: String, statement: String)? {
        var quote: Character? = nil
        var start = s.startIndex
        var i = s.startIndex
        while i < s.endIndex {
            let c = s[i]
            if let q = quote {
                if c == q { quote = nil }
            } else if c == "\"" || c == "'" {
                quote = c; start = s.index(after: i)
            } else if c == "-", s.index(after: i) < s.endIndex, s[s.index(after: i)] == "-" {
                while i < s.endIndex && s[i] != "\n" { i = s.index(after: i) }
                continue
            }
            i = s.index(after: i)
        }
        guard quote != nil else { return nil }
        return (String(s[start...]), String(s[..<s.index(before: start)]))
    }

    static func lastUnquoted(_ ch: Character, in s: String) -> String.Index? {
        var quote: Character? = nil
        var found: String.Index? = nil
        for i in s.indices {
            let c = s[i]
            if let q = quote { if c == q { quote = nil }; continue }
            if c == "\"" || c == "'" { quote = c } else if c == ch { found = i }
        }
        return found
    }

    static func insideBraces(_ s: String) -> Bool {
        var depth = 0
        for c in s { if c == "{" { depth += 1 } else if c == "}" { depth -= 1 } }
        return depth > 0
    }

    /// Words and `|` of the text, skipping strings and comments.
    static func words(_ s: String) -> [String] {
        var out: [String] = []
        var cur = ""
        var quote: Character? = nil
        var chars = Array(s)
        var i = 0
        func flush() { if !cur.isEmpty { out.append(cur); cur = "" } }
        while i < chars.count {
            let c = chars[i]
            if let q = quote { if c == q { quote = nil; out.append("\"…\"") }; i += 1; continue }
            if c == "\"" || c == "'" { flush(); quote = c; i += 1; continue }
            if c == "-" && i + 1 < chars.count && chars[i + 1] == "-" {
                while i < chars.count && chars[i] != "\n" { i += 1 }
                continue
            }
            if c == "|" { flush(); out.append("|") } else if c.isLetter || c.isNumber || c == "_" { cur.append(c) } else { flush() }
            i += 1
        }
        flush()
        chars.removeAll()
        return out
    }
}
