import Panel

/// The soak's LEDs: counts each LED's switch-ons and remembers only the current states. The
/// panel's own `FakeLEDs` records every change for tests to inspect — a history that would grow
/// by a few entries a second for a day and show as the harness's growth, not the box's.
final class CountingLEDs: LEDDriver {
    let leds: [LED] = LED.allCases
    private var lit: [Bool] = [false, false, false, false]
    private(set) var switchOns: [Int] = [0, 0, 0, 0]

    func set(_ led: LED, on: Bool) throws(PanelError) {
        let index = Self.index(led)
        if on && !lit[index] { switchOns[index] += 1 }
        lit[index] = on
    }

    func switchOns(_ led: LED) -> Int { switchOns[Self.index(led)] }

    private static func index(_ led: LED) -> Int {
        switch led {
        case .additions: 0
        case .deletions: 1
        case .newUser: 2
        case .status: 3
        }
    }
}
