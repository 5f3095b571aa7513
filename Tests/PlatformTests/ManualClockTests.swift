import Platform
import XCTest

final class ManualClockTests: XCTestCase {
    func testItMovesOnlyWhenTold() {
        let clock = ManualClock(100)
        XCTAssertEqual(clock.now(), 100)
        clock.advance(by: 0.25)
        XCTAssertEqual(clock.now(), 100.25)
        clock.set(7)
        XCTAssertEqual(clock.now(), 7)
        let monotonic = MonotonicClock()
        XCTAssertLessThanOrEqual(monotonic.now(), MonotonicClock.now())
        XCTAssertGreaterThan(WallClock.now(), 1_700_000_000, "seconds since the epoch")
    }
}
