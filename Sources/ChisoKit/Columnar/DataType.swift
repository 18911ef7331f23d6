/// The types of chiso values. Every column has exactly one; `null` is only the type of the
/// literal `null` (and of a column with no values at all) and unifies with every other type.
public enum DataType: String, Sendable, CaseIterable {
    case int, float, text, bool, date, null

    public var isNumeric: Bool { self == .int || self == .float }

    /// The name with its article, for messages: "an int", "a float".
    public var withArticle: String { self == .int ? "an int" : "a \(rawValue)" }

    /// The type both operands are converted to when mixed (int + float → float, null + T → T).
    public static func unify(_ a: DataType, _ b: DataType) -> DataType? {
        if a == b { return a }
        if a == .null { return b }
        if b == .null { return a }
        if a.isNumeric && b.isNumeric { return .float }
        return nil
    }
}

/// One cell, for literals, rendering and tests. Hot paths never use it per row.
public enum Value: Hashable, Sendable, CustomStringConvertible {
    case null
    case int(Int64)
    case float(Double)
    case text(String)
    case bool(Bool)
    case date(Int32)

    public var type: DataType {
        switch self {
        case .null: return .null
        case .int: return .int
        case .float: return .float
        case .text: return .text
        case .bool: return .bool
        case .date: return .date
        }
    }

    public var isNull: Bool { if case .null = self { return true } else { return false } }

    public var description: String {
        switch self {
        case .null: return "null"
        case .int(let v): return String(v)
        case .float(let v): return NumberFormat.shortest(v)
        case .text(let s): return s
        case .bool(let b): return b ? "true" : "false"
        case .date(let d): return CivilDate.format(d)
        }
    }
}
