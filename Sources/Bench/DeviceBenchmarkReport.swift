/// What `DeviceBenchmark.run` measured, whether this machine keeps up with the live stream, and
/// the project's goals beside it. `table()` is for people, `json()` for scripts
/// (DeviceReportRendering.swift).
public struct DeviceBenchmarkReport: Sendable {
    public struct SynthFigure: Sendable, Equatable {
        public var voices: Int
        /// Seconds of audio rendered per second of one core.
        public var realtimeFactor: Double

        public init(voices: Int, realtimeFactor: Double) {
            self.voices = voices
            self.realtimeFactor = realtimeFactor
        }
    }

    /// The program's version, for the rendering; the caller sets it (this library does not know it).
    public var version: String?
    public var quick: Bool
    public var machine: MachineInfo
    public var corpusEvents = 0
    /// Parse + decode + select with every wiki selected: every event decoded (the worst case).
    public var parseEventsPerSecond = 0.0
    /// The same with `en` selected (the box's default): the others rejected before decoding (59 %
    /// of the built-in events are enwiki, ~5 % of the live stream's).
    public var parseEnglishEventsPerSecond = 0.0
    /// CPU seconds of `Score.cue` and its note, per sounding edit.
    public var scoreSecondsPerEdit = 0.0
    public var synth: [SynthFigure] = []
    /// CPU seconds per arriving event from JSON to samples (pipeline, score, synthesiser), at the
    /// live rate with `SoundBenchmark.costSelection` playing, and the notes per second that made.
    public var editSecondsPerEvent = 0.0
    public var editNotesPerSecond = 0.0
    /// From `AudioEngine.play` to the note's first sample written, seconds.
    public var queueLatencyMean = 0.0
    public var queueLatencyMax = 0.0
    /// Wall-clock seconds the whole run took.
    public var durationSeconds = 0.0

    public init(quick: Bool, machine: MachineInfo) {
        self.quick = quick
        self.machine = machine
    }

    /// The real-time factor at `voices`, if measured.
    public func synthRealtimeFactor(voices: Int) -> Double? {
        synth.first { $0.voices == voices }?.realtimeFactor
    }

    /// Share of one core, in percent, that an edit's JSON-to-samples path takes at the live rate.
    public var editCorePercentAtLiveRate: Double { editSecondsPerEvent * Goals.liveEventsPerSecond * 100 }

    /// Keeps up with the live stream (~50 events/s, one language playing): it parses every wiki's
    /// events faster than they come, renders 64 voices faster than real time, and takes an edit
    /// from JSON to samples at the live rate in less than a whole core.
    public var keepsUp: Bool {
        parseEventsPerSecond >= Goals.liveEventsPerSecond
            && (synthRealtimeFactor(voices: 64) ?? 0) >= 1
            && editCorePercentAtLiveRate < 100
    }

    /// The goals this run can judge (the others need report.sh: Python, the whole program).
    public var synthGoalMet: Bool { (synthRealtimeFactor(voices: 64) ?? 0) >= Goals.synth64RealtimeFactor }
    public var latencyGoalMet: Bool { queueLatencyMean < Goals.queueLatencySeconds }
}
