#if canImport(Glibc)
import Glibc
#endif
import Arguments
import Logging
import Panel
import Platform

struct TestGPIO {
    static let spec = CommandSpec(
        name: "test-gpio",
        abstract: "Light each LED in turn and print the button presses, to check the wiring.",
        discussion: """
            Opens the board's GPIO chip, lights each LED in turn (additions, deletions, newuser, \
            status) and prints every button event until Ctrl-C; all LEDs are dark when it ends. \
            With --script FILE it drives the LEDs as the player would instead: each line of the file \
            is a time in seconds and a command (addition DELTA, deletion DELTA, newuser, status \
            connected|connecting|muted|off, dim on|off, leds LIST|none|normal, end). Stop the service first \
            (sudo systemctl stop wikichime): it holds the lines. Exits with status 1 when the chip \
            or a line cannot be had, saying which and why.

            Examples:
              wikichime test-gpio
              wikichime test-gpio --board rpi5 --cycles 2
              wikichime test-gpio --board rpi4 --chip-label gpio-sim-bank0 --script panel.script
            """,
        options: [
            .option("board", value: "profile", help:
                "The board profile: auto (detect from the device tree), a profile name (rpi4), or a profile file's path.",
                default: "auto"),
            .option("boards-dir", value: "dir", help:
                "Where profiles are (default: \(BoardCatalog.installedDirectory), then ./Board/boards)."),
            .option("chip-label", value: "label", help: "Use the chip with this label instead of the profile's."),
            .option("step", value: "seconds", help: "How long each LED stays lit, in seconds.", default: "0.5"),
            .option("cycles", value: "n", help: "Stop after lighting every LED this many times (default: until Ctrl-C)."),
            .option("seconds", value: "seconds", help: "Stop after this many seconds."),
            .option("script", value: "file", help: "Drive the LEDs from a timed script instead of lighting each in turn."),
        ],
        action: { try TestGPIO($0).run() })

    let board: String
    let boardsDirectory: String?
    let chipLabel: String?
    let step: Double
    let cycles: Int?
    let seconds: Double?
    let script: String?

    init(_ arguments: ParsedArguments) throws(UsageError) {
        board = try arguments.value("board")
        boardsDirectory = try arguments.optional("boards-dir")
        chipLabel = try arguments.optional("chip-label")
        step = try arguments.value("step")
        cycles = try arguments.optional("cycles")
        seconds = try arguments.optional("seconds")
        script = try arguments.optional("script")
        guard step > 0 else { throw UsageError("--step: \(step) must be more than 0 seconds") }
        if let cycles, cycles < 1 { throw UsageError("--cycles: \(cycles) must be 1 or more") }
        if let seconds, !(seconds > 0) { throw UsageError("--seconds: \(seconds) must be more than 0") }
    }

