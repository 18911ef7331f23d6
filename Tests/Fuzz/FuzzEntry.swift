import Foundation

/// libFuzzer entry points, compiled together with ChisoKit's sources by Scripts/fuzz
/// (`-sanitize=fuzzer,address`). CHISO_FUZZ_TARGET picks the target:
/// - `statements` (default): the bytes as chiso source through lexer → parser → binder → plan,
///   checked against a small catalog (`chiso check`'s path; nothing is executed, no file written);
/// - `csv`: the bytes as a CSV file through the reader (type inference, widening, errors).
/// Any crash, hang or sanitizer report is a failure; a Diagnostic is the expected outcome for
/// bad input.
@_cdecl("LLVMFuzzerTestOneInput")
public func chisoFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    if FuzzState.target == "csv" {
        let path = FuzzState.csvPath
        if !FileManager.default.fileExists(atPath: path) { _ = FileManager.default.createFile(atPath: path, contents: nil) }
        guard let h = FileHandle(forWritingAtPath: path) else { return 0 }
        h.truncateFile(atOffset: 0)
        h.write(Data(bytes))
        try? h.close()
        _ = try? CSVReader.read(path: path)
    } else {
        let source = SourceFile(name: "<fuzz>", text: String(decoding: bytes, as: UTF8.self))
        _ = FuzzState.session.check(source)
    }
    return 0
}

enum FuzzState {
    static let target = ProcessInfo.processInfo.environment["CHISO_FUZZ_TARGET"] ?? "statements"
    static let csvPath = NSTemporaryDirectory() + "chiso-fuzz-\(getpid()).csv"
    /// A catalog with the shapes scripts meet: text, numbers, dates, and a survey design.
    nonisolated(unsafe) static let session: Session = {
        let s = Session(workingDirectory: NSTemporaryDirectory(), output: { _ in }, info: { _ in })
        s.register(Table(names: ["plan", "indicator", "year", "op", "lo", "hi"], columns: [
            Column.fromStrings(["p1", "p2"]), Column.fromStrings(["x", "y"]), Column(.int([2025, 2030])),
            Column.fromStrings(["=", "range"]), Column(.float([80, 15])), Column(.float([0, 20])),
        ]), as: "targets")
        s.register(Table(names: ["id", "area_id", "issued", "parent"], columns: [
            Column.fromStrings(["p1", "p2"]), Column.fromStrings(["a", "b"]), Column.fromStrings(["2022-01-01", "2023-01-01"]),
            Column.fromStrings([nil, "p1"]),
        ]), as: "plans")
        s.register(Table(names: ["indicator", "area", "year", "value"], columns: [
            Column.fromStrings(["x", "x"]), Column.fromStrings(["a", "a"]), Column(.int([2021, 2022])), Column(.float([1, 2])),
        ]), as: "obs")
        return s
    }()
}
