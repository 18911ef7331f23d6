import ChisoKit
import StatFiles
import Foundation
import XCTest

/// The golden corpus format: each case is chiso input, a `----` line, and exactly what the user
/// sees (results, notices and errors), ended by a blank line. A case with no `----` expects no
/// output. `CHISO_GOLDEN_RECORD=1` rewrites the expected outputs instead of comparing (review
/// the diff before committing).
public enum Golden {
    public struct Case {
        public var input: String
        public var expected: String
        public var line: Int
    }

    public static var recording: Bool { ProcessInfo.processInfo.environment["CHISO_GOLDEN_RECORD"] == "1" }

    public static func parse(_ text: String) -> [Case] {
        var cases: [Case] = []
        let lines = text.components(separatedBy: "\n")
        var i = 0
        var input: [String] = []
        var inputLine = 1
        while i < lines.count {
            let l = lines[i]
            if l == "----" {
                var out: [String] = []
                i += 1
                while i < lines.count && !lines[i].isEmpty { out.append(lines[i]); i += 1 }
                cases.append(Case(input: input.joined(separator: "\n"), expected: out.joined(separator: "\n"), line: inputLine))
                input = []
                continue
            }
            if l.isEmpty {
                if !input.isEmpty {
                    cases.append(Case(input: input.joined(separator: "\n"), expected: "", line: inputLine))
                    input = []
                }
            } else {
                if input.isEmpty { inputLine = i + 1 }
                input.append(l)
            }
            i += 1
        }
        if !input.isEmpty { cases.append(Case(input: input.joined(separator: "\n"), expected: "", line: inputLine)) }
        return cases
    }

    /// Runs one case's input in `session`; returns everything the user would see.
    public static func run(_ input: String, in session: Session) -> String {
        let captured = Captured()
        session.present = Session.sinks(output: { captured.text += $0.hasSuffix("\n") ? $0 : $0 + "\n" },
                                        info: { captured.text += $0 + "\n" })
        do {
            try session.run(SourceFile(name: "<input>", text: input))
        } catch let d as Diagnostic {
            captured.text += d.render() + "\n"
        } catch {
            captured.text += "error: \(error)\n"
        }
        return captured.text.trimmingCharacters(in: .newlines)
    }

    /// Runs every case of one golden file in a fresh session made by `makeSession`; reports each
    /// difference as a test failure at the case's line. Returns (cases, failures).
    @discardableResult
    public static func check(file: URL, relativeName: String, makeSession: () throws -> Session,
                             filePath: StaticString = #filePath, line: UInt = #line) throws -> (Int, Int) {
        let text = try String(contentsOf: file, encoding: .utf8)
        // The formats chiso's program registers at start (SPSS, Stata, SAS through ReadStat).
        StatFiles.register()
        let session = try makeSession()
        var recorded: [String] = []
        var failed = 0
        let cases = parse(text)
        for c in cases {
            let actual = run(c.input, in: session)
            if recording {
                recorded.append(actual.isEmpty ? c.input : c.input + "\n----\n" + actual)
            } else if actual != c.expected {
                failed += 1
                XCTFail("""
                    \(relativeName):\(c.line): output differs
                    --- input
                    \(c.input)
                    --- expected
                    \(c.expected)
                    --- actual
                    \(actual)
                    """, file: filePath, line: line)
            }
        }
        if recording {
            try (recorded.joined(separator: "\n\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
        }
        return (cases.count, failed)
    }

    /// Text appended by the presenter closures of one run.
    final class Captured { var text = "" }
}

/// Asserts that running `input` fails with a diagnostic whose message is `message`, at the
/// 1-based `line` and `column` of the input when given.
public func assertDiagnostic(_ input: String, in session: Session, message: String, line: Int? = nil, column: Int? = nil,
                             file: StaticString = #filePath, testLine: UInt = #line) {
    let source = SourceFile(name: "<input>", text: input)
    do {
        try session.run(source)
        XCTFail("expected an error '\(message)', but the input ran", file: file, line: testLine)
    } catch let d as Diagnostic {
        XCTAssertEqual(d.message, message, file: file, line: testLine)
        if let line, let column, let span = d.span {
            let (l, c) = source.location(of: span.start)
            XCTAssertEqual("\(l):\(c)", "\(line):\(column)", "position of '\(message)'", file: file, line: testLine)
        }
    } catch {
        XCTFail("expected a Diagnostic, got \(error)", file: file, line: testLine)
    }
}

/// Small tables for tests: `makeTable(("a", ints: [1, 2]), ("b", texts: ["x", nil]))`.
public enum TableFixture {
    public enum Values {
        case ints([Int64?]), floats([Double?]), texts([String?])
    }

    public static func make(_ columns: [(String, Values)]) -> Table {
        Table(names: columns.map(\.0), columns: columns.map { column($0.1) })
    }

    static func column(_ v: Values) -> Column {
        switch v {
        case .texts(let s): return Column.fromStrings(s)
        case .ints(let xs): return Column.ints(xs)
        case .floats(let xs):
            var valid = Validity(count: xs.count, allValid: true)
            for (i, x) in xs.enumerated() where x == nil { valid.set(i, false) }
            return Column(.float(xs.map { $0 ?? 0 }), validity: valid)
        }
    }
}
