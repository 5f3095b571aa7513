import Synth
import TestSupport
import XCTest

/// The level, measured in the rendered output, falls at the measured rates of the original
/// samples: bells 2.4 · 2^((MIDI − 49)/17.4) dB/s, plucks 5.3 · 2^((MIDI − 25)/21.6) dB/s, ±10 %.
final class DecayTests: XCTestCase {
    static func bellRate(_ midi: Int) -> Double { 2.4 * pow(2, (Double(midi) - 49) / 17.4) }
    static func pluckRate(_ midi: Int) -> Double { 5.3 * pow(2, (Double(midi) - 25) / 21.6) }

    /// The decay rate from 3 dB to `span` + 3 dB below the peak, with RMS windows of four
    /// periods of the fundamental (at least 5 ms), so the ripple of one period averages out.
    private func measuredRate(_ voicing: Voicing, midi: Int, expected: Double, span: Double) -> Double? {
        let seconds = (span + 3) / expected * 1.15 + 0.1
        let signal = render(Note(voicing: voicing, midi: Double(midi), gain: 0.2), seconds: seconds)
        let window = max(0.005, 4 / frequency(midi: Double(midi)))
        return signal.rmsEnvelope(window: window).decayRate(fromDB: -3, toDB: -3 - span)
    }

    private func check(_ voicing: Voicing, indexes: [Int], base: Int, span: Double, rate: (Int) -> Double) {
        var report: [String] = []
        for index in indexes {
            let midi = NoteTable.midi(index: index, base: base)
            let expected = rate(midi)
            guard let measured = measuredRate(voicing, midi: midi, expected: expected, span: span) else {
                XCTFail("\(voicing) MIDI \(midi): the level never fell \(span) dB")
                continue
            }
            let error = (measured - expected) / expected
            XCTAssertLessThan(abs(error), 0.10,
                              "\(voicing) MIDI \(midi): \(measured) dB/s, expected \(expected) dB/s")
            report.append("MIDI \(midi) \(String(format: "%.2f", measured))/\(String(format: "%.2f", expected)) dB/s "
                          + "(\(String(format: "%+.1f", 100 * error)) %)")
        }
        print("decay \(voicing): " + report.joined(separator: ", "))
    }

    func testBellsDecayAtTheMeasuredRate() {
        check(.bell, indexes: [1, 5, 10, 15, 20], base: NoteTable.celestaBase, span: 20, rate: Self.bellRate)
    }

    func testPlucksDecayAtTheMeasuredRate() {
        check(.pluck, indexes: [1, 5, 10, 15, 20], base: NoteTable.clavBase, span: 30, rate: Self.pluckRate)
    }

    /// A bell's voice ends once it is 80 dB down (and not before it is 60 dB down).
    func testABellEndsWhenInaudible() {
        let synth = Synthesizer(sampleRate: 48_000)
        synth.play(Note(voicing: .bell, midi: 97, gain: 0.2))   // C#7: 16.2 dB/s, 80 dB in 4.9 s
        var buffer = [Float](repeating: 0, count: 2 * 4800)
        var seconds = 0.0
        repeat {
            buffer.withUnsafeMutableBufferPointer { synth.render(into: $0.baseAddress!, frames: 4800) }
            seconds += 0.1
        } while synth.activeVoices > 0 && seconds < 10
        let expected = 80 / Self.bellRate(97)
        XCTAssertEqual(seconds, expected, accuracy: 0.15, "ended after \(seconds) s")
    }
}
