import Synth

/// Renders notes placed at exact times into a sink as fast as the CPU allows (`wikichime render`,
/// tests, benchmarks): the same synthesiser as live, with sample-accurate starts.
public final class OfflineRenderer {
    public let synth: Synthesizer
    private let sink: AudioSink
    private let block = 1024
    private var floats: [Float]
    private var samples: [Int16]
    public private(set) var framesRendered = 0

    public init(sink: AudioSink, settings: AudioEngineSettings = AudioEngineSettings(), volume: Double = 0.5) {
        self.sink = sink
        synth = Synthesizer(sampleRate: Double(sink.sampleRate), maxVoices: settings.maxVoices)
        synth.noteLifetime = settings.noteLifetime
        synth.volume = volume
        floats = [Float](repeating: 0, count: block * 2)
        samples = [Int16](repeating: 0, count: block * 2)
    }

    /// Plays `note` starting `seconds` from the beginning; calls must come in time order.
    public func play(_ note: Note, at seconds: Double) throws(AudioError) {
        let frame = max(framesRendered, Int((seconds * Double(sink.sampleRate)).rounded()))
        while frame - framesRendered >= block { try renderBlock() }
        synth.play(note, delayFrames: frame - framesRendered)
    }

    /// Renders until `seconds`, then until every voice has ended (at most `tail` seconds more).
    public func finish(at seconds: Double, tail: Double = 15) throws(AudioError) {
        let end = Int(seconds * Double(sink.sampleRate))
        while framesRendered < end { try renderBlock() }
        let limit = framesRendered + Int(tail * Double(sink.sampleRate))
        while synth.activeVoices > 0 && framesRendered < limit { try renderBlock() }
        try sink.close()
    }

    private func renderBlock() throws(AudioError) {
        floats.withUnsafeMutableBufferPointer { synth.render(into: $0.baseAddress!, frames: block) }
        floats.withUnsafeBufferPointer { source in
            samples.withUnsafeMutableBufferPointer { convertToInt16(source.baseAddress!, $0.baseAddress!, count: block * 2) }
        }
        try samples.withUnsafeBufferPointer { buffer throws(AudioError) in
            try sink.write(buffer.baseAddress!, count: block)
        }
        framesRendered += block
    }
}
