/// A Markdown table (`export "x.md"`): every row, each float with its shortest digits — a file
/// for a report, not the screen's rounded view. Written only.
public struct MarkdownFormat: FileFormat {
    public init() {}
    public var name: String { "Markdown" }
    public var extensions: [String] { ["md"] }
    public var loadOptions: [String] { [] }
    public var canRead: Bool { false }

    public func write(_ table: Table, _ r: WriteRequest) throws {
        var o = RenderOptions()
        o.format = .markdown
        o.decimals = nil
        try AtomicFile.write(Array(TableRenderer.render(table, o).utf8), to: r.path, displayName: r.shown)
    }
}
