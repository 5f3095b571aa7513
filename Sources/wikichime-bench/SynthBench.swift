// wikichime-bench synth: how fast the synthesiser renders with N voices sounding.
//   synth [--voices 1,16,64] [--seconds S] [--repeat N] [--sample-rate R] [--json]
// It keeps N voices alive (a new note as soon as one ends), a realistic mix of bells and plucks
// over the notes the score plays (two bells to one pluck), with one swell among them from 16
// voices up, and times the render calls on the thread's CPU clock. Numbers only; never fails on
// speed (see Tests/Benchmarks/README.md).
import Synth
#if canImport(Glibc)
import Glibc
#endif

struct SynthBenchResult {
    var voices = 0
    var sampleRate = 48_000.0
    var cpuSeconds = Double.infinity
    var audioSeconds = 0.0
    var meanVoices = 0.0
    var stolen = 0

    /// Seconds of audio per second of CPU.
    var realtimeFactor: Double { audioSeconds / max(cpuSeconds, 1e-9) }
    var nanosecondsPerFrame: Double { cpuSeconds * 1e9 / (audioSeconds * sampleRate) }
}

/// CPU time of the calling thread, in seconds.
func threadCPUSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
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

func synthBenchOnce(voices: Int, seconds: Double, sampleRate: Double) -> SynthBenchResult {
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
    return SynthBenchResult(voices: voices, sampleRate: sampleRate, cpuSeconds: cpu, audioSeconds: Double(done) / sampleRate,
                            meanVoices: Double(voiceSum) / Double(max(blocks, 1)), stolen: synth.stolenVoices)
}

func synthBench(_ args: [String]) {
    var voiceCounts = [1, 16, 64]
    var seconds = 10.0
    var repeats = 3
    var sampleRate = 48_000.0
    var json = false
    var i = 0
    while i < args.count {
        let value = i + 1 < args.count ? args[i + 1] : nil
        switch args[i] {
        case "--voices":
            let counts = value?.split(separator: ",").compactMap { Int($0) } ?? []
            guard !counts.isEmpty, counts.allSatisfy({ $0 > 0 }) else { fail("--voices needs positive integers, e.g. 1,16,64") }
            voiceCounts = counts; i += 2
        case "--seconds":
            guard let s = value.flatMap(Double.init), s > 0 else { fail("--seconds needs a positive number") }
            seconds = s; i += 2
        case "--repeat":
            guard let n = value.flatMap(Int.init), n > 0 else { fail("--repeat needs a positive integer") }
            repeats = n; i += 2
        case "--sample-rate":
            guard let r = value.flatMap(Double.init), r >= 8000 else { fail("--sample-rate needs a rate in Hz") }
            sampleRate = r; i += 2
        case "--json":
            json = true; i += 1
        default:
            fail(Bench.usage)
        }
    }

    var results: [SynthBenchResult] = []
    for voices in voiceCounts {
        var best = SynthBenchResult()
        for _ in 0..<repeats {
            let r = synthBenchOnce(voices: voices, seconds: seconds, sampleRate: sampleRate)
            if r.cpuSeconds < best.cpuSeconds { best = r }
        }
        results.append(best)
    }

    if json {
        var fields: [String] = []
        for r in results {
            fields.append("\"synth_\(r.voices)_voices_realtime_factor\": \(fmt(r.realtimeFactor, 1))")
            fields.append("\"synth_\(r.voices)_voices_ns_per_frame\": \(fmt(r.nanosecondsPerFrame, 1))")
        }
        fields.append("\"seconds\": \(fmt(seconds, 1))")
        fields.append("\"repeats\": \(repeats)")
        fields.append("\"sample_rate\": \(fmt(sampleRate, 0))")
        print("{" + fields.joined(separator: ", ") + "}")
    } else {
        print("synth       \(fmt(sampleRate, 0)) Hz, \(fmt(seconds, 1)) s of audio per run, 10 ms render calls, "
              + "best of \(repeats), one thread (CPU time)")
        print("voices  mean  realtime×   ns/frame   ns/frame/voice  stolen")
        for r in results {
            print(pad(String(r.voices), 6) + pad(fmt(r.meanVoices, 1), 6) + pad(fmt(r.realtimeFactor, 1), 11)
                  + pad(fmt(r.nanosecondsPerFrame, 0), 11) + pad(fmt(r.nanosecondsPerFrame / Double(r.voices), 1), 17)
                  + pad(String(r.stolen), 8))
        }
    }
}

/// `text` right-aligned in `width` columns.
private func pad(_ text: String, _ width: Int) -> String {
    String(repeating: " ", count: max(0, width - text.count)) + text
}
