import EditStream
import Score
import XCTest

final class ScoreTests: XCTestCase {
    private func edit(_ kind: EditKind, delta: Int?, title: String = "Page", user: String = "U") -> SoundingEdit {
        var change = RecentChange()
        change.title = title
        change.user = user
        return SoundingEdit(change: change, kind: kind, delta: delta)
    }

    func testAdditionsRingBellsAndDeletionsPluck() {
        var score = Score()
        let bell = score.cue(for: edit(.addition, delta: 500), at: 30)
        XCTAssertEqual(bell.instrument, .celesta)
        XCTAssertEqual(bell.index, Pitch.index(delta: 500, title: "Page"))
        XCTAssertEqual(bell.midi, NoteTable.midi(index: bell.index!, base: 49))
        XCTAssertEqual(bell.gain, 0.2)
        XCTAssertNil(bell.dropped)
        let pluck = score.cue(for: edit(.deletion, delta: -500), at: 31)
        XCTAssertEqual(pluck.instrument, .clav)
        XCTAssertEqual(pluck.index, bell.index)  // same size, same title: same position
        XCTAssertEqual(pluck.midi, bell.midi! - 24)
    }

    func testSameTitleAndSizeAlwaysSameNote() {
        var a = Score(), b = Score()
        for n in 0..<200 {
            let e = edit(n % 2 == 0 ? .addition : .deletion, delta: n * 37 - 2000, title: "Title \(n % 17)")
            XCTAssertEqual(a.cue(for: e, at: Double(n)), b.cue(for: e, at: Double(n)))
        }
    }

    func testThrottleAllowsFifteenNotesPer300Milliseconds() {
        var score = Score()
        // 40 notes in 100 ms: the first 15 play.
        let cues = (0..<40).map { score.cue(for: edit(.addition, delta: 10), at: 100 + Double($0) * 0.0025) }
        XCTAssertEqual(cues.filter { $0.dropped == nil }.count, 15)
        XCTAssertTrue(cues.dropFirst(15).allSatisfy { $0.dropped == .throttle })
        // 300 ms after the first started, room again.
        XCTAssertNil(score.cue(for: edit(.addition, delta: 10), at: 100.3).dropped)
    }

    func testNotesAtTheLiveRateAreNeverThrottled() {
        var score = Score()
        for n in 0..<1000 {
            XCTAssertNil(score.cue(for: edit(.deletion, delta: -5), at: Double(n) * 0.02).dropped)  // 50/s
        }
    }

    func testSwellsAreExemptFromTheThrottleButWaitTwentySeconds() {
        var score = Score()
        XCTAssertEqual(score.cue(for: edit(.newuser, delta: nil), at: 5).dropped, .startupGrace)
        for n in 0..<20 { _ = score.cue(for: edit(.addition, delta: 1), at: 25 + Double(n) * 0.001) }
        let swell = score.cue(for: edit(.newuser, delta: nil, user: "Newbie"), at: 25.02)
        XCTAssertEqual(swell.instrument, .swell)
        XCTAssertNil(swell.dropped)
        XCTAssertEqual(swell.gain, 1.0)
        XCTAssertTrue((0...2).contains(swell.swell ?? -1))
        var swells = Set<Int>()
        for n in 0..<60 { swells.insert(score.cue(for: edit(.newuser, delta: nil, user: "User\(n)"), at: 30).swell!) }
        XCTAssertEqual(swells, [0, 1, 2])
    }

    func testOptionalOctaveUpForLowClavNotes() {
        var settings = ScoreSettings()
        settings.clavOctaveUpBelow = 36
        var score = Score(settings: settings)
        var plain = Score()
        let big = edit(.deletion, delta: -30_000, title: "Big")
        let raised = score.cue(for: big, at: 1), original = plain.cue(for: big, at: 1)
        XCTAssertLessThan(original.midi!, 36)
        XCTAssertEqual(raised.midi, original.midi! + 12)
        XCTAssertEqual(raised.index, original.index)
    }

    func testPanFollowsPitchGently() {
        var score = Score()
        let low = score.cue(for: edit(.addition, delta: 20_000, title: "a"), at: 1)
        let high = score.cue(for: edit(.addition, delta: 0, title: "a"), at: 2)
        XCTAssertLessThan(low.pan, high.pan)
        XCTAssertTrue(abs(low.pan) <= 0.3 && abs(high.pan) <= 0.3)
    }
}
