import Foundation

/// The text functions analysts reach for when cleaning office data: replace, substr, split_part,
/// matches, lpad/rpad, concat, format, and `case { … }`. Positions and widths count characters
/// (grapheme clusters), so "Tỷ lệ" is 5 long whatever its bytes.
let moreTextFunctions: [ScalarFunction] = [
    ScalarFunction(name: "replace", signature: "replace(text, from, to) → text",
                   summary: "Every occurrence of `from` replaced by `to` (exact, case-sensitive; an empty `from` changes nothing).",
                   example: "derive agency = replace(agency, \"NN&PT NT\", \"NN&PTNT\")",
                   check: textArgs("replace", 3...3, usage: "replace(text, \"from\", \"to\")") { _ in .text },
                   run: { call in try textRows(call) { s, a in
                       guard let from = a[0], let to = a[1] else { return .null }
                       return .text(from.isEmpty ? s : s.replacingOccurrences(of: from, with: to))
                   } }),
    ScalarFunction(name: "substr", signature: "substr(text, start[, length]) → text",
                   summary: "The characters from `start` (1 is the first) on, or `length` of them; past the end gives \"\".",
                   example: "derive year_text = substr(plan, length(plan) - 3)",
                   check: { args, binder, span in
                       try binder.arity(args, 2...3, "substr", span, usage: "substr(text, start[, length])")
                       try binder.expect(args[0], [.text], "substr")
                       for a in args.dropFirst() { try binder.expect(a, [.int], "substr") }
                       return .text
                   },
                   run: { call in try perRow(call) { v in
                       guard case .text(let s) = v[0], case .int(let start) = v[1] else { return .null }
                       var len: Int64? = nil
                       if v.count > 2 { guard case .int(let l) = v[2] else { return .null }; len = l }
                       return .text(substring(s, start, len))
                   } }),
    ScalarFunction(name: "split_part", signature: "split_part(text, separator, n) → text",
                   summary: "The n-th field (1 is the first; −1 the last) of text split at separator; \"\" past the fields, as PostgreSQL.",
                   example: "derive first_agency = trim(split_part(agency, \";\", 1))",
                   check: { args, binder, span in
                       try binder.arity(args, 3...3, "split_part", span, usage: "split_part(text, \";\", 2)")
                       try binder.expect(args[0], [.text], "split_part"); try binder.expect(args[1], [.text], "split_part")
                       try binder.expect(args[2], [.int], "split_part")
                       if case .literal(.int(0)) = args[2].node {
                           throw binder.error(.type, "split_part counts fields from 1 (or −1 from the end), not 0", args[2].span)
                       }
                       return .text
                   },
                   run: { call in try perRow(call) { v in
                       guard case .text(let s) = v[0], case .text(let sep) = v[1], case .int(let n) = v[2] else { return .null }
                       guard n != 0 else { throw Diagnostic(.runtime, "split_part counts fields from 1 (or −1 from the end), not 0", at: call.span) }
                       let parts = sep.isEmpty ? [s] : s.components(separatedBy: sep)
                       let k = n > 0 ? Int(n) - 1 : parts.count + Int(n)
                       return .text(k >= 0 && k < parts.count ? parts[k] : "")
                   } }),
    ScalarFunction(name: "matches", signature: "matches(text, regex) → bool",
                   summary: "True when the regular expression (ICU syntax, as NSRegularExpression) matches anywhere in text.",
                   example: "where matches(text_vi, \"[0-9]+ ?%\")",
                   check: { args, binder, span in
                       try binder.arity(args, 2...2, "matches", span, usage: "matches(text, \"regex\")")
                       for a in args { try binder.expect(a, [.text], "matches") }
                       if case .literal(.text(let pattern)) = args[1].node, (try? NSRegularExpression(pattern: pattern)) == nil {
                           throw binder.error(.type, "not a valid regular expression: \(pattern)", args[1].span,
                                              hint: "escape special characters with \\\\, e.g. \"\\\\.\"")
                       }
                       return .bool
                   },
                   run: { call in
                       var compiled: [String: NSRegularExpression] = [:]
                       return try perRow(call) { v in
                           guard case .text(let s) = v[0], case .text(let pattern) = v[1] else { return .null }
                           let re: NSRegularExpression
                           if let r = compiled[pattern] { re = r } else {
                               guard let r = try? NSRegularExpression(pattern: pattern) else {
                                   throw Diagnostic(.runtime, "not a valid regular expression: \(pattern)", at: call.span)
                               }
                               compiled[pattern] = r; re = r
                           }
                           return .bool(re.firstMatch(in: s, range: NSRange(s.startIndex..., in: s)) != nil)
                       }
                   }),
    pad("lpad", left: true),
    pad("rpad", left: false),
    ScalarFunction(name: "concat", signature: "concat(x, y, …) → text",
                   summary: "The values as text, joined; nulls are skipped (as PostgreSQL's concat). Numbers print as they do in CSV.",
                   example: "derive label = concat(plan, \" \", year)",
                   check: { args, binder, span in
                       try binder.arity(args, 1...64, "concat", span, usage: "concat(a, \" \", b)")
                       return .text
                   },
                   run: { call in try perRow(call) { v in .text(v.map(asText).joined()) } }),
    ScalarFunction(name: "format", signature: "format(x, decimals) → text",
                   summary: "A number as text with exactly `decimals` decimals (rounded half away from zero; a '.' whatever the locale).",
                   example: "derive shown = format(lo, 1) + \"%\"",
                   check: { args, binder, span in
                       try binder.arity(args, 2...2, "format", span, usage: "format(x, 2)")
                       try binder.expect(args[0], [.int, .float], "format")
                       try binder.expect(args[1], [.int], "format")
                       if case .literal(.int(let d)) = args[1].node, !(0...15).contains(d) {
                           throw binder.error(.type, "format takes 0 to 15 decimals", args[1].span)
                       }
                       return .text
                   },
                   run: { call in try perRow(call) { v in
                       guard let x = v[0].double, case .int(let d) = v[1] else { return .null }
                       guard (0...15).contains(d) else { throw Diagnostic(.runtime, "format takes 0 to 15 decimals", at: call.span) }
                       return .text(NumberFormat.fixed(roundHalfAway(x, Int(d)), decimals: Int(d)))
                   } }),
    ScalarFunction(name: "case", signature: "case { condition => value, … }  ·  case when condition then value … [else value] end",
                   summary: "The value of the first condition that is true; null when none is (end with true => … , or else …, for a default). SQL's case when … then … end is the same.",
                   example: "derive band = case { lo < 50 => \"low\", lo < 80 => \"mid\", true => \"high\" }",
                   check: { args, binder, span in
                       guard args.count >= 2, args.count % 2 == 0 else {
                           throw binder.error(.syntax, "case needs condition => value pairs", span, hint: "case { x < 0 => \"neg\", true => \"pos\" }")
                       }
                       var t = DataType.null
                       for k in stride(from: 0, to: args.count, by: 2) {
                           try binder.expectBool(args[k], "case")
                           guard let u = DataType.unify(t, args[k + 1].type) else {
                               throw binder.error(.type, "case branches differ: \(t) and \(args[k + 1].type)", args[k + 1].span,
                                                  hint: "every branch must give one type")
                           }
                           t = u
                       }
                       return t
                   },
                   run: { call in
                       let n = call.rowCount
                       let conds = stride(from: 0, to: call.args.count, by: 2).map { call.args[$0].column(n, as: .bool) }
                       let values = stride(from: 1, to: call.args.count, by: 2).map { call.args[$0].column(n, as: call.resultType) }
                       let bits = conds.map { c -> [Bool] in if case .bool(let b) = c.storage { return b }; return [] }
                       return .column(buildColumn(type: call.resultType, count: n) { i in
                           for k in conds.indices where !bits[k].isEmpty && !conds[k].isNull(i) && bits[k][i] { return values[k].value(at: i) }
                           return .null
                       })
                   }),
]

