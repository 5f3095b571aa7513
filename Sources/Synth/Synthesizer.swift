/// The instruments, the voice pool and the master bus: notes in, interleaved stereo Float out.
///
/// Pure and deterministic: no clock, no I/O, no randomness it is not handed (each note's
/// "random" phases come from a generator seeded by the note), so the same `play` and `render`
/// calls give bit-identical output — however the rendering is cut into `render` calls, because
/// notes start (and steal) at their exact frame inside `render`.
///
/// **Not thread-safe.** One thread (the audio thread) owns it and makes every call; other
/// threads hand notes to that thread through their own queue. `play` and `render` never
/// allocate: the voices, the note queue and the scratch buffers are all made in `init`.
///
/// Per frame: voices (each: partials × envelope × steal fade × pan gains) summed → master
/// volume (ramped) → peak limiter (−1 dBFS) → clamp to ±1 → interleaved L R.
public final class Synthesizer {
    public let sampleRate: Double
    /// Voices that may sound at once (besides stolen ones fading out).
    public let maxVoices: Int
    /// Total voices stolen so far: cut short, with a fade, to make room for a new note.
    public private(set) var stolenVoices = 0
    /// How long a bell or pluck may ring, in seconds; it fades out over its last `noteRelease`.
    /// nil (the default) lets notes decay to −80 dB, which takes ~30 s for the lowest bells; the
    /// box uses the original's ~4.4 s samples' length, so that a busy wiki does not pile up voices.
    public var noteLifetime: Double?
    public var noteRelease = 0.4

    /// A stolen voice fades out over 8 ms: short enough to free the voice at once, long enough
    /// that the fade adds at most gain / 384 between two samples (at 48 kHz): no click.
    static let stealFadeSeconds = 0.008
    static let blockFrames = 256
    /// Notes that may wait for their start frame at once; more are dropped.
    static let queueCapacity = 1024

    private let voices: [Voice]
    private let stealFadeFrames: Int
    private var queue = NoteQueue(capacity: Synthesizer.queueCapacity)
    private var clock = 0                 // frames rendered so far
    private var nextSerial: UInt64 = 0
    private var ramp: VolumeRamp
    private var limiter: Limiter
    private let left: UnsafeMutablePointer<Float>
    private let right: UnsafeMutablePointer<Float>
    private let mono: UnsafeMutablePointer<Float>
    private let sums: UnsafeMutablePointer<Float>

    /// - Parameters:
    ///   - sampleRate: frames per second (48 000 normally; every tuning is computed from it).
    ///   - maxVoices: polyphony; when a note starts with all of them busy, the oldest is stolen.
    public init(sampleRate: Double, maxVoices: Int = 48) {
        precondition(sampleRate >= 8000 && sampleRate <= 768_000, "sample rate \(sampleRate) out of range")
        precondition(maxVoices >= 1, "maxVoices must be at least 1")
        self.sampleRate = sampleRate
        self.maxVoices = maxVoices
        // As many spare voices again, for stolen ones to fade out in while the new notes sound.
        voices = (0..<(2 * maxVoices)).map { _ in Voice() }
        stealFadeFrames = max(1, Int(Self.stealFadeSeconds * sampleRate))
        ramp = VolumeRamp(position: 0.5, sampleRate: sampleRate)
        limiter = Limiter(sampleRate: sampleRate)
        left = .allocate(capacity: Self.blockFrames)
        right = .allocate(capacity: Self.blockFrames)
        mono = .allocate(capacity: Self.blockFrames)
        sums = .allocate(capacity: 4 * Self.blockFrames)
    }

    deinit {
        left.deallocate()
        right.deallocate()
        mono.deallocate()
        sums.deallocate()
    }

    /// Master volume 0…1, a position on a cubic curve (gain = volume³: 0.5 → −18 dB, 0 → silence;
    /// see `masterGain(forVolume:)`). A change ramps over 50 ms, never jumps. Values outside 0…1
    /// are clamped; NaN is ignored. Default 0.5. Before the first `render` nothing has sounded,
    /// so a change takes effect at once.
    public var volume: Double {
        get { ramp.position }
        set {
            if clock > 0 {
                ramp.set(position: newValue)
            } else if !newValue.isNaN {
                ramp = VolumeRamp(position: newValue, sampleRate: sampleRate)
            }
        }
    }

