import Foundation

/// The arguments of one call, already evaluated.
struct FunctionCall {
    let args: [Operand]
    let types: [DataType]
    let rowCount: Int
    let resultType: DataType
    let span: Span
    let evaluator: Evaluator
}

/// A row-wise function: its documentation, its type rule and its implementation.
public struct ScalarFunction: Sendable {
    public let name: String
    public let signature: String
    public let summary: String
    public let example: String
    let check: @Sendable ([Bound], Binder, Span) throws -> DataType
    let run: @Sendable (FunctionCall) throws -> Operand

    func evaluate(_ call: FunctionCall) throws -> Operand { try run(call) }

    public static func named(_ name: String) -> ScalarFunction? { all.first { $0.name == name } }

    public static let all: [ScalarFunction] = textFunctions + moreTextFunctions + logicFunctions + numberFunctions + conversionFunctions
}

// MARK: - Argument checking

extension Binder {
    func arity(_ args: [Bound], _ range: ClosedRange<Int>, _ name: String, _ span: Span, usage: String) throws {
        guard range.contains(args.count) else {
            let want = range.lowerBound == range.upperBound ? "\(range.lowerBound)" : "\(range.lowerBound) to \(range.upperBound)"
            throw error(.type, "\(name) takes \(want) argument\(range.upperBound == 1 ? "" : "s"), got \(args.count)", span,
                        hint: "usage: \(usage)")
        }
    }

    func expect(_ arg: Bound, _ types: [DataType], _ name: String) throws {
        guard types.contains(arg.type) || arg.type == .null else {
            throw error(.type, "\(name) needs \(types.map(\.rawValue).joined(separator: " or ")), found \(arg.type)",
                        arg.span, hint: types == [.text] ? "convert with text(…)" : nil)
        }
    }
}

private func unaryCheck(_ name: String, _ types: [DataType], result: @escaping @Sendable (DataType) -> DataType)
    -> @Sendable ([Bound], Binder, Span) throws -> DataType {
    return { args, binder, span in
        try binder.arity(args, 1...1, name, span, usage: "\(name)(x)")
        try binder.expect(args[0], types, name)
        return result(args[0].type)
    }
}

// MARK: - Per-value helpers

/// Applies `f` once per distinct text value and remaps the codes.
func mapText(_ call: FunctionCall, _ f: (String) -> String) -> Operand {
    switch call.args[0] {
    case .scalar(.text(let s)): return .scalar(.text(f(s)))
    case .scalar: return .scalar(.null)
    case .column(let c):
        guard case .text(let codes, let dict) = c.storage else { return .scalar(.null) }
        var b = TextDictionaryBuilder(capacity: dict.count)
        let remap = dict.strings.map { b.intern(f($0)) }
        let out = remap.isEmpty ? codes : codes.map { remap[Int($0)] }
        return .column(Column(.text(codes: out, dictionary: b.build()), validity: c.validity))
    }
}

/// Applies `f` once per distinct text value, producing a column of another type.
func mapTextToValues(_ call: FunctionCall, _ f: (String) -> Value) -> Operand {
    switch call.args[0] {
    case .scalar(.text(let s)): return .scalar(f(s))
    case .scalar: return .scalar(.null)
    case .column(let c):
        guard case .text(let codes, let dict) = c.storage else { return .scalar(.null) }
        let perEntry = dict.strings.map(f)
        return .column(buildColumn(type: call.resultType, count: call.rowCount) { i in
            c.isNull(i) || perEntry.isEmpty ? .null : perEntry[Int(codes[i])]
        })
    }
}

/// Builds a column of `type` from a per-row value function (slow path for rare functions).
func buildColumn(type: DataType, count n: Int, _ f: (Int) -> Value) -> Column {
    var valid = Validity(count: n, allValid: true)
    switch type {
    case .int:
        var a = [Int64](repeating: 0, count: n)
        for i in 0..<n { if case .int(let v) = f(i) { a[i] = v } else { valid.set(i, false) } }
        return Column(.int(a), validity: valid)
    case .float:
        var a = [Double](repeating: 0, count: n)
        for i in 0..<n {
            switch f(i) {
            case .float(let v): a[i] = v
            case .int(let v): a[i] = Double(v)
            default: valid.set(i, false)
            }
        }
        return Column(.float(a), validity: valid)
    case .bool:
        var a = [Bool](repeating: false, count: n)
        for i in 0..<n { if case .bool(let v) = f(i) { a[i] = v } else { valid.set(i, false) } }
        return Column(.bool(a), validity: valid)
    case .date:
        var a = [Int32](repeating: 0, count: n)
        for i in 0..<n { if case .date(let v) = f(i) { a[i] = v } else { valid.set(i, false) } }
        return Column(.date(a), validity: valid)
    case .text:
        var b = TextDictionaryBuilder()
        var a = [Int32](repeating: 0, count: n)
        for i in 0..<n { if case .text(let s) = f(i) { a[i] = b.intern(s) } else { valid.set(i, false) } }
        return Column(.text(codes: a, dictionary: b.build()), validity: valid)
    case .null:
        return Column(.null(count: n))
    }
}

