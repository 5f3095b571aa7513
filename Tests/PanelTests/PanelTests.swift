import InMemoryLogging
import Logging
import Synchronization
import XCTest
@testable import Panel
import Platform

final class PanelTests: XCTestCase {
    let clock = ManualClock(100)
    let log = InMemoryLogHandler()
    lazy var leds = FakeLEDs(clock: clock)
    lazy var buttons = FakeButtons()

    private func makePanel(status: StatusPattern = .off) -> Panel {
        Panel(leds: leds, buttons: buttons, status: status, clock: clock,
              logger: Logger(label: "test") { [log] _ in log })
    }

    /// Runs the panel to `time` turn by turn, each turn at the next deadline, as `run` does;
    /// returns the events.
    @discardableResult
    private func run(_ panel: Panel, to time: Double) -> [PanelEvent] {
        var events = panel.step(ready: buttons.descriptors)
        while let next = [panel.nextDeadline, buttons.nextEdgeTime].compactMap({ $0 }).min(), next <= time {
            clock.set(max(clock.now(), next))
            events += panel.step(ready: buttons.descriptors)
        }
        clock.set(time)
        return events + panel.step(ready: buttons.descriptors)
    }

    private func actions(_ events: [PanelEvent]) -> [PanelAction] {
        events.compactMap { if case let .action(action) = $0 { action } else { nil } }
    }

    func testAllLEDsStartDark() {
        _ = makePanel()
        XCTAssertEqual(leds.states, [.additions: false, .deletions: false, .newUser: false, .status: false])
    }

    func testABouncyPressIsOnePress() {
        let panel = makePanel()
        for (index, offset) in [0.0, 0.001, 0.002, 0.004, 0.005].enumerated() {
            buttons.edge(.language, pressed: index % 2 == 0, at: 100.1 + offset)
        }
        clock.set(100.11)
        XCTAssertEqual(panel.step(ready: buttons.descriptors), [], "nothing before the level held 25 ms")
        let events = run(panel, to: 100.2)
        XCTAssertEqual(events, [.button(.language, pressed: true, at: 100.1 + 0.005), .gesture(.language, .press),
                                .action(.nextLanguage)])
        buttons.edge(.language, pressed: false, at: 100.3)
        buttons.edge(.language, pressed: true, at: 100.302)
        buttons.edge(.language, pressed: false, at: 100.303)
        XCTAssertEqual(run(panel, to: 100.5), [.button(.language, pressed: false, at: 100.303)])
    }

    func testAGlitchShorterThanTheWindowIsNothing() {
        let panel = makePanel()
        buttons.edge(.volumeUp, pressed: true, at: 100.1)
        buttons.edge(.volumeUp, pressed: false, at: 100.11)
        XCTAssertEqual(run(panel, to: 101), [])
    }

    func testVolumeButtons() {
        let panel = makePanel()
        buttons.edge(.volumeUp, pressed: true, at: 100.1)
        buttons.edge(.volumeUp, pressed: false, at: 100.2)
        XCTAssertEqual(actions(run(panel, to: 100.3)), [.volumeUp], "volume up acts on the press")
        buttons.edge(.volumeDown, pressed: true, at: 100.4)
        XCTAssertEqual(actions(run(panel, to: 100.6)), [], "volume down waits: it may become a long press")
        buttons.edge(.volumeDown, pressed: false, at: 100.7)
        XCTAssertEqual(actions(run(panel, to: 100.8)), [.volumeDown])
    }

    func testALongPressOfVolumeDownMutesWhileHeld() {
        let panel = makePanel()
        buttons.edge(.volumeDown, pressed: true, at: 100.1)
        XCTAssertEqual(actions(run(panel, to: 101.0)), [])
        let events = run(panel, to: 101.2)
        XCTAssertEqual(events, [.gesture(.volumeDown, .longPress), .action(.toggleMute)], "at 1 s, still held")
        buttons.edge(.volumeDown, pressed: false, at: 103)
        XCTAssertEqual(actions(run(panel, to: 103.5)), [], "no volume down after the long press")
    }

    func testAButtonHeldAtStartIsNotAPress() {
        buttons = FakeButtons(pressed: [.language])
        let panel = makePanel()
        XCTAssertEqual(run(panel, to: 102), [])
        buttons.edge(.language, pressed: false, at: 102.5)
        XCTAssertEqual(actions(run(panel, to: 103)), [], "its release is no press either")
    }

