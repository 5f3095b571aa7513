import EditStream
import TestSupport
import XCTest

final class RecentIDsTests: XCTestCase {
    func testRemembersTheLastCapacityIDs() {
        var ids = RecentIDs(capacity: 3)
        XCTAssertTrue(ids.insert("a"))
        XCTAssertFalse(ids.insert("a"))
        XCTAssertTrue(ids.insert("b"))
        XCTAssertTrue(ids.insert("c"))
        XCTAssertTrue(ids.insert("d"))  // forgets "a"
        XCTAssertEqual(ids.count, 3)
        XCTAssertFalse(ids.insert("b"))
        XCTAssertTrue(ids.insert("a"))
    }

    func testMemoryStaysBounded() {
        var ids = RecentIDs(capacity: 100)
        for n in 0..<10_000 { _ = ids.insert("id-\(n)") }
        XCTAssertEqual(ids.count, 100)
    }
}

extension RecentIDsTests {
    /// Fingerprints must tell apart IDs that differ in one character or only in length, across
    /// every event ID recorded in the fixtures.
    func testEveryRecordedIDIsToldApartFromTheOthers() throws {
        var ids = RecentIDs(capacity: 10_000)
        var seen = Set<String>()
        for line in try Fixtures.lines("recentchange-wikidata-editgroups-2018.jsonl")
            + Fixtures.lines("recentchange-sample.jsonl")
        {
            guard let change = try? RecentChange(json: line), let id = change.id else { continue }
            XCTAssertEqual(ids.insert(id), seen.insert(id).inserted, id)
        }
        XCTAssertGreaterThan(seen.count, 5900)
        for near in ["a", "b", "ab", "ba", "a\u{0}", "", "aa"] { XCTAssertTrue(ids.insert(near), near) }
        XCTAssertFalse(ids.insert("ab"))
    }
}
