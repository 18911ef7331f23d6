/// `explain plan`: one operator a line, in pipeline order, each followed by the schema of the
/// rows it produces. Only the plan is read, never a row, so it answers at once on any file.
enum PlanPrinter {
    static func render(_ plan: LogicalPlan) -> String {
        // With a database source, each line says where it runs.
        let place = plan.placement
        func at(_ k: Int) -> String {
            guard let place else { return "" }
            if k < place.pushed { return "[\(place.database)] " }
            return k == place.pushed && place.estimate != nil ? "[\(place.database) sums, local variance] " : "[local] "
        }
        var lines: [(String, Schema?)] = [(at(-1) + "scan \(plan.source.table)" + (plan.source.origin.isEmpty ? "" : " (\(plan.source.origin))"), plan.source.schema)]
        var previous = plan.source.schema
        for (k, op) in plan.operators.enumerated() {
            let head = at(k) + (op.detail.isEmpty ? op.name : op.name + " " + op.detail)
            // An unchanged schema is not repeated: the reader sees where columns change.
            lines.append((head, op.schema == previous ? nil : op.schema))
            previous = op.schema
        }
        var out = ""
        for (k, (head, schema)) in lines.enumerated() {
            out += "\(k + 1). \(head)\n"
            out += "   → " + (schema.map(describe) ?? "(same columns)") + "\n"
        }
        if let place { out += describe(place, of: plan) }
        if !plan.deferred.isEmpty, let op = plan.operators.last {
            out += "then, bound once \(op.name) has run and its columns are known:\n   | \(plan.deferredText)\n"
        }
        return out
    }

    static func describe(_ place: PlanPlacement, of plan: LogicalPlan) -> String {
        let steps = place.pushed == 0 ? "the scan" : place.pushed == 1 ? "the scan and step 2" : "the scan and steps 2–\(place.pushed + 1)"
        var out = "runs in \(place.database) (\(place.connection)): \(steps), as one statement:\n   \(place.sql)\n"
        if !place.parameters.isEmpty {
            out += "   parameters: " + place.parameters.enumerated().map { "$\($0 + 1) = \($1.type == .text ? "\"" + $1.description + "\"" : $1.description)" }.joined(separator: ", ") + "\n"
        }
        for u in place.uploads { out += "   \(u.table) is uploaded first as the temporary table \(u.as) (local tables of up to \(SQLCompiler.uploadLimit) rows are)\n" }
        if let e = place.estimate {
            out += "then step \(place.pushed + 2), estimate: the server sums the sample's cells (per stratum, PSU and domain) and chiso finishes the variance from them:\n" + e.map { "   " + $0 + "\n" }.joined()
            if place.pushed + 1 < plan.operators.count {
                out += "then locally: steps \(place.pushed + 3)–\(plan.operators.count + 1)\n"
            }
        } else if place.pushed < plan.operators.count {
            out += "then locally, on the rows it returns: steps \(place.pushed + 2)–\(plan.operators.count + 1)"
            out += place.reason.map { " (\($0))" } ?? ""
            out += "\n"
        }
        return out
    }

    static func describe(_ s: Schema) -> String {
        zip(s.names, s.types).map { "\(Identifier.quoted($0)) \($1.rawValue)" }.joined(separator: ", ")
    }
}

/// Names as chiso source writes them: plain when they are identifiers, in backticks otherwise.
enum Identifier {
    static func isPlain(_ s: String) -> Bool {
        guard let f = s.unicodeScalars.first, f.properties.isAlphabetic || f == "_" else { return false }
        return s.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || $0 == "_" || ("0"..."9").contains($0) }
    }

    static func quoted(_ s: String) -> String { isPlain(s) ? s : "`" + s + "`" }
}
