import ChisoKit
import Foundation

/// A session whose statements print CSV, for tests that compare what two queries print.
public final class CSVSession {
    public let session = Session(workingDirectory: NSTemporaryDirectory(), output: { _ in }, info: { _ in })
    private var printed = ""

    public init() {
        session.options.format = .csv
        session.present = Session.sinks(output: { [unowned self] in printed += $0 }, info: { _ in })
    }

    /// Runs `statement` and returns what it printed.
    @discardableResult
    public func csv(_ statement: String) throws -> String {
        printed = ""
        try session.run(statement)
        return printed
    }
}