/// lpad / rpad: to `width` characters with `fill` (default a space); longer text is cut to width.
private func pad(_ name: String, left: Bool) -> ScalarFunction {
    ScalarFunction(name: name, signature: "\(name)(text, width[, fill]) → text",
                   summary: "Text padded on the \(left ? "left" : "right") to `width` characters with `fill` (default a space); longer text is cut to width, as PostgreSQL.",
                   example: left ? "derive code = lpad(text(year), 6, \"0\")" : "derive name = rpad(plan, 24, \".\")",
                   check: { args, binder, span in
                       try binder.arity(args, 2...3, name, span, usage: "\(name)(text, 8, \"0\")")
                       try binder.expect(args[0], [.text], name); try binder.expect(args[1], [.int], name)
                       if args.count == 3 { try binder.expect(args[2], [.text], name) }
                       return .text
                   },
                   run: { call in try perRow(call) { v in
                       guard case .text(let s) = v[0], case .int(let w) = v[1] else { return .null }
                       var fill = " "
                       if v.count > 2 { guard case .text(let f) = v[2] else { return .null }; fill = f }
                       guard w > 0 else { return .text("") }
                       guard w <= 10_000 else { throw Diagnostic(.runtime, "\(name) pads to at most 10,000 characters", at: call.span) }
                       let chars = Array(s), width = Int(w)
                       if chars.count >= width { return .text(String(chars.prefix(width))) }
                       if fill.isEmpty { return .text(s) }
                       let f = Array(fill)
                       let padding = String((0..<(width - chars.count)).map { f[$0 % f.count] })
                       return .text(left ? padding + s : s + padding)
                   } })
}