/// Applies a numeric function row by row; nil results become null.
/// Undefined results (sqrt of a negative, ln of 0) are null, as division by zero is; a result
/// that overflows from a finite input (exp(1000)) is an error naming the call, as integer
/// overflow is — never a silent inf or NaN.
private func mapDouble(_ call: FunctionCall, _ f: (Double) -> Double?) throws -> Operand {
    func checked(_ x: Double, _ r: Double?) throws -> Value {
        guard let r else { return .null }
        if !r.isFinite && x.isFinite {
            throw call.evaluator.runtimeError("the result overflows a 64-bit float", call.span, hint: "the value is beyond ±1.8e308")
        }
        return r.isNaN ? .null : .float(r)
    }
    let arg = call.args[0]
    if case .scalar(let v) = arg {
        guard let d = v.double else { return .scalar(.null) }
        return .scalar(try checked(d, f(d)))
    }
    let view = DoubleView(arg)
    var failure: Error?
    let col = buildColumn(type: .float, count: call.rowCount) { i in
        if view.isNull(i) || failure != nil { return .null }
        do { return try checked(view[i], f(view[i])) } catch { failure = error; return .null }
    }
    if let failure { throw failure }
    return .column(col)
}

/// Evaluates per row on `Value`s: for functions whose cost is not in the hot path.
func perRow(_ call: FunctionCall, _ f: ([Value]) throws -> Value) throws -> Operand {
    if call.args.allSatisfy({ if case .scalar = $0 { return true } else { return false } }) {
        return .scalar(try f(call.args.map { $0.value(at: 0) }))
    }
    var error: Error?
    let col = buildColumn(type: call.resultType, count: call.rowCount) { i in
        do { return try f(call.args.map { $0.value(at: i) }) } catch let e { error = e; return .null }
    }
    if let error { throw error }
    return .column(col)
}

// MARK: - Text

private let textFunctions: [ScalarFunction] = [
    ScalarFunction(name: "lower", signature: "lower(text) → text", summary: "Lower-cases text (Vietnamese letters too).",
                   example: "derive p = lower(plan)", check: unaryCheck("lower", [.text]) { _ in .text },
                   run: { mapText($0) { $0.lowercased() } }),
    ScalarFunction(name: "upper", signature: "upper(text) → text", summary: "Upper-cases text.",
                   example: "derive p = upper(plan)", check: unaryCheck("upper", [.text]) { _ in .text },
                   run: { mapText($0) { $0.uppercased() } }),
    ScalarFunction(name: "fold", signature: "fold(text) → text",
                   summary: "Strips diacritics and case, so \"Nghệ An\" and \"nghe an\" match (đ → d).",
                   example: "where fold(name_vi) contains \"dien thoai\"", check: unaryCheck("fold", [.text]) { _ in .text },
                   run: { mapText($0, Fold.fold) }),
    ScalarFunction(name: "trim", signature: "trim(text) → text", summary: "Removes spaces at both ends.",
                   example: "derive code = trim(code)", check: unaryCheck("trim", [.text]) { _ in .text },
                   run: { mapText($0) { $0.trimmingCharacters(in: .whitespacesAndNewlines) } }),
    ScalarFunction(name: "length", signature: "length(text) → int",
                   summary: "Number of characters (grapheme clusters): length(\"Tỷ lệ\") is 5.",
                   example: "derive n = length(indicator)", check: unaryCheck("length", [.text]) { _ in .int },
                   run: { mapTextToValues($0) { .int(Int64($0.count)) } }),
    ScalarFunction(name: "contains", signature: "contains(text, part) → bool", summary: "True when part occurs in text (also infix: x contains \"a\").",
                   example: "where contains(text_vi, \"điện thoại\")", check: predicateCheck("contains"),
                   run: { Kernels.textPredicate(.contains, $0.args[0], $0.args[1], $0.rowCount) }),
    ScalarFunction(name: "starts_with", signature: "starts_with(text, prefix) → bool", summary: "True when text begins with prefix (also infix).",
                   example: "where indicator starts_with \"adult_\"", check: predicateCheck("starts_with"),
                   run: { Kernels.textPredicate(.startsWith, $0.args[0], $0.args[1], $0.rowCount) }),
    likeFunction("like", caseless: false), likeFunction("ilike", caseless: true),
    ScalarFunction(name: "regexp_replace", signature: "regexp_replace(text, pattern, replacement) → text",
                   summary: "Replaces every match of the regular expression (ICU syntax) with the replacement, where $1, $2 … are the groups.",
                   example: "from plans | derive number = regexp_replace(doc_number, \"/.*\", \"\")",
                   check: { args, binder, span in
                       try binder.arity(args, 3...3, "regexp_replace", span, usage: "regexp_replace(x, \"[0-9]+\", \"#\")")
                       for a in args { try binder.expect(a, [.text], "regexp_replace") }
                       _ = try regex(args[1], binder)
                       try literalText(args[2], binder, "replacement")
                       return .text
                   },
                   run: { call in
                       guard case .scalar(.text(let pattern)) = call.args[1], case .scalar(.text(let with)) = call.args[2],
                             let re = try? NSRegularExpression(pattern: pattern) else { return .scalar(.null) }
                       return mapText(call) { s in re.stringByReplacingMatches(in: s, range: NSRange(s.startIndex..., in: s), withTemplate: with) }
                   }),
    ScalarFunction(name: "regexp_extract", signature: "regexp_extract(text, pattern[, group]) → text",
                   summary: "The first match of the regular expression (ICU syntax), or its numbered group; null where nothing matches.",
                   example: "from targets | derive percent = regexp_extract(text_vi, \"([0-9]+)%\", 1)",
                   check: { args, binder, span in
                       try binder.arity(args, 2...3, "regexp_extract", span, usage: "regexp_extract(x, \"([0-9]+)%\", 1)")
                       try binder.expect(args[0], [.text], "regexp_extract")
                       try binder.expect(args[1], [.text], "regexp_extract")
                       let re = try regex(args[1], binder)
                       if args.count == 3 {
                           guard case .literal(.int(let g)) = args[2].node, g >= 0, g <= re.numberOfCaptureGroups else {
                               throw binder.error(.type, "regexp_extract's group must be a whole number from 0 to the pattern's groups", args[2].span)
                           }
                       }
                       return .text
                   },
                   run: { call in
                       guard case .scalar(.text(let pattern)) = call.args[1], let re = try? NSRegularExpression(pattern: pattern) else { return .scalar(.null) }
                       var group = 0
                       if call.args.count == 3, case .scalar(.int(let g)) = call.args[2] { group = Int(g) }
                       return mapTextToValues(call) { s in
                           guard let m = re.firstMatch(in: s, range: NSRange(s.startIndex..., in: s)),
                                 let r = Range(m.range(at: group), in: s) else { return .null }
                           return .text(String(s[r]))
                       }
                   }),
    ScalarFunction(name: "ends_with", signature: "ends_with(text, suffix) → bool", summary: "True when text ends with suffix (also infix).",
                   example: "where plan ends_with \"2023\"", check: predicateCheck("ends_with"),
                   run: { Kernels.textPredicate(.endsWith, $0.args[0], $0.args[1], $0.rowCount) }),
]

