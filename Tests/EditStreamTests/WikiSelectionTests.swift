import EditStream
import TestSupport
import XCTest

final class WikiSelectionTests: XCTestCase {
    func testNamesAsPeopleSayThem() throws {
        let cases: [(String, String)] = [
            ("en", "enwiki"), ("DE", "dewiki"), ("zh-yue", "zh_yuewiki"), ("simple", "simplewiki"),
            ("wikidata", "wikidatawiki"), ("commons", "commonswiki"), ("meta", "metawiki"),
            ("de.wiktionary.org", "dewiktionary"), ("en.wikipedia.org", "enwiki"),
            ("zh-yue.wikipedia.org", "zh_yuewiki"), ("www.wikidata.org", "wikidatawiki"),
            ("commons.wikimedia.org", "commonswiki"), ("fr.wikisource.org", "frwikisource"),
            ("dewiktionary", "dewiktionary"), ("enwiki", "enwiki"), ("commonswiki", "commonswiki"),
        ]
        for (token, expected) in cases {
            XCTAssertEqual(try WikiSelection.databaseName(for: token), expected, token)
        }
    }

    func testListsAndAll() throws {
        let selection = try WikiSelection(parsing: "en, de,wikidata  en")
        XCTAssertEqual(selection.databaseNames, ["enwiki", "dewiki", "wikidatawiki"])
        XCTAssertFalse(selection.everything)
        XCTAssertTrue(try WikiSelection(parsing: "all").everything)
    }

    func testBadNamesSayWhatIsAllowed() {
        for bad in ["", " , ", "en/wiki", "example.com", "de.example.org", "1abc"] {
            XCTAssertThrowsError(try WikiSelection(parsing: bad), bad) { error in
                let text = "\(error)"
                XCTAssertTrue(text.contains("is not a wiki"), text)
                XCTAssertTrue(text.contains("language code"), text)
            }
        }
    }

    func testMatchingUsesWikiThenServerName() throws {
        let selection = try WikiSelection(parsing: "de")
        var change = RecentChange()
        change.wiki = "dewiki"
        change.serverName = "auth.wikimedia.org"  // new accounts: routed by wiki
        XCTAssertTrue(selection.matches(change))
        change.wiki = "enwiki"
        XCTAssertFalse(selection.matches(change))
        change.wiki = nil
        change.serverName = "de.wikipedia.org"
        XCTAssertTrue(selection.matches(change))
    }

    func testPrefilterNeverRejectsAnEventThatMatches() throws {
        let lines = try Fixtures.lines("recentchange-sample.jsonl")
        for list in ["en", "de", "wikidata", "commons", "ms.wiktionary.org", "en,de,fr", "uk"] {
            let selection = try WikiSelection(parsing: list)
            var passed = 0
            for line in lines {
                let change = try RecentChange(json: line)
                let might = line.withUnsafeBytes { selection.mightMatch(json: $0) }
                if selection.matches(change) {
                    XCTAssertTrue(might, "\(list): prefilter dropped \(change.id ?? "?")")
                    passed += 1
                }
            }
            XCTAssertGreaterThan(passed, 0, list)
        }
    }

    func testPrefilterRejectsOtherWikisAndIgnoresTheNameInText() throws {
        let selection = try WikiSelection(parsing: "de")
        func might(_ text: String) -> Bool { Array(text.utf8).withUnsafeBytes { selection.mightMatch(json: $0) } }
        XCTAssertFalse(might(#"{"title":"dewiki","wiki":"enwiki"}"#))
        XCTAssertTrue(might(#"{"title":"x","wiki": "dewiki"}"#))
        XCTAssertTrue(might(#"{"title":"no wiki member"}"#))  // decode it and decide properly
    }
}
