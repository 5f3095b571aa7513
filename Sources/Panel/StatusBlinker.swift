/// What the status LED shows.
public enum StatusPattern: String, Equatable, Sendable, CaseIterable {
    /// Connected and playing: a slow heartbeat, two short blips every 2.5 s.
    case connected
    /// Connecting, reconnecting or offline: an even blink, once a second.
    case connecting
    /// Muted by the button or by quiet hours: one short blip every 4 s (calm, for the night).
    case muted
    /// Dark.
    case off

    /// The pattern as (lit?, seconds) steps, repeated.
    public var steps: [(on: Bool, seconds: Double)] {
        switch self {
        case .connected: [(true, 0.06), (false, 0.14), (true, 0.06), (false, 2.24)]
        case .connecting: [(true, 0.5), (false, 0.5)]
        case .muted: [(true, 0.04), (false, 3.96)]
        case .off: [(false, 1)]
        }
    }

    /// The pattern for a box's state: a connection problem shows first, then muting.
    public static func of(connected: Bool, muted: Bool) -> StatusPattern {
        !connected ? .connecting : muted ? .muted : .connected
    }
}

/// The status LED: repeats its pattern from the moment it was set, so a change shows at once
/// (every pattern but `off` starts lit). Pure: the state at a time is computed, not stored.
public struct StatusBlinker: Equatable, Sendable {
    public private(set) var pattern: StatusPattern
    private var since: Double

    public init(pattern: StatusPattern = .connecting, at time: Double = 0) {
        self.pattern = pattern
        since = time
    }

    /// Switches pattern; setting the same pattern again keeps its rhythm.
    public mutating func set(_ pattern: StatusPattern, at time: Double) {
        guard pattern != self.pattern else { return }
        self.pattern = pattern
        since = time
    }

    public func isOn(at time: Double) -> Bool {
        step(at: time).on
    }

    /// When the LED changes after `time` (nil when it never does).
    public func nextChange(after time: Double) -> Double? {
        let steps = pattern.steps
        guard steps.contains(where: { $0.on }) else { return nil }
        let current = step(at: time)
        var end = current.end
        let now = current.on
        let index = current.index
        // Skip steps that keep the same state (none in the shipped patterns, but cheap).
        var next = (index + 1) % steps.count
        while steps[next].on == now {
            end += steps[next].seconds
            next = (next + 1) % steps.count
        }
        return end
    }

    /// The step in force at `time`: its index, whether it is lit, and when it ends.
    private func step(at time: Double) -> (index: Int, end: Double, on: Bool) {
        let steps = pattern.steps
        let period = steps.reduce(0) { $0 + $1.seconds }
        let elapsed = max(0, time - since)
        let cycles = (elapsed / period).rounded(.down)
        var end = since + cycles * period
        for (index, step) in steps.enumerated() {
            end += step.seconds
            if elapsed < end - since || index == steps.count - 1 { return (index, end, step.on) }
        }
        return (0, end, false)
    }
}
