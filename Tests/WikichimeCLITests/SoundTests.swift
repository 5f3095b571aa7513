import EditStream
import Foundation
import TestSupport
import XCTest

/// The sound end to end: `wikichime render` to a WAV file, and `wikichime run` through the real
/// libasound into a captured ALSA device; the notes found in the sound are compared with the trace.
final class SoundTests: XCTestCase {
    private var temporary: TemporaryFolder!
    private var folder: URL { temporary.url }

    override func setUpWithError() throws {
        temporary = try TemporaryFolder("wikichime-sound")
    }

    override func tearDownWithError() throws {
        temporary.remove()
    }

    /// Eight English Wikipedia edits of different sizes, additions and deletions, chosen so that
    /// no note shares its strong partials with a note still ringing (see `ownPartials`): bells at
    /// MIDI 75, 78, 61, 90, 54 and clavs at 39, 49, 37.
    private func editsFile() throws -> URL {
        let sizes = [(120, "Alpha"), (-1500, "Bravo"), (15, "Charlie"), (900, "Delta"), (-30, "Echo"),
                     (3, "Foxtrot"), (5000, "Golf"), (-900, "Hotel")]
        let lines = sizes.enumerated().map { n, item in
            #"{"meta":{"id":"e-\#(n)","domain":"en.wikipedia.org"},"type":"edit","namespace":0,"title":"\#(item.1)","#
                + #""user":"Tester","bot":false,"length":{"old":5000,"new":\#(5000 + item.0)},"wiki":"enwiki"}"#
        }
        let url = folder.appendingPathComponent("edits.jsonl")
        try lines.joined(separator: "\n").write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    private struct TraceNote {
        var time: Double
        var instrument: String
        var midi: Int
    }

    private func traceNotes(_ url: URL) throws -> [TraceNote] {
        try String(contentsOf: url, encoding: .utf8).split(separator: "\n").compactMap { line in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] ?? [:]
            guard object["dropped"] as? Bool == false, let midi = object["midi"] as? Int else { return nil }
            return TraceNote(time: object["t"] as? Double ?? -1, instrument: object["instrument"] as? String ?? "", midi: midi)
        }
    }

    private func frequency(_ midi: Int) -> Double { 440 * pow(2, Double(midi - 69) / 12) }

    /// The note's own energy (dB) in a 60 ms window: its fundamental for a bell; harmonics 2–10
    /// for the clav, whose low fundamentals are weak by design. Other notes, at other pitches,
    /// hardly count, so a note's start shows as a jump even while earlier notes ring.
    private func noteLevel(_ signal: AudioSignal, _ note: TraceNote, among all: [TraceNote], at start: Double) -> Double {
        guard start >= 0 else { return -400 }  // before the file begins: silence
        let window = signal.slice(from: start, duration: 0.06)
        let frequencies = ownPartials(note, among: all)
        let amplitude = frequencies.reduce(0.0) { $0 + window.amplitude(at: $1) }
        return amplitude > 0 ? 20 * log10(amplitude) : -400
    }

    /// The note's partials that no other note sounding at its start shares (within 20 Hz, the
    /// 60 ms Hann window's main lobe): a pentatonic scale is full of octaves and fifths, and a
    /// shared partial would hide the onset. Notes ring 4.4 s; the strong partials count: a
    /// bell's fundamental and inharmonic modes, a clav's first ten harmonics.
    private func ownPartials(_ note: TraceNote, among all: [TraceNote]) -> [Double] {
        func partials(_ n: TraceNote) -> [Double] {
            let f0 = frequency(n.midi)
            let ratios = n.instrument == "celesta" ? [1, 6.2, 14.8] : (1...10).map(Double.init)
            return ratios.map { $0 * f0 }
        }
        let sounding = all.filter { $0.time > note.time - 4.5 && $0.time < note.time + 0.1 }
        let others = sounding.filter { $0.midi != note.midi || $0.instrument != note.instrument }.flatMap(partials)
        let f0 = frequency(note.midi)
        let candidates = note.instrument == "celesta" ? [f0] : (2...10).map { Double($0) * f0 }
        return candidates.filter { f in f < 20_000 && !others.contains { abs($0 - f) < 20 } }
    }

