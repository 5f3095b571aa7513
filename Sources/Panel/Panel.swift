import Logging
import Platform

/// The panel: note flashes, the status LED and the buttons, on whatever `LEDDriver` and
/// `ButtonSource` it is given. Other threads tell it about notes and status (any thread, never
/// blocking); one thread runs it (`run`), or a test drives it turn by turn (`step`) with a fake
/// clock. The hardware is only touched by that one thread.
///
/// The first hardware failure (the buttons cannot be read, an LED cannot be set: usually the
/// chip went away) ends `run` with the reason; the panel touches the hardware no more, and its
/// owner decides what to do (`wikichime run` drops it and opens the chip again later).
public final class Panel: @unchecked Sendable {
    private let ledDriver: LEDDriver
    private let buttonSource: ButtonSource?
    private let clock: any Clock
    private let logger: Logger
    private let inbox = Locked(Inbox())
    private let wakePipe = WakePipe()
    // The panel thread's own state.
    private var logic: PanelLogic
    private var shown: [LED: Bool] = [:]
    /// The first hardware failure; from then on the hardware is left alone.
    public private(set) var failure: PanelError?

    private struct Inbox {
        var requests: [Request] = []
        var stopping = false
    }

    private enum Request {
        case note(NoteKind, delta: Int?)
        case status(StatusPattern)
        case dimmed(Bool)
        case testPattern(Set<LED>?)
    }

    /// Reads which buttons are held now (they count as pressed, without an event) and darkens
    /// every LED.
    public init(leds: LEDDriver, buttons: ButtonSource?, timing: PanelTiming = .standard,
                status: StatusPattern = .connecting, clock: any Clock = MonotonicClock(), logger: Logger) {
        ledDriver = leds
        buttonSource = buttons
        self.clock = clock
        self.logger = logger
        var held: Set<Button> = []
        for button in buttons?.buttons ?? [] where (try? buttons?.isPressed(button)) == true {
            held.insert(button)
        }
        logic = PanelLogic(timing: timing, debouncedInKernel: buttons?.debouncedInKernel ?? false, pressed: held,
                           status: status, at: clock.now())
        for led in leds.leds { show(led, false) }
    }

    // MARK: Any thread

    /// A note was played: flash its LED (`delta` in bytes, nil for a new account).
    public func note(_ kind: NoteKind, delta: Int?) {
        post(.note(kind, delta: delta))
    }

    public func setStatus(_ pattern: StatusPattern) {
        post(.status(pattern))
    }

    /// Quiet hours: every note flash is the shortest.
    public func setDimmed(_ dimmed: Bool) {
        post(.dimmed(dimmed))
    }

    /// Exactly these LEDs lit (`test-gpio`); nil returns to the normal display.
    public func setTestPattern(_ leds: Set<LED>?) {
        post(.testPattern(leds))
    }

    /// Ends `run` (which then darkens every LED).
    public func stop() {
        inbox.withLock { $0.stopping = true }
        wakePipe.wake()
    }

    private func post(_ request: Request) {
        inbox.withLock { $0.requests.append(request) }
        wakePipe.wake()
    }

    // MARK: The panel's thread

    /// Runs until `stop()` or the first hardware failure: waits for button edges, requests and
    /// LED deadlines, and hands each button event to `onEvent` (on this thread). Every LED it can
    /// still set is dark when it returns.
    public func run(onEvent: (PanelEvent) -> Void) -> PanelEnd {
        var ready: [Int32] = []
        while !inbox.withLock({ $0.stopping }) {
            for event in step(ready: ready) { onEvent(event) }
            // A dead chip would fail again on every turn (a hung-up descriptor polls readable):
            // end here and let the owner reopen it.
            if let failure {
                switchOff()
                return .failed(failure)
            }
            let timeout = nextDeadline.map { $0 - clock.now() }
            ready = Poll.wait([wakePipe.readEnd] + (buttonSource?.descriptors ?? []), timeout: timeout)
            if ready.contains(wakePipe.readEnd) { wakePipe.drain() }
        }
        switchOff()
        return .stopped
    }

    /// One turn at the clock's now: takes the requests, reads the edges waiting on `ready`,
    /// moves the logic on, and sets the LEDs that changed. Returns the button events.
    @discardableResult
    public func step(ready: [Int32] = []) -> [PanelEvent] {
        let requests = inbox.withLock { inbox in
            defer { inbox.requests.removeAll() }
            return inbox.requests
        }
        // Requests take effect now, when the LEDs can show them: a flash is seen for its whole length.
        let now = clock.now()
        for request in requests {
            switch request {
            case let .note(kind, delta): logic.note(kind, delta: delta, at: now)
            case let .status(pattern): logic.setStatus(pattern, at: now)
            case let .dimmed(dimmed): logic.setDimmed(dimmed)
            case let .testPattern(leds): logic.setTestPattern(leds)
            }
        }
        if let buttonSource, failure == nil {
            do {
                for edge in try buttonSource.readEdges(ready: ready, now: now) {
                    logic.buttonLevel(edge.button, pressed: edge.pressed, at: edge.time)
                }
            } catch {
                failure = error
            }
        }
        let events = logic.advance(to: now)
        // Darken before lighting: a test pattern moving from one LED to the next never shows two.
        let wanted = ledDriver.leds.map { ($0, logic.isOn($0, at: now)) }
        for (led, on) in wanted where !on { show(led, false) }
        for (led, on) in wanted where on { show(led, true) }
        return events
    }

    /// When the panel next needs a turn without any input.
    public var nextDeadline: Double? {
        logic.nextDeadline(after: clock.now())
    }

    /// Flashes shown and merged on a note LED so far.
    public func flashCounts(_ led: LED) -> (shown: Int, merged: Int) {
        logic.flashCounts(led)
    }

    /// Every LED dark (at exit; also after `run`, even after a failure: what can still be set is).
    public func switchOff() {
        for led in ledDriver.leds {
            do {
                try ledDriver.set(led, on: false)
                shown[led] = false
            } catch {
                failure = failure ?? error
            }
        }
    }

    private func show(_ led: LED, _ on: Bool) {
        guard failure == nil, shown[led] != on else { return }
        do {
            try ledDriver.set(led, on: on)
            shown[led] = on
        } catch {
            failure = error
        }
    }
}

/// Why `Panel.run` returned.
public enum PanelEnd: Equatable, Sendable {
    /// `stop()` was called.
    case stopped
    /// The hardware failed (the first error: a chip gone, a line that cannot be set or read).
    case failed(PanelError)
}
