import XCTest
import Panel

final class PressDetectorTests: XCTestCase {
    func testWithoutALongPressAPressCountsAtOnce() {
        var detector = PressDetector(longPressAfter: nil)
        XCTAssertEqual(detector.pressed(at: 1.0), .press)
        XCTAssertNil(detector.deadline)
        XCTAssertNil(detector.advance(to: 10))
        XCTAssertNil(detector.released(at: 10))
    }

    func testAShortPressCountsAtItsRelease() {
        var detector = PressDetector(longPressAfter: 1.0)
        XCTAssertNil(detector.pressed(at: 1.0))
        XCTAssertEqual(detector.deadline, 2.0)
        XCTAssertNil(detector.advance(to: 1.5))
        XCTAssertEqual(detector.released(at: 1.6), .press)
        XCTAssertNil(detector.deadline)
    }

    func testALongPressCountsWhileHeldAndOnlyOnce() {
        var detector = PressDetector(longPressAfter: 1.0)
        _ = detector.pressed(at: 1.0)
        XCTAssertNil(detector.advance(to: 1.999))
        XCTAssertEqual(detector.advance(to: 2.0), .longPress)
        XCTAssertNil(detector.deadline)
        XCTAssertNil(detector.advance(to: 5.0))
        XCTAssertNil(detector.released(at: 5.0), "the release after a long press is not a short press")
    }

    func testAReleasePastTheDeadlineNobodyCheckedIsStillLong() {
        var detector = PressDetector(longPressAfter: 1.0)
        _ = detector.pressed(at: 1.0)
        XCTAssertEqual(detector.released(at: 2.5), .longPress)
    }

    func testPressesAfterALongPressStartAfresh() {
        var detector = PressDetector(longPressAfter: 1.0)
        _ = detector.pressed(at: 1.0)
        _ = detector.advance(to: 2.0)
        _ = detector.released(at: 2.2)
        _ = detector.pressed(at: 3.0)
        XCTAssertEqual(detector.released(at: 3.1), .press)
    }
}
