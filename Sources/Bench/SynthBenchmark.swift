import Synth

/// `Synthesizer.render` with N voices sounding at once. It keeps N voices alive (a new note as
/// soon as one ends), a realistic mix of bells and plucks over the notes the score plays (two
/// bells to one pluck), with one swell among them from 16 voices up, and times the `play` and
/// render calls on the thread's CPU clock, in 10 ms render calls.
public enum SynthBenchmark {
    public struct Result: Sendable {
        public var voices = 0
        public var sampleRate = 48_000.0
        public var cpuSeconds = Double.infinity
        public var audioSeconds = 0.0
        public var meanVoices = 0.0
        public var stolen = 0

        public init() {}

        /// Seconds of audio per second of CPU.
        public var realtimeFactor: Double { audioSeconds / max(cpuSeconds, 1e-9) }
        public var nanosecondsPerFrame: Double { cpuSeconds * 1e9 / max(audioSeconds * sampleRate, 1) }
    }

    /// One run: `seconds` of audio with `voices` sounding.
    public static func once(voices: Int, seconds: Double, sampleRate: Double = 48_000) -> Result {
        let synth = Synthesizer(sampleRate: sampleRate, maxVoices: voices)
        synth.volume = 0.5
        let block = Int(sampleRate / 100)                         // 10 ms render calls
        let totalFrames = Int(seconds * sampleRate)
        let swellFrames = Int(11 * sampleRate)                    // a swell lasts 11 s: restart it then
        var buffer = [Float](repeating: 0, count: 2 * block)
        var notes = BenchNotes()
        var voiceSum = 0
        var blocks = 0
        var done = 0
        let start = threadCPUSeconds()
        buffer.withUnsafeMutableBufferPointer { out in
            while done < totalFrames {
                var sounding = synth.activeVoices
                if voices >= 16, done % swellFrames < block {
                    synth.play(Note(voicing: .swell(done / swellFrames), midi: 0, gain: 1))
                    sounding += 1
                }
                while sounding < voices {
                    synth.play(notes.next())
                    sounding += 1
                }
                synth.render(into: out.baseAddress!, frames: block)
                voiceSum += synth.activeVoices
                blocks += 1
                done += block
            }
        }
        let cpu = threadCPUSeconds() - start
        var result = Result()
        result.voices = voices
        result.sampleRate = sampleRate
        result.cpuSeconds = cpu
        result.audioSeconds = Double(done) / sampleRate
        result.meanVoices = Double(voiceSum) / Double(max(blocks, 1))
        result.stolen = synth.stolenVoices
        return result
    }

    /// The fastest of `repeats` runs.
    public static func best(of repeats: Int, voices: Int, seconds: Double, sampleRate: Double = 48_000) -> Result {
        fastest(of: repeats, by: \.cpuSeconds) { once(voices: voices, seconds: seconds, sampleRate: sampleRate) }
    }
}

/// The notes the bench plays, in a fixed order: the score's played indexes 1…20 of both tables
/// (celesta from MIDI 49, clav from MIDI 25), two bells to one pluck, spread over the stereo field.
struct BenchNotes {
    private var n = 0

    mutating func next() -> Note {
        defer { n += 1 }
        let index = 1 + (n * 7) % 20                         // 7 is prime to 20: every index in turn
        let degree = [0, 2, 5, 7, 9][index % 5]
        let pan = Float((n * 3) % 9) / 4 - 1
        if n % 3 == 2 {
            return Note(voicing: .pluck, midi: Double(25 + 12 * (index / 5) + degree), gain: 0.2, pan: pan)
        }
        return Note(voicing: .bell, midi: Double(49 + 12 * (index / 5) + degree), gain: 0.2, pan: pan)
    }
}
