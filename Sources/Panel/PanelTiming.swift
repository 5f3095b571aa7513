/// Every duration the panel uses, in seconds. Tests shrink or stretch them; the box uses
/// `standard`.
public struct PanelTiming: Equatable, Sendable {
    /// A button level must hold this long to count (contacts bounce for a few milliseconds).
    public var debounce = 0.025
    /// Holding volume-down this long mutes.
    public var longPress = 1.0
    /// The shortest and longest note flash (the smallest and the largest edit).
    public var shortestFlash = 0.04
    public var longestFlash = 0.4
    /// A new account's flash (it plays a long swell).
    public var newUserFlash = 0.5
    /// Under a burst, a lit flash with another waiting is cut to this, and the LED stays dark at
    /// least `gap` between flashes: the burst shows as a blink, never as a light stuck on.
    public var burstFlash = 0.08
    public var gap = 0.06

    public init() {}

    public static let standard = PanelTiming()
}
