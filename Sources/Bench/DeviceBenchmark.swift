import EditStream
import Platform

/// `wikichime bench`: the benchmarks that tell whether this machine keeps up with the live
/// stream, on the built-in corpus (the box has no test fixtures): parse + decode + select, the
/// score, the synthesiser at 1, 16 and 64 voices, an edit from JSON to samples, and the audio
/// queue's latency. All CPU figures are this thread's CPU time, so the box's own service running
/// beside it does not skew them (it does share the caches and, on a busy machine, the core).
public enum DeviceBenchmark {
    /// Voice counts the synthesiser is measured at.
    public static let synthVoices = [1, 16, 64]

    /// How much work each part does.
    struct Plan {
        var corpusEvents: Int
        var streamRepeats: Int
        var scoreEdits: Int
        /// Seconds of audio per run, by voice count (one voice is so cheap it needs more).
        var synthSeconds: [Int: Double]
        var synthRepeats: Int
        var soundEvents: Int
        var latencyNotes: Int

        /// About 3 s on the 2-core x86_64 build machine, half of it the latency part (wall-clock
        /// bound); a Pi Zero 2 W is 5–10× slower on the CPU-bound parts.
        static let full = Plan(corpusEvents: 5_000, streamRepeats: 5, scoreEdits: 200_000,
                               synthSeconds: [1: 20, 16: 10, 64: 10], synthRepeats: 3, soundEvents: 2_500, latencyNotes: 100)
        /// For tests: every part runs, on little work (well under 2 s in a debug build).
        static let quick = Plan(corpusEvents: 300, streamRepeats: 1, scoreEdits: 2_000,
                                synthSeconds: [1: 0.25, 16: 0.25, 64: 0.25], synthRepeats: 1, soundEvents: 100, latencyNotes: 5)
    }

    /// Runs every part; `progress` is told what starts next (one line, no newline).
    public static func run(quick: Bool = false, progress: (String) -> Void = { _ in }) -> DeviceBenchmarkReport {
        let plan = quick ? Plan.quick : Plan.full
        let started = MonotonicClock.now()
        let events = EventLines.builtIn
        var report = DeviceBenchmarkReport(quick: quick, machine: MachineInfo.current())
        report.corpusEvents = plan.corpusEvents

        let corpus = SSECorpus.make(events: plan.corpusEvents, from: events, uniqueIDs: true)
        progress("parse + decode + select, every wiki: \(plan.corpusEvents) events, best of \(plan.streamRepeats)")
        report.parseEventsPerSecond = StreamBenchmark.best(of: plan.streamRepeats, corpus, selection: .all, byCPU: true)
            .eventsPerCPUSecond
        progress("parse + decode + select, en: \(plan.corpusEvents) events, best of \(plan.streamRepeats)")
        report.parseEnglishEventsPerSecond = StreamBenchmark.best(
            of: plan.streamRepeats, corpus, selection: .englishWikipedia, byCPU: true).eventsPerCPUSecond

        progress("score: \(plan.scoreEdits) edits")
        report.scoreSecondsPerEdit = ScoreBenchmark.best(of: plan.streamRepeats, lines: events.lines, edits: plan.scoreEdits)
            .secondsPerEdit

        for voices in synthVoices {
            let seconds = plan.synthSeconds[voices] ?? 10
            progress("synth, \(voices) voice\(voices == 1 ? "" : "s"): \(NumberFormat.readable(seconds)) s of audio, best of \(plan.synthRepeats)")
            let result = SynthBenchmark.best(of: plan.synthRepeats, voices: voices, seconds: seconds)
            report.synth.append(DeviceBenchmarkReport.SynthFigure(voices: voices, realtimeFactor: result.realtimeFactor))
        }

        progress("edits from JSON to samples: \(plan.soundEvents) events at \(Int(Goals.liveEventsPerSecond))/s, "
            + SoundBenchmark.costSelection + " playing")
        let lines = (0..<plan.soundEvents).map { events.line($0, uniqueID: true) }
        let cost = SoundBenchmark.cost(lines: lines, events: plan.soundEvents, rate: Goals.liveEventsPerSecond)
        report.editSecondsPerEvent = cost.secondsPerEvent
        report.editNotesPerSecond = Double(cost.notes) * Goals.liveEventsPerSecond / Double(plan.soundEvents)

        progress("audio queue latency: \(plan.latencyNotes) notes into the running audio thread")
        let latency = SoundBenchmark.queueLatency(notes: plan.latencyNotes)
        report.queueLatencyMean = latency.mean
        report.queueLatencyMax = latency.max

        report.durationSeconds = MonotonicClock.now() - started
        return report
    }
}
