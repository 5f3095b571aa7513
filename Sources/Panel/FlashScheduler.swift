/// One note LED: a flash per played note, its length by the edit's size. Under a burst the
/// flashes merge so that the LED blinks instead of staying lit: at most one flash waits (a new
/// one merges into it, keeping the longer length), a lit flash with another waiting is cut to
/// `burstFlash`, and the LED stays dark at least `gap` between two flashes. So a burst shows as
/// an even blink of about 7 Hz, and the light is never more than one flash behind. Pure.
public struct FlashScheduler: Equatable, Sendable {
    public let timing: PanelTiming
    public private(set) var isOn = false
    private var onSince = 0.0
    private var onUntil = 0.0
    private var offSince = -Double.infinity
    private var waiting: Double?
    /// Flashes folded into a waiting one (not shown on their own).
    public private(set) var merged = 0
    /// Flashes shown.
    public private(set) var shown = 0

    public init(timing: PanelTiming = .standard) {
        self.timing = timing
    }

    /// A note started at `now` and wants a flash of `duration` seconds.
    public mutating func flash(duration: Double, at now: Double) {
        advance(to: now)
        if !isOn && waiting == nil && now >= offSince + timing.gap {
            start(duration, at: now)
            return
        }
        if let waiting {
            self.waiting = max(waiting, duration)
            merged += 1
        } else {
            waiting = duration
        }
        if isOn {
            onUntil = min(onUntil, max(onSince + timing.burstFlash, now))
        }
    }

    /// When the LED changes next, if it will.
    public var nextChange: Double? {
        if isOn { return onUntil }
        if waiting != nil { return offSince + timing.gap }
        return nil
    }

    /// Moves to `now`. A late call still shows a waiting flash for its whole length: changes
    /// happen at `now`, never in the past.
    public mutating func advance(to now: Double) {
        if isOn && now >= onUntil {
            isOn = false
            offSince = now
        }
        if !isOn, let waiting, now >= offSince + timing.gap {
            self.waiting = nil
            start(waiting, at: now)
        }
    }

    /// Dark at once, nothing waiting (e.g. at exit).
    public mutating func clear(at now: Double) {
        if isOn { offSince = now }
        isOn = false
        waiting = nil
    }

    private mutating func start(_ duration: Double, at now: Double) {
        isOn = true
        shown += 1
        onSince = now
        onUntil = now + max(duration, timing.shortestFlash)
    }
}

/// How long a note's flash lasts: Listen to Wikipedia draws each edit as a circle of radius
/// max(5·√|Δ|, 3) px (its pitch saturates at radius 1000, |Δ| = 40 000 bytes); the LED's flash
/// grows linearly with that radius from `shortestFlash` to `longestFlash`.
public enum FlashLength {
    public static func radius(delta: Int) -> Double {
        max(5 * Double(delta.magnitude).squareRoot(), 3)
    }

    public static func duration(delta: Int, timing: PanelTiming = .standard) -> Double {
        let fraction = (min(radius(delta: delta), 1000) - 3) / (1000 - 3)
        return timing.shortestFlash + fraction * (timing.longestFlash - timing.shortestFlash)
    }
}
