// synth: the synthesiser's real-time factor with N voices sounding (SynthBenchmark). Numbers
// only; never fails on speed.
import Arguments
import Bench

enum SynthCommand {
    static let spec = CommandSpec(
        name: "synth",
        abstract: "Synthesizer.render with N voices sounding: real-time factor, ns per frame.",
        options: [
            .option("voices", value: "counts", help: "Voice counts, each measured on its own.", default: "1,16,64"),
            .option("seconds", value: "s", help: "Seconds of audio per run.", default: "10"),
            .option("repeat", value: "n", help: "Runs per voice count; the best counts.", default: "3"),
            .option("sample-rate", value: "hz", help: "The sample rate, 8000 or more.", default: "48000"),
            .flag("json", help: "Print one JSON object."),
        ],
        action: { arguments in
            let voices = try arguments.value("voices", as: String.self)
            let voiceCounts = try voiceCounts(voices)
            let sampleRate = try arguments.value("sample-rate", as: Double.self)
            guard sampleRate >= 8000 else { throw UsageError("--sample-rate: \(sampleRate) is less than 8000 Hz") }
            let seconds = try positive(arguments.value("seconds", as: Double.self), "--seconds")
            let repeats = try positive(arguments.value("repeat", as: Int.self), "--repeat")
            run(voiceCounts: voiceCounts, seconds: seconds, repeats: repeats, sampleRate: sampleRate, json: arguments.flag("json"))
        })

    /// `1,16,64`: every comma-separated piece a whole number above 0; an empty or other piece is
    /// named in the usage error.
    static func voiceCounts(_ text: String) throws(UsageError) -> [Int] {
        var counts: [Int] = []
        for piece in text.split(separator: ",", omittingEmptySubsequences: false) {
            guard let count = Int(piece), count > 0 else {
                throw UsageError("--voices: '\(piece)' in '\(text)' is not a whole number above 0 (e.g. 1,16,64)")
            }
            counts.append(count)
        }
        return counts
    }

    private static func run(voiceCounts: [Int], seconds: Double, repeats: Int, sampleRate: Double, json: Bool) {
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
}
