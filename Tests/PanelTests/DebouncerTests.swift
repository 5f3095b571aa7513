import XCTest
import Panel

final class DebouncerTests: XCTestCase {
    func testBouncesShorterThanTheWindowAreIgnored() {
        var debouncer = Debouncer(window: 0.025, level: false)
        // A contact that chatters for 4 ms and falls back to released: nothing happened.
        for (index, time) in stride(from: 1.000, to: 1.004, by: 0.0005).enumerated() {
            debouncer.sample(index % 2 == 0, at: time)
            XCTAssertNil(debouncer.advance(to: time))
        }
        debouncer.sample(false, at: 1.004)
        XCTAssertNil(debouncer.deadline, "back to the stable level: nothing waits")
        XCTAssertNil(debouncer.advance(to: 2.0))
        XCTAssertFalse(debouncer.stable)
    }

    func testAPressCountsOnceItHeldForTheWindowFromTheLastBounce() {
        var debouncer = Debouncer(window: 0.025, level: false)
        debouncer.sample(true, at: 1.000)
        debouncer.sample(false, at: 1.001)
        debouncer.sample(true, at: 1.003)   // the last bounce: the wait starts here
        XCTAssertEqual(debouncer.deadline!, 1.028, accuracy: 1e-9)
        XCTAssertNil(debouncer.advance(to: 1.027))
        let change = debouncer.advance(to: 1.0281)
        XCTAssertEqual(change?.level, true)
        XCTAssertEqual(change?.since ?? 0, 1.003, accuracy: 1e-9)
        XCTAssertTrue(debouncer.stable)
        XCTAssertNil(debouncer.advance(to: 1.1), "a change is reported once")
    }

    func testSeeingTheSameLevelAgainDoesNotRestartTheWait() {
        var debouncer = Debouncer(window: 0.025, level: false)
        debouncer.sample(true, at: 1.000)
        debouncer.sample(true, at: 1.020)   // a read confirming the level
        XCTAssertEqual(debouncer.advance(to: 1.026)?.level, true)
    }

    func testAReleaseIsDebouncedToo() {
        var debouncer = Debouncer(window: 0.020, level: true)
        debouncer.sample(false, at: 5.0)
        debouncer.sample(true, at: 5.002)
        debouncer.sample(false, at: 5.004)
        XCTAssertNil(debouncer.advance(to: 5.023))
        XCTAssertEqual(debouncer.advance(to: 5.025)?.level, false)
    }

    func testALateCheckCommitsAtOnce() {
        // The loop woke 200 ms after the edge (a busy moment): the level held all along.
        var debouncer = Debouncer(window: 0.025, level: false)
        debouncer.sample(true, at: 1.0)
        XCTAssertEqual(debouncer.advance(to: 1.2)?.since, 1.0)
    }

    func testNoWindowWhenTheKernelDebounces() {
        var debouncer = Debouncer(window: 0, level: false)
        debouncer.sample(true, at: 3.0)
        XCTAssertEqual(debouncer.deadline, 3.0)
        XCTAssertEqual(debouncer.advance(to: 3.0)?.level, true)
    }
}
