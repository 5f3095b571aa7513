import Synth
import TestSupport
import XCTest

/// Polyphony, voice stealing, the limiter and sample-accurate starts, measured in the output.
final class MixerTests: XCTestCase {
    static let threshold: Float = 0.891_251   // −1 dBFS, the limiter's ceiling

    /// 100 notes in 0.1 s at gain 0.2 and full volume: far more than full scale summed, and
    /// no sample reaches it. The ceiling holds at −1 dBFS, so the limiter did it, not the clamp.
    func testABurstNeverClips() {
        let notes = burst(count: 100, over: 4800)
        let synth = Synthesizer(sampleRate: 48_000)
        synth.volume = 1
        let signal = render(notes, seconds: 0.8, synth: synth)
        XCTAssertLessThanOrEqual(signal.maxAbsoluteSample, Self.threshold + 1e-6)
        XCTAssertGreaterThan(signal.maxAbsoluteSample, 0.8, "the burst should drive the limiter")
        XCTAssertEqual(synth.stolenVoices, 100 - 48)
        print("burst: max \(signal.maxAbsoluteSample), stolen \(synth.stolenVoices)")
    }

    func testABurstOnTopOfSwellsNeverClips() {
        var notes = (0...2).map { Scheduled(Note(voicing: .swell($0), midi: 0, gain: 1), at: 0) }
        notes += burst(count: 100, over: 4800).map { Scheduled($0.note, at: $0.frame + 140_000) }  // at ~2.9 s
        let signal = render(notes, seconds: 3.4)
        XCTAssertLessThanOrEqual(signal.maxAbsoluteSample, Self.threshold + 1e-6)
        XCTAssertLessThanOrEqual(signal.slice(from: 2.5, duration: 0.4).maxAbsoluteSample, Self.threshold + 1e-6)
        print("swells + burst: max \(signal.maxAbsoluteSample)")
    }

    /// Stealing fades the old voice out instead of cutting it. The bound: at any instant at most
    /// `maxVoices` voices play plus one fading (a note every 30 ms, an 8 ms fade), so a step
    /// between two samples is at most (maxVoices + 1) × the steepest step of any note alone, plus
    /// what a linear fade adds: gain / fade length (≥ 5 ms). A hard cut instead would step by the
    /// stolen voice's whole value at that instant, far above the bound: the test checks that too,
    /// from the stolen notes rendered alone, so it is known to fail without the fade.
    func testStealingAVoiceDoesNotClick() {
        checkStealing(voicings: [.bell], midis: [51, 54, 56, 58, 61, 63])
    }

    func testStealingMixedVoicesDoesNotClick() {
        checkStealing(voicings: [.bell, .pluck], midis: [27, 37, 49, 51, 61, 66])
    }

    private func checkStealing(voicings: [Voicing], midis: [Int]) {
        let maxVoices = 2, interval = 1440, gain: Float = 0.2, count = 24
        let notes = (0..<count).map { i in
            Scheduled(Note(voicing: voicings[i % voicings.count], midi: Double(midis[i % midis.count]), gain: gain),
                      at: i * interval)
        }
        let synth = Synthesizer(sampleRate: 48_000, maxVoices: maxVoices)
        synth.volume = 1
        let stolen = render(notes, seconds: Double(count * interval) / 48_000 + 0.05, synth: synth)
        XCTAssertEqual(synth.stolenVoices, count - maxVoices)

        // Each note alone: its steepest step, and its value where it gets stolen.
        var steepest: Float = 0
        var cut: Float = 0
        for (i, n) in notes.enumerated() {
            let alone = render([Scheduled(n.note)], seconds: Double((maxVoices + 1) * interval) / 48_000 + 0.01)
            steepest = max(steepest, alone.largestJump)
            if i + maxVoices < count {
                let at = maxVoices * interval   // stolen when note i + maxVoices starts
                cut = max(cut, abs(alone.channels[0][at]), abs(alone.channels[1][at]))
            }
        }
        let bound = Float(maxVoices + 1) * steepest + gain / Float(0.005 * 48_000)
        XCTAssertLessThanOrEqual(stolen.largestJump, bound, "a stolen voice clicked")
        XCTAssertGreaterThan(cut, 2 * bound, "the bound would not catch a hard cut")
        print("stealing \(voicings): largest step \(stolen.largestJump), bound \(bound), hard cut would step \(cut)")
    }

