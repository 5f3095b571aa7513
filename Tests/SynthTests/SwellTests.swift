import Synth
import TestSupport
import XCTest

/// The swells' envelopes and register, measured in the rendered output, follow the original's:
/// a slow rise from about −27 dB to a peak near 3 s, above −40 dB for about 10 s, then silence.
final class SwellTests: XCTestCase {
    func testEachSwellRisesPeaksNearThreeSecondsAndEnds() {
        for index in 0...2 {
            let synth = Synthesizer(sampleRate: 48_000)
            synth.volume = 1
            let signal = render([Scheduled(Note(voicing: .swell(index), midi: 0, gain: 1))], seconds: 13, synth: synth)
            // 50 ms windows smooth the beating of the detuned oscillators.
            let envelope = signal.rmsEnvelope(window: 0.05)
            let peak = envelope.peakDB
            XCTAssert((2.5...3.5).contains(envelope.peakTime), "swell \(index) peaks at \(envelope.peakTime) s")
            let start = signal.slice(from: 0, duration: 0.1).rmsEnvelope(window: 0.005).dB.max()!
            XCTAssertLessThanOrEqual(start - peak, -20, "swell \(index) starts at \(start - peak) dB re its peak")
            XCTAssertGreaterThan(envelope.level(at: 9) - peak, -40, "swell \(index) at 9 s")
            XCTAssertEqual(synth.activeVoices, 0, "swell \(index) still playing at 13 s")
            XCTAssertEqual(signal.slice(from: 11.5).maxAbsoluteSample, 0, "swell \(index) not silent after 11.5 s")
            let aboveMinus40 = envelope.dB.filter { $0 > peak - 40 }.count
            let seconds = Double(aboveMinus40) * envelope.window
            XCTAssert((9...11.5).contains(seconds), "swell \(index) above −40 dB for \(seconds) s")

            // No click at the start or the end: the steps there are far below those at the peak.
            let atPeak = signal.slice(from: 2.8, duration: 0.4).largestJump
            XCTAssertLessThan(signal.slice(from: 0, duration: 0.05).largestJump, atPeak / 10, "swell \(index) start")
            XCTAssertLessThan(signal.slice(from: 10.8, duration: 0.5).largestJump, atPeak / 10, "swell \(index) end")
            XCTAssertLessThanOrEqual(signal.maxAbsoluteSample, 1)

            let centroid = signal.slice(from: 2.5, duration: 1).spectrum().centroid(in: 20...10_000)
            XCTAssert((300...800).contains(centroid), "swell \(index) centroid \(centroid) Hz")
            print("swell \(index): peak \(String(format: "%.2f", envelope.peakTime)) s at "
                  + "\(String(format: "%.1f", peak)) dBFS, start \(String(format: "%.1f", start - peak)) dB, "
                  + "9 s \(String(format: "%.1f", envelope.level(at: 9) - peak)) dB, above −40 dB for "
                  + "\(String(format: "%.2f", seconds)) s, centroid \(Int(centroid)) Hz, max \(signal.maxAbsoluteSample)")
        }
    }
}
