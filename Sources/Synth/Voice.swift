/// One sounding note: an instrument's partials, its envelope, its place in the stereo mix and,
/// when stolen, its fade-out. The synthesiser owns a fixed pool of these and reuses them, so
/// starting a note allocates nothing. Bell, pluck and swell differ only in how `start` fills
/// the partials and the envelope, so the render loop has no per-instrument dispatch at all.
final class Voice {
    enum State {
        case idle
        /// Sounding.
        case playing
        /// Stolen: fading out, then idle.
        case fading
    }

    /// Enough partials for the largest instrument, a swell: 3 notes × (8 + 7 + 7) harmonics.
    static let partialCapacity = 72

    let bank = PartialBank(capacity: Voice.partialCapacity)
    private(set) var state = State.idle
    /// Order of starts: the smallest is the oldest voice.
    private(set) var serial: UInt64 = 0
    /// True once it has rendered a frame (a voice stolen in the frame it starts is dropped silently).
    private(set) var hasStarted = false
    private(set) var framesLeft = 0
    private var envelope = Envelope(.attack(frames: 0), sampleRate: 1)
    private var gainLeft: Float = 0
    private var gainRight: Float = 0
    private var fadeGain: Float = 1
    private var fadeStep: Float = 0
    /// A voice cut to a lifetime fades out over its last this-many frames (0: it decays fully).
    private var releaseFrames = 0
    /// Swells are kept when voices are stolen: they are rare, loud and long.
    private(set) var isSwell = false

    /// Sets up `note` in this voice; false (and idle) when the note cannot sound.
    /// - Parameter lifetimeFrames: for bells and plucks, end the voice after this many frames
    ///   with a fade of `releaseFrames` (nil: let it decay to −80 dB).
    func start(_ note: Note, serial: UInt64, sampleRate: Double, lifetimeFrames: Int? = nil, releaseFrames: Int = 0) -> Bool {
        let setup: VoiceSetup?
        switch note.voicing {
        case .bell: setup = Bell.setUp(bank, midi: note.midi, sampleRate: sampleRate)
        case .pluck: setup = Pluck.setUp(bank, midi: note.midi, sampleRate: sampleRate)
        case .swell(let index): setup = Swell.setUp(bank, index: index, sampleRate: sampleRate)
        }
        guard let setup, setup.frames > 0 else {
            state = .idle
            return false
        }
        // Equal-power pan: the angle runs over a quarter circle, so left² + right² = gain².
        let angle = Double(min(1, max(-1, note.pan)) + 1) * Double.pi / 4
        gainLeft = note.gain * Float(Math.cosine(angle))
        gainRight = note.gain * Float(Math.sine(angle))
        envelope = setup.envelope
        framesLeft = setup.frames
        isSwell = false
        self.releaseFrames = 0
        if case .swell = note.voicing {
            isSwell = true
        } else if let lifetimeFrames, lifetimeFrames < framesLeft {
            framesLeft = lifetimeFrames
            self.releaseFrames = min(releaseFrames, lifetimeFrames)
        }
        self.serial = serial
        hasStarted = false
        fadeGain = 1
        fadeStep = 0
        state = .playing
        return true
    }

    /// Fades the voice out linearly over `frames` (the linear fade's slope is what bounds the
    /// step it can add between two samples: gain / frames), then frees it.
    func steal(fadeFrames frames: Int) {
        guard state == .playing else { return }
        guard hasStarted, frames > 0 else { stop(); return }
        state = .fading
        fadeStep = 1 / Float(frames)
        framesLeft = min(framesLeft, frames)
    }

    /// Frees the voice at once: when it has ended or faded out, when it is stolen before
    /// rendering a frame, or (as a last resort, see `Synthesizer`) to cut a fading voice short.
    func stop() {
        state = .idle
        framesLeft = 0
    }

    /// Adds the next `frames` frames of this voice into `left` and `right` (fewer if it ends).
    /// `sums` (4 · frames floats) and `mono` (frames floats) are scratch space.
    func render(left l: UnsafeMutablePointer<Float>, right r: UnsafeMutablePointer<Float>, frames: Int,
                sums: UnsafeMutablePointer<Float>, mono: UnsafeMutablePointer<Float>) {
        guard state != .idle else { return }
        if state == .playing && releaseFrames > 0 && framesLeft <= releaseFrames && hasStarted {
            // The end of the note's lifetime: a linear fade to silence over what is left.
            state = .fading
            fadeStep = 1 / Float(framesLeft)
        }
        let count = min(frames, framesLeft)
        hasStarted = true

        bank.render(into: sums, frames: count)
        var i = 0
        while i < count {
            let s = sums + 4 &* i
            mono[i] = (s[0] + s[1]) + (s[2] + s[3])
            i += 1
        }
        if !envelope.isUnity { envelope.apply(to: mono, count: count) }

        let gl = gainLeft
        let gr = gainRight
        i = 0
        if state == .fading {
            var fade = fadeGain
            let step = fadeStep
            while i < count {
                fade = max(0, fade - step)
                let v = mono[i] * fade
                l[i] += v * gl
                r[i] += v * gr
                i += 1
            }
            fadeGain = fade
        } else {
            while i < count {
                l[i] += mono[i] * gl
                r[i] += mono[i] * gr
                i += 1
            }
        }
        framesLeft -= count
        if framesLeft == 0 { stop() }
    }
}
