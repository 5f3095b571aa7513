import EditStream
import Platform

/// Parse + decode + select: an SSE corpus in memory, fed in 64 KiB chunks through `SSEParser`,
/// then `EditPipeline.process` (the cheap wiki byte test, the JSON decode of the events that pass
/// it, canary and wiki checks, the sound rules, de-duplication). Reading the corpus, and any
/// network work, is not timed.
public enum StreamBenchmark {
    public struct Result: Sendable {
        /// Wall-clock seconds of the pass (what `wikichime-bench stream` has always reported).
        public var seconds = Double.infinity
        /// CPU seconds of the pass on this thread (what the device benchmark reports).
        public var cpuSeconds = Double.infinity
        public var bytes = 0
        public var events = 0
        /// Passed the wiki selection (sounding, silent or duplicates).
        public var selected = 0
        public var sounding = 0
        public var duplicates = 0
        public var malformed = 0

        public init() {}

        public var eventsPerSecond: Double { Double(events) / max(seconds, 1e-9) }
        public var eventsPerCPUSecond: Double { Double(events) / max(cpuSeconds, 1e-9) }
    }

    /// One pass over `corpus`.
    public static func once(_ corpus: [UInt8], selection: WikiSelection) -> Result {
        let chunk = 64 * 1024
        var parser = SSEParser()
        var pipeline = EditPipeline(selection: selection, rules: SoundRules())
        var messages = 0
        var kept = 0
        let start = MonotonicClock.now()
        let startCPU = threadCPUSeconds()
        corpus.withUnsafeBytes { all in
            var offset = 0
            while offset < all.count {
                let piece = UnsafeRawBufferPointer(rebasing: all[offset..<min(offset + chunk, all.count)])
                parser.feed(piece) { d in
                    guard d.type == "message" else { return }
                    messages += 1
                    if pipeline.process(d.data) != nil { kept += 1 }
                }
                offset += chunk
            }
        }
        let cpu = threadCPUSeconds() - startCPU
        let elapsed = MonotonicClock.now() - start
        let c = pipeline.counters
        precondition(c.received == messages && c.sounding == kept)
        var result = Result()
        result.seconds = elapsed
        result.cpuSeconds = cpu
        result.bytes = corpus.count
        result.events = c.received
        result.selected = c.silent + c.duplicates + c.sounding
        result.sounding = c.sounding
        result.duplicates = c.duplicates
        result.malformed = c.malformed
        return result
    }

    /// The fastest of `repeats` passes, by the wall clock or by CPU time.
    public static func best(of repeats: Int, _ corpus: [UInt8], selection: WikiSelection, byCPU: Bool = false) -> Result {
        fastest(of: repeats, by: { byCPU ? $0.cpuSeconds : $0.seconds }) { once(corpus, selection: selection) }
    }
}
