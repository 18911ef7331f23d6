import ChisoKit
import Foundation
import XCTest

/// Every chiso example in README.md runs on the bundled data without an error: the manual never
/// shows a statement that does not work.
final class ReadmeTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The fenced blocks whose first line is chiso (not a shell command), with shell lines inside
    /// them (`Scripts/chiso run …`) left out.
    static func examples() throws -> [(line: Int, text: String)] {
        let lines = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8).components(separatedBy: "\n")
        var blocks: [(Int, String)] = [], current: [String]? = nil, start = 0
        for (i, l) in lines.enumerated() {
            if l.hasPrefix("```") {
                if let c = current {
                    let first = c.first { !$0.trimmingCharacters(in: .whitespaces).isEmpty } ?? ""
                    if ["from", "load", "let", "explain", "describe", "param"].contains(where: { first.hasPrefix($0 + " ") }) {
                        blocks.append((start, c.filter { !$0.hasPrefix("Scripts/") }.joined(separator: "\n")))
                    }
                    current = nil
                } else {
                    current = []; start = i + 2
                }
            } else if current != nil {
                current!.append(l)
            }
        }
        return blocks
    }

    func testReadmeExamplesRun() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chiso-readme-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for sub in ["Datasets", "Scripts"] {
            try FileManager.default.createSymbolicLink(at: dir.appendingPathComponent(sub), withDestinationURL: Self.root.appendingPathComponent(sub))
        }
        let blocks = try Self.examples()
        XCTAssertGreaterThanOrEqual(blocks.count, 4)
        for (line, text) in blocks {
            var out = ""
            let session = Session(workingDirectory: dir.path, output: { out += $0 }, info: { _ in })
            session.options.format = .csv
            let data = Self.root.appendingPathComponent("Datasets").path
            for f in try FileManager.default.contentsOfDirectory(atPath: data).sorted() where f.hasSuffix(".csv") {
                session.registerLazily(path: data + "/" + f, as: Session.tableName(forPath: f))
            }
            do {
                try session.run(SourceFile(name: "README.md:\(line)", text: text))
            } catch let d as Diagnostic {
                XCTFail("the README example at line \(line) fails:\n\(d.render())")
            }
            Self.checkShowsRows(text, out, "the README example at line \(line)")
        }
    }

    /// Every `help` example that is a pipeline (or starts with let) runs on the bundled data.
    func testHelpExamplesRun() throws {
        let data = Self.root.appendingPathComponent("Datasets").path
        // Every topic has an example, and every name a user may ask about has a topic.
        for topic in Help.topics { XCTAssertFalse(topic.example.isEmpty, "help \(topic.name) has no example") }
        for name in ["lag", "lead", "share", "set", "describe", "tables", "log10", "count_distinct", "quantile", "string_agg"] {
            XCTAssertNotNil(Help.text(for: name), "help \(name)")
        }
        for topic in Help.topics where ["from ", "explain ", "let ", "describe ", "tables"].contains(where: topic.example.hasPrefix) {
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chiso-help-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: dir) }
            var out = ""
            let session = Session(workingDirectory: dir.path, output: { out += $0 }, info: { _ in })
            session.options.format = .csv
            for f in try FileManager.default.contentsOfDirectory(atPath: data).sorted() where f.hasSuffix(".csv") {
                session.registerLazily(path: data + "/" + f, as: Session.tableName(forPath: f))
            }
            do { try session.run(SourceFile(name: "help \(topic.name)", text: topic.example)) } catch let d as Diagnostic {
                XCTFail("help \(topic.name)'s example fails:\n\(d.render())")
            }
            Self.checkShowsRows(topic.example, out, "help \(topic.name)'s example")
            if ["assess", "project", "window", "plot"].contains(topic.name) {
                XCTAssertGreaterThan(out.split(separator: "\n").count, 1, "help \(topic.name)'s example shows no rows")
            }
        }
    }

    /// An example that projects shows projected rows; one that assesses shows at least one
    /// verdict other than not_assessable — never only a header, or only "cannot say".
    static func checkShowsRows(_ text: String, _ out: String, _ what: String) {
        if text.contains("| assess") {
            let verdicts = [",met,", ",on_track,", ",acceleration_needed,", ",limited,", ",regressing,"]
            XCTAssertTrue(verdicts.contains { out.contains($0) }, "\(what) gives no verdict:\n\(out.prefix(2000))")
        }
        // (A pipeline that ends in plot draws its rows instead of printing them.)
        if text.contains("| project"), !text.hasPrefix("explain"), !text.contains("| plot") {
            XCTAssertTrue(out.contains(",projected,"), "\(what) projects nothing")
        }
    }
}
