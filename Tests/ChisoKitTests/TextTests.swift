@testable import ChisoKit
import XCTest

final class TextTests: XCTestCase {
    func testWidthCountsGraphemeClustersNotScalars() {
        XCTAssertEqual(TextWidth.of("Tỷ lệ dân số"), 12)
        // Decomposed: e + combining dot below + combining circumflex is one cell.
        XCTAssertEqual(TextWidth.of("Nghe\u{0323}\u{0302} An"), 7)
        XCTAssertEqual(TextWidth.of("東京"), 4)
        XCTAssertEqual(TextWidth.of("a\tb"), 2)
    }

    func testTruncateByCells() {
        XCTAssertEqual(TextWidth.truncate("Tỷ lệ dân số", to: 6), "Tỷ lệ…")
        XCTAssertEqual(TextWidth.truncate("東京都", to: 4), "東…")
        XCTAssertEqual(TextWidth.truncate("abc", to: 3), "abc")
    }

    func testFold() {
        XCTAssertEqual(Fold.fold("Nghệ An"), "nghe an")
        XCTAssertEqual(Fold.fold("ĐẮK LẮK"), "dak lak")
        XCTAssertEqual(Fold.fold("Nghe\u{0323}\u{0302} An"), "nghe an")
        XCTAssertEqual(Fold.fold("Quảng Ngãi"), "quang ngai")
    }

    func testSuggestionsIgnoreDiacritics() {
        XCTAssertEqual(NameSuggestion.closest(to: "indictor", in: ["plan", "indicator", "year"]), "indicator")
        XCTAssertEqual(NameSuggestion.closest(to: "ty_le", in: ["tỷ_lệ", "năm"]), "tỷ_lệ")
        XCTAssertNil(NameSuggestion.closest(to: "zzz", in: ["plan", "indicator"]))
    }

    func testCaretSitsUnderVietnameseText() {
        let src = SourceFile(name: "x", text: "from t | where tỷ_lệ > \"a\"")
        let d = Diagnostic(.type, "boom", at: Span(15, 15 + "tỷ_lệ".utf8.count)).inSource(src)
        let lines = d.render().split(separator: "\n").map(String.init)
        XCTAssertEqual(lines[0], "x:1:16: error: boom")
        XCTAssertEqual(lines[2], "   | " + String(repeating: " ", count: 15) + "^^^^^")
    }

    func testInputContinuation() {
        XCTAssertTrue(InputState.needsMore("from t |"))
        XCTAssertTrue(InputState.needsMore("from t | group plan {"))
        XCTAssertTrue(InputState.needsMore("from t | where x == \"abc"))
        XCTAssertFalse(InputState.needsMore("from t | where x == \"a|\""))
        XCTAssertFalse(InputState.needsMore("from t -- a comment |"))
        XCTAssertTrue(InputState.needsMore("from t | -- keep going\n"))
        XCTAssertTrue(InputState.needsMore("from t | select a,"))
    }

    func testDates() {
        XCTAssertEqual(CivilDate.parse("1970-01-01"), 0)
        XCTAssertEqual(CivilDate.parse("2022-03-31"), 19082)
        XCTAssertNil(CivilDate.parse("2023-02-29"))
        XCTAssertEqual(CivilDate.format(19082), "2022-03-31")
        for d in stride(from: Int32(-800_000), to: 800_000, by: 977) {
            XCTAssertEqual(CivilDate.parse(CivilDate.format(d)), d < -719162 ? nil : d)
        }
    }
}
