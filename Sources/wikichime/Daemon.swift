#if canImport(Glibc)
import Glibc
#endif
import Appliance
import Audio
import EditStream
import Logging
import Panel
import Platform
import Score
import Synchronization
import Synth

/// `wikichime run` as systemd runs it: the settings (built-in defaults, the config file, button
/// changes from the state file when newer, command-line flags on top), the stream and audio
/// parts on threads of their own, and the supervisor loop on the main thread.
final class Daemon: @unchecked Sendable {
    struct Paths {
        var config: String
        var stateDirectory: String
        var runtimeDirectory: String
    }

    private let paths: Paths
    private let overrides: (inout Settings) -> Void
    private let logger: Logger
    private let engine: AudioEngine
    private let session: EditSession
    private let stateStore: StateFile
    private let panelPart: PanelPart
    private let startedAt = MonotonicClock.now()
    /// Only the supervisor thread touches these after start.
    private var settings: Settings
    /// What the buttons changed (kept in the state file).
    private var buttonChanges: PanelState
    private var configState = "ok"
    private var quietNow = false
    private var rate = RateMeter()
    private let streamStatus = Locked(StreamStatus())

    struct StreamStatus {
        var state = "starting"
        var client: StreamClient?
        var heartbeat: Double?
    }

    /// - Parameter boardDirectories: where board profiles are, if not in the usual places.
    init(paths: Paths, overrides: @escaping (inout Settings) -> Void, boardDirectories: [String]? = nil,
         recordPath: String?, tracePath: String?, printEdits: Bool, logger: Logger) throws {
        self.paths = paths
        self.overrides = overrides
        self.logger = logger
        stateStore = StateFile(path: paths.stateDirectory + "/state", report: { [logger] in logger.warning("\($0)") })
        buttonChanges = stateStore.load()
        settings = Settings()
        let (loaded, state) = Self.load(paths.config, logger: logger)
        settings = Self.effective(loaded ?? Settings(), buttonChanges: buttonChanges, configPath: paths.config, overrides: overrides)
        configState = state
        engine = AudioOptions.makeEngine(device: settings.audioDevice, volume: Double(settings.effectiveVolume) / 100,
                                         logger: logger)
        let engine = engine
        let board = settings.board
        let panelPart = boardDirectories.map { PanelPart(board: board, directories: $0, logger: logger) }
            ?? PanelPart(board: board, logger: logger)
        self.panelPart = panelPart
        session = try EditSession(
            pipeline: EditPipeline(selection: settings.selection, rules: settings.soundRules), score: Score(),
            recordPath: recordPath, tracePath: tracePath, printEdits: printEdits, logger: logger,
            play: { cue, edit, _ in
                engine.play(Note(cue))
                panelPart.played(cue, delta: edit.delta)
            })
        session.update(from: settings)
    }

    var currentSettings: Settings { settings }

    // MARK: Settings

    /// Reads the config file. Returns the settings (nil when it has errors) and a state for `status`.
    static func load(_ path: String, logger: Logger) -> (Settings?, String) {
        let text: String
        do {
            guard let read = try WholeFile.text(path) else {
                logger.info("no config file at \(path): built-in defaults")
                return (Settings(), "ok (no file, defaults)")
            }
            text = read
        } catch {
            logger.error("\(error)")
            return (nil, "\(error)")
        }
        let result = ConfigFile(path: path, text: text).read()
        for issue in result.issues {
            if issue.severity == .error { logger.error("\(issue)") } else { logger.warning("\(issue)") }
        }
        guard let first = result.errors.first else { return (result.settings, "ok") }
        return (nil, "\(first)")
    }

    static func effective(_ config: Settings, buttonChanges: PanelState, configPath: String,
                          overrides: (inout Settings) -> Void) -> Settings {
        var result = buttonChanges.applied(to: config, configChangedAt: FileSystem.modificationTime(configPath))
        overrides(&result)
        return result
    }

