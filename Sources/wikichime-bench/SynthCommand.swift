// synth [--voices 1,16,64] [--seconds S] [--repeat N] [--sample-rate R] [--json]: the synthesiser's
// real-time factor with N voices sounding (SynthBenchmark). Numbers only; never fails on speed.
import Bench

func synthCommand(_ args: [String]) {
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
            fail(Usage.text)
        }
    }

    let results = voiceCounts.map { SynthBenchmark.best(of: repeats, voices: $0, seconds: seconds, sampleRate: sampleRate) }
    let fmt = NumberFormat.fixed
    let pad = NumberFormat.padLeft
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
