import XCTest
import Panel

final class LanguageRingTests: XCTestCase {
    let ring = LanguageRing(["en", "de", "fr", "ja", "wikidata"])

    func testStepsInOrderAndWraps() {
        var language = "en"
        var seen: [String] = []
        for _ in 0..<6 {
            language = ring.next(after: language)
            seen.append(language)
        }
        XCTAssertEqual(seen, ["de", "fr", "ja", "wikidata", "en", "de"])
    }

    func testALanguageOutsideTheRingGoesToItsStart() {
        XCTAssertEqual(ring.next(after: "en, de"), "en")
        XCTAssertEqual(ring.next(after: "commons"), "en")
        XCTAssertEqual(ring.next(after: ""), "en")
    }

    func testMatchingIgnoresCaseAndSpaces() {
        XCTAssertEqual(ring.next(after: " DE "), "fr")
    }

    func testOneOrNoLanguage() {
        XCTAssertEqual(LanguageRing(["en"]).next(after: "en"), "en")
        XCTAssertEqual(LanguageRing([]).next(after: "de"), "de")
    }
}