/// SQL's LIKE (ILIKE ignoring case): `%` stands for any text, `_` for one character, `\`
/// escapes either; the whole text must match. Matched per distinct value.
private func likeFunction(_ name: String, caseless: Bool) -> ScalarFunction {
    ScalarFunction(name: name, signature: "\(name)(text, pattern) → bool (also infix: x \(name) \"pat%\", x not \(name) …)",
                   summary: "True when the text matches the pattern as SQL's \(name.uppercased()) does: % any text, _ one character, \\ escapes them\(caseless ? "; case is ignored" : "").",
                   example: "from plans | where id \(name) \"nghe-an-%\"",
                   check: predicateCheck(name),
                   run: { call in
                       guard case .scalar(let p) = call.args[1], case .text(let pattern) = p else {
                           return try perRow(call) { v in
                               guard case .text(let s) = v[0], case .text(let pat) = v[1] else { return .null }
                               return .bool(LikePattern(pat, caseless: caseless).matches(s))
                           }
                       }
                       let compiled = LikePattern(pattern, caseless: caseless)
                       return mapTextToValues(call) { .bool(compiled.matches($0)) }
                   })
}

/// A LIKE pattern read once (`%` any run, `_` one character, `\\` escaping the next), then
/// matched against each distinct string, iteratively, backtracking to the last `%`.
struct LikePattern {
    enum Token: Equatable { case any, one, char(Character) }
    let tokens: [Token]
    let caseless: Bool

    init(_ pattern: String, caseless: Bool) {
        self.caseless = caseless
        let p = Array(caseless ? pattern.lowercased() : pattern)
        var out: [Token] = [], k = 0
        while k < p.count {
            if p[k] == "\\", k + 1 < p.count { out.append(.char(p[k + 1])); k += 2; continue }
            out.append(p[k] == "%" ? .any : p[k] == "_" ? .one : .char(p[k])); k += 1
        }
        tokens = out
    }

    func matches(_ text: String) -> Bool {
        let t = Array(caseless ? text.lowercased() : text), p = tokens
        var i = 0, j = 0, star = -1, mark = 0
        while i < t.count {
            if j < p.count, p[j] == .one || p[j] == .char(t[i]) { i += 1; j += 1 }
            else if j < p.count, p[j] == .any { star = j; mark = i; j += 1 }
            else if star >= 0 { j = star + 1; mark += 1; i = mark }
            else { return false }
        }
        while j < p.count, p[j] == .any { j += 1 }
        return j == p.count
    }
}