    func testTheKernelsDebounceIsTrusted() {
        buttons = FakeButtons(debouncedInKernel: true)
        let panel = makePanel()
        buttons.edge(.language, pressed: true, at: 100.05)
        clock.set(100.05)
        XCTAssertEqual(actions(panel.step(ready: buttons.descriptors)), [.nextLanguage], "no software wait")
    }

    func testNotesFlashTheirLEDForTheirSize() {
        let panel = makePanel()
        panel.note(.addition, delta: 40_000)
        clock.advance(by: 0.001)
        panel.note(.deletion, delta: 0)
        clock.advance(by: 0.001)
        panel.note(.newUser, delta: nil)
        run(panel, to: 102)
        let addition = leds.flashes(of: .additions), deletion = leds.flashes(of: .deletions)
        let newUser = leds.flashes(of: .newUser)
        XCTAssertEqual(addition.count, 1)
        XCTAssertEqual(addition[0].end! - addition[0].start, 0.4, accuracy: 1e-6)
        XCTAssertEqual(deletion[0].end! - deletion[0].start, 0.04, accuracy: 1e-6)
        XCTAssertEqual(newUser[0].end! - newUser[0].start, 0.5, accuracy: 1e-6)
    }

    func testABurstOfNotesBlinksAndEnds() {
        let panel = makePanel()
        for _ in 0..<30 {
            panel.note(.addition, delta: 5000)
            run(panel, to: clock.now() + 0.02)
        }
        run(panel, to: clock.now() + 2)
        let flashes = leds.flashes(of: .additions)
        XCTAssertGreaterThan(flashes.count, 3)
        XCTAssertLessThan(flashes.count, 30)
        XCTAssertEqual(panel.flashCounts(.additions).shown + panel.flashCounts(.additions).merged, 30)
        XCTAssertTrue(flashes.allSatisfy { $0.end != nil }, "dark at the end")
        XCTAssertFalse(leds.states[.additions]!)
    }

    func testDimmedFlashesAreAllShort() {
        let panel = makePanel()
        panel.setDimmed(true)
        panel.note(.addition, delta: 40_000)
        run(panel, to: 101)
        let flash = leds.flashes(of: .additions)[0]
        XCTAssertEqual(flash.end! - flash.start, 0.04, accuracy: 1e-6)
    }

    func testStatusPatternsDriveTheStatusLED() {
        let panel = makePanel(status: .connecting)
        run(panel, to: 102.01)
        XCTAssertEqual(leds.flashes(of: .status).count, 3, "connecting: once a second, lit first")
        panel.setStatus(.connected)
        let before = leds.flashes(of: .status).count
        run(panel, to: 107.02)
        let heartbeat = leds.flashes(of: .status).dropFirst(before)
        XCTAssertEqual(heartbeat.count, 4, "two double blips in 5 s")
        XCTAssertTrue(heartbeat.allSatisfy { ($0.end ?? 0) - $0.start < 0.07 })
    }

    func testATestPatternOverridesAndSwitchOffDarkensAll() {
        let panel = makePanel(status: .connecting)
        panel.setTestPattern([.deletions])
        run(panel, to: 100.1)
        XCTAssertEqual(leds.states, [.additions: false, .deletions: true, .newUser: false, .status: false])
        panel.setTestPattern(nil)
        run(panel, to: 100.2)
        XCTAssertEqual(leds.states[.deletions], false)
        XCTAssertEqual(leds.states[.status], true)
        panel.switchOff()
        XCTAssertEqual(Set(leds.states.values), [false])
    }

    /// Runs `panel.run` on a thread of its own for at most 5 s (then stops it): its end and events.
    private func runOnThread(_ panel: Panel, whileRunning: () -> Void = {}) -> (end: PanelEnd?, events: [PanelEvent]) {
        let result = Mutex<(end: PanelEnd?, events: [PanelEvent])>((nil, []))
        let thread = Thread {
            let end = panel.run { event in result.withLock { $0.events.append(event) } }
            result.withLock { $0.end = end }
        }
        thread.start()
        whileRunning()
        let deadline = Date().addingTimeInterval(5)
        while !thread.isFinished && Date() < deadline { usleep(5000) }
        if !thread.isFinished {
            panel.stop()
            while !thread.isFinished { usleep(5000) }
        }
        return result.withLock { $0 }
    }

