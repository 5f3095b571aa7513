import Synth
import TestSupport
import XCTest

/// The master volume, measured in the output: it ramps over ~50 ms, 0 is silence, and the
/// curve (gain = volume³) is monotonic.
final class VolumeTests: XCTestCase {
    private let note = Note(voicing: .bell, midi: 61, gain: 0.2)

    /// Renders `note` for `seconds`, changing the volume to `change.volume` at frame `change.frame`.
    private func renderWithChange(from start: Double, to end: Double, at frame: Int, seconds: Double) -> [Float] {
        let synth = Synthesizer(sampleRate: 48_000)
        synth.volume = start
        synth.play(note)
        let frames = Int(seconds * 48_000)
        var output = [Float](repeating: 0, count: 2 * frames)
        output.withUnsafeMutableBufferPointer { synth.render(into: $0.baseAddress!, frames: frame) }
        synth.volume = end
        XCTAssertEqual(synth.volume, end)
        output.withUnsafeMutableBufferPointer { synth.render(into: $0.baseAddress! + 2 * frame, frames: frames - frame) }
        return AudioSignal(interleaved: output, channelCount: 2, sampleRate: 48_000).channels[0]
    }

    /// The output divided by the same note at volume 1 is the master gain, frame by frame: it
    /// stays at 0.5³ until the change, then moves in steps no larger than a 50 ms linear ramp's,
    /// and arrives at 1 after 50 ms.
    func testAVolumeChangeRampsOverFiftyMilliseconds() {
        let change = 9600
        let changed = renderWithChange(from: 0.5, to: 1, at: change, seconds: 0.4)
        let reference = render(note, seconds: 0.4).channels[0]
        var gains: [(frame: Int, gain: Float)] = []
        for i in 1000..<changed.count where abs(reference[i]) > 0.01 { gains.append((i, changed[i] / reference[i])) }
        let before = gains.filter { $0.frame < change }.map(\.gain)
        let after = gains.filter { $0.frame >= change + 2400 }.map(\.gain)
        XCTAssertEqual(before.min()!, 0.125, accuracy: 1e-4)
        XCTAssertEqual(before.max()!, 0.125, accuracy: 1e-4)
        XCTAssertEqual(after.min()!, 1, accuracy: 1e-4)
        XCTAssertEqual(after.max()!, 1, accuracy: 1e-4)
        let middle = gains.first { $0.frame >= change + 1200 }!
        XCTAssertEqual(middle.gain, 0.125 + 0.875 * Float(middle.frame - change + 1) / 2400, accuracy: 2e-3)
        // Slope: never faster than the ramp (allowing for float rounding of the ratio).
        let ramp = gains.filter { $0.frame >= change && $0.frame < change + 2400 }
        for (a, b) in zip(ramp, ramp.dropFirst()) {
            XCTAssertLessThanOrEqual(abs(b.gain - a.gain) / Float(b.frame - a.frame), 0.875 / 2400 * 1.01 + 1e-4)
        }
        // And no click: the largest step is the note's own at full volume.
        let steps = AudioSignal(mono: changed, sampleRate: 48_000).largestJump
        XCTAssertLessThanOrEqual(steps, AudioSignal(mono: reference, sampleRate: 48_000).largestJump * 1.001)
    }

    func testZeroIsSilence() {
        let output = renderWithChange(from: 0.5, to: 0, at: 4800, seconds: 0.2)
        XCTAssertGreaterThan(SignalAnalysis.maxAbsoluteSample(Array(output[..<4800])), 0.001)
        XCTAssertEqual(output[(4800 + 2400)...].filter { $0 != 0 }.count, 0, "not silent 50 ms after volume 0")
        let silent = render(note, seconds: 0.1, volume: 0)
        XCTAssertEqual(silent.maxAbsoluteSample, 0)
    }

    /// The level of the same note at volumes 0.1 … 1: strictly increasing, and volume³.
    func testTheCurveIsMonotonicAndCubic() {
        let volumes = (1...10).map { Double($0) / 10 }
        let levels = volumes.map { v in render(note, seconds: 0.1, volume: v).rmsEnvelope(window: 0.05).rms[1] }
        for (a, b) in zip(levels, levels.dropFirst()) { XCTAssertLessThan(a, b) }
        for (v, level) in zip(volumes, levels) {
            XCTAssertEqual(level / levels.last!, v * v * v, accuracy: 1e-4 + 1e-3 * v * v * v, "volume \(v)")
        }
        XCTAssertEqual(Synthesizer.masterGain(forVolume: 0.5), 0.125)
        XCTAssertEqual(Synthesizer.masterGain(forVolume: 0), 0)
        XCTAssertEqual(Synthesizer.masterGain(forVolume: 2), 1, "clamped")
    }

    func testTheDefaultVolumeIsOneHalf() {
        XCTAssertEqual(Synthesizer(sampleRate: 48_000).volume, 0.5)
    }
}