    func run() throws {
        let logger = bootstrapLogging(level: "info")
        let stopping = Locked(false)
        // Before any thread starts, so that SIGINT/SIGTERM reach the watcher alone.
        SignalWatcher.start { signal in
            if signal == SIGINT || signal == SIGTERM { stopping.withLock { $0 = true } }
        }
        let panel: Panel
        let script: PanelScript?
        do {
            script = try self.script.map { path throws(PanelError) in try Self.readScript(path) }
            let directories = boardsDirectory.map { [$0] } ?? [BoardCatalog.installedDirectory, "Board/boards"]
            guard let profile = try BoardCatalog(directories: directories).resolve(board, model: BoardCatalog.readModel()) else {
                logger.error("--board none: no LEDs or buttons to test")
                throw ExitStatus.failure
            }
            let hardware = try GPIODHardware.open(profile, chipLabel: chipLabel)
            panel = Panel(leds: hardware.leds, buttons: hardware.buttons, status: .off, logger: logger)
            Self.describe(profile, chipLabel: chipLabel ?? profile.chipLabel, buttons: hardware.buttons)
        } catch let error as PanelError {
            logger.error("\(error)")
            throw ExitStatus.failure
        }

        let start = MonotonicClock.now()
        @Sendable func say(_ text: String) {
            writeLine("t=\(formatFixed(MonotonicClock.now() - start, decimals: 3)) \(text)", to: 1)
        }
        // A chip that goes away ends the test with its error (exit 1), as one missing at start does.
        let failure = Locked<PanelError?>(nil)
        let panelThread = spawnThread {
            if case let .failed(error) = panel.run(onEvent: { event in say(event.description) }) {
                failure.withLock { $0 = error }
                stopping.withLock { $0 = true }
            }
        }
        let deadline = seconds.map { start + $0 }
        /// Sleeps until `time` in short naps; false when it is time to stop.
        func wait(until time: Double) -> Bool {
            while MonotonicClock.now() < time {
                if stopping.withLock({ $0 }) { return false }
                if let deadline, MonotonicClock.now() >= deadline { return false }
                sleepSeconds(min(0.05, time - MonotonicClock.now()))
            }
            return !stopping.withLock({ $0 }) && (deadline.map { MonotonicClock.now() < $0 } ?? true)
        }

        if let script {
            for (time, command) in script.steps {
                guard wait(until: start + time) else { break }
                say("script \(Self.text(command))")
                if command == .end { break }
                Self.apply(command, to: panel)
            }
            if script.steps.last?.command != .end, seconds != nil { _ = wait(until: .infinity) }
        } else {
            var round = 0
            cycle: while cycles.map({ round < $0 }) ?? true {
                round += 1
                for led in LED.allCases {
                    panel.setTestPattern([led])
                    say("LED \(led.rawValue) on")
                    guard wait(until: MonotonicClock.now() + step) else { break cycle }
                }
            }
        }
        panel.stop()
        joinThread(panelThread)
        for led in [LED.additions, .deletions, .newUser] {
            let counts = panel.flashCounts(led)
            if counts.shown > 0 { say("flashes \(led.rawValue): \(counts.shown) shown, \(counts.merged) merged") }
        }
        if let error = failure.withLock({ $0 }) {
            logger.error("\(error)")
            throw ExitStatus.failure
        }
        say("all LEDs off")
    }

    private static func readScript(_ path: String) throws(PanelError) -> PanelScript {
        try PanelScript(parsing: PanelFile.text(path, upTo: Int.max), file: path)
    }

    private static func describe(_ profile: BoardProfile, chipLabel: String, buttons: GPIODButtons) {
        writeLine("board \(profile.name): \(profile.description)", to: 1)
        writeLine("chip '\(chipLabel)', libgpiod \(GPIOLibrary.version)", to: 1)
        for led in LED.allCases {
            writeLine("  LED \(led.rawValue): \(profile.leds[led]?.summary ?? "not wired")", to: 1)
        }
        for button in Button.allCases {
            writeLine("  button \(button.rawValue): \(profile.buttons[button]?.summary ?? "not wired")", to: 1)
        }
        let debounce = buttons.debouncedInKernel ? "in the kernel" : "in software"
        writeLine("buttons debounced \(debounce) (\(Int(PanelTiming.standard.debounce * 1000)) ms); "
            + "hold volume-down \(formatFixed(PanelTiming.standard.longPress, decimals: 1)) s to mute", to: 1)
    }

    private static func apply(_ command: PanelScript.Command, to panel: Panel) {
        switch command {
        case let .note(kind, delta): panel.note(kind, delta: delta)
        case let .status(pattern): panel.setStatus(pattern)
        case let .dim(on): panel.setDimmed(on)
        case let .leds(leds): panel.setTestPattern(leds)
        case .end: break
        }
    }

    private static func text(_ command: PanelScript.Command) -> String {
        switch command {
        case let .note(kind, delta): "\(kind.rawValue)\(delta.map { " \($0)" } ?? "")"
        case let .status(pattern): "status \(pattern.rawValue)"
        case let .dim(on): "dim \(on ? "on" : "off")"
        case let .leds(leds): "leds \(leds.map { $0.isEmpty ? "none" : $0.sorted().map(\.rawValue).joined(separator: ",") } ?? "normal")"
        case .end: "end"
        }
    }
}