/// A pattern written in the call is checked when bound: a bad regular expression is a located
/// error, not a null in every row; so is a pattern taken from a column (it would be a null).
private func regex(_ arg: Bound, _ binder: Binder) throws -> NSRegularExpression {
    try literalText(arg, binder, "pattern")
    guard case .literal(.text(let p)) = arg.node else { preconditionFailure("checked by literalText") }
    do { return try NSRegularExpression(pattern: p) } catch {
        throw binder.error(.type, "not a regular expression: \(p)", arg.span, hint: "ICU syntax: [0-9]+, (\\d+)%, ^Tỷ lệ")
    }
}

/// A regular expression's pattern and replacement are written in the call (or a `$param`):
/// the function runs them once for every row, and a column would give null in every row.
private func literalText(_ arg: Bound, _ binder: Binder, _ what: String) throws {
    guard case .literal(.text) = arg.node else {
        throw binder.error(.type, "the \(what) is written in the call, in quotes", arg.span,
                           hint: "one pattern for every row, e.g. \"[0-9]+\" (or a $parameter)")
    }
}

private func predicateCheck(_ name: String) -> @Sendable ([Bound], Binder, Span) throws -> DataType {
    allArgs(name, 2...2, [.text], usage: "\(name)(text, \"…\")", returns: .bool)
}

/// The type rule of a function whose every argument is of the same kinds.
private func allArgs(_ name: String, _ arity: ClosedRange<Int>, _ types: [DataType], usage: String,
                     returns: DataType) -> @Sendable ([Bound], Binder, Span) throws -> DataType {
    return { args, binder, span in
        try binder.arity(args, arity, name, span, usage: usage)
        for a in args { try binder.expect(a, types, name) }
        return returns
    }
}

// MARK: - Logic

private let logicFunctions: [ScalarFunction] = [
    ScalarFunction(name: "coalesce", signature: "coalesce(x, y, …) → first non-null",
                   summary: "The first argument that is not null, row by row.",
                   example: "derive hi2 = coalesce(hi, lo)",
                   check: { args, binder, span in
                       try binder.arity(args, 1...64, "coalesce", span, usage: "coalesce(x, default)")
                       var t = DataType.null
                       for a in args {
                           guard let u = DataType.unify(t, a.type) else {
                               throw binder.error(.type, "coalesce mixes \(t) and \(a.type)", a.span)
                           }
                           t = u
                       }
                       return t
                   },
                   run: { call in
                       let cols = call.args.map { $0.column(call.rowCount, as: call.resultType) }
                       return .column(buildColumn(type: call.resultType, count: call.rowCount) { i in
                           for c in cols where !c.isNull(i) { return c.value(at: i) }
                           return .null
                       })
                   }),
    ScalarFunction(name: "nullif", signature: "nullif(x, y) → x or null",
                   summary: "Null where x equals y, else x (SQL's NULLIF): a code that means 'missing' (nullif(age, 98)).",
                   example: "derive hi2 = nullif(hi, 100)",
                   check: { args, binder, span in
                       try binder.arity(args, 2...2, "nullif", span, usage: "nullif(x, value)")
                       guard DataType.unify(args[0].type, args[1].type) != nil else {
                           throw binder.error(.type, "nullif compares \(args[0].type) with \(args[1].type)", args[1].span)
                       }
                       return args[0].type
                   },
                   run: { call in
                       let t = DataType.unify(call.types[0], call.types[1]) ?? call.resultType
                       let x = call.args[0].column(call.rowCount, as: call.resultType), y = call.args[1].column(call.rowCount, as: t)
                       let xt = call.args[0].column(call.rowCount, as: t)
                       return .column(buildColumn(type: call.resultType, count: call.rowCount) { i in
                           (!xt.isNull(i) && !y.isNull(i) && xt.value(at: i) == y.value(at: i)) ? .null : x.value(at: i)
                       })
                   }),
    extremum("greatest", pick: >), extremum("least", pick: <),
    ScalarFunction(name: "if", signature: "if(condition, then, else) → value",
                   summary: "then where the condition is true, else where it is false or null.",
                   example: "derive band = if(lo >= 50, \"high\", \"low\")",
                   check: { args, binder, span in
                       try binder.arity(args, 3...3, "if", span, usage: "if(condition, then, else)")
                       try binder.expectBool(args[0], "if")
                       guard let t = DataType.unify(args[1].type, args[2].type) else {
                           throw binder.error(.type, "if branches differ: \(args[1].type) and \(args[2].type)", args[2].span,
                                              hint: "both branches must have one type")
                       }
                       return t
                   },
                   run: { call in
                       let n = call.rowCount
                       let cond = call.args[0].column(n, as: .bool)
                       let a = call.args[1].column(n, as: call.resultType), b = call.args[2].column(n, as: call.resultType)
                       guard case .bool(let bits) = cond.storage else { return .column(b) }
                       return .column(buildColumn(type: call.resultType, count: n) { i in
                           (!cond.isNull(i) && bits[i]) ? a.value(at: i) : b.value(at: i)
                       })
                   }),
]

