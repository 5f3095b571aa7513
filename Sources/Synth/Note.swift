/// Which instrument plays a note.
public enum Voicing: Sendable, Equatable {
    /// A celesta-like bell: Listen to Wikipedia's sound for an addition.
    case bell
    /// A plucked, clavinet-like string: the sound for a deletion.
    case pluck
    /// A slow string swell, one of three fixed chords (0, 1, 2): the sound for a new account.
    /// Other numbers wrap around (modulo 3).
    case swell(Int)
}

/// One sound to start. A value: the synthesiser copies what it needs when it is played.
public struct Note: Sendable, Equatable {
    public var voicing: Voicing
    /// MIDI note number (69 = A4 = 440 Hz); fractional values are allowed.
    /// For `.swell` it is ignored: each swell is a fixed chord, as the original's three sound files.
    public var midi: Double
    /// Linear gain before the master volume (the original's levels: 0.2 for notes, 1.0 for swells).
    /// At gain 1 each instrument peaks near full scale.
    public var gain: Float
    /// Stereo position, −1 (left) … +1 (right), equal-power: at 0 each side gets −3 dB.
    public var pan: Float

    public init(voicing: Voicing, midi: Double, gain: Float, pan: Float = 0) {
        self.voicing = voicing
        self.midi = midi
        self.gain = gain
        self.pan = pan
    }
}
