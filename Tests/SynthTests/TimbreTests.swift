import Synth
import TestSupport
import XCTest

/// The spectra, measured in the rendered output, have the shape measured from the original
/// samples (shared/docs/listen-to-wikipedia.md, "Measured timbre").
final class TimbreTests: XCTestCase {
    /// The level (dB re the fundamental) of the strongest component within 30 cents of `ratio` × f0.
    private func partialLevel(_ spectrum: Spectrum, f0: Double, ratio: Double) -> Double {
        dB(max(spectrum.peak(near: ratio * f0).magnitude, 1e-12) / spectrum.peak(near: f0).magnitude)
    }

    func testLowBellsHaveAFaintInharmonicStrikeAndHighBellsArePure() {
        for midi in [51, 56, 61] {
            let f0 = frequency(midi: Double(midi))
            let signal = render(Note(voicing: .bell, midi: Double(midi), gain: 0.2), seconds: 0.3).slice(from: 0.005)
            let spectrum = signal.spectrum()
            let strike = partialLevel(spectrum, f0: f0, ratio: 6.2)
            let high = partialLevel(spectrum, f0: f0, ratio: 14.8)
            XCTAssert((-30 ... -10).contains(strike), "MIDI \(midi): 6.2 × f0 at \(strike) dB")
            XCTAssert((-36 ... -15).contains(high), "MIDI \(midi): 14.8 × f0 at \(high) dB")
            for k in 2...5 {
                let level = partialLevel(spectrum, f0: f0, ratio: Double(k))
                XCTAssert((-62 ... -30).contains(level), "MIDI \(midi): harmonic \(k) at \(level) dB")
            }
            print("bell MIDI \(midi): 6.2×f0 \(Int(strike)) dB, 14.8×f0 \(Int(high)) dB")
        }
        for midi in [75, 87, 97] {
            let f0 = frequency(midi: Double(midi))
            let spectrum = render(Note(voicing: .bell, midi: Double(midi), gain: 0.2), seconds: 0.3).slice(from: 0.005).spectrum()
            for ratio in [2, 3, 6.2, 14.8] where ratio * f0 < 20_000 {
                let level = partialLevel(spectrum, f0: f0, ratio: ratio)
                XCTAssertLessThan(level, -70, "MIDI \(midi): \(ratio) × f0 at \(level) dB")
            }
        }
    }

    /// Low clav notes: a weak fundamental and the energy in harmonics 5–17 (what keeps the
    /// ~39 Hz notes audible on a small speaker); high notes: nearly the fundamental alone.
    func testLowPlucksAreBrightWithAWeakFundamental() {
        for midi in [27, 30, 32] {
            let f0 = frequency(midi: Double(midi))
            let signal = render(Note(voicing: .pluck, midi: Double(midi), gain: 0.2), seconds: 0.5).slice(from: 0.005)
            let spectrum = signal.spectrum()
            let levels = (1...24).map { k in spectrum.peak(near: Double(k) * f0).magnitude }
            let strongest = levels.indices.max { levels[$0] < levels[$1] }! + 1
            let fundamental = dB(levels[0] / levels[strongest - 1])
            let centroid = spectrum.centroid(in: 20...10_000) / f0
            XCTAssert((5...17).contains(strongest), "MIDI \(midi): strongest harmonic \(strongest)")
            XCTAssert((-41 ... -17).contains(fundamental), "MIDI \(midi): fundamental at \(fundamental) dB")
            XCTAssert((8...16).contains(centroid), "MIDI \(midi): centroid \(centroid) × f0")
            print("pluck MIDI \(midi): strongest harmonic \(strongest), fundamental \(Int(fundamental)) dB, "
                  + "centroid \(String(format: "%.1f", centroid)) × f0")
        }
        for midi in [73, 87] {
            let f0 = frequency(midi: Double(midi))
            let signal = render(Note(voicing: .pluck, midi: Double(midi), gain: 0.2), seconds: 0.3).slice(from: 0.005)
            let centroid = signal.spectrum().centroid(in: 20...20_000) / f0
            XCTAssert((1...2.5).contains(centroid), "MIDI \(midi): centroid \(centroid) × f0")
            print("pluck MIDI \(midi): centroid \(String(format: "%.1f", centroid)) × f0")
        }
    }

    /// The attack ramps in: no step larger than the note's own steepest slope later on.
    func testAttacksDoNotClick() {
        for note in [Note(voicing: .bell, midi: 97, gain: 0.2), Note(voicing: .bell, midi: 51, gain: 0.2),
                     Note(voicing: .pluck, midi: 27, gain: 0.2), Note(voicing: .pluck, midi: 73, gain: 0.2)] {
            let signal = render(note, seconds: 0.06)
            let attack = signal.slice(from: 0, duration: 0.01).largestJump
            let after = signal.slice(from: 0.01, duration: 0.05).largestJump
            XCTAssertLessThanOrEqual(attack, after * 1.05, "\(note.voicing) MIDI \(note.midi)")
            XCTAssertEqual(signal.channels[0][0], 0, "the first sample of a note is silent")
        }
    }
}