/// `greatest(x, y, …)` / `least(x, y, …)`: the largest or smallest non-null argument of each
/// row (as PostgreSQL: nulls are skipped; null when all are null). Text compares as text sorts.
private func extremum(_ name: String, pick: @escaping @Sendable (Int, Int) -> Bool) -> ScalarFunction {
    ScalarFunction(name: name, signature: "\(name)(x, y, …) → value",
                   summary: "The \(name == "greatest" ? "largest" : "smallest") of its arguments in each row, nulls skipped (null when all are null).",
                   example: "derive top = \(name)(lo, hi)",
                   check: { args, binder, span in
                       try binder.arity(args, 2...64, name, span, usage: "\(name)(x, y)")
                       var t = DataType.null
                       for a in args {
                           guard let u = DataType.unify(t, a.type) else { throw binder.error(.type, "\(name) mixes \(t) and \(a.type)", a.span) }
                           t = u
                       }
                       return t
                   },
                   run: { call in
                       let cols = call.args.map { $0.column(call.rowCount, as: call.resultType) }
                       return .column(buildColumn(type: call.resultType, count: call.rowCount) { i in
                           var best: Value = .null
                           for c in cols where !c.isNull(i) {
                               let v = c.value(at: i)
                               if best.isNull || pick(Kernels.compareValues(v, best) ?? 0, 0) { best = v }
                           }
                           return best
                       })
                   })
}

// MARK: - Numbers

private let numberFunctions: [ScalarFunction] = [
    ScalarFunction(name: "round", signature: "round(x[, digits]) → number",
                   summary: "Rounds half away from zero to `digits` decimals (default 0).",
                   example: "derive pct = round(share * 100, 1)",
                   check: { args, binder, span in
                       try binder.arity(args, 1...2, "round", span, usage: "round(x, 2)")
                       try binder.expect(args[0], [.int, .float], "round")
                       if args.count == 2 {
                           guard case .literal(.int) = args[1].node else {
                               throw binder.error(.type, "round's digits must be a whole number literal", args[1].span)
                           }
                       }
                       return args[0].type == .int ? .int : .float
                   },
                   run: { call in
                       if call.resultType == .int { return call.args[0] }
                       var digits: Int64 = 0
                       if call.args.count == 2, case .scalar(.int(let d)) = call.args[1] { digits = d }
                       // Past 300 decimals a double has nothing left to round (and 10^digits would be inf).
                       if digits > 300 { return try mapDouble(call) { $0 } }
                       if digits < -300 { return try mapDouble(call) { $0 * 0 } }
                       let scale = pow(10.0, Double(digits))
                       return try mapDouble(call) { ($0 * scale).rounded(.toNearestOrAwayFromZero) / scale }
                   }),
    ScalarFunction(name: "abs", signature: "abs(x) → number", summary: "Absolute value.",
                   example: "derive gap = abs(value - lo)", check: unaryCheck("abs", [.int, .float]) { $0 == .int ? .int : .float },
                   run: { call in
                       if call.resultType == .int {
                           return try perRow(call) { v in
                               guard case .int(let x) = v[0] else { return .null }
                               guard x != .min else { throw call.evaluator.runtimeError("integer overflow in abs", call.span) }
                               return .int(Swift.abs(x))
                           }
                       }
                       return try mapDouble(call) { Swift.abs($0) }
                   }),
    ScalarFunction(name: "floor", signature: "floor(x) → float", summary: "Largest whole number not above x.",
                   example: "derive y = floor(value)", check: unaryCheck("floor", [.int, .float]) { _ in .float },
                   run: { try mapDouble($0) { $0.rounded(.down) } }),
    ScalarFunction(name: "ceil", signature: "ceil(x) → float", summary: "Smallest whole number not below x.",
                   example: "derive y = ceil(value)", check: unaryCheck("ceil", [.int, .float]) { _ in .float },
                   run: { try mapDouble($0) { $0.rounded(.up) } }),
    ScalarFunction(name: "sqrt", signature: "sqrt(x) → float", summary: "Square root; null for negative x.",
                   example: "derive se = sqrt(var)", check: unaryCheck("sqrt", [.int, .float]) { _ in .float },
                   run: { try mapDouble($0) { $0 < 0 ? nil : $0.squareRoot() } }),
    ScalarFunction(name: "ln", signature: "ln(x) → float", summary: "Natural logarithm; null for x ≤ 0.",
                   example: "derive l = ln(value)", check: unaryCheck("ln", [.int, .float]) { _ in .float },
                   run: { try mapDouble($0) { $0 <= 0 ? nil : log($0) } }),
    ScalarFunction(name: "log10", signature: "log10(x) → float", summary: "Base-10 logarithm; null for x ≤ 0.",
                   example: "derive digits = log10(value)", check: unaryCheck("log10", [.int, .float]) { _ in .float },
                   run: { try mapDouble($0) { $0 <= 0 ? nil : Foundation.log10($0) } }),
    ScalarFunction(name: "log", signature: "log(x[, base]) → float",
                   summary: "Logarithm: natural with one argument (as R's log), to `base` with two; null for x ≤ 0 or a base ≤ 0 or 1.",
                   example: "derive doublings = log(value / 12.66, 2)",
                   check: allArgs("log", 1...2, [.int, .float], usage: "log(x) or log(x, base)", returns: .float),
                   run: { call in
                       try perRow(call) { v in
                           guard let x = v[0].double, x > 0 else { return .null }
                           if v.count == 1 { return .float(Foundation.log(x)) }
                           guard let b = v[1].double, b > 0, b != 1 else { return .null }
                           return .float(Foundation.log(x) / Foundation.log(b))
                       }
                   }),
    ScalarFunction(name: "exp", signature: "exp(x) → float", summary: "e raised to x; a result beyond ±1.8e308 is an error.",
                   example: "derive g = exp(0.05)", check: unaryCheck("exp", [.int, .float]) { _ in .float },
                   run: { try mapDouble($0) { Foundation.exp($0) } }),
    ScalarFunction(name: "pow", signature: "pow(x, y) → float", summary: "x raised to y; null where undefined (pow(-8, 1/3)); a result beyond ±1.8e308 is an error.",
                   example: "derive growth = pow(1.08, 5)",
                   check: allArgs("pow", 2...2, [.int, .float], usage: "pow(x, y)", returns: .float),
                   run: { call in
                       try perRow(call) { v in
                           guard let x = v[0].double, let y = v[1].double else { return .null }
                           let r = Foundation.pow(x, y)
                           if r.isNaN { return .null }        // undefined: pow(-8, 1/3)
                           if r.isInfinite && x.isFinite && y.isFinite && x != 0 {
                               throw call.evaluator.runtimeError("the result overflows a 64-bit float", call.span, hint: "the value is beyond ±1.8e308")
                           }
                           return r.isFinite ? .float(r) : .null
                       }
                   }),
]

