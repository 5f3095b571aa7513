// sound: what one edit costs from its JSON to its samples (pipeline + score + synth, CPU per event
// at the live rate), and how long a note waits between `AudioEngine.play` and its first sample
// being written (SoundBenchmark).
import Arguments
import Bench

enum SoundCommand {
    static let spec = CommandSpec(
        name: "sound",
        abstract: "An edit from JSON to samples (the recorded sample, distinct IDs, at 50 events/s); the audio queue's latency.",
        options: [.flag("json", help: "Print one JSON object.")],
        action: { arguments in run(json: arguments.flag("json")) })

    private static func run(json: Bool) {
        let sample = EventLines(jsonLines: readFile(FixtureFiles.sample))
        guard sample.count > 0 else { fail("no events in \(FixtureFiles.sample) (run from the package root)") }
        // Distinct events: the sample cycled, each with its own meta.id, so that de-duplication
        // (4 096 IDs) passes every one to the score, as the live stream's would be.
        let events = 2500
        let lines = (0..<events).map { sample.line($0, uniqueID: true) }
        let cost = SoundBenchmark.cost(lines: lines, events: events)
        let latency = SoundBenchmark.queueLatency()
        let corePercent = cost.corePercent(atRate: 50)
        let fmt = NumberFormat.fixed
        if json {
            print("{\"score_synth_cpu_seconds_per_event\":\(cost.secondsPerEvent),\"score_synth_core_percent_at_50_per_second\":"
                + "\(corePercent),\"queue_latency_mean_seconds\":\(latency.mean),\"queue_latency_max_seconds\":\(latency.max),"
                + "\"queue_latency_missed_notes\":\(latency.missed)}")
            return
        }
        print("pipeline + score + synth: \(Int(cost.secondsPerEvent * 1e6)) µs CPU per event "
            + "(\(cost.notes) notes in \(Int(cost.audioSeconds)) s of audio at 50 events/s: \(fmt(corePercent, 2)) % of one core)")
        print("queue latency, play → first sample written: mean \(fmt(latency.mean * 1000, 1)) ms, "
            + "max \(fmt(latency.max * 1000, 1)) ms (goal < 20 ms; the device buffer, ~80 ms, comes on top)")
        print("queue latency, notes: \(latency.notes) written, \(latency.missed) missed (not written within 0.5 s, no latency recorded)")
    }
}
