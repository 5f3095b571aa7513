import Audio
import EditStream
import Logging
import Platform
import Score
import Synth
#if canImport(Glibc)
import Glibc
#endif

/// What one edit costs from its JSON to its samples, and how long a note waits between
/// `AudioEngine.play` and its first sample being written (the audio thread's share of the
/// latency; the device buffer, ~80 ms on a card, comes on top).
public enum SoundBenchmark {
    public struct Cost: Sendable {
        /// CPU seconds per arriving event: pipeline, score and synthesiser together.
        public var secondsPerEvent = 0.0
        public var audioSeconds = 0.0
        public var notes = 0
        public var events = 0

        /// Share of one core at `rate` events per second, in percent.
        public func corePercent(atRate rate: Double) -> Double { secondsPerEvent * rate * 100 }
    }

    public struct Latency: Sendable {
        /// Over the notes written; 0 when none was.
        public var mean = 0.0
        public var max = 0.0
        /// Notes written, whose latency the figures are of.
        public var notes = 0
        /// Notes not written within the wait: no latency is recorded for them.
        public var missed = 0
    }

    /// The wikis that play in `cost`: busier than one language, so that the synthesiser has work.
    public static let costSelection = "en,commons,wikidata"

    /// `events` events cycled from `lines` at `rate` per second through the pipeline
    /// (`costSelection`), the score and the synthesiser into the null sink (`OfflineRenderer`),
    /// on this thread's CPU clock.
    public static func cost(lines: [[UInt8]], events: Int, rate: Double = 50) -> Cost {
        precondition(!lines.isEmpty, "no events")
        let renderer = OfflineRenderer(sink: NullSink(), volume: 0.5)
        var pipeline = EditPipeline(selection: (try? WikiSelection(parsing: costSelection)) ?? .all)
        var score = Score()
        var notes = 0
        let start = threadCPUSeconds()
        for n in 0..<events {
            let time = Double(n) / rate
            let line = lines[n % lines.count]
            guard let edit = line.withUnsafeBytes({ pipeline.process($0) }) else { continue }
            let cue = score.cue(for: edit, at: time)
            guard cue.dropped == nil else { continue }
            try? renderer.play(Note(cue), at: time)
            notes += 1
        }
        try? renderer.finish(at: Double(events) / rate, tail: 0)
        let cpu = threadCPUSeconds() - start
        return Cost(secondsPerEvent: cpu / Double(max(events, 1)),
                    audioSeconds: Double(renderer.framesRendered) / 48_000, notes: notes, events: events)
    }

    /// Queue latency of the audio thread: `notes` notes at uneven intervals (1–20 ms apart) into a
    /// running engine on the null sink (or `openSink`'s), which paces itself as a card would. Takes
    /// about 15 ms of wall-clock time per note. A note not written within `wait` seconds counts as
    /// missed and adds no latency.
    public static func queueLatency(notes: Int = 200, wait: Double = 0.5,
                                    openSink: @escaping AudioEngine.SinkFactory = { NullSink() }) -> Latency {
        let engine = AudioEngine(logger: Logger(label: "bench") { _ in SwiftLogNoOpLogHandler() }, openSink: openSink)
        engine.start()
        defer { engine.stop() }
        var generator = SystemRandomNumberGenerator()
        var latencies: [Double] = []
        var missed = 0
        for n in 0..<max(1, notes) {
            let before = engine.statistics.notesPlayed
            engine.play(Note(voicing: .bell, midi: Double(60 + n % 24), gain: 0.2))
            // Wait for the note to be written, then read its latency.
            let deadline = MonotonicClock.now() + wait
            var written = false
            while true {
                written = engine.statistics.notesPlayed != before
                if written || MonotonicClock.now() >= deadline { break }
                usleep(500)
            }
            if written {
                latencies.append(engine.statistics.lastQueueLatency)
            } else {
                missed += 1
            }
            usleep(UInt32.random(in: 1_000...20_000, using: &generator))
        }
        return Latency(mean: latencies.isEmpty ? 0 : latencies.reduce(0, +) / Double(latencies.count),
                       max: latencies.max() ?? 0, notes: latencies.count, missed: missed)
    }
}