// MARK: - Conversions and dates

private let conversionFunctions: [ScalarFunction] = [
    ScalarFunction(name: "int", signature: "int(x) → int",
                   summary: "Converts to integer: floats truncate toward zero, text is parsed, true is 1; null when it cannot.",
                   example: "derive y = int(\"2030\")", check: unaryCheck("int", [.int, .float, .text, .bool]) { _ in .int },
                   run: { call in
                       try perRow(call) { v in
                           switch v[0] {
                           case .int: return v[0]
                           case .float(let d): return d.isFinite && Swift.abs(d) < 9.2e18 ? .int(Int64(d)) : .null
                           case .text(let s): return Int64(s.trimmingCharacters(in: .whitespaces)).map { .int($0) } ?? .null
                           case .bool(let b): return .int(b ? 1 : 0)
                           default: return .null
                           }
                       }
                   }),
    ScalarFunction(name: "float", signature: "float(x) → float",
                   summary: "Converts to float: text is parsed; null when it cannot.",
                   example: "derive x = float(lo)", check: unaryCheck("float", [.int, .float, .text, .bool]) { _ in .float },
                   run: { call in
                       try perRow(call) { v in
                           switch v[0] {
                           case .int(let i): return .float(Double(i))
                           case .float: return v[0]
                           case .text(let s):
                               let t = s.trimmingCharacters(in: .whitespaces)
                               if let d = Double(t) { return .float(d) }
                               // "10,5" is a number written for people, not a missing one: say so.
                               if decimalComma(t) {
                                   throw call.evaluator.runtimeError("'\(t)' is written with a decimal comma", call.span,
                                                                     hint: "load the file with (decimal = \",\"), or convert with float(replace(x, \",\", \".\"))")
                               }
                               return .null
                           case .bool(let b): return .float(b ? 1 : 0)
                           default: return .null
                           }
                       }
                   }),
    ScalarFunction(name: "text", signature: "text(x) → text",
                   summary: "Converts any value to its text form (floats in shortest form, dates as YYYY-MM-DD).",
                   example: "derive label = plan + \":\" + text(year)", check: unaryCheck("text", DataType.allCases) { _ in .text },
                   run: { call in try perRow(call) { v in v[0].isNull ? .null : .text(v[0].description) } }),
    ScalarFunction(name: "date", signature: "date(text[, format]) → date",
                   summary: "Parses an ISO date YYYY-MM-DD, or a date in the format given (%d day, %m month, %Y year, %y two-digit year, other characters as written: date(x, \"%d/%m/%Y\") for the day-first dates offices write); null when it is not one.",
                   example: "from plans | where issued >= date(\"31/12/2022\", \"%d/%m/%Y\")",
                   check: { args, binder, span in
                       try binder.arity(args, 1...2, "date", span, usage: "date(\"2024-11-01\") or date(x, \"%d/%m/%Y\")")
                       try binder.expect(args[0], [.text, .date], "date")
                       if args.count == 2 {
                           guard case .literal(.text(let f)) = args[1].node, DateFormat(f) != nil else {
                               throw binder.error(.type, "date's format must be text written in the call with %d, %m and %Y (or %y)", args[1].span, hint: "date(x, \"%d/%m/%Y\")")
                           }
                       }
                       return .date
                   },
                   run: { call in
                       if call.types[0] == .date { return call.args[0] }
                       if call.args.count == 2, case .scalar(.text(let f)) = call.args[1], let format = DateFormat(f) {
                           return mapTextToValues(call) { format.parse($0).map { .date($0) } ?? .null }
                       }
                       return mapTextToValues(call) { CivilDate.parse($0).map { .date($0) } ?? .null }
                   }),
    ScalarFunction(name: "strftime", signature: "strftime(date, format) → text",
                   summary: "A date as text in the format given: %d, %m, %Y, %y (two digits), other characters as written.",
                   example: "from plans | derive ngay = strftime(issued, \"%d/%m/%Y\")",
                   check: { args, binder, span in
                       try binder.arity(args, 2...2, "strftime", span, usage: "strftime(d, \"%d/%m/%Y\")")
                       try binder.expect(args[0], [.date], "strftime")
                       guard case .literal(.text(let f)) = args[1].node, DateFormat(f) != nil else {
                           throw binder.error(.type, "strftime's format must be text written in the call", args[1].span, hint: "strftime(d, \"%d/%m/%Y\")")
                       }
                       return .text
                   },
                   run: { call in
                       guard case .scalar(.text(let f)) = call.args[1], let format = DateFormat(f) else { return .scalar(.null) }
                       return try perRow(call) { v in if case .date(let d) = v[0] { return .text(format.format(d)) }; return .null }
                   }),
    ScalarFunction(name: "date_diff", signature: "date_diff(unit, start, end) → int",
                   summary: "Whole days, months or years from start to end (unit \"day\", \"month\" or \"year\"; negative when end is earlier), as DuckDB's date_diff.",
                   example: "from plans | derive age_days = date_diff(\"day\", issued, date(\"2025-12-31\"))",
                   check: { args, binder, span in
                       try binder.arity(args, 3...3, "date_diff", span, usage: "date_diff(\"day\", start, end)")
                       guard case .literal(.text(let u)) = args[0].node, ["day", "month", "year"].contains(u) else {
                           throw binder.error(.type, "date_diff's unit is \"day\", \"month\" or \"year\", written in the call", args[0].span)
                       }
                       try binder.expect(args[1], [.date], "date_diff")
                       try binder.expect(args[2], [.date], "date_diff")
                       return .int
                   },
                   run: { call in
                       guard case .scalar(.text(let unit)) = call.args[0] else { return .scalar(.null) }
                       return try perRow(call) { v in
                           guard case .date(let a) = v[1], case .date(let b) = v[2] else { return .null }
                           if unit == "day" { return .int(Int64(b) - Int64(a)) }
                           let x = CivilDate.civil(a), y = CivilDate.civil(b)
                           var months = (y.year - x.year) * 12 + (y.month - x.month)
                           // Whole months: one not yet completed does not count.
                           if months > 0, y.day < x.day { months -= 1 } else if months < 0, y.day > x.day { months += 1 }
                           return .int(Int64(unit == "month" ? months : months / 12))
                       }
                   }),
    ScalarFunction(name: "date_add", signature: "date_add(date, n, unit) → date",
                   summary: "The date n days, months or years later (unit \"day\", \"month\", \"year\"; n may be negative); a day past the month's end becomes its last day (31 Jan + 1 month = 28 or 29 Feb).",
                   example: "from plans | derive review = date_add(issued, 6, \"month\")",
                   check: { args, binder, span in
                       try binder.arity(args, 3...3, "date_add", span, usage: "date_add(d, 6, \"month\")")
                       try binder.expect(args[0], [.date], "date_add")
                       try binder.expect(args[1], [.int], "date_add")
                       guard case .literal(.text(let u)) = args[2].node, ["day", "month", "year"].contains(u) else {
                           throw binder.error(.type, "date_add's unit is \"day\", \"month\" or \"year\", written in the call", args[2].span)
                       }
                       return .date
                   },
                   run: { call in
                       guard case .scalar(.text(let unit)) = call.args[2] else { return .scalar(.null) }
                       return try perRow(call) { v in
                           guard case .date(let d) = v[0], case .int(let n) = v[1], abs(n) < 1_000_000 else { return .null }
                           if unit == "day" { return .date(d + Int32(n)) }
                           let c = CivilDate.civil(d)
                           let total = c.year * 12 + (c.month - 1) + Int(unit == "month" ? n : n * 12)
                           let y = total / 12, m = total % 12 + 1
                           let day = min(c.day, CivilDate.daysInMonth(y, m))
                           return CivilDate.days(year: y, month: m, day: day).map { .date($0) } ?? .null
                       }
                   }),
    ScalarFunction(name: "today", signature: "today() → date",
                   summary: "Today's date (UTC). A script that uses it gives another result tomorrow: pass the date as a param for a reproducible report.",
                   example: "from plans | derive days = date_diff(\"day\", issued, today())",
                   check: { args, binder, span in
                       try binder.arity(args, 0...0, "today", span, usage: "today()")
                       return .date
                   },
                   run: { _ in
                       let now = Date().timeIntervalSince1970
                       return .scalar(.date(Int32((now / 86_400).rounded(.down))))
                   }),
    ScalarFunction(name: "year", signature: "year(date) → int", summary: "The year of a date.",
                   example: "derive y = year(issued)", check: unaryCheck("year", [.date]) { _ in .int },
                   run: { call in try perRow(call) { v in if case .date(let d) = v[0] { return .int(Int64(CivilDate.civil(d).year)) }; return .null } }),
    ScalarFunction(name: "month", signature: "month(date) → int", summary: "The month (1–12) of a date.",
                   example: "derive m = month(issued)", check: unaryCheck("month", [.date]) { _ in .int },
                   run: { call in try perRow(call) { v in if case .date(let d) = v[0] { return .int(Int64(CivilDate.civil(d).month)) }; return .null } }),
    ScalarFunction(name: "day", signature: "day(date) → int", summary: "The day of the month of a date.",
                   example: "derive d = day(issued)", check: unaryCheck("day", [.date]) { _ in .int },
                   run: { call in try perRow(call) { v in if case .date(let d) = v[0] { return .int(Int64(CivilDate.civil(d).day)) }; return .null } }),
]

