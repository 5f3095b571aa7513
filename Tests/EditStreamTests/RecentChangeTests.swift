import EditStream
import TestSupport
import XCTest

final class RecentChangeTests: XCTestCase {
    private func decode(_ json: String) throws -> RecentChange {
        try RecentChange(json: Array(json.utf8))
    }

    func testEveryRecordedEventDecodes() throws {
        for name in ["recentchange-sample.jsonl", "recentchange-wikidata-editgroups-2018.jsonl"] {
            let lines = try Fixtures.lines(name)
            XCTAssertGreaterThan(lines.count, 200)
            for (number, line) in lines.enumerated() {
                let change: RecentChange
                do {
                    change = try RecentChange(json: line)
                } catch {
                    XCTFail("\(name):\(number + 1): \(error)")
                    continue
                }
                XCTAssertNotNil(change.id, "\(name):\(number + 1) meta.id")
                XCTAssertNotNil(change.wiki, "\(name):\(number + 1) wiki")
                XCTAssertNotNil(change.type, "\(name):\(number + 1) type")
                if change.type == .edit {
                    XCTAssertNotNil(change.lengthNew, "\(name):\(number + 1) length.new")
                    XCTAssertNotNil(change.lengthOld, "\(name):\(number + 1) length.old")
                }
            }
        }
    }

    func testSampleTotalsMatchSOURCES() throws {
        // SOURCES.md: edit 210, categorize 29, log 14, new 12; bot true 83; namespace 0: 210.
        let changes = try Fixtures.lines("recentchange-sample.jsonl").map { try RecentChange(json: $0) }
        XCTAssertEqual(changes.count, 265)
        XCTAssertEqual(changes.filter { $0.type == .edit }.count, 210)
        XCTAssertEqual(changes.filter { $0.type == .categorize }.count, 29)
        XCTAssertEqual(changes.filter { $0.type == .log }.count, 14)
        XCTAssertEqual(changes.filter { $0.type == .new }.count, 12)
        XCTAssertEqual(changes.filter(\.bot).count, 83)
        XCTAssertEqual(changes.filter { $0.namespace == 0 }.count, 210)
        XCTAssertEqual(changes.filter { $0.wiki == "enwiki" }.count, 116)
        XCTAssertEqual(changes.filter { $0.logType == "abusefilter" }.count, 9)
    }

    func testThreePayloadGenerations() throws {
        // 2018: schema_uri, length.old null on a new page.
        let old = try decode("""
            {"bot": false, "comment": "", "id": 1, "length": {"new": 210, "old": null}, "meta": {"domain": "www.wikidata.org", "dt": "2018-03-15T10:06:11+00:00", "id": "a-1", "schema_uri": "mediawiki/recentchange/2"}, "namespace": 0, "revision": {"new": 5, "old": null}, "server_name": "www.wikidata.org", "title": "Q1", "type": "new", "user": "Pintoch", "wiki": "wikidatawiki"}
            """)
        XCTAssertEqual(old.type, .new)
        XCTAssertNil(old.lengthOld)
        XCTAssertEqual(old.lengthNew, 210)
        XCTAssertEqual(old.wiki, "wikidatawiki")
        // 2026: length.old absent, milliseconds in meta.dt.
        let new = try decode("""
            {"$schema":"/mediawiki/recentchange/1.0.0","meta":{"uri":"u","id":"b-2","domain":"en.wikipedia.org","stream":"mediawiki.recentchange","dt":"2026-02-26T15:49:36.569Z"},"type":"new","namespace":0,"title":"Ünïcødé \\"quoted\\" \\u00e9\\ud83c\\udfb5","user":"X","bot":false,"length":{"new":42},"server_name":"en.wikipedia.org","wiki":"enwiki"}
            """)
        XCTAssertEqual(new.title, "Ünïcødé \"quoted\" é🎵")
        XCTAssertNil(new.lengthOld)
        XCTAssertEqual(new.lengthNew, 42)
        XCTAssertEqual(new.id, "b-2")
        XCTAssertEqual(new.domain, "en.wikipedia.org")
    }

