import ChisoKit
import Foundation
import XCTest

/// Runs the golden corpus in `Tests/Golden`: each `.test` file is a sequence of cases, each
/// case some chiso input, a `----` line, and the exact output (results, notices and errors as
/// the user sees them), ended by a blank line. Every file runs in a fresh session whose
/// working directory is a scratch copy of `Tests/Golden/data`.
///
/// `CHISO_GOLDEN_RECORD=1 swift test --filter GoldenTests` rewrites the expected outputs;
/// review the diff before committing.
final class GoldenTests: XCTestCase {
    static let goldenDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Golden")

    struct Case {
        var input: String
        var expected: String
        var line: Int
    }

    static func parse(_ text: String) -> (cases: [Case], preamble: [String]) {
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
        return (cases, [])
    }

    /// Runs one case's input; returns everything the user would see.
    static func run(_ input: String, in session: Session) -> String {
        var out = ""
        session.output = { out += $0.hasSuffix("\n") ? $0 : $0 + "\n" }
        session.info = { out += $0 + "\n" }
        do {
            try session.run(SourceFile(name: "<input>", text: input))
        } catch let d as Diagnostic {
            out += d.render() + "\n"
        } catch {
            out += "error: \(error)\n"
        }
        // Only comment lines: nothing to show.
        return out.trimmingCharacters(in: .newlines)
    }

    static func scratchCopy() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chiso-golden-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let data = goldenDir.appendingPathComponent("data")
        for f in try FileManager.default.contentsOfDirectory(atPath: data.path) {
            try FileManager.default.copyItem(at: data.appendingPathComponent(f), to: dir.appendingPathComponent(f))
        }
        return dir
    }

    static func testFiles() -> [URL] {
        let e = FileManager.default.enumerator(at: goldenDir, includingPropertiesForKeys: nil)!
        return e.compactMap { $0 as? URL }.filter { $0.pathExtension == "test" }.sorted { $0.path < $1.path }
    }

    func testGoldenCorpus() throws {
        let record = ProcessInfo.processInfo.environment["CHISO_GOLDEN_RECORD"] == "1"
        let files = Self.testFiles()
        XCTAssertGreaterThan(files.count, 0, "no golden files under \(Self.goldenDir.path)")
        var total = 0, failed = 0
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            let (cases, _) = Self.parse(text)
            let scratch = try Self.scratchCopy()
            defer { try? FileManager.default.removeItem(at: scratch) }
            let session = Session(workingDirectory: scratch.path)
            session.options.maxWidth = 120
            var recorded: [String] = []
            let rel = file.path.replacingOccurrences(of: Self.goldenDir.path + "/", with: "")
            for c in cases {
                let actual = Self.run(c.input, in: session)
                total += 1
                if record {
                    recorded.append(actual.isEmpty ? c.input : c.input + "\n----\n" + actual)
                } else if actual != c.expected {
                    failed += 1
                    XCTFail("""
                        \(rel):\(c.line): output differs
                        --- input
                        \(c.input)
                        --- expected
                        \(c.expected)
                        --- actual
                        \(actual)
                        """)
                }
            }
            if record {
                try (recorded.joined(separator: "\n\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
            }
        }
        print("golden: \(total - failed) of \(total) cases passed in \(files.count) files")
    }
}