    /// SIGHUP: read the file again; a bad file keeps the last good settings.
    func reload() {
        logger.notice("reloading \(paths.config)")
        let (loaded, state) = Self.load(paths.config, logger: logger)
        guard let loaded else {
            configState = "kept last good: \(state)"
            logger.error("\(paths.config) has errors: keeping the last good settings")
            return
        }
        configState = state
        let next = Self.effective(loaded, buttonChanges: buttonChanges, configPath: paths.config, overrides: overrides)
        for key in ConfigKey.all where key.needsRestart && key.value(in: next) != key.value(in: settings) {
            logger.warning("\(key.name) changed to '\(key.value(in: next))': it takes effect after `sudo systemctl restart wikichime`")
        }
        var applied = next
        for key in ConfigKey.all where key.needsRestart {
            // Keep what is running for restart-only keys, so that `status` tells the truth.
            applied = Self.copy(key, from: settings, into: applied)
        }
        settings = applied
        session.update(from: settings)
        applyVolume()
        logger.notice("settings applied: \(settings.languages), volume \(settings.effectiveVolume)")
    }

    private static func copy(_ key: ConfigKey, from source: Settings, into target: Settings) -> Settings {
        var result = target
        let config = ConfigFile(path: "", text: "\(key.name) = \(key.value(in: source))").read(over: target)
        if config.isValid { result = config.settings }
        return result
    }

    private func applyVolume() {
        let silent = buttonChanges.muted || quietNow
        engine.setVolume(silent ? 0 : Double(settings.effectiveVolume) / 100)
    }

    // MARK: Running

    /// Runs the stream (or `replay`) and the audio until a signal, then stops them in order.
    func run(replay: (@Sendable (EditSession, @escaping @Sendable () -> Bool) -> Void)?) throws {
        let supervisor = makeSupervisor()
        SignalWatcher.start { [self] signal in
            switch signal {
            case SIGHUP: supervisor.requestReload()
            case SIGUSR2: supervisor.requestWedge()
            default:
                supervisor.requestStop()
                streamStatus.withLock { $0.client?.stop() }
            }
        }
        engine.start()
        panelPart.start()
        let stopped = Atomic<Bool>(false)
        let streamThread: pthread_t
        if let replay {
            streamStatus.withLock { $0.state = "replaying" }
            streamThread = spawnThread { [self] in
                replay(session) { stopped.load(ordering: .sequentiallyConsistent) }
                streamStatus.withLock { $0.state = "replay finished" }
                supervisor.requestStop()
            }
        } else {
            let client = try StreamClient(
                settings: StreamClientSettings(url: settings.streamURL, userAgent: UserAgent.make(contact: settings.contact)),
                logger: logger)
            streamStatus.withLock { $0.client = client }
            logger.info("listening to \(settings.languages) from \(settings.streamURL)")
            streamThread = spawnThread { [self] in
                client.run { [self] event in session.handle(event.data, at: MonotonicClock.now() - startedAt) }
            }
        }
        supervisor.run()
        stopped.store(true, ordering: .sequentiallyConsistent)
        streamStatus.withLock { $0.client?.stop() }
        joinThread(streamThread)
        panelPart.stop()
        engine.stop()
        stateStore.flush()
        try? FileSystem.remove(paths.runtimeDirectory + "/status")
        let sound = engine.statistics
        logger.notice("\(session.summary()); audio: \(sound.notesPlayed) notes, \(sound.underruns) underruns")
    }

    private func makeSupervisor() -> Supervisor {
        let engine = engine
        let parts = [
            PartWatch(name: "audio", limit: 10) { engine.statistics.heartbeat },
            PartWatch(name: "stream", limit: 10) { [self] in
                streamStatus.withLock { $0.client?.statistics.heartbeat }
            },
        ]
        return Supervisor(
            notifier: SystemdNotifier(), watchdogTimeout: SystemdNotifier.watchdogTimeout(),
            statusPath: paths.runtimeDirectory + "/status", parts: parts,
            hooks: Supervisor.Hooks(
                status: { [self] in statusReport() },
                reload: { [self] in reload() },
                tick: { [self] in tick() }),
            logger: logger)
    }

