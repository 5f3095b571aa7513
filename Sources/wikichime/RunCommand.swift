#if canImport(Glibc)
import Glibc
#endif
import Appliance
import Arguments
import Audio
import EditStream
import Logging
import Platform
import Score
import Synth

struct Run {
    static let spec = CommandSpec(
        name: "run",
        abstract: "Listen to the live edits.",
        discussion: """
            Connects to Wikimedia EventStreams and plays each edit of the chosen wikis: a bell for an \
            addition, a plucked string for a deletion (bigger edits sound lower), a swell for a new \
            account. Settings come from the config file (see `wikichime check-config`); the flags \
            below override it. SIGHUP reloads the config file. LEDs and buttons follow the board \
            profile (see `wikichime test-gpio`). Stop with Ctrl-C or SIGTERM.

            Examples:
              wikichime run --languages en,de
              wikichime run --audio-device plughw:CARD=Headphones --volume 30
              wikichime run --input recorded.jsonl --trace trace.jsonl --print-edits
            """,
        options: [
            .option("config", value: "path", help: "The config file.", default: "/etc/wikichime.conf"),
            .option("languages", value: "list", help:
                "Wikis to play, separated by commas (overrides the config's languages).", discussion:
                "Language codes (en, de, zh-yue) for Wikipedias, wikidata, commons, a host "
                + "(de.wiktionary.org), a database name (dewiktionary), or all."),
            .option("stream-url", value: "url", help:
                "The EventStreams recentchange URL (tests point it at a local server)."),
            .option("input", value: "file", help:
                "Read recorded events from a file (JSON Lines or an SSE capture) instead of the network, then stop."),
            .option("rate", value: "events", help:
                "With --input: events per second to replay at (the live stream carries about 50); 0 is as fast as possible.",
                default: "50"),
            .option("record", value: "file", help: "Append every event that arrives to a file, as JSON Lines."),
            .option("trace", value: "path", help: "Write one JSON line per selected edit to a file."),
            .flag("print-edits", help: "Print one line per selected edit to standard output."),
        ] + AudioOptions.specs + [
            .option("contact", value: "contact", help:
                "A URL or e-mail address for the User-Agent, so that Wikimedia can reach whoever runs the box."),
            .option("log-level", value: "level", help: "How much to log: error, warning, notice, info or debug."),
            .option("board", value: "profile", help:
                "The LED/button board profile: auto, none, a profile name (rpi4) or a file (overrides the config's board)."),
            .option("boards-dir", value: "dir", help:
                "Where board profiles are (default: /usr/share/wikichime/boards, then ./Board/boards)."),
            .option("state-dir", value: "dir", help:
                "Where button changes are kept (systemd's $STATE_DIRECTORY, else /var/lib/wikichime)."),
            .option("runtime-dir", value: "dir", help:
                "Where the status for `wikichime status` goes ($RUNTIME_DIRECTORY, else /run/wikichime)."),
        ],
        action: { try Run($0).run() })

    let config: String
    let languages: String?
    let streamURL: String?
    let input: String?
    let rate: Double
    let record: String?
    let trace: String?
    let printEdits: Bool
    let audio: AudioOptions
    let contact: String?
    let logLevel: String?
    let board: String?
    let boardsDirectory: String?
    let stateDirectory: String?
    let runtimeDirectory: String?

