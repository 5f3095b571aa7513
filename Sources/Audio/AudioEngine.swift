#if canImport(Glibc)
import Glibc
#endif
import Logging
import Platform
import Synchronization
import Synth

/// How the audio thread plays.
public struct AudioEngineSettings: Sendable {
    public var maxVoices = 48
    /// Notes ring as long as the original's samples (~4.4 s), then fade.
    public var noteLifetime: Double? = 4.4
    /// Rendering granularity: a note waits at most this long before its first sample is written.
    public var blockSeconds = 0.005
    /// Notes waiting for the audio thread; beyond this they are dropped (the stream never waits).
    public var queueCapacity = 256
    /// Reopening a missing or failed device: first retry after this, doubling up to `reopenMaximum`.
    public var reopenInitial = 1.0
    public var reopenMaximum = 30.0

    public init() {}
}

/// What the audio part has done; read from any thread.
public struct AudioStatistics: Equatable, Sendable {
    public var playing = false          // a device is open
    public var device = ""
    public var sampleRate = 0
    public var notesPlayed = 0
    public var notesDropped = 0         // queue full, or no device
    public var underruns = 0
    public var reopens = 0
    public var lastError: String?
    /// Seconds from `play` to the note's first sample being written, worst and latest.
    public var maxQueueLatency = 0.0
    public var lastQueueLatency = 0.0
    /// The device buffer, in seconds: what the listener waits after a write.
    public var deviceLatency = 0.0
    /// Monotonic time of the audio loop's last turn (a heartbeat for the supervisor); nil before it starts.
    public var heartbeat: Double?

    public init() {}
}

/// The audio thread: takes notes from a bounded queue, renders them with the synthesiser and writes
/// them to the sink, keeping the device open and writing silence between notes. The stream thread
/// never blocks on audio: `play` only appends to the queue. A device that is missing, busy or
/// unplugged is reopened with backoff while the rest of the box goes on; the state change is
/// logged once.
public final class AudioEngine: @unchecked Sendable {
    public typealias SinkFactory = @Sendable () throws(AudioError) -> AudioSink

    private let settings: AudioEngineSettings
    private let openSink: SinkFactory
    private let logger: Logger
    private let queue: Locked<[(note: Note, delay: Double, queuedAt: Double)]>
    private let volume: Locked<Double>
    private let stats = Locked(AudioStatistics())
    private let stopped = Atomic<Bool>(false)
    private var thread: pthread_t?

    public init(settings: AudioEngineSettings = AudioEngineSettings(), volume: Double = 0.5, logger: Logger,
                openSink: @escaping SinkFactory) {
        self.settings = settings
        self.openSink = openSink
        self.logger = logger
        self.volume = Locked(volume)
        self.queue = Locked([])
    }

    public var statistics: AudioStatistics { stats.withLock { $0 } }

    public func start() {
        precondition(thread == nil, "started twice")
        thread = spawnThread { [self] in loop() }
    }

    /// Ends the audio thread after the device has played what it holds.
    public func stop() {
        stopped.store(true, ordering: .sequentiallyConsistent)
        if let thread { joinThread(thread) }
        thread = nil
    }

    /// Queues a note for the next block, to start `delay` seconds into it (earcons: a few notes
    /// in a row). Returns false (and counts it) when the queue is full.
    @discardableResult
    public func play(_ note: Note, delay: Double = 0) -> Bool {
        let now = MonotonicClock.now()
        let accepted = queue.withLock { pending -> Bool in
            guard pending.count < settings.queueCapacity else { return false }
            pending.append((note, max(0, delay), now))
            return true
        }
        if !accepted { stats.withLock { $0.notesDropped += 1 } }
        return accepted
    }

    /// Master volume 0…1 (a position on the synthesiser's perceptual curve); it ramps.
    public func setVolume(_ value: Double) {
        volume.withLock { $0 = min(1, max(0, value)) }
    }

    // MARK: The audio thread

    private var isStopped: Bool { stopped.load(ordering: .sequentiallyConsistent) }

    private func loop() {
        var reopenDelay = settings.reopenInitial
        var nextOpenAt = 0.0
        var lastFailure: AudioError?
        while !isStopped {
            let now = MonotonicClock.now()
            stats.withLock { $0.heartbeat = now }
            guard now >= nextOpenAt else {
                discardQueuedNotes()
                sleepSeconds(min(0.05, nextOpenAt - now))
                continue
            }
            let sink: AudioSink
            do {
                sink = try openSink()
            } catch {
                if error.kind != lastFailure?.kind {
                    logger.warning("\(error); retrying every \(Int(settings.reopenMaximum)) s at most, the rest of the box goes on")
                }
                lastFailure = error
                stats.withLock { $0.lastError = error.description }
                nextOpenAt = now + reopenDelay
                reopenDelay = min(settings.reopenMaximum, reopenDelay * 2)
                continue
            }
            reopenDelay = settings.reopenInitial
            if lastFailure != nil { logger.notice("sound device '\(sinkName(sink))' is back") }
            lastFailure = nil
            if let failure = play(on: sink) {
                lastFailure = failure
                nextOpenAt = MonotonicClock.now() + reopenDelay
            }
        }
    }