    func testAnLEDThatFailsEndsRunWithTheReason() {
        let error = PanelError.call(function: "wc_gpio_lines_set", what: "switching LED status", errno: ENODEV)
        let panel = makePanel(status: .connecting)
        leds.fail(with: error)
        buttons.edge(.language, pressed: true, at: 100.01)
        let (end, events) = runOnThread(panel)
        XCTAssertEqual(end, .failed(error), "the status LED cannot be lit: run ends and says why")
        XCTAssertEqual(panel.failure, error)
        XCTAssertEqual(events, [], "no button read after the failure")
        XCTAssertTrue(log.entries.isEmpty, "the panel's owner says it, once: \(log.entries.map(\.message))")
    }

    func testButtonsThatFailEndRunWithTheReasonAndTheLEDsGoDark() {
        let error = PanelError.call(function: "wc_gpio_lines_read_events", what: "reading button edges on 'chip'", errno: ENODEV)
        let panel = makePanel(status: .connecting)
        let (end, _) = runOnThread(panel) {
            // Lit first (the connecting blink), then the source fails; a status LED never lit
            // within 5 s fails the test instead of hanging it.
            let deadline = Date().addingTimeInterval(5)
            while leds.states[.status] != true && Date() < deadline { usleep(1000) }
            guard leds.states[.status] == true else {
                XCTFail("the status LED was not lit within 5 s")
                return
            }
            buttons.fail(with: error)
        }
        XCTAssertEqual(end, .failed(error))
        XCTAssertEqual(Set(leds.states.values), [false], "the LEDs, still working, are dark after run")
    }

    func testAfterAFailureThePanelLeavesTheHardwareAlone() {
        let panel = makePanel(status: .connecting)
        leds.fail(with: .call(function: "wc_gpio_lines_set", what: "switching LED status", errno: ENODEV))
        run(panel, to: 100.2)
        leds.fail(with: nil)
        let changes = leds.history.count
        panel.note(.addition, delta: 100)
        buttons.edge(.volumeUp, pressed: true, at: 100.3)
        clock.set(101)
        XCTAssertEqual(panel.step(ready: buttons.descriptors), [], "buttons no longer read")
        clock.set(103)
        XCTAssertEqual(panel.step(ready: buttons.descriptors), [])
        XCTAssertEqual(leds.history.count, changes, "no LED set on a failed chip")
    }

    func testStopEndsRunAsStopped() {
        let panel = makePanel(status: .connecting)
        panel.stop()
        XCTAssertEqual(runOnThread(panel).end, .stopped)
        XCTAssertNil(panel.failure)
    }

    func testRunWaitsOnTheButtonsAndStops() throws {
        // The real loop with the real clock: a press from another thread comes out as an event.
        let buttons = FakeButtons()
        let leds = FakeLEDs()
        let panel = Panel(leds: leds, buttons: buttons, status: .connected, logger: Logger(label: "test") { [log] _ in log })
        let events = Mutex<[PanelEvent]>([])
        let end = Mutex<PanelEnd?>(nil)
        let thread = Thread {
            let result = panel.run { event in events.withLock { $0.append(event) } }
            end.withLock { $0 = result }
        }
        thread.start()
        let now = MonotonicClock.now()
        buttons.edge(.volumeUp, pressed: true, at: now)
        panel.note(.addition, delta: 10)
        let deadline = Date().addingTimeInterval(5)
        while events.withLock({ $0.count }) < 3 && Date() < deadline { usleep(5000) }
        panel.stop()
        while !thread.isFinished && Date() < deadline { usleep(5000) }
        XCTAssertTrue(thread.isFinished, "stop() ends run()")
        XCTAssertEqual(end.withLock { $0 }, .stopped)
        XCTAssertEqual(events.withLock { $0 }.last, .action(.volumeUp))
        XCTAssertEqual(Set(leds.states.values), [false], "dark after run")
        XCTAssertTrue(leds.history.contains { $0.led == .additions && $0.on })
    }
}
