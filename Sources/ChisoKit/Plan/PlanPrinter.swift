/// `explain plan`: one operator a line, in pipeline order, each followed by the schema of the
/// rows it produces. Only the plan is read, never a row, so it answers at once on any file.
enum PlanPrinter {
    static func render(_ plan: LogicalPlan) -> String {
        var lines: [(String, Schema?)] = [("scan \(plan.source.table)" + (plan.source.origin.isEmpty ? "" : " (\(plan.source.origin))"), plan.source.schema)]
        var previous = plan.source.schema
        for op in plan.operators {
            let head = op.detail.isEmpty ? op.name : op.name + " " + op.detail
            // An unchanged schema is not repeated: the reader sees where columns change.
            lines.append((head, op.schema == previous ? nil : op.schema))
            previous = op.schema
        }
        var out = ""
        for (k, (head, schema)) in lines.enumerated() {
            out += "\(k + 1). \(head)\n"
            out += "   → " + (schema.map(describe) ?? "(same columns)") + "\n"
        }
        if !plan.deferred.isEmpty, let op = plan.operators.last {
            out += "then, bound once \(op.name) has run and its columns are known:\n   | \(plan.deferredText)\n"
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
