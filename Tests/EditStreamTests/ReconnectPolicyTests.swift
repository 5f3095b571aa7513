import EditStream
import TestSupport
import XCTest

final class ReconnectPolicyTests: XCTestCase {
    /// A deterministic generator for the jitter.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    func testCleanCloseReconnectsAtOnce() {
        var policy = ReconnectPolicy()
        var random = SplitMix(state: 1)
        let decision = policy.decide(after: .closed(events: 10), streamedFor: 900, resumed: true, using: &random)
        XCTAssertEqual(decision.delay, 0)
        XCTAssertFalse(decision.forgetEventID)
    }

    func testErrorsBackOffExponentiallyWithJitterUpToAMinute() {
        var policy = ReconnectPolicy()
        var random = SplitMix(state: 2)
        var ceilings: [Double] = []
        for _ in 0..<10 {
            let delay = policy.decide(after: .httpStatus(503), streamedFor: 0, resumed: false, using: &random).delay
            let ceiling = min(60, Double(1 << (policy.failures - 1)))
            XCTAssertGreaterThanOrEqual(delay, ceiling / 2)
            XCTAssertLessThanOrEqual(delay, ceiling)
            ceilings.append(ceiling)
        }
        XCTAssertEqual(ceilings, [1, 2, 4, 8, 16, 32, 60, 60, 60, 60])
    }

    func testAHealthyMinuteResetsTheBackoff() {
        var policy = ReconnectPolicy()
        var random = SplitMix(state: 3)
        for _ in 0..<5 { _ = policy.decide(after: .transportError, streamedFor: 0, resumed: false, using: &random) }
        XCTAssertEqual(policy.failures, 5)
        let delay = policy.decide(after: .transportError, streamedFor: 61, resumed: true, using: &random).delay
        XCTAssertEqual(policy.failures, 1)
        XCTAssertLessThanOrEqual(delay, 1)
    }

    func testEmptyCleanClosesAndStallsCountAsFailures() {
        var policy = ReconnectPolicy()
        var random = SplitMix(state: 4)
        _ = policy.decide(after: .closed(events: 0), streamedFor: 0, resumed: false, using: &random)
        _ = policy.decide(after: .inactive, streamedFor: 0, resumed: false, using: &random)
        _ = policy.decide(after: .streamError, streamedFor: 0, resumed: false, using: &random)
        XCTAssertEqual(policy.failures, 3)
    }

    func testBadRequestAfterAResumeForgetsTheID() {
        var policy = ReconnectPolicy()
        var random = SplitMix(state: 5)
        let resumed = policy.decide(after: .httpStatus(400), streamedFor: 0, resumed: true, using: &random)
        XCTAssertTrue(resumed.forgetEventID)
        XCTAssertEqual(resumed.delay, 0)
        let fresh = policy.decide(after: .httpStatus(400), streamedFor: 0, resumed: false, using: &random)
        XCTAssertFalse(fresh.forgetEventID)
        XCTAssertGreaterThan(fresh.delay, 0)
    }
}
