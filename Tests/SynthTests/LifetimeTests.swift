import Synth
import TestSupport
import XCTest

/// The box's notes last as long as the original's samples (~4.4 s), ending with a fade; swells
/// are kept when voices run out.
final class LifetimeTests: XCTestCase {
    func testANoteEndsAtItsLifetimeWithoutAClick() {
        let synth = Synthesizer(sampleRate: 48_000)
        synth.volume = 1
        synth.noteLifetime = 4.4
        let low = render([Scheduled(Note(voicing: .bell, midi: 51, gain: 0.5))], seconds: 5, synth: synth)
        XCTAssertEqual(synth.activeVoices, 0, "the bell still sounds after its lifetime")
        let envelope = low.rmsEnvelope()
        XCTAssertGreaterThan(envelope.level(at: 3.9), envelope.peakDB - 20, "the fade started too early")
        XCTAssertLessThan(envelope.level(at: 4.45), -90)
        // The fade adds at most gain / (0.4 s of frames) per sample on top of the tone's own slope.
        let tail = low.slice(from: 3.9)
        let sameNoteFree = render(Note(voicing: .bell, midi: 51, gain: 0.5), seconds: 5).slice(from: 3.9)
        XCTAssertLessThanOrEqual(tail.largestJump, sameNoteFree.largestJump + 0.5 / Float(0.4 * 48_000) + 1e-4)
    }

    func testWithoutALifetimeNotesDecayFully() {
        let synth = Synthesizer(sampleRate: 48_000)
        _ = render([Scheduled(Note(voicing: .bell, midi: 51, gain: 0.5))], seconds: 5, synth: synth)
        XCTAssertEqual(synth.activeVoices, 1)
    }

    func testSwellsAreNotStolenWhileNotesCanBe() {
        let synth = Synthesizer(sampleRate: 48_000, maxVoices: 4)
        synth.volume = 1
        var notes = [Scheduled(Note(voicing: .swell(0), midi: 0, gain: 1), at: 0)]
        for n in 0..<12 { notes.append(Scheduled(Note(voicing: .bell, midi: 61 + Double(n), gain: 0.2), at: 4800 + n * 480)) }
        let alone = render([Scheduled(Note(voicing: .swell(0), midi: 0, gain: 1))], seconds: 1.0, volume: 1)
        let mixed = render(notes, seconds: 1.0, synth: synth)
        XCTAssertGreaterThan(synth.stolenVoices, 0)
        // The swell is still there at the end, as loud as alone (the bells add, they never remove it).
        let swellBand = mixed.slice(from: 0.8).amplitude(at: frequency(midi: 42) * 2)
        let swellAlone = alone.slice(from: 0.8).amplitude(at: frequency(midi: 42) * 2)
        XCTAssertEqual(swellBand, swellAlone, accuracy: swellAlone * 0.25 + 1e-6)
    }
}
