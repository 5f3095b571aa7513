import Audio
import EditStream
import Score
import Synth

/// The score's share of an edit: `Score.cue` (Listen to Wikipedia's rules: pitch from size and
/// title, throttle) and the cue's note, for edits already decoded. Decoding is the stream
/// benchmark's; rendering the synth's.
public enum ScoreBenchmark {
    public struct Result: Sendable {
        public var cpuSeconds = Double.infinity
        public var edits = 0
        /// Sums the notes' pitches, so that the optimiser cannot drop the work.
        public var checksum = 0.0

        public var secondsPerEdit: Double { cpuSeconds / Double(max(edits, 1)) }
    }

    /// The sounding edits among `lines` (decoded once, not timed), scored over and over, `edits`
    /// cues in all, 50 per second of score time (the live rate; the throttle admits them all).
    public static func run(lines: [[UInt8]], edits: Int) -> Result {
        var pipeline = EditPipeline(selection: .all)
        let sounding = lines.compactMap { pipeline.process($0) }
        guard !sounding.isEmpty else { return Result(cpuSeconds: 0) }
        var score = Score()
        var checksum = 0.0
        let start = threadCPUSeconds()
        for n in 0..<edits {
            let cue = score.cue(for: sounding[n % sounding.count], at: Double(n) / 50)
            if cue.dropped == nil { checksum += Note(cue).midi }
        }
        return Result(cpuSeconds: threadCPUSeconds() - start, edits: edits, checksum: checksum)
    }

    /// The fastest of `repeats` runs.
    public static func best(of repeats: Int, lines: [[UInt8]], edits: Int) -> Result {
        fastest(of: repeats, by: \.cpuSeconds) { run(lines: lines, edits: edits) }
    }
}