/// Whether text is a number written with a decimal comma ("10,5", "-3,25"): the one case where
/// float(text) is an error rather than a null.
func decimalComma(_ s: String) -> Bool {
    let b = Array(s.utf8)
    guard let comma = b.firstIndex(of: 44), b.lastIndex(of: 44) == comma, comma > 0, comma < b.count - 1 else { return false }
    let start = b[0] == 45 ? 1 : 0
    return comma > start && b[start..<comma].allSatisfy { $0 >= 48 && $0 <= 57 } && b[(comma + 1)...].allSatisfy { $0 >= 48 && $0 <= 57 }
}

/// A date format of %d, %m, %Y and %y with literal characters between them.
struct DateFormat {
    enum Part { case day, month, year, year2, literal(Character) }
    let parts: [Part]

    init?(_ f: String) {
        var parts: [Part] = [], chars = Array(f), i = 0
        while i < chars.count {
            if chars[i] == "%", i + 1 < chars.count {
                switch chars[i + 1] {
                case "d": parts.append(.day)
                case "m": parts.append(.month)
                case "Y": parts.append(.year)
                case "y": parts.append(.year2)
                case "%": parts.append(.literal("%"))
                default: return nil
                }
                i += 2
            } else { parts.append(.literal(chars[i])); i += 1 }
        }
        guard parts.contains(where: { if case .day = $0 { return true }; return false }) || parts.count > 0 else { return nil }
        self.parts = parts
    }

