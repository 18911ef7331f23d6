/// A lexical token with the span it came from.
public struct Token: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case identifier(String)
        /// `$name`: a script parameter.
        case parameter(String)
        case string(String)
        case integer(Int64)
        case float(Double)
        case symbol(String)     // | , ( ) { } = == != < <= > >= + - * / % ;
        case newline
        case end
    }
    public var kind: Kind
    public var span: Span

    /// How the token is named in "expected …, found …" messages.
    public var display: String {
        switch kind {
        case .identifier(let s): return "'\(s)'"
        case .parameter(let s): return "'$\(s)'"
        case .string(let s): return "string \"\(s)\""
        case .integer(let v): return "number \(v)"
        case .float(let v): return "number \(v)"
        case .symbol(let s): return "'\(s)'"
        case .newline: return "end of line"
        case .end: return "end of input"
        }
    }

    func isSymbol(_ s: String) -> Bool { if case .symbol(s) = kind { return true } else { return false } }
    func isWord(_ w: String) -> Bool {
        if case .identifier(let s) = kind { return s == w } else { return false }
    }
    var identifier: String? { if case .identifier(let s) = kind { return s } else { return nil } }
}
