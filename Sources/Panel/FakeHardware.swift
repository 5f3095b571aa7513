#if canImport(Glibc)
import Glibc
#endif
import Platform

/// LEDs in memory, for tests: records every change (without bound, so not for a long run).
/// Safe to read from another thread than the panel's.
public final class FakeLEDs: LEDDriver, Sendable {
    public let leds: [LED]
    private let state = Locked(State())
    private let clock: any Clock

    struct State {
        var states: [LED: Bool] = [:]
        var history: [(led: LED, on: Bool, time: Double)] = []
        var failure: PanelError?
    }

    /// `clock` stamps each change (a test's fake clock).
    public init(leds: [LED] = LED.allCases, clock: any Clock = ManualClock()) {
        self.leds = leds
        self.clock = clock
    }

    public func set(_ led: LED, on: Bool) throws(PanelError) {
        let time = clock.now()
        let failure: PanelError? = state.withLock { state in
            if let failure = state.failure { return failure }
            guard leds.contains(led) else { return nil }
            state.states[led] = on
            state.history.append((led, on, time))
            return nil
        }
        if let failure { throw failure }
    }

    public var states: [LED: Bool] { state.withLock { $0.states } }

    /// Every change the panel made: which LED, lit or dark, and when.
    public var history: [(led: LED, on: Bool, time: Double)] { state.withLock { $0.history } }

    /// Makes `set` fail (a pulled wire, a driver error) while not nil.
    public func fail(with error: PanelError?) {
        state.withLock { $0.failure = error }
    }

    /// The lit intervals of `led`: (start, end) with end nil while still lit.
    public func flashes(of led: LED) -> [(start: Double, end: Double?)] {
        var result: [(start: Double, end: Double?)] = []
        for change in history where change.led == led {
            if change.on, result.last.map({ $0.end != nil }) ?? true {
                result.append((change.time, nil))
            } else if !change.on, let last = result.last, last.end == nil {
                result[result.count - 1].end = change.time
            }
        }
        return result
    }
}

/// Buttons in memory: a test queues edges, and they become readable through a pipe, so the
/// panel's poll loop wakes as it would for the kernel's event descriptor.
public final class FakeButtons: ButtonSource, Sendable {
    public let buttons: [Button]
    public let debouncedInKernel: Bool
    private let readEnd: Int32
    private let writeEnd: Int32
    private let state: Locked<State>

    struct State {
        var queued: [ButtonEdge] = []
        var levels: [Button: Bool] = [:]
        var failure: PanelError?
    }

    public init(buttons: [Button] = Button.allCases, debouncedInKernel: Bool = false, pressed: Set<Button> = []) {
        self.buttons = buttons
        self.debouncedInKernel = debouncedInKernel
        var ends: [Int32] = [-1, -1]
        pipe(&ends)
        readEnd = ends[0]
        writeEnd = ends[1]
        _ = fcntl(readEnd, F_SETFL, fcntl(readEnd, F_GETFL) | O_NONBLOCK)
        var levels: [Button: Bool] = [:]
        for button in pressed { levels[button] = true }
        state = Locked(State(levels: levels))
    }

    deinit {
        close(readEnd)
        close(writeEnd)
    }

    public var descriptors: [Int32] { [readEnd] }

    /// An edge, as the kernel would report it; any thread.
    public func edge(_ button: Button, pressed: Bool, at time: Double) {
        state.withLock { state in
            state.queued.append(ButtonEdge(button, pressed: pressed, at: time))
            state.levels[button] = pressed
        }
        var byte: UInt8 = 1
        _ = write(writeEnd, &byte, 1)
    }

    /// Makes `readEdges` fail (the chip gone) while not nil, and wakes the poll loop, as the
    /// kernel's hung-up descriptor would.
    public func fail(with error: PanelError?) {
        state.withLock { $0.failure = error }
        var byte: UInt8 = 1
        _ = write(writeEnd, &byte, 1)
    }

    /// The edges that happened by `now` (a test may queue later ones: they wait, as the kernel
    /// cannot report an edge before it happens).
    public func readEdges(ready: [Int32], now: Double) throws(PanelError) -> [ButtonEdge] {
        var drain = [UInt8](repeating: 0, count: 64)
        while read(readEnd, &drain, drain.count) > 0 {}
        let result: Result<[ButtonEdge], PanelError> = state.withLock { state in
            if let failure = state.failure { return .failure(failure) }
            let due = state.queued.filter { $0.time <= now }
            state.queued.removeAll { $0.time <= now }
            return .success(due)
        }
        return try result.get()
    }

    /// When the next queued edge happens, if one is queued.
    public var nextEdgeTime: Double? {
        state.withLock { $0.queued.map(\.time).min() }
    }

    public func isPressed(_ button: Button) throws(PanelError) -> Bool {
        state.withLock { $0.levels[button] ?? false }
    }
}
