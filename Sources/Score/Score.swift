import EditStream

/// The tunable parts of the score; the defaults are the original's.
public struct ScoreSettings: Equatable, Sendable {
    public var noteGain: Float = 0.2
    /// 1.0 against notes at 0.2: a swell is ~14 dB louder than a note.
    public var swellGain: Float = 1.0
    public var throttleLimit = 15
    public var throttleWindow = 0.3
    /// New-account swells stay silent this long after start (the original: 20 s).
    public var newUserGrace = 20.0
    /// How far notes spread across the stereo field by pitch (0 = centre, 1 = hard left/right).
    public var panSpread: Float = 0.3
    /// Play clav notes below this MIDI note an octave higher. 0 (the default) keeps the original's
    /// low notes: the synthesised clav carries their energy in harmonics 5–17, which small
    /// speakers reproduce; `lowNote` for speakers that still lose them (config `raise_low_notes`).
    public var clavOctaveUpBelow = 0
    /// C2, 65 Hz: what `raise_low_notes` raises below.
    public static let lowNote = 36

    public init() {}
}

/// Edit → cue, by Listen to Wikipedia's rules. Pure: the caller supplies the time (seconds since
/// start, by arrival: events can be ~10 s old when they come), so replays score like live.
public struct Score: Sendable {
    public private(set) var settings: ScoreSettings
    private var throttle: Throttle

    public init(settings: ScoreSettings = ScoreSettings()) {
        self.settings = settings
        self.throttle = Throttle(limit: settings.throttleLimit, window: settings.throttleWindow)
    }

    /// A reload may change this one setting while the score runs (the throttle's may not).
    public mutating func raiseClavNotes(below midi: Int) { settings.clavOctaveUpBelow = midi }

    public mutating func cue(for edit: SoundingEdit, at time: Double) -> Cue {
        switch edit.kind {
        case .newuser:
            // Which swell: fixed by the account name, as the note is fixed by the title.
            let swell = Int(StableHash.of(edit.change.user ?? edit.change.title ?? "") % 3)
            return Cue(instrument: .swell, index: nil, midi: nil, swell: swell, gain: settings.swellGain, pan: 0,
                       dropped: time < settings.newUserGrace ? .startupGrace : nil)
        case .addition, .deletion:
            let instrument: Instrument = edit.kind == .addition ? .celesta : .clav
            let index = Pitch.index(delta: edit.delta ?? 0, title: edit.change.title ?? "")
            var midi = NoteTable.midi(index: index, base: instrument == .celesta ? NoteTable.celestaBase : NoteTable.clavBase)
            if instrument == .clav && midi < settings.clavOctaveUpBelow { midi += 12 }
            let pan = settings.panSpread * Float(index - 13) / 13
            let admitted = throttle.admit(at: time)
            return Cue(instrument: instrument, index: index, midi: midi, swell: nil, gain: settings.noteGain,
                       pan: pan, dropped: admitted ? nil : .throttle)
        }
    }
}
