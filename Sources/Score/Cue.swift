/// The instruments of Listen to Wikipedia.
public enum Instrument: String, Sendable {
    case celesta   // additions: bells
    case clav      // deletions: plucked strings
    case swell     // new accounts: strings
}

/// What the score decided for one edit: which sound, at which note, how loud, and whether it
/// plays at all.
public struct Cue: Equatable, Sendable {
    public var instrument: Instrument
    /// Position in the 27-note table (0…26); nil for swells.
    public var index: Int?
    /// The MIDI note played; nil for swells (a chord).
    public var midi: Int?
    /// Which of the three swells (0, 1, 2); nil for notes.
    public var swell: Int?
    /// Linear gain before the master volume: 0.2 for notes, 1.0 for swells (as the original).
    public var gain: Float
    /// −1 left … +1 right.
    public var pan: Float
    /// Why it does not play, or nil when it plays.
    public var dropped: DropReason?

    public enum DropReason: String, Sendable {
        case throttle        // more than 15 note starts in 300 ms
        case startupGrace    // a new-account swell in the first 20 s after start
        case disabled        // new-account swells are switched off (welcome_new_users = no)
    }
}
