/// Discards the sound: for a box without a speaker, benchmarks and tests. The audio thread paces
/// itself by the clock, so a null sink costs what a real card would.
public final class NullSink: AudioSink {
    public let sampleRate: Int
    public let framesPerWrite: Int
    public let pendingFrames = 0
    public let underruns = 0
    public private(set) var framesWritten = 0

    public init(sampleRate: Int = 48000, framesPerWrite: Int = 480) {
        self.sampleRate = sampleRate
        self.framesPerWrite = framesPerWrite
    }

    public func write(_ frames: UnsafePointer<Int16>, count: Int) throws(AudioError) {
        framesWritten += count
    }

    public func close() throws(AudioError) {}
}
