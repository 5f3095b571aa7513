import Score
import XCTest

final class PitchTests: XCTestCase {
    /// listen-to-wikipedia.md: the base index by |Δ| at each threshold.
    static let thresholds: [(delta: Int, index: Int)] = [
        (0, 19), (1, 17), (2, 16), (4, 15), (7, 14), (12, 13), (21, 12), (38, 11), (68, 10), (122, 9),
        (219, 8), (393, 7), (701, 6), (1252, 5), (2233, 4), (3981, 3), (7091, 2), (12626, 1), (22476, 0),
    ]

    func testBaseIndexAtEachThresholdAndJustBelowIt() {
        for (delta, index) in Self.thresholds {
            XCTAssertEqual(Pitch.baseIndex(delta: delta), index, "|Δ| = \(delta)")
            XCTAssertEqual(Pitch.baseIndex(delta: -delta), index, "Δ = -\(delta)")
            if delta > 2 {
                XCTAssertEqual(Pitch.baseIndex(delta: delta - 1), index + 1, "|Δ| = \(delta - 1)")
            }
        }
        XCTAssertEqual(Pitch.baseIndex(delta: 40_000), 0)
        XCTAssertEqual(Pitch.baseIndex(delta: 10_000_000), 0)  // saturates
    }

    func testFuzzIsFixedByTheTitleAndEvenlySpread() {
        XCTAssertEqual(Pitch.fuzz(title: "Albert Einstein"), Pitch.fuzz(title: "Albert Einstein"))
        var counts: [Int: Int] = [:]
        for n in 0..<4000 { counts[Pitch.fuzz(title: "Article \(n)"), default: 0] += 1 }
        XCTAssertEqual(Set(counts.keys), [-2, -1, 0, 1])
        for (_, count) in counts { XCTAssertTrue((850...1150).contains(count), "\(counts)") }
    }

    func testPlayedIndexesStayInOneToTwenty() {
        var seen = Set<Int>()
        for delta in [0, 1, 5, 50, 500, 5000, 50_000, -3, -300] {
            for n in 0..<50 {
                let index = Pitch.index(delta: delta, title: "T\(n)")
                XCTAssertTrue((1...20).contains(index))
                seen.insert(index)
            }
        }
        XCTAssertTrue(seen.contains(1) && seen.contains(20))
    }

    func testNoteTables() {
        XCTAssertEqual(NoteTable.midi(index: 0, base: NoteTable.celestaBase), 49)   // C#3
        XCTAssertEqual(NoteTable.midi(index: 1, base: NoteTable.celestaBase), 51)   // D#3
        XCTAssertEqual(NoteTable.midi(index: 20, base: NoteTable.celestaBase), 97)  // C#7
        XCTAssertEqual(NoteTable.midi(index: 26, base: NoteTable.celestaBase), 111) // D#8
        XCTAssertEqual(NoteTable.midi(index: 0, base: NoteTable.clavBase), 25)      // C#1
        XCTAssertEqual(NoteTable.midi(index: 26, base: NoteTable.clavBase), 87)     // D#6
        let pitchClasses = Set((0..<27).map { NoteTable.midi(index: $0, base: 49) % 12 })
        XCTAssertEqual(pitchClasses, [1, 3, 6, 8, 10])  // C#, D#, F#, G#, A#
    }
}