    /// Plays until stopped (nil) or until the sink fails (the error).
    private func play(on sink: AudioSink) -> AudioError? {
        let synth = Synthesizer(sampleRate: Double(sink.sampleRate), maxVoices: settings.maxVoices)
        synth.noteLifetime = settings.noteLifetime
        synth.volume = volume.withLock { $0 }
        let block = max(32, min(sink.framesPerWrite, Int(Double(sink.sampleRate) * settings.blockSeconds)))
        var floats = [Float](repeating: 0, count: block * 2)
        var samples = [Int16](repeating: 0, count: block * 2)
        var batch: [(note: Note, delay: Double, queuedAt: Double)] = []
        let underrunsBefore = statistics.underruns
        stats.withLock {
            $0.playing = true
            $0.device = sinkName(sink)
            $0.sampleRate = sink.sampleRate
        }
        defer { stats.withLock { $0.playing = false } }
        logger.info("playing on '\(sinkName(sink))' at \(sink.sampleRate) Hz")
        var pacer = Pacer(sampleRate: sink.sampleRate)
        while !isStopped {
            batch.removeAll(keepingCapacity: true)
            queue.withLock { pending in
                batch.append(contentsOf: pending)
                pending.removeAll(keepingCapacity: true)
            }
            for item in batch { synth.play(item.note, delayFrames: Int(item.delay * Double(sink.sampleRate))) }
            synth.volume = volume.withLock { $0 }
            floats.withUnsafeMutableBufferPointer { synth.render(into: $0.baseAddress!, frames: block) }
            floats.withUnsafeBufferPointer { source in
                samples.withUnsafeMutableBufferPointer { convertToInt16(source.baseAddress!, $0.baseAddress!, count: block * 2) }
            }
            do {
                try samples.withUnsafeBufferPointer { buffer throws(AudioError) in
                    try sink.write(buffer.baseAddress!, count: block)
                }
            } catch {
                try? sink.close()
                // Said and recorded before `playing` turns false: whoever sees the device gone sees why.
                logger.warning("\(error); reopening it")
                stats.withLock { $0.lastError = error.description; $0.reopens += 1 }
                return error
            }
            let now = MonotonicClock.now()
            stats.withLock { s in
                s.heartbeat = now
                s.notesPlayed += batch.count
                s.underruns = underrunsBefore + sink.underruns
                s.deviceLatency = Double(sink.pendingFrames) / Double(sink.sampleRate)
                for item in batch {
                    s.lastQueueLatency = now - item.queuedAt
                    s.maxQueueLatency = max(s.maxQueueLatency, s.lastQueueLatency)
                }
            }
            pacer.wrote(block, at: now)
        }
        do { try sink.close() } catch { logger.warning("\(error)") }
        return nil
    }

    private func discardQueuedNotes() {
        let discarded = queue.withLock { pending -> Int in
            defer { pending.removeAll(keepingCapacity: true) }
            return pending.count
        }
        if discarded > 0 { stats.withLock { $0.notesDropped += discarded } }
    }

    private func sinkName(_ sink: AudioSink) -> String {
        (sink as? ALSASink)?.device ?? (sink as? WAVFileSink)?.path ?? "null"
    }
}

/// Keeps a sink that does not block (ALSA's null plugin, the null sink) to real time, at most
/// 20 ms ahead, so that a note waits no longer than it would for a card: a real card blocks in
/// `write` (its buffer full) and never gets ahead, so for it this does nothing.
struct Pacer {
    let sampleRate: Int
    private var start: Double?
    private var frames = 0

    init(sampleRate: Int) {
        self.sampleRate = sampleRate
    }

    mutating func wrote(_ count: Int, at now: Double) {
        if start == nil { start = now }
        frames += count
        let ahead = Double(frames) / Double(sampleRate) - (now - start!)
        if ahead > 0.02 {
            sleepSeconds(ahead - 0.015)
        } else if ahead < -0.5 {
            // Far behind (a stalled device): start counting again rather than rushing to catch up.
            start = now
            frames = 0
        }
    }
}
