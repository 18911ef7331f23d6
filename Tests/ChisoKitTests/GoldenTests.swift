import ChisoKit
import ChisoTestSupport
import Foundation
import XCTest

/// Runs the golden corpus in `Tests/Golden` (format: `ChisoTestSupport/Golden.swift`). Every
/// file runs in a fresh session whose working directory is a scratch copy of
/// `Tests/Golden/data`.
///
/// `CHISO_GOLDEN_RECORD=1 swift test --filter GoldenTests` rewrites the expected outputs;
/// review the diff before committing.
final class GoldenTests: XCTestCase {
    static let goldenDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Golden")

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
        // Take the whole locale from the environment, as a program that calls
        // setlocale(LC_ALL, "") would: Scripts/test runs the suite under C, de_DE.UTF-8 and
        // vi_VN.UTF-8 (decimal commas) and the outputs must not change.
        setlocale(LC_ALL, "")
        let files = Self.testFiles()
        XCTAssertGreaterThan(files.count, 0, "no golden files under \(Self.goldenDir.path)")
        var total = 0, failed = 0
        for file in files {
            let scratch = try Self.scratchCopy()
            defer { try? FileManager.default.removeItem(at: scratch) }
            let rel = file.path.replacingOccurrences(of: Self.goldenDir.path + "/", with: "")
            let (n, f) = try Golden.check(file: file, relativeName: rel) {
                let session = Session(workingDirectory: scratch.path)
                session.options.maxWidth = 120
                return session
            }
            total += n; failed += f
        }
        print("golden: \(total - failed) of \(total) cases passed in \(files.count) files")
    }
}
