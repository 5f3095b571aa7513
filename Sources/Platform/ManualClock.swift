/// A clock that moves only when told (`set`, `advance`): the tests' clock, and the soak's
/// virtual day. Any thread may read or move it.
public final class ManualClock: Clock {
    private let time: Locked<Double>

    public init(_ start: Double = 0) {
        time = Locked(start)
    }

    public func now() -> Double { time.withLock { $0 } }

    public func set(_ seconds: Double) {
        time.withLock { $0 = seconds }
    }

    public func advance(by seconds: Double) {
        time.withLock { $0 += seconds }
    }
}
