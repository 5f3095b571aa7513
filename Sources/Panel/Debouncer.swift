/// Debounces one button: a new level counts once it has held for `window` seconds, so contact
/// bounce (a few milliseconds of chatter on every press and release) is never seen. Pure: it
/// takes the time of each sample and of each check, and does no I/O.
///
/// With a window of 0 (the kernel already debounces: libgpiod v2) every change counts at once.
public struct Debouncer: Equatable, Sendable {
    public let window: Double
    /// The level that counts.
    public private(set) var stable: Bool
    /// The level last seen on the line, and since when.
    private var raw: Bool
    private var rawSince: Double

    public init(window: Double, level: Bool, at time: Double = 0) {
        self.window = window
        stable = level
        raw = level
        rawSince = time
    }

    /// A level seen on the line at `time`: an edge event, or a read. Seeing the same level
    /// again does not restart the wait.
    public mutating func sample(_ level: Bool, at time: Double) {
        guard level != raw else { return }
        raw = level
        rawSince = time
    }

    /// When the waiting level will count, if one is waiting.
    public var deadline: Double? { raw != stable ? rawSince + window : nil }

    /// Lets the waiting level count if it has held for the window by `now`. Returns the new level
    /// and the time of the edge that started it, or nil when nothing changed.
    public mutating func advance(to now: Double) -> (level: Bool, since: Double)? {
        guard raw != stable, now >= rawSince + window else { return nil }
        stable = raw
        return (raw, rawSince)
    }
}
