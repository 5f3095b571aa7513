import Synth
import TestSupport
import XCTest

/// Every played note's fundamental, measured in the rendered output, is within 1 cent of the
/// equal-tempered note.
final class PitchTests: XCTestCase {
    /// The fundamental's error in cents, measured over 0.5 s after the attack.
    private func pitchError(_ voicing: Voicing, midi: Int, sampleRate: Double) -> Double? {
        let expected = frequency(midi: Double(midi))
        let signal = render(Note(voicing: voicing, midi: Double(midi), gain: 0.2), seconds: 0.56, sampleRate: sampleRate)
        guard let peak = signal.slice(from: 0.05, duration: 0.5).peakFrequency(near: expected, toleranceCents: 30) else {
            return nil
        }
        return cents(peak.frequency, expected)
    }

    private func checkPlayedNotes(_ voicing: Voicing, base: Int, sampleRate: Double, indexes: [Int]) {
        var worst = (cents: 0.0, midi: 0)
        for index in indexes {
            let midi = NoteTable.midi(index: index, base: base)
            guard let error = pitchError(voicing, midi: midi, sampleRate: sampleRate) else {
                XCTFail("\(voicing) MIDI \(midi): no peak near the fundamental")
                continue
            }
            XCTAssertLessThan(abs(error), 1, "\(voicing) MIDI \(midi) at \(sampleRate) Hz is \(error) cents off")
            if abs(error) > abs(worst.cents) { worst = (error, midi) }
        }
        print("pitch \(voicing) @\(Int(sampleRate)) Hz, \(indexes.count) notes (indexes \(indexes.first!)…\(indexes.last!)): "
              + "worst \(String(format: "%+.4f", worst.cents)) cents (MIDI \(worst.midi))")
    }

    func testBellsAreInTuneAt48kHz() {
        checkPlayedNotes(.bell, base: NoteTable.celestaBase, sampleRate: 48_000, indexes: Array(NoteTable.played))
    }

    func testPlucksAreInTuneAt48kHz() {
        checkPlayedNotes(.pluck, base: NoteTable.clavBase, sampleRate: 48_000, indexes: Array(NoteTable.played))
    }

    func testBellsAndPlucksAreInTuneAt44kHz() {
        checkPlayedNotes(.bell, base: NoteTable.celestaBase, sampleRate: 44_100, indexes: [1, 7, 13, 20])
        checkPlayedNotes(.pluck, base: NoteTable.clavBase, sampleRate: 44_100, indexes: [1, 7, 13, 20])
    }

    /// The analysis itself: a generated sine is found exactly, so a pitch failure is the synth's.
    func testAnalysisFindsAKnownSine() throws {
        let f = 38.891  // the lowest played clav note
        let sine = (0..<24_000).map { Float(0.1 * sin(2 * Double.pi * f * Double($0) / 48_000 + 0.3)) }
        let peak = try XCTUnwrap(SignalAnalysis.peakFrequency(sine, sampleRate: 48_000, near: 39, toleranceCents: 50))
        XCTAssertEqual(cents(peak.frequency, f), 0, accuracy: 0.01)
        XCTAssertEqual(peak.amplitude, 0.1, accuracy: 0.002)
        let detuned = (0..<24_000).map { Float(sin(2 * Double.pi * f * pow(2, 2 / 1200) * Double($0) / 48_000)) }
        let off = try XCTUnwrap(SignalAnalysis.peakFrequency(detuned, sampleRate: 48_000, near: f))
        XCTAssertEqual(cents(off.frequency, f), 2, accuracy: 0.01, "a 2-cent error is seen as one")
    }
}
