import XCTest
import Panel

/// Samples a scheduler every millisecond, as the panel's loop would see it, and returns the lit
/// intervals. `notes` are (time, duration).
func simulate(_ notes: [(Double, Double)], until end: Double, timing: PanelTiming = .standard)
    -> (flashes: [(start: Double, end: Double)], scheduler: FlashScheduler) {
    var scheduler = FlashScheduler(timing: timing)
    var pending = notes.sorted { $0.0 < $1.0 }[...]
    var flashes: [(start: Double, end: Double)] = []
    var litSince: Double?
    for tick in 0...Int(end * 1000) {
        let now = Double(tick) / 1000
        while let note = pending.first, note.0 <= now {
            scheduler.flash(duration: note.1, at: now)
            pending = pending.dropFirst()
        }
        scheduler.advance(to: now)
        if scheduler.isOn, litSince == nil { litSince = now }
        if !scheduler.isOn, let start = litSince {
            flashes.append((start, now))
            litSince = nil
        }
    }
    return (flashes, scheduler)
}

final class FlashSchedulerTests: XCTestCase {
    let timing = PanelTiming.standard

    func testASingleNoteFlashesForItsLength() {
        let (flashes, _) = simulate([(1.0, 0.2)], until: 2)
        XCTAssertEqual(flashes.count, 1)
        XCTAssertEqual(flashes[0].start, 1.0, accuracy: 0.0011)
        XCTAssertEqual(flashes[0].end - flashes[0].start, 0.2, accuracy: 0.0011)
    }

    func testNotesFarApartEachFlashInFull() {
        let (flashes, scheduler) = simulate([(1.0, 0.1), (1.5, 0.3), (2.5, 0.05)], until: 3)
        XCTAssertEqual(flashes.map { ($0.end - $0.start) * 1000 }.map { $0.rounded() }, [100, 300, 50])
        XCTAssertEqual(scheduler.merged, 0)
    }

    func testABurstBlinksInsteadOfStayingLit() {
        // 40 big edits in one second (a bot run): every one wants 400 ms.
        let notes = (0..<40).map { (1.0 + Double($0) * 0.025, 0.4) }
        let (flashes, scheduler) = simulate(notes, until: 4)
        XCTAssertGreaterThan(flashes.count, 4, "the burst shows as several blinks")
        XCTAssertLessThan(flashes.count, 40, "not one flash per note: they merge")
        XCTAssertEqual(scheduler.shown + scheduler.merged, 40, "every note is shown or merged")
        // While more wait, each blink is cut short, and the LED rests between blinks.
        for (flash, next) in zip(flashes, flashes.dropFirst()) {
            XCTAssertGreaterThanOrEqual(next.start - flash.end, timing.gap - 0.0011, "a visible dark gap")
        }
        for flash in flashes.dropLast() {
            XCTAssertLessThanOrEqual(flash.end - flash.start, timing.burstFlash + 0.0011)
        }
        // The last merged flash keeps the longest length asked for.
        XCTAssertEqual(flashes.last!.end - flashes.last!.start, 0.4, accuracy: 0.0011)
        // Never more than one flash behind: the light ends soon after the burst.
        XCTAssertLessThan(flashes.last!.end, 2.0 + timing.burstFlash + timing.gap + 0.4 + 0.01)
    }

    func testAFlashDuringTheDarkGapWaitsForIt() {
        let (flashes, _) = simulate([(1.0, 0.05), (1.06, 0.05)], until: 2)
        XCTAssertEqual(flashes.count, 2)
        XCTAssertEqual(flashes[1].start - flashes[0].end, timing.gap, accuracy: 0.0011)
    }

    func testALateTurnStillShowsTheWaitingFlashInFull() {
        var scheduler = FlashScheduler(timing: timing)
        scheduler.flash(duration: 0.1, at: 1.0)
        scheduler.flash(duration: 0.2, at: 1.01)       // waits; the lit one is cut to 80 ms
        XCTAssertEqual(scheduler.nextChange!, 1.08, accuracy: 1e-9)
        scheduler.advance(to: 1.5)                     // the loop was late: dark now, gap starts now
        XCTAssertFalse(scheduler.isOn)
        scheduler.advance(to: 1.56)
        XCTAssertTrue(scheduler.isOn)
        XCTAssertEqual(scheduler.nextChange!, 1.76, accuracy: 1e-9)
    }

    func testClearDarkensAndForgetsWhatWaits() {
        var scheduler = FlashScheduler(timing: timing)
        scheduler.flash(duration: 0.3, at: 1.0)
        scheduler.flash(duration: 0.3, at: 1.01)
        scheduler.clear(at: 1.02)
        XCTAssertFalse(scheduler.isOn)
        XCTAssertNil(scheduler.nextChange)
    }

    func testFlashLengthFollowsTheCircleRadius() {
        XCTAssertEqual(FlashLength.radius(delta: 0), 3)
        XCTAssertEqual(FlashLength.radius(delta: -100), 50)
        XCTAssertEqual(FlashLength.duration(delta: 0), timing.shortestFlash, accuracy: 1e-9)
        XCTAssertEqual(FlashLength.duration(delta: 40_000), timing.longestFlash, accuracy: 1e-9)
        XCTAssertEqual(FlashLength.duration(delta: 1_000_000), timing.longestFlash, accuracy: 1e-9)
        XCTAssertEqual(FlashLength.duration(delta: -500), FlashLength.duration(delta: 500))
        var previous = 0.0
        for delta in [0, 1, 10, 100, 1000, 10_000, 40_000] {
            let duration = FlashLength.duration(delta: delta)
            XCTAssertGreaterThan(duration, previous, "bigger edits flash longer (\(delta))")
            previous = duration
        }
    }
}
