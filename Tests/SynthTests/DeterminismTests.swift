import Synth
import TestSupport
import XCTest

/// The same notes give bit-identical output: across instances and however the rendering is
/// cut into `render` calls.
final class DeterminismTests: XCTestCase {
    private func mix(sampleRate: Double) -> [Scheduled] {
        var notes = (0..<40).map { i in
            let bell = i % 2 == 0
            let index = 1 + (i * 11) % 20
            let midi = NoteTable.midi(index: index, base: bell ? NoteTable.celestaBase : NoteTable.clavBase)
            return Scheduled(Note(voicing: bell ? .bell : .pluck, midi: Double(midi), gain: 0.2, pan: Float(i % 3) - 1),
                             at: i * Int(sampleRate) / 40)
        }
        notes.append(Scheduled(Note(voicing: .swell(1), midi: 0, gain: 1), at: 100))
        return notes
    }

    func testTheSameNotesRenderBitIdentically() {
        for rate in [48_000.0, 44_100] {
            let a = render(mix(sampleRate: rate), seconds: 1.5, sampleRate: rate, maxVoices: 16, block: 1024).channels
            let b = render(mix(sampleRate: rate), seconds: 1.5, sampleRate: rate, maxVoices: 16, block: 1024).channels
            let c = render(mix(sampleRate: rate), seconds: 1.5, sampleRate: rate, maxVoices: 16, block: 333).channels
            XCTAssertNil(firstDifference(a, b), "two instances differ at \(rate) Hz")
            XCTAssertNil(firstDifference(a, c), "different render call sizes differ at \(rate) Hz")
            XCTAssertGreaterThan(AudioSignal(channels: a, sampleRate: rate).maxAbsoluteSample, 0.1)
        }
    }

    func testSwellNumbersWrapAround() {
        let a = render(Note(voicing: .swell(1), midi: 0, gain: 1), seconds: 0.2).channels
        let b = render(Note(voicing: .swell(4), midi: 60, gain: 1), seconds: 0.2).channels
        let c = render(Note(voicing: .swell(-2), midi: 0, gain: 1), seconds: 0.2).channels
        XCTAssertNil(firstDifference(a, b))
        XCTAssertNil(firstDifference(a, c))
    }

    /// The first (channel, frame) where two renderings differ in any bit, or nil.
    private func firstDifference(_ a: [[Float]], _ b: [[Float]]) -> (channel: Int, frame: Int)? {
        guard a.count == b.count else { return (0, 0) }
        for c in a.indices {
            guard a[c].count == b[c].count else { return (c, 0) }
            if let i = a[c].indices.first(where: { a[c][$0].bitPattern != b[c][$0].bitPattern }) { return (c, i) }
        }
        return nil
    }

    /// Notes that cannot sound are ignored, not played and not crashing.
    func testUnplayableNotesAreIgnored() {
        let synth = Synthesizer(sampleRate: 44_100)
        for note in [Note(voicing: .bell, midi: .nan, gain: 0.2), Note(voicing: .pluck, midi: 60, gain: .infinity),
                     Note(voicing: .bell, midi: 60, gain: 0), Note(voicing: .bell, midi: 140, gain: 0.2),
                     Note(voicing: .pluck, midi: 60, gain: 0.2, pan: .nan)] {
            synth.play(note)
        }
        XCTAssertEqual(synth.activeVoices, 0)
        synth.volume = .nan
        XCTAssertEqual(synth.volume, 0.5)
    }
}
