import XCTest
import Panel

final class StatusBlinkerTests: XCTestCase {
    /// The lit intervals over `seconds`, sampled every millisecond, relative to the start.
    private func lit(_ pattern: StatusPattern, seconds: Double) -> [(Double, Double)] {
        let blinker = StatusBlinker(pattern: pattern, at: 100)
        var result: [(Double, Double)] = []
        var since: Double?
        for tick in 0...Int(seconds * 1000) {
            let t = Double(tick) / 1000
            let on = blinker.isOn(at: 100 + t)
            if on, since == nil { since = t }
            if !on, let start = since { result.append((start, t)); since = nil }
        }
        return result
    }

    func testConnectedIsASlowDoubleBlip() {
        let flashes = lit(.connected, seconds: 5)
        XCTAssertEqual(flashes.count, 4, "two blips every 2.5 s")
        XCTAssertEqual(flashes[0].0, 0, accuracy: 0.001, "a new pattern starts lit: a change shows at once")
        XCTAssertEqual(flashes[0].1 - flashes[0].0, 0.06, accuracy: 0.0015)
        XCTAssertEqual(flashes[1].0 - flashes[0].0, 0.2, accuracy: 0.0015)
        XCTAssertEqual(flashes[2].0, 2.5, accuracy: 0.0015)
    }

    func testConnectingIsAnEvenBlink() {
        let flashes = lit(.connecting, seconds: 3.6)
        XCTAssertEqual(flashes.count, 4)
        for flash in flashes { XCTAssertEqual(flash.1 - flash.0, 0.5, accuracy: 0.0015) }
    }

    func testMutedIsOneShortBlipEveryFourSeconds() {
        let flashes = lit(.muted, seconds: 9)
        XCTAssertEqual(flashes.map(\.0), [0, 4, 8].map(Double.init))
        XCTAssertEqual(flashes[0].1 - flashes[0].0, 0.04, accuracy: 0.0015)
    }

    func testThePatternsAreTellApart() {
        // Lit time per 4 s and blips per 4 s differ between every two patterns.
        let signatures = StatusPattern.allCases.map { pattern -> [Int] in
            let flashes = lit(pattern, seconds: 4)
            return [flashes.count, Int(flashes.reduce(0) { $0 + $1.1 - $1.0 } * 100)]
        }
        XCTAssertEqual(Set(signatures.map { "\($0)" }).count, StatusPattern.allCases.count, "\(signatures)")
        XCTAssertEqual(lit(.off, seconds: 3).count, 0)
    }

    func testNextChangeIsTheEndOfTheCurrentStep() {
        let blinker = StatusBlinker(pattern: .connecting, at: 10)
        XCTAssertEqual(blinker.nextChange(after: 10)!, 10.5, accuracy: 1e-9)
        XCTAssertEqual(blinker.nextChange(after: 10.7)!, 11.0, accuracy: 1e-9)
        XCTAssertEqual(blinker.nextChange(after: 123.2)!, 123.5, accuracy: 1e-9)
        XCTAssertNil(StatusBlinker(pattern: .off).nextChange(after: 5))
    }

    func testSettingTheSamePatternKeepsItsRhythm() {
        var blinker = StatusBlinker(pattern: .connecting, at: 0)
        blinker.set(.connecting, at: 0.7)
        XCTAssertFalse(blinker.isOn(at: 0.7))
        blinker.set(.connected, at: 0.7)
        XCTAssertTrue(blinker.isOn(at: 0.7))
    }

    func testAConnectionProblemShowsBeforeMuting() {
        XCTAssertEqual(StatusPattern.of(connected: false, muted: true), .connecting)
        XCTAssertEqual(StatusPattern.of(connected: true, muted: true), .muted)
        XCTAssertEqual(StatusPattern.of(connected: true, muted: false), .connected)
    }
}
