import Foundation
import ZIPFoundation

/// A plan's text as lines, from a plain-text file or a Word document (`.docx`: the paragraphs
/// of `word/document.xml`, one line each, tabs kept). Text is NFC; line numbers are 1-based and
/// are what every extracted row points back to.
struct PlanDocument {
    var name: String
    var lines: [String]

    static func read(path: String, shown: String) throws -> PlanDocument {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Diagnostic(.io, "cannot read \(shown)", hint: "check the path; relative paths start from the script's folder (the current one at the prompt)")
        }
        let bytes = [UInt8](data)
        let text: String
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            text = try docxText(path: path, shown: shown)
        } else {
            var b = bytes
            if b.starts(with: [0xFF, 0xFE]) || b.starts(with: [0xFE, 0xFF]) {
                do { b = try TextEncoding.utf16.decode(b) } catch {
                    throw Diagnostic(.data, "\(shown):\(error.line):\(error.column): \(error.message)")
                }
            }
            if b.starts(with: [0xEF, 0xBB, 0xBF]) { b.removeFirst(3) }
            guard let s = String(validating: b, as: UTF8.self) else {
                let (line, column) = Self.firstInvalidUTF8(b)
                var d = Diagnostic(.data, "invalid UTF-8 in the plan document", hint: "save it as UTF-8 text (or give the .docx)")
                d.dataLocation = DataLocation(file: shown, line: line, column: column)
                throw d
            }
            text = s
        }
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .split(separator: "\n", omittingEmptySubsequences: false).map { Unicode.nfc(String($0)) }
        return PlanDocument(name: shown, lines: lines)
    }

    static func firstInvalidUTF8(_ b: [UInt8]) -> (Int, Int) {
        var line = 1, start = 0
        for (i, c) in b.enumerated() where c == 10 {
            if String(validating: b[start..<i], as: UTF8.self) == nil { break }
            line += 1; start = i + 1
        }
        var column = 1, i = start
        while i < b.count, b[i] != 10 {
            let len = b[i] < 0x80 ? 1 : b[i] >= 0xF0 ? 4 : b[i] >= 0xE0 ? 3 : 2
            if i + len > b.count || String(validating: b[i..<(i + len)], as: UTF8.self) == nil { break }
            i += len; column += 1
        }
        return (line, column)
    }

    /// The paragraphs of a Word document: `<w:p>` is a line, `<w:tab/>` a tab, `<w:br/>` a break.
    static func docxText(path: String, shown: String) throws -> String {
        let archive: Archive
        do { archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read) } catch {
            throw Diagnostic(.data, "\(shown) is not a Word document (not a zip archive)")
        }
        guard let xml = try Workbook.entry(archive, "word/document.xml", shown) else {
            throw Diagnostic(.data, "\(shown) is a zip archive but not a Word document (no word/document.xml)",
                             hint: "give the plan as .docx or as UTF-8 text")
        }
        let x = XMLScanner(xml, spreadsheetEscapes: false)
        var out = ""
        var inText = false
        do {
            loop: while true {
                switch try x.next() {
                case .start:
                    if x.named("t") { inText = true } else if x.named("tab") { out += "\t" } else if x.named("br") || x.named("cr") { out += "\n" }
                case .end:
                    if x.named("t") { inText = false } else if x.named("p") { out += "\n" }
                case .text:
                    if inText { out += x.text }
                case .eof: break loop
                }
            }
        } catch let m as XMLScanner.Malformed {
            throw Diagnostic(.data, "\(shown): word/document.xml is not well-formed XML at byte \(m.offset): \(m.reason)")
        }
        return out
    }
}
