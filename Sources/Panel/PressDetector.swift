/// What a person did with a button.
public enum ButtonGesture: String, Equatable, Sendable {
    /// A press (for a button with a long press: one released before it became long).
    case press
    /// Held past the long-press time; reported while still held, once.
    case longPress = "long press"
}

/// Turns a button's debounced presses and releases into gestures. Without a long press, a
/// press counts at once (no waiting for the release); with one, a short press counts at its
/// release and a long press as soon as the button has been held long enough. Pure.
public struct PressDetector: Equatable, Sendable {
    /// Seconds after which a press is long, or nil when the button has no long press.
    public let longPressAfter: Double?
    private var pressedAt: Double?
    private var longReported = false

    public init(longPressAfter: Double?) {
        self.longPressAfter = longPressAfter
    }

    public mutating func pressed(at time: Double) -> ButtonGesture? {
        pressedAt = time
        longReported = false
        return longPressAfter == nil ? .press : nil
    }

    public mutating func released(at time: Double) -> ButtonGesture? {
        defer { pressedAt = nil }
        guard let pressedAt, let longPressAfter, !longReported else { return nil }
        // Held long enough even if nobody looked at the deadline in between.
        return time >= pressedAt + longPressAfter ? .longPress : .press
    }

    /// When a held button becomes a long press, if one is coming.
    public var deadline: Double? {
        guard let pressedAt, let longPressAfter, !longReported else { return nil }
        return pressedAt + longPressAfter
    }

    public mutating func advance(to now: Double) -> ButtonGesture? {
        guard let deadline, now >= deadline else { return nil }
        longReported = true
        return .longPress
    }
}