    init(_ arguments: ParsedArguments) throws(UsageError) {
        config = try arguments.value("config")
        languages = try arguments.optional("languages")
        streamURL = try arguments.optional("stream-url")
        input = try arguments.optional("input")
        rate = try arguments.value("rate")
        record = try arguments.optional("record")
        trace = try arguments.optional("trace")
        printEdits = arguments.flag("print-edits")
        audio = try AudioOptions(arguments)
        contact = try arguments.optional("contact")
        logLevel = try arguments.optional("log-level")
        board = try arguments.optional("board")
        boardsDirectory = try arguments.optional("boards-dir")
        stateDirectory = try arguments.optional("state-dir")
        runtimeDirectory = try arguments.optional("runtime-dir")

        if let languages {
            do { _ = try WikiSelection(parsing: languages) } catch { throw UsageError("--languages: \(error)") }
        }
        if let streamURL, !(streamURL.hasPrefix("https://") || streamURL.hasPrefix("http://")) {
            throw UsageError("--stream-url: '\(streamURL)' is not an http:// or https:// URL")
        }
        if let logLevel, Logger.Level(rawValue: logLevel) == nil {
            throw UsageError("--log-level: '\(logLevel)' is not one of error, warning, notice, info, debug")
        }
        guard rate >= 0 else { throw UsageError("--rate: \(rate) is not a number of events per second") }
    }

    func run() throws {
        // The log level is needed before the config is read: the flag, else the file's, else info.
        let fileLevel = (try? WholeFile.text(config)).flatMap { $0 }
            .map { ConfigFile(path: config, text: $0).read().settings.logLevel }
        let logger = bootstrapLogging(level: logLevel ?? fileLevel ?? "info")
        let daemon: Daemon
        do {
            daemon = try Daemon(
                paths: Daemon.Paths(
                    config: config,
                    stateDirectory: stateDirectory ?? environment("STATE_DIRECTORY") ?? "/var/lib/wikichime",
                    runtimeDirectory: runtimeDirectory ?? environment("RUNTIME_DIRECTORY") ?? "/run/wikichime"),
                overrides: overrides, boardDirectories: boardsDirectory.map { [$0] }, recordPath: record,
                tracePath: trace, printEdits: printEdits, logger: logger)
        } catch {
            throw UsageError("\(error)")
        }
        var replay: (@Sendable (EditSession, @escaping @Sendable () -> Bool) -> Void)?
        if let input {
            // Fail at once on a missing file, before anything starts.
            guard access(input, R_OK) == 0 else {
                logger.error("\(SystemCallError(code: errno, operation: "open", path: input))")
                throw ExitStatus.failure
            }
            replay = { [rate] session, shouldStop in
                let start = MonotonicClock.now()
                var index = 0
                do {
                    let skipped = try ReplaySource(path: input).run(shouldStop: shouldStop) { json in
                        // Wait for the event's time in short naps, so that a stop is not held up.
                        let due = start + Double(index) / rate
                        while rate > 0 && MonotonicClock.now() < due && !shouldStop() {
                            sleepSeconds(min(0.05, due - MonotonicClock.now()))
                        }
                        if shouldStop() { return }
                        index += 1
                        session.handle(json, at: MonotonicClock.now() - start)
                    }
                    if skipped > 0 { logger.warning("skipped \(skipped) over-long line(s) in \(input)") }
                } catch {
                    logger.error("\(error)")
                }
                // Let the last notes ring, unless asked to stop.
                let ringUntil = MonotonicClock.now() + (rate > 0 ? 3 : 0)
                while MonotonicClock.now() < ringUntil && !shouldStop() { sleepSeconds(0.05) }
            }
        }
        try daemon.run(replay: replay)
    }

    /// The command-line flags, on top of the config file.
    private func overrides(_ settings: inout Settings) {
        if let languages { settings.languages = languages }
        if let streamURL { settings.streamURL = streamURL }
        if let contact { settings.contact = contact }
        if let logLevel { settings.logLevel = logLevel }
        if let device = audio.audioDevice { settings.audioDevice = device }
        if let volume = audio.volume { settings.volume = volume }
        if let board { settings.board = board }
    }
}

func environment(_ name: String) -> String? {
    getenv(name).map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 }
}

/// Logs go to stderr for journald; only `main` configures logging.
func bootstrapLogging(level: String) -> Logger {
    let level = Logger.Level(rawValue: level) ?? .info
    LoggingSystem.bootstrap { _ in JournalLogHandler(level: level) }
    return Logger(label: "wikichime")
}
