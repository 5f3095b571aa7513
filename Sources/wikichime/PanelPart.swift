#if canImport(Glibc)
import Glibc
#endif
import Logging
import Panel
import Platform
import Score
import Synchronization

/// The LEDs and buttons inside `run`: opened from the board profile on a thread of their own,
/// retried every 30 s while the chip is missing (the sound plays on meanwhile). When the
/// hardware fails while it runs (the chip goes away), the panel is dropped, its lines released,
/// and the chip retried the same way: a box recovers by itself when the chip comes back. Button
/// actions wait in a queue for the supervisor's next turn, which owns the settings.
final class PanelPart: @unchecked Sendable {
    /// Seconds between attempts to open the chip.
    static let retryInterval = 30.0

    private let board: String
    private let directories: [String]
    private let logger: Logger
    private let panel = Locked<Panel?>(nil)
    private let actions = Locked<[PanelAction]>([])
    /// The last status shown, given to a panel opened again.
    private let display = Locked(Display())
    private let stopped = Atomic<Bool>(false)
    private var thread: pthread_t?

    /// - Parameter directories: where board profiles are: the installed ones, then the source tree's.
    init(board: String, directories: [String] = [BoardCatalog.installedDirectory, "Board/boards"], logger: Logger) {
        self.board = board
        self.directories = directories
        self.logger = logger
    }

    func start() {
        guard board != "none" else {
            logger.info("board = none: no LEDs or buttons")
            return
        }
        thread = spawnThread { [self] in loop() }
    }

    func stop() {
        stopped.store(true, ordering: .sequentiallyConsistent)
        panel.withLock { $0?.stop() }
        if let thread { joinThread(thread) }
        thread = nil
    }

    /// The actions pressed since the last call.
    func takeActions() -> [PanelAction] {
        actions.withLock { pending in
            defer { pending.removeAll() }
            return pending
        }
    }

    /// A note was played: flash its LED.
    func played(_ cue: Cue, delta: Int?) {
        let kind: NoteKind
        switch cue.instrument {
        case .celesta: kind = .addition
        case .clav: kind = .deletion
        case .swell: kind = .newUser
        }
        panel.withLock { $0?.note(kind, delta: delta) }
    }

    func show(connected: Bool, muted: Bool, quiet: Bool) {
        let shown = Display(status: .of(connected: connected, muted: muted || quiet), dimmed: quiet)
        display.withLock { $0 = shown }
        panel.withLock {
            $0?.setStatus(shown.status)
            $0?.setDimmed(shown.dimmed)
        }
    }

    private struct Display {
        var status = StatusPattern.connecting
        var dimmed = false
    }

    var isOpen: Bool { panel.withLock { $0 != nil } }

    private var isStopped: Bool { stopped.load(ordering: .sequentiallyConsistent) }

    private func loop() {
        // One message per change: a chip missing at every attempt is said once.
        var lastError = ""
        while !isStopped {
            do {
                guard let profile = try BoardCatalog(directories: directories)
                    .resolve(board, model: BoardCatalog.readModel()) else { return }
                switch try runPanel(profile) {
                case .stopped:
                    return
                case let .failed(error):
                    lastError = "\(error)"
                    logger.error("panel lost: \(error); the sound plays on, GPIO is retried every \(Int(Self.retryInterval)) s")
                }
            } catch {
                if case .noProfile(let wanted, nil, _, _) = error, wanted == "auto" {
                    logger.info("no Raspberry Pi model found: no LEDs or buttons (set board in the config to choose one)")
                    return
                }
                let message = "\(error)"
                if message != lastError {
                    logger.error("\(message); the sound plays on, GPIO is retried every \(Int(Self.retryInterval)) s")
                }
                lastError = message
            }
            let retryAt = MonotonicClock.now() + Self.retryInterval
            while !isStopped && MonotonicClock.now() < retryAt { sleepSeconds(0.1) }
        }
    }

    /// Opens the chip and runs the panel until `stop()` or a hardware failure. The panel and its
    /// line requests are released when this returns.
    private func runPanel(_ profile: BoardProfile) throws(PanelError) -> PanelEnd {
        let hardware = try GPIODHardware.open(profile)
        let shown = display.withLock { $0 }
        let opened = Panel(leds: hardware.leds, buttons: hardware.buttons, status: shown.status, logger: logger)
        opened.setDimmed(shown.dimmed)
        panel.withLock { $0 = opened }
        if isStopped { opened.stop() }
        logger.notice("panel: board \(profile.name) on '\(profile.chipLabel)'")
        let end = opened.run { [self] event in
            if case let .action(action) = event { actions.withLock { $0.append(action) } }
        }
        panel.withLock { $0 = nil }
        return end
    }
}
