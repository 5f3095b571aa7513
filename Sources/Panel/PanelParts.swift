/// The LEDs of the box. The raw values are the names used in board profiles.
public enum LED: String, CaseIterable, Sendable, Comparable {
    /// Flashes with each addition (a bell).
    case additions
    /// Flashes with each deletion (a pluck).
    case deletions
    /// Flashes when someone creates an account (a swell).
    case newUser = "newuser"
    /// Heartbeat, (re)connecting, muted.
    case status

    public static func < (a: LED, b: LED) -> Bool { a.order < b.order }
    private var order: Int { LED.allCases.firstIndex(of: self)! }
}

/// The buttons of the box. The raw values are the names used in board profiles.
public enum Button: String, CaseIterable, Sendable, Comparable {
    case language
    case volumeUp = "volume-up"
    /// A short press lowers the volume; a long press mutes (or unmutes).
    case volumeDown = "volume-down"

    public static func < (a: Button, b: Button) -> Bool { a.order < b.order }
    private var order: Int { Button.allCases.firstIndex(of: self)! }
}

/// What a button asks the box to do.
public enum PanelAction: String, Equatable, Sendable {
    case nextLanguage = "next language"
    case volumeUp = "volume up"
    case volumeDown = "volume down"
    case toggleMute = "toggle mute"
}

/// Which note LED an edit flashes.
public enum NoteKind: String, Equatable, Sendable {
    case addition, deletion, newUser = "newuser"

    public var led: LED {
        switch self {
        case .addition: .additions
        case .deletion: .deletions
        case .newUser: .newUser
        }
    }
}

/// What the panel reports: debounced button changes, gestures and the actions they mean.
public enum PanelEvent: Equatable, Sendable, CustomStringConvertible {
    /// A debounced change: pressed (true) or released, at the time of the edge.
    case button(Button, pressed: Bool, at: Double)
    /// A gesture of a button: a press, or a long press (held past `PanelTiming.longPress`).
    case gesture(Button, ButtonGesture)
    case action(PanelAction)

    public var description: String {
        switch self {
        case let .button(button, pressed, _): "button \(button.rawValue) \(pressed ? "pressed" : "released")"
        case let .gesture(button, gesture): "button \(button.rawValue) \(gesture.rawValue)"
        case let .action(action): "action \(action.rawValue)"
        }
    }
}
