// `wikichime-bench sound`: what one edit costs from its JSON to its samples (pipeline + score +
// synth, CPU per event at the live rate), and how long a note waits between `AudioEngine.play`
// and its first sample being written (the audio thread's share of the latency; the device
// buffer, ~80 ms on a card, comes on top).
import Audio
import EditStream
import Logging
import Score
import Synth
#if canImport(Glibc)
import Glibc
#endif

/// CPU seconds per event: 2 500 events of the recorded sample at 50 events/s (50 s of audio),
/// through the pipeline ("en,commons,wikidata"), the score and the synthesiser.
func soundCostPerEvent(corpusLines: [[UInt8]], events: Int) -> (perEvent: Double, audioSeconds: Double, notes: Int) {
    let renderer = OfflineRenderer(sink: NullSink(), volume: 0.5)
    var pipeline = EditPipeline(selection: (try? WikiSelection(parsing: "en,commons,wikidata")) ?? .all)
    var score = Score()
    var notes = 0
    let start = threadCPUSeconds()
    for n in 0..<events {
        let time = Double(n) / 50
        let line = corpusLines[n % corpusLines.count]
        guard let edit = line.withUnsafeBytes({ pipeline.process($0) }) else { continue }
        let cue = score.cue(for: edit, at: time)
        guard cue.dropped == nil else { continue }
        try? renderer.play(Note(cue), at: time)
        notes += 1
    }
    try? renderer.finish(at: Double(events) / 50, tail: 0)
    let cpu = threadCPUSeconds() - start
    return (cpu / Double(events), Double(renderer.framesRendered) / 48_000, notes)
}

/// Queue latency of the audio thread: 200 notes at uneven intervals into a running engine.
func queueLatency() -> (mean: Double, max: Double) {
    let engine = AudioEngine(logger: Logger(label: "bench") { _ in SwiftLogNoOpLogHandler() }, openSink: { NullSink() })
    engine.start()
    defer { engine.stop() }
    var generator = SystemRandomNumberGenerator()
    var latencies: [Double] = []
    for n in 0..<200 {
        engine.play(Note(voicing: .bell, midi: Double(60 + n % 24), gain: 0.2))
        // Wait for the note to be written, then read its latency.
        let before = engine.statistics.notesPlayed
        var spins = 0
        while engine.statistics.notesPlayed == before && spins < 1000 { usleep(500); spins += 1 }
        latencies.append(engine.statistics.lastQueueLatency)
        usleep(UInt32.random(in: 1_000...20_000, using: &generator))
    }
    return (latencies.reduce(0, +) / Double(latencies.count), latencies.max() ?? 0)
}

func soundBench(_ args: [String]) {
    let json = args.contains("--json")
    let path = "Tests/TestSupport/Fixtures/recentchange-sample.jsonl"
    let lines = readFile(path).split(separator: 0x0A).map(Array.init).filter { !$0.isEmpty }
    guard !lines.isEmpty else { fail("no events in \(path) (run from the package root)") }
    let cost = soundCostPerEvent(corpusLines: lines, events: 2500)
    let latency = queueLatency()
    let corePercent = cost.perEvent * 50 * 100
    if json {
        print("{\"score_synth_cpu_seconds_per_event\":\(cost.perEvent),\"score_synth_core_percent_at_50_per_second\":"
            + "\(corePercent),\"queue_latency_mean_seconds\":\(latency.mean),\"queue_latency_max_seconds\":\(latency.max)}")
        return
    }
    print("pipeline + score + synth: \(Int(cost.perEvent * 1e6)) µs CPU per event "
        + "(\(cost.notes) notes in \(Int(cost.audioSeconds)) s of audio at 50 events/s: \(formatFixed(corePercent, decimals: 2)) % of one core)")
    print("queue latency, play → first sample written: mean \(formatFixed(latency.mean * 1000, decimals: 1)) ms, "
        + "max \(formatFixed(latency.max * 1000, decimals: 1)) ms (goal < 20 ms; the device buffer, ~80 ms, comes on top)")
}
