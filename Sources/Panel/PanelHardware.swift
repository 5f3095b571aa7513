/// The LEDs as the panel sees them: lit or dark. Polarity is the driver's business.
/// Real: `GPIODLEDs`; for tests: `FakeLEDs`. A box without LEDs (`board = none`) runs no panel.
public protocol LEDDriver: AnyObject {
    /// The LEDs this board has; `set` ignores the others.
    var leds: [LED] { get }
    func set(_ led: LED, on: Bool) throws(PanelError)
}

/// A button's level seen at a time (seconds, CLOCK_MONOTONIC).
public struct ButtonEdge: Equatable, Sendable {
    public var button: Button
    public var pressed: Bool
    public var time: Double

    public init(_ button: Button, pressed: Bool, at time: Double) {
        self.button = button
        self.pressed = pressed
        self.time = time
    }
}

/// The buttons as the panel sees them: pressed or not, with edges to wait for.
/// Real: `GPIODButtons`; for tests: `FakeButtons`.
public protocol ButtonSource: AnyObject {
    var buttons: [Button] { get }
    /// Descriptors that become readable when edges wait (for poll).
    var descriptors: [Int32] { get }
    /// Whether the kernel debounces already (libgpiod v2), so the panel need not.
    var debouncedInKernel: Bool { get }
    /// Reads the edges waiting on `ready` (descriptors that poll found readable); never blocks.
    /// `now` is the caller's clock, for sources whose own times cannot be trusted.
    func readEdges(ready: [Int32], now: Double) throws(PanelError) -> [ButtonEdge]
    func isPressed(_ button: Button) throws(PanelError) -> Bool
}