    /// Each note starts where the trace says (its own energy jumps by at least 6 dB within
    /// `tolerance` of the expected time), and bells sound at their pitch (within 5 cents).
    private func checkNotes(_ signal: AudioSignal, _ notes: [TraceNote], offset: Double, tolerance: Double,
                            file: StaticString = #filePath, line: UInt = #line) {
        for note in notes {
            let start = note.time + offset
            XCTAssertFalse(ownPartials(note, among: notes).isEmpty, "MIDI \(note.midi) shares every partial", file: file, line: line)
            var best = (rise: -Double.infinity, at: start)
            var t = start - tolerance
            while t <= start + tolerance {
                let rise = noteLevel(signal, note, among: notes, at: t + 0.002)
                    - noteLevel(signal, note, among: notes, at: t - 0.062)
                if rise > best.rise { best = (rise, t) }
                t += 0.004
            }
            XCTAssertGreaterThan(best.rise, 6, "no onset near \(start) s for \(note.instrument) \(note.midi)", file: file, line: line)
            if note.instrument == "celesta" {
                let window = signal.slice(from: best.at + 0.01, duration: 0.35)
                let peak = window.peakFrequency(near: frequency(note.midi), toleranceCents: 40)
                XCTAssertNotNil(peak, "no bell at MIDI \(note.midi) after \(start) s", file: file, line: line)
                if let peak {
                    XCTAssertEqual(1200 * log2(peak.frequency / frequency(note.midi)), 0, accuracy: 5,
                                   "bell MIDI \(note.midi) at \(start) s", file: file, line: line)
                }
            }
        }
    }

    func testRenderPlacesEachNoteAtItsTimeAndPitch() throws {
        let output = folder.appendingPathComponent("edits.wav"), trace = folder.appendingPathComponent("trace.jsonl")
        let result = try Wikichime.run(["render", "--input", try editsFile().path, "--output", output.path,
                                        "--languages", "en", "--rate", "2", "--trace", trace.path, "--volume", "100"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let notes = try traceNotes(trace)
        XCTAssertEqual(notes.count, 8)
        XCTAssertEqual(notes.map(\.time), (0..<8).map { Double($0) / 2 })
        XCTAssertEqual(Set(notes.map(\.instrument)), ["celesta", "clav"])
        let data = try Data(contentsOf: output)
        XCTAssertEqual(String(decoding: data[0..<4], as: UTF8.self), "RIFF")
        let samples = data[44...].withUnsafeBytes { Array($0.bindMemory(to: Int16.self)) }
        let signal = AudioSignal(interleaved: samples, channelCount: 2, sampleRate: 48_000)
        XCTAssertGreaterThan(signal.duration, 4)
        XCTAssertLessThanOrEqual(signal.maxAbsoluteSample, 1)
        checkNotes(signal, notes, offset: 0, tolerance: 0.01)
    }

    func testRunPlaysThroughALSAIntoACapturedDevice() throws {
        let raw = folder.appendingPathComponent("capture.raw")
        let asoundrc = folder.appendingPathComponent("asound.conf")
        try """
            pcm.cap { type file slave.pcm "null" file "\(raw.path)" format "raw" }
            pcm.!default { type plug slave.pcm "cap" }
            """.write(to: asoundrc, atomically: true, encoding: .utf8)
        var environment = ProcessInfo.processInfo.environment
        environment["ALSA_CONFIG_PATH"] = "/usr/share/alsa/alsa.conf:" + asoundrc.path
        let trace = folder.appendingPathComponent("trace.jsonl")
        let process = try Wikichime.start([
            "run", "--input", try editsFile().path, "--rate", "2", "--languages", "en", "--trace", trace.path,
            "--volume", "100", "--config", folder.appendingPathComponent("none.conf").path,
            "--state-dir", folder.path, "--runtime-dir", folder.path,
        ], environment: environment)
        let result = try Wikichime.finish(process, timeout: 60)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("playing on 'default' at 48000 Hz"), result.stderr)
        let notes = try traceNotes(trace)
        XCTAssertEqual(notes.count, 8)
        let bytes = try Data(contentsOf: raw)
        let samples = bytes.withUnsafeBytes { Array($0.bindMemory(to: Int16.self)) }
        let signal = AudioSignal(interleaved: samples, channelCount: 2, sampleRate: 48_000)
        // The capture starts when the device opens, before the first event: find the first onset
        // and line the trace up with it; the rest must follow the trace's timing.
        let envelope = signal.rmsEnvelope()
        guard let first = envelope.onset(absoluteDB: -60) else { return XCTFail("the capture is silent") }
        checkNotes(signal, notes, offset: first - notes[0].time, tolerance: 0.08)
    }
}