    func testEveryFieldIsOptional() throws {
        let change = try decode("{}")
        XCTAssertEqual(change, RecentChange())
        XCTAssertEqual(change.userClass, .registered)
        let nulls = try decode(#"{"meta":null,"type":null,"namespace":null,"title":null,"user":null,"bot":null,"length":null}"#)
        XCTAssertEqual(nulls, RecentChange())
    }

    func testNewUserEventRoutedByWiki() throws {
        // Written by hand from the schema: the recorded data has no newusers events.
        let change = try decode("""
            {"meta":{"id":"c-3","domain":"auth.wikimedia.org"},"type":"log","namespace":2,"title":"User:Newbie","user":"Newbie","bot":false,"log_type":"newusers","log_action":"create","server_name":"auth.wikimedia.org","wiki":"dewiki"}
            """)
        XCTAssertEqual(change.logType, "newusers")
        XCTAssertEqual(change.logAction, "create")
        XCTAssertEqual(change.wiki, "dewiki")
    }

    func testUnknownFieldsOfEveryShapeAreSkipped() throws {
        let change = try decode("""
            {"log_params":{"a":[1,2.5e-3,{"b":[true,false,null]}],"c":"\\\\"},"x":[],"y":{},"z":-0.5,"title":"T"}
            """)
        XCTAssertEqual(change.title, "T")
    }

    func testMalformedEventsAreRejected() {
        let bad = [
            "", "[]", "\"text\"", "{", "{\"title\":\"unterminated}", "{\"title\":\"T\",}", "{\"title\" \"T\"}",
            "{\"namespace\":01}", "{\"namespace\":1.}", "{\"bot\":tru}", "{\"title\":\"a\u{01}b\"}",
            "{\"title\":\"\\x\"}", "{\"title\":\"\\u12\"}", "{} trailing", "{\"a\":[1 2]}",
            String(repeating: "{\"a\":", count: 100) + "1" + String(repeating: "}", count: 100),
        ]
        for text in bad {
            XCTAssertThrowsError(try decode(text), "should reject \(text.prefix(40))")
        }
    }

    func testDeepNestingIsRejectedWithoutCrashing() {
        let deep = "{\"a\":" + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "}"
        XCTAssertThrowsError(try decode(deep))
    }

    func testNumbersOutOfRangeOrFractionalAreNil() throws {
        XCTAssertNil(try decode(#"{"namespace":99999999999999999999999}"#).namespace)
        XCTAssertNil(try decode(#"{"namespace":1.5}"#).namespace)
        XCTAssertEqual(try decode(#"{"namespace":-1}"#).namespace, -1)
    }

    func testLoneSurrogatesBecomeReplacementCharacters() throws {
        XCTAssertEqual(try decode(#"{"title":"a\ud800b\udc00c"}"#).title, "a\u{FFFD}b\u{FFFD}c")
    }

    func testInvalidUTF8InStringsIsRepaired() throws {
        let bytes = Array(#"{"title":""#.utf8) + [0xFF, 0x41] + Array(#""}"#.utf8)
        XCTAssertEqual(try RecentChange(json: bytes).title, "\u{FFFD}A")
    }

    func testCanary() throws {
        XCTAssertTrue(try decode(#"{"meta":{"domain":"canary","id":"x"}}"#).isCanary)
    }

    func testUserClasses() throws {
        XCTAssertEqual(try decode(#"{"user":"Alice"}"#).userClass, .registered)
        XCTAssertEqual(try decode(#"{"user":"Bot","bot":true}"#).userClass, .bot)
        XCTAssertEqual(try decode(#"{"user":"192.0.2.7"}"#).userClass, .anonymous)
        XCTAssertEqual(try decode(#"{"user":"2001:DB8:0:0:0:0:0:1"}"#).userClass, .anonymous)
        XCTAssertEqual(try decode(#"{"user":"~2026-93757-24"}"#).userClass, .anonymous)
        XCTAssertEqual(try decode(#"{"user":"~2026-9-2"}"#).userClass, .anonymous)
        XCTAssertEqual(try decode(#"{"user":"~26-93757-24"}"#).userClass, .registered)
        XCTAssertEqual(try decode(#"{"user":"~2026-93757"}"#).userClass, .registered)
        XCTAssertEqual(try decode(#"{"user":"1.2.3"}"#).userClass, .registered)
        XCTAssertEqual(try decode(#"{}"#).userClass, .registered)
    }
}