    private func tick() {
        for action in panelPart.takeActions() { perform(action) }
        stateStore.tick()
        let quiet = settings.quietHours.map { $0.contains(minute: LocalTime.minuteOfDay()) } ?? false
        if quiet != quietNow {
            quietNow = quiet
            logger.notice(quiet ? "quiet hours \(settings.quietHours!): muted" : "quiet hours over")
            applyVolume()
        }
        let connected = streamStatus.withLock { $0.client?.statistics.connected ?? ($0.state == "replaying") }
        panelPart.show(connected: connected, muted: buttonChanges.muted, quiet: quietNow)
    }

    /// A button press: the change takes effect at once, is confirmed by a short earcon, and is
    /// kept in the state file (rate-limited) so that it survives a reboot.
    private func perform(_ action: PanelAction) {
        switch action {
        case .nextLanguage:
            let ring = LanguageRing(settings.buttonLanguages)
            let next = ring.next(after: settings.languages)
            guard (try? WikiSelection(parsing: next)) != nil else { return }
            settings.languages = next
            buttonChanges.languages = next
            session.update(from: settings)
            // One soft note per position in the ring: the third language is three notes.
            let position = (ring.languages.firstIndex(of: next) ?? 0) + 1
            for n in 0..<position { engine.play(Earcon.note, delay: Double(n) * 0.15) }
        case .volumeUp, .volumeDown:
            let step = action == .volumeUp ? 5 : -5
            settings.volume = min(settings.maxVolume, max(0, settings.effectiveVolume + step))
            buttonChanges.volume = settings.volume
            buttonChanges.muted = false
            applyVolume()
            engine.play(Earcon.note)
        case .toggleMute:
            buttonChanges.muted.toggle()
            applyVolume()
        }
        buttonChanges.changedAt = Double(time(nil))
        stateStore.save(buttonChanges)
        logger.info("button: \(action.rawValue) → \(settings.languages), volume \(settings.effectiveVolume)\(buttonChanges.muted ? ", muted" : "")")
    }

    private func statusReport() -> StatusReport {
        let now = MonotonicClock.now()
        let counts = session.snapshot
        let sound = engine.statistics
        let stream = streamStatus.withLock { ($0.state, $0.client?.statistics) }
        var report = StatusReport()
        report.pid = getpid()
        report.updatedAt = Double(time(nil))
        report.uptime = now - startedAt
        report.languages = settings.languages
        report.volume = settings.effectiveVolume
        report.muted = buttonChanges.muted
        report.quietHours = quietNow
        if let client = stream.1 {
            report.streamState = client.connected ? "connected" : "connecting"
            report.reconnects = max(0, client.connections - 1)
            report.lastError = client.lastError ?? ""
        } else {
            report.streamState = stream.0
        }
        report.eventsReceived = counts.counters.received
        report.editsSelected = counts.counters.sounding
        report.editsPlayed = counts.played
        report.editsDropped = counts.dropped
        report.editsPerMinute = rate.perMinute(count: counts.counters.sounding, at: now)
        report.audioState = sound.playing ? "playing" : (sound.lastError.map { "no device (\($0))" } ?? "starting")
        report.audioDevice = sound.device.isEmpty ? settings.audioDevice : sound.device
        report.underruns = sound.underruns
        report.configPath = paths.config
        report.configState = configState
        if report.lastError.isEmpty, !sound.playing, let error = sound.lastError { report.lastError = error }
        return report
    }
}

/// The confirmation sound of a button: a short, soft, high bell.
enum Earcon {
    static let note = Note(voicing: .bell, midi: 85, gain: 0.08)
}

/// Edits per minute from the counts seen over the last minute.
struct RateMeter {
    private var samples: [(time: Double, count: Int)] = []

    mutating func perMinute(count: Int, at now: Double) -> Double {
        samples.append((now, count))
        samples.removeAll { now - $0.time > 60 }
        guard let first = samples.first, now - first.time >= 1 else { return 0 }
        return Double(count - first.count) * 60 / (now - first.time)
    }
}

enum LocalTime {
    /// Minutes after local midnight (0…1439), by the system's time zone.
    static func minuteOfDay() -> Int {
        var now = time(nil)
        var parts = tm()
        localtime_r(&now, &parts)
        return Int(parts.tm_hour) * 60 + Int(parts.tm_min)
    }
}
