/// The project's performance goals (issue 7) and the live stream's rate, in one place for the
/// tables that print them beside the measured figures. Nothing asserts them.
public enum Goals {
    /// Events per second on the live stream, every wiki arriving.
    public static let liveEventsPerSecond = 50.0
    /// Parse + decode + select at least this many times Python's json module (Tests/Benchmarks).
    public static let parseTimesPython = 5.0
    /// The synthesiser with 64 voices sounding, in seconds of audio per second of one core.
    public static let synth64RealtimeFactor = 20.0
    /// Whole program at the live rate: share of one core, in percent, and peak resident memory.
    public static let wholeProgramCorePercent = 1.0
    public static let wholeProgramPeakRSSMegabytes = 16.0
    /// From `AudioEngine.play` to the note's first sample written, before the device's buffer.
    public static let queueLatencySeconds = 0.020
    /// Launch to the first sound out of the device (on the 2-core x86_64 build machine).
    public static let startupSeconds = 0.200
}
