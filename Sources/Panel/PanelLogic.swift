/// The whole panel as a pure state machine: button levels and notes go in with their times,
/// button events come out, and the LED states at any time can be asked. No clock and no I/O:
/// `Panel` feeds it from the hardware, tests feed it by hand.
public struct PanelLogic: Sendable {
    public let timing: PanelTiming
    private var debouncers: [Button: Debouncer] = [:]
    private var presses: [Button: PressDetector] = [:]
    private var flashes: [LED: FlashScheduler] = [:]
    private var status: StatusBlinker
    /// Button events settled by `buttonLevel`, handed out by the next `advance`.
    private var settled: [PanelEvent] = []
    /// Quiet hours: note flashes are all the shortest (the LEDs look dimmer).
    public private(set) var dimmed = false
    /// A test pattern (`wikichime test-gpio`): exactly these LEDs lit, the panel's own logic
    /// hidden; nil in normal running.
    public private(set) var testPattern: Set<LED>?

    /// - Parameters:
    ///   - debouncedInKernel: the kernel already debounces (libgpiod v2): no software window.
    ///   - pressed: the buttons held down at start (they count as pressed, with no event).
    public init(timing: PanelTiming = .standard, debouncedInKernel: Bool = false, pressed: Set<Button> = [],
                status: StatusPattern = .connecting, at time: Double = 0) {
        self.timing = timing
        let window = debouncedInKernel ? 0 : timing.debounce
        for button in Button.allCases {
            debouncers[button] = Debouncer(window: window, level: pressed.contains(button), at: time)
            presses[button] = PressDetector(longPressAfter: button == .volumeDown ? timing.longPress : nil)
        }
        for led in [LED.additions, .deletions, .newUser] {
            flashes[led] = FlashScheduler(timing: timing)
        }
        self.status = StatusBlinker(pattern: status, at: time)
    }

    // MARK: Inputs

    /// A note was played at `time`: flash its LED, longer for bigger edits (`delta` in bytes;
    /// nil for a new account).
    public mutating func note(_ kind: NoteKind, delta: Int?, at time: Double) {
        let duration: Double
        if dimmed {
            duration = timing.shortestFlash
        } else if kind == .newUser {
            duration = timing.newUserFlash
        } else {
            duration = FlashLength.duration(delta: delta ?? 0, timing: timing)
        }
        flashes[kind.led]!.flash(duration: duration, at: time)
    }

    public mutating func setStatus(_ pattern: StatusPattern, at time: Double) {
        status.set(pattern, at: time)
    }

    public mutating func setDimmed(_ dimmed: Bool) {
        self.dimmed = dimmed
    }

    /// Shows exactly `leds` lit (empty: all dark), or the normal display again with nil.
    public mutating func setTestPattern(_ leds: Set<LED>?) {
        testPattern = leds
    }

    /// A button's level seen at `time` (an edge from the kernel, or a read). Levels must come
    /// in time order; what they settle (a press that held, a long press) is returned by the
    /// next `advance`.
    public mutating func buttonLevel(_ button: Button, pressed: Bool, at time: Double) {
        // Settle up to this edge first: when a late turn reads a press and its release together,
        // the press still counts if it held for the window.
        settled += settle(button, to: time)
        debouncers[button]!.sample(pressed, at: time)
    }

    // MARK: Time

    /// Moves everything to `now` and returns what happened to the buttons, in order.
    public mutating func advance(to now: Double) -> [PanelEvent] {
        var events = settled
        settled = []
        for button in Button.allCases {
            events += settle(button, to: now)
        }
        for led in flashes.keys {
            flashes[led]!.advance(to: now)
        }
        return events
    }

    /// A button's debounced change and gestures up to `time`.
    private mutating func settle(_ button: Button, to time: Double) -> [PanelEvent] {
        var events: [PanelEvent] = []
        // A long press that came due before the change (held, then released in one late batch).
        if let gesture = presses[button]!.advance(to: min(time, debouncers[button]!.deadline ?? time)) {
            events += Self.meaning(of: gesture, on: button)
        }
        if let change = debouncers[button]!.advance(to: time) {
            events.append(.button(button, pressed: change.level, at: change.since))
            let gesture = change.level
                ? presses[button]!.pressed(at: change.since)
                : presses[button]!.released(at: change.since)
            if let gesture { events += Self.meaning(of: gesture, on: button) }
        }
        if let gesture = presses[button]!.advance(to: time) {
            events += Self.meaning(of: gesture, on: button)
        }
        return events
    }

    /// Whether `led` is lit at `now` (after `advance(to: now)`).
    public func isOn(_ led: LED, at now: Double) -> Bool {
        if let testPattern { return testPattern.contains(led) }
        if led == .status { return status.isOn(at: now) }
        return flashes[led]!.isOn
    }

    /// The next time something changes on its own (a debounce, a long press, an LED), if any.
    public func nextDeadline(after now: Double) -> Double? {
        var times: [Double] = []
        times += debouncers.values.compactMap(\.deadline)
        times += presses.values.compactMap(\.deadline)
        times += flashes.values.compactMap(\.nextChange)
        if testPattern == nil, let change = status.nextChange(after: now) { times.append(change) }
        return times.min()
    }

    /// Flashes shown and flashes merged into others, per note LED (for tests and `status`).
    public func flashCounts(_ led: LED) -> (shown: Int, merged: Int) {
        guard let flash = flashes[led] else { return (0, 0) }
        return (flash.shown, flash.merged)
    }

    /// The gesture with what it means for the box.
    private static func meaning(of gesture: ButtonGesture, on button: Button) -> [PanelEvent] {
        let action: PanelAction = switch (button, gesture) {
        case (.language, _): .nextLanguage
        case (.volumeUp, _): .volumeUp
        case (.volumeDown, .press): .volumeDown
        case (.volumeDown, .longPress): .toggleMute
        }
        return [.gesture(button, gesture), .action(action)]
    }
}
