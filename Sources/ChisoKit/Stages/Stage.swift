/// What a pipeline stage is, in one place: its grammar, its binding, its help and what Tab
/// offers inside it. Each stage is one file under `Stages/` conforming to this protocol (plus,
/// in the same file, its operator and the operator's local execution); the parser, binder,
/// help and completer find stages through `StageRegistry`, with no `switch` over stage kinds.
public protocol Stage: Sendable {
    /// The word that starts the stage after `|`.
    static var keyword: String { get }
    /// The `help` entry (name, usage, summary, an example that runs on the bundled data).
    static var help: Help.Topic { get }
    /// Words Tab offers inside the stage besides the input's columns (`by`, `to`, method names…).
    static var completionWords: [String] { get }
    /// Words after which Tab offers table names (`join left …`).
    static var tableWords: [String] { get }
    /// The option words the stage takes (in any order): named in the error when a word the
    /// stage does not take follows it ("project takes: by, per, to, …").
    static var optionWords: [String] { get }
    /// True when the stage sends the rows somewhere else (a file), so a pipeline ending in it
    /// prints nothing.
    static var sendsRowsElsewhere: Bool { get }

    /// Parses what follows the keyword (the parser stands just after it).
    static func parse(_ p: inout Parser) throws -> Self

    /// Checks the stage against the schema of its input and returns its logical operator.
    func bind(_ input: Schema, _ context: inout BindContext, _ node: StageNode) throws -> any LogicalOperator

    /// Stages the parser puts just before this one: `estimate share(age >= 60)` is a derive of
    /// the expression, then the estimate of that column.
    func prelude(_ node: StageNode) -> [StageNode]
}

extension Stage {
    public static var completionWords: [String] { [] }
    public static var tableWords: [String] { [] }
    public static var optionWords: [String] { [] }
    public static var sendsRowsElsewhere: Bool { false }
    public func prelude(_ node: StageNode) -> [StageNode] { [] }
}