    /// A note played with `delayFrames` is the same note shifted by exactly that many frames,
    /// also when the delay runs past the end of the render call.
    func testDelayedStartsAreSampleAccurate() {
        let note = Note(voicing: .pluck, midi: 49, gain: 0.2, pan: 0.3)
        let reference = render([Scheduled(note)], seconds: 0.1).channels
        for delay in [1, 1000, 5000] {
            let synth = Synthesizer(sampleRate: 48_000)
            synth.volume = 1
            synth.play(note, delayFrames: delay)
            var output = [Float](repeating: 0, count: 2 * (delay + 4800))
            var done = 0
            while done < delay + 4800 {                 // 1024-frame calls: the delay spans several
                let n = min(1024, delay + 4800 - done)
                output.withUnsafeMutableBufferPointer { synth.render(into: $0.baseAddress! + 2 * done, frames: n) }
                done += n
            }
            let shifted = AudioSignal(interleaved: output, channelCount: 2, sampleRate: 48_000).channels
            XCTAssertEqual(shifted[0][..<delay].filter { $0 != 0 }.count, 0, "sound before frame \(delay)")
            XCTAssertEqual(Array(shifted[0][delay...]), Array(reference[0][..<4800]), "delay \(delay): left")
            XCTAssertEqual(Array(shifted[1][delay...]), Array(reference[1][..<4800]), "delay \(delay): right")
        }
    }

    /// Equal-power pan: hard left is silent on the right; the centre is −3 dB on each side.
    func testPanIsEqualPower() {
        let left = render(Note(voicing: .bell, midi: 61, gain: 0.2, pan: -1), seconds: 0.2)
        XCTAssertEqual(left.channels[1].filter { $0 != 0 }.count, 0)
        let centre = render(Note(voicing: .bell, midi: 61, gain: 0.2, pan: 0), seconds: 0.2)
        let l = SignalAnalysis.rmsEnvelope(left.channels[0], sampleRate: 48_000, window: 0.1).rms[1]
        let c = SignalAnalysis.rmsEnvelope(centre.channels[0], sampleRate: 48_000, window: 0.1).rms[1]
        XCTAssertEqual(dB(c / l), -3.01, accuracy: 0.01)
        XCTAssertEqual(centre.channels[0], centre.channels[1])
    }

    func testVoicesAreCountedAndEnd() {
        let synth = Synthesizer(sampleRate: 48_000, maxVoices: 4)
        for i in 0..<6 { synth.play(Note(voicing: .pluck, midi: 73, gain: 0.2), delayFrames: i) }
        XCTAssertEqual(synth.activeVoices, 0, "waiting notes are not voices yet")
        var buffer = [Float](repeating: 0, count: 2 * 48_000)
        buffer.withUnsafeMutableBufferPointer { synth.render(into: $0.baseAddress!, frames: 10) }
        XCTAssertEqual(synth.activeVoices, 4)
        XCTAssertEqual(synth.stolenVoices, 2)
        for _ in 0..<5 { buffer.withUnsafeMutableBufferPointer { synth.render(into: $0.baseAddress!, frames: 48_000) } }
        XCTAssertEqual(synth.activeVoices, 0, "MIDI 73 plucks end within 5 s (80 dB at ≥ 19.8 dB/s)")
        XCTAssertEqual(buffer.filter { $0 != 0 }.count, 0)
    }

    /// `count` notes, bells and plucks over the played range, spread over `frames`.
    private func burst(count: Int, over frames: Int) -> [Scheduled] {
        (0..<count).map { i in
            let index = 1 + (i * 7) % 20
            let bell = i % 3 != 0
            let midi = NoteTable.midi(index: index, base: bell ? NoteTable.celestaBase : NoteTable.clavBase)
            return Scheduled(Note(voicing: bell ? .bell : .pluck, midi: Double(midi), gain: 0.2,
                                  pan: Float(i % 5) / 2 - 1), at: i * frames / count)
        }
    }
}
