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
