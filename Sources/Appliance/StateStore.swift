import EditStream
import Platform

/// What the buttons changed at run time: kept across reboots in the state file, never in /etc.
public struct PanelState: Equatable, Sendable {
    public var languages: String?
    public var volume: Int?
    public var muted = false
    /// Seconds since the epoch of the change; the newer of this and the config file wins.
    public var changedAt: Double = 0

    public init(languages: String? = nil, volume: Int? = nil, muted: Bool = false, changedAt: Double = 0) {
        self.languages = languages
        self.volume = volume
        self.muted = muted
        self.changedAt = changedAt
    }

    /// The settings to run with: the config's, with these changes on top when they are newer
    /// than the config file (an edit over SSH overrides older button presses, and the reverse).
    public func applied(to settings: Settings, configChangedAt: Double?) -> Settings {
        guard changedAt > (configChangedAt ?? 0) else { return settings }
        var result = settings
        if let languages, (try? WikiSelection(parsing: languages)) != nil { result.languages = languages }
        if let volume, (0...100).contains(volume) { result.volume = volume }
        return result
    }

    var text: String {
        var lines = ["# wikichime state: written by the program (button changes); edit /etc/wikichime.conf instead."]
        if let languages { lines.append("languages = \(languages)") }
        if let volume { lines.append("volume = \(volume)") }
        lines.append("muted = \(muted ? "yes" : "no")")
        lines.append("changed_at = \(formatFixed(changedAt, decimals: 3))")
        return lines.joined(separator: "\n") + "\n"
    }

    /// Reads the state file; a damaged file gives the values it could read (never an error). The
    /// program writes it: a value runs to the end of its line.
    init(text: String) {
        self.init()
        for (key, value) in KeyValueText.pairs(text, trailingComments: false) {
            let value = String(value)
            switch key {
            case "languages": languages = value.isEmpty ? nil : value
            case "volume": volume = Int(value)
            case "muted": muted = value == "yes"
            case "changed_at": changedAt = Double(value) ?? 0
            default: break
            }
        }
    }
}

/// Where state is kept. A protocol, so that the panel and the tests need no disk.
public protocol StateStore: AnyObject {
    func load() -> PanelState
    func save(_ state: PanelState)
}

/// The state file (`/var/lib/wikichime/state`, systemd's `StateDirectory=`), written atomically
/// and at most once per `minimumInterval`: a burst of button presses is one write, to spare the
/// SD card. `flush()` writes what is pending (on shutdown).
public final class StateFile: StateStore, @unchecked Sendable {
    public let path: String
    public let minimumInterval: Double
    private let clock: any Clock
    private let report: (String) -> Void
    private var pending: PanelState?
    private var lastWrite = -Double.infinity

    public init(path: String, minimumInterval: Double = 10, clock: any Clock = MonotonicClock(),
                report: @escaping (String) -> Void = { _ in }) {
        self.path = path
        self.minimumInterval = minimumInterval
        self.clock = clock
        self.report = report
    }

    public func load() -> PanelState {
        do {
            return try WholeFile.text(path).map(PanelState.init(text:)) ?? PanelState()
        } catch {
            report("\(error); starting without saved button changes")
            return PanelState()
        }
    }

    /// Keeps `state`; writes it now if the last write was long enough ago, else on a later
    /// `save`, `tick` or `flush`.
    public func save(_ state: PanelState) {
        pending = state
        tick()
    }

    /// Writes what is pending once the interval has passed (call it from a periodic loop).
    public func tick() {
        guard pending != nil, clock.now() - lastWrite >= minimumInterval else { return }
        flush()
    }

    public func flush() {
        guard let state = pending else { return }
        do {
            try AtomicFile.write(state.text, to: path)
            pending = nil
            lastWrite = clock.now()
        } catch {
            // A full disk or a read-only card: keep the change in memory, say so, try again later.
            report("\(error); the change is kept until the next try")
            lastWrite = clock.now()
        }
    }

    public var hasPendingChanges: Bool { pending != nil }
}
