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
            let session = Session(workingDirectory: dir.path, output: { _ in }, info: { _ in })
            let data = Self.root.appendingPathComponent("Datasets").path
            for f in try FileManager.default.contentsOfDirectory(atPath: data).sorted() where f.hasSuffix(".csv") {
                session.registerLazily(path: data + "/" + f, as: Session.tableName(forPath: f))
            }
            do {
                try session.run(SourceFile(name: "README.md:\(line)", text: text))
            } catch let d as Diagnostic {
                XCTFail("the README example at line \(line) fails:\n\(d.render())")
            }
        }
    }

    /// Every `help` example that is a pipeline (or starts with let) runs on the bundled data.
    func testHelpExamplesRun() throws {
        let data = Self.root.appendingPathComponent("Datasets").path
        for topic in Help.topics where ["from ", "explain ", "let "].contains(where: topic.example.hasPrefix) {
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chiso-help-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: dir) }
            let session = Session(workingDirectory: dir.path, output: { _ in }, info: { _ in })
            for f in try FileManager.default.contentsOfDirectory(atPath: data).sorted() where f.hasSuffix(".csv") {
                session.registerLazily(path: data + "/" + f, as: Session.tableName(forPath: f))
            }
            do { try session.run(SourceFile(name: "help \(topic.name)", text: topic.example)) } catch let d as Diagnostic {
                XCTFail("help \(topic.name)'s example fails:\n\(d.render())")
            }
        }
    }
}
