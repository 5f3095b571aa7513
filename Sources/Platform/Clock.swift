#if canImport(Glibc)
import Glibc
#endif

/// Where a part gets the time, in seconds: `MonotonicClock` in the product, `ManualClock` in a
/// test (or the soak's virtual day), so that time moves only when the test says.
public protocol Clock: Sendable {
    func now() -> Double
}

/// Seconds on `CLOCK_MONOTONIC`: never jumps when NTP sets the wall clock at boot; also the
/// clock of the kernel's GPIO edge timestamps.
public struct MonotonicClock: Clock {
    public init() {}

    public func now() -> Double { Self.now() }

    /// The corresponding C function is `clock_gettime`.
    public static func now() -> Double { seconds(on: CLOCK_MONOTONIC) }
}

/// Seconds since the epoch on `CLOCK_REALTIME`, with their fraction: for times that people and
/// other programs read. It jumps when the time is set: measure durations with `MonotonicClock`.
public struct WallClock: Clock {
    public init() {}

    public func now() -> Double { Self.now() }

    /// The corresponding C function is `clock_gettime`.
    public static func now() -> Double { seconds(on: CLOCK_REALTIME) }
}

private func seconds(on clock: clockid_t) -> Double {
    var spec = timespec()
    clock_gettime(clock, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}