    func parse(_ s: String) -> Int32? {
        let c = Array(s.trimmingCharacters(in: .whitespaces)); var i = 0
        var d = 1, m = 1, y = 1970
        func number(_ maxDigits: Int) -> Int? {
            var v = 0, n = 0
            while i < c.count, n < maxDigits, let digit = c[i].wholeNumberValue, c[i].isASCII { v = v * 10 + digit; i += 1; n += 1 }
            return n == 0 ? nil : v
        }
        for p in parts {
            switch p {
            case .day: guard let v = number(2) else { return nil }; d = v
            case .month: guard let v = number(2) else { return nil }; m = v
            case .year: guard let v = number(4) else { return nil }; y = v
            case .year2: guard let v = number(2) else { return nil }; y = 2000 + v
            case .literal(let ch): guard i < c.count, c[i] == ch else { return nil }; i += 1
            }
        }
        guard i == c.count else { return nil }
        return CivilDate.days(year: y, month: m, day: d)
    }

    func format(_ days: Int32) -> String {
        let c = CivilDate.civil(days)
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return parts.map { p -> String in
            switch p {
            case .day: return two(c.day)
            case .month: return two(c.month)
            case .year: return String(c.year)
            case .year2: return two(c.year % 100)
            case .literal(let ch): return String(ch)
            }
        }.joined()
    }
}