    /// The linear gain of a `volume` position: volume³, the curve of alsamixer's mapped volume.
    public static func masterGain(forVolume volume: Double) -> Double { VolumeRamp.gain(position: volume) }

    /// Voices sounding now (not counting stolen ones fading out, nor notes waiting to start).
    public var activeVoices: Int {
        var n = 0
        for v in voices where v.state == .playing { n += 1 }
        return n
    }

    /// Starts `note` `delayFrames` frames into the next `render` call (sample-accurate start); a
    /// delay past the end of that call carries over into the following ones. If `maxVoices`
    /// voices are sounding at that frame, the oldest is stolen: it fades out over 8 ms.
    /// Ignored: a note that cannot sound (non-finite values, gain ≤ 0, a pitch too high for the
    /// sample rate), and a note beyond 1024 waiting to start.
    public func play(_ note: Note, delayFrames: Int = 0) {
        guard note.midi.isFinite, note.midi > -100, note.midi < 300,
              note.gain.isFinite, note.gain > 0, note.pan.isFinite else { return }
        if case .swell = note.voicing {} else {
            guard Math.frequency(midi: note.midi) < 0.45 * sampleRate else { return }
        }
        _ = queue.insert(note, at: clock + max(0, min(delayFrames, Int.max / 2 - clock)))
    }

    /// Starts a note now, stealing the oldest voice when all are busy (the oldest note, if any:
    /// a swell is only stolen when every voice is a swell).
    private func start(_ note: Note) {
        var live = 0
        var oldest: Voice?
        var oldestNote: Voice?
        for v in voices where v.state == .playing {
            live += 1
            if oldest.map({ v.serial < $0.serial }) ?? true { oldest = v }
            if !v.isSwell, oldestNote.map({ v.serial < $0.serial }) ?? true { oldestNote = v }
        }
        if live >= maxVoices, let oldest = oldestNote ?? oldest {
            oldest.steal(fadeFrames: stealFadeFrames)
            stolenVoices += 1
        }
        guard let slot = freeVoice() else { return }
        nextSerial += 1
        _ = slot.start(note, serial: nextSerial, sampleRate: sampleRate,
                       lifetimeFrames: noteLifetime.map { max(1, Int($0 * sampleRate)) },
                       releaseFrames: Int(noteRelease * sampleRate))
    }

    /// An idle voice; failing that (more steals within 8 ms than there are spare voices), the
    /// fading voice closest to silence, cut short.
    private func freeVoice() -> Voice? {
        var best: Voice?
        for v in voices {
            if v.state == .idle { return v }
            if v.state == .fading, best.map({ v.framesLeft < $0.framesLeft }) ?? true { best = v }
        }
        best?.stop()
        return best
    }

    /// Renders `frames` stereo frames, interleaved L R, into `buffer` (which must hold at least
    /// 2 · frames floats), overwriting it. Every sample is within [−1, 1].
    public func render(into buffer: UnsafeMutablePointer<Float>, frames: Int) {
        var done = 0
        while done < frames {
            while let note = queue.popDue(at: clock) { start(note) }
            // Render up to the next note's frame at most, so that it starts exactly there.
            var n = min(Self.blockFrames, frames - done)
            if let next = queue.nextFrame { n = min(n, next - clock) }
            renderBlock(into: buffer + 2 &* done, frames: n)
            done += n
            clock += n
        }
    }

    private func renderBlock(into out: UnsafeMutablePointer<Float>, frames n: Int) {
        left.update(repeating: 0, count: n)
        right.update(repeating: 0, count: n)
        for v in voices where v.state != .idle {
            v.render(left: left, right: right, frames: n, sums: sums, mono: mono)
        }
        var i = 0
        while i < n {
            let gain = ramp.next()
            var l = left[i] * gain
            var r = right[i] * gain
            limiter.process(&l, &r)
            out[2 &* i] = min(1, max(-1, l))
            out[2 &* i &+ 1] = min(1, max(-1, r))
            i += 1
        }
    }
}