/// Type rule for functions whose arguments are all text.
private func textArgs(_ name: String, _ arity: ClosedRange<Int>, usage: String, result: @escaping @Sendable ([Bound]) -> DataType)
    -> @Sendable ([Bound], Binder, Span) throws -> DataType {
    return { args, binder, span in
        try binder.arity(args, arity, name, span, usage: usage)
        for a in args { try binder.expect(a, [.text], name) }
        return result(args)
    }
}

/// Runs `f` on the first argument's text with the other arguments' texts. When those are the
/// same for every row (literals), `f` runs once per distinct value of the first.
private func textRows(_ call: FunctionCall, _ f: @escaping (String, [String?]) throws -> Value) throws -> Operand {
    let rest = call.args.dropFirst()
    if rest.allSatisfy({ if case .scalar = $0 { return true }; return false }) {
        let fixed = rest.map { op -> String? in if case .scalar(.text(let t)) = op { return t }; return nil }
        var failure: Error?
        let out = mapTextToValues(call) { s in
            do { return try f(s, fixed) } catch { failure = error; return .null }
        }
        if let failure { throw failure }
        return out
    }
    return try perRow(call) { v in
        guard case .text(let s) = v[0] else { return .null }
        return try f(s, v.dropFirst().map { if case .text(let t) = $0 { return t }; return nil })
    }
}

/// Characters from a 1-based start, as SQL's substring: a start before 1 counts positions before
/// the text (so substr("abc", 0, 2) is "a").
func substring(_ s: String, _ start: Int64, _ length: Int64?) -> String {
    let chars = Array(s)
    let from = start - 1
    let to = length.map { from + max(0, $0) } ?? Int64(chars.count)
    let lo = max(0, min(Int64(chars.count), from)), hi = max(lo, min(Int64(chars.count), to))
    return String(chars[Int(lo)..<Int(hi)])
}

/// A value as concat writes it: text as is, numbers as in CSV, dates ISO, nulls skipped.
private func asText(_ v: Value) -> String {
    switch v {
    case .null: return ""
    case .text(let s): return s
    case .float(let d): return NumberFormat.shortest(d)
    default: return v.description
    }
}

/// Half away from zero at `d` decimals, on the decimal value (as `round`).
private func roundHalfAway(_ x: Double, _ d: Int) -> Double {
    let m = pow(10, Double(d))
    let r = (abs(x) * m).rounded(.toNearestOrAwayFromZero) / m
    return x < 0 ? -r : r
}
