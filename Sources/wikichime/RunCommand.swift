#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import EditStream
import Logging
import Synchronization

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Listen to the live edits (this version prints one line per selected edit).",
        discussion: """
            Connects to Wikimedia EventStreams and prints each edit of the chosen wikis: the wiki, \
            addition/deletion/newuser, the size in bytes and the title. Sound, lights and the config \
            file come in later versions. Stop with Ctrl-C.

            Examples:
              wikichime run --languages en,de
              wikichime run --input recorded.jsonl --trace trace.jsonl
            """
    )

    @Option(help: ArgumentHelp(
        "Wikis to play, separated by commas.",
        discussion: "Language codes (en, de, zh-yue) for Wikipedias, wikidata, commons, a host "
            + "(de.wiktionary.org), a database name (dewiktionary), or all.",
        valueName: "list"))
    var languages = "en"

    @Option(name: .customLong("stream-url"), help: ArgumentHelp(
        "The EventStreams recentchange URL (tests point it at a local server).", valueName: "url"))
    var streamURL = StreamClientSettings.liveURL

    @Option(help: ArgumentHelp(
        "Read recorded events from a file (JSON Lines or an SSE capture) instead of the network.",
        valueName: "file"))
    var input: String?

    @Option(help: ArgumentHelp("Append every event that arrives to a file, as JSON Lines.", valueName: "file"))
    var record: String?

    @Option(help: ArgumentHelp("Write one JSON line per selected edit to a file.", valueName: "path"))
    var trace: String?

    @Option(help: ArgumentHelp(
        "A URL or e-mail address for the User-Agent, so that Wikimedia can reach whoever runs the box.",
        valueName: "contact"))
    var contact: String?

    @Option(name: .customLong("log-level"), help: ArgumentHelp(
        "How much to log: error, warning, notice, info or debug.", valueName: "level"))
    var logLevel = "info"

    func validate() throws {
        do {
            _ = try WikiSelection(parsing: languages)
        } catch {
            throw ValidationError("--languages: \(error)")
        }
        guard streamURL.hasPrefix("https://") || streamURL.hasPrefix("http://") else {
            throw ValidationError("--stream-url: '\(streamURL)' is not an http:// or https:// URL")
        }
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("--log-level: '\(logLevel)' is not one of error, warning, notice, info, debug")
        }
    }

    func run() throws {
        let stopRequested = Atomic<Bool>(false)
        let client = Mutex<StreamClient?>(nil)
        SignalWatcher.start { _ in
            stopRequested.store(true, ordering: .sequentiallyConsistent)
            client.withLock { $0?.stop() }
        }
        let level = Logger.Level(rawValue: logLevel) ?? .info
        LoggingSystem.bootstrap { _ in JournalLogHandler(level: level) }
        let logger = Logger(label: "wikichime")

        let pipeline = EditPipeline(selection: try WikiSelection(parsing: languages))
        let session: EditSession
        do {
            session = try EditSession(
                pipeline: pipeline, recordPath: record, tracePath: trace, printEdits: true, logger: logger)
        } catch {
            throw ValidationError("\(error)")
        }

        if let input {
            do {
                let skipped = try ReplaySource(path: input).run(
                    shouldStop: { stopRequested.load(ordering: .sequentiallyConsistent) },
                    onEvent: session.handle)
                if skipped > 0 { logger.warning("skipped \(skipped) over-long line(s) in \(input)") }
            } catch {
                logger.error("\(error)")
                throw ExitCode.failure
            }
        } else {
            var settings = StreamClientSettings(url: streamURL, userAgent: UserAgent.make(contact: contact))
            settings.maxLineBytes = SSEParser.defaultMaxLineBytes
            let streamClient = try StreamClient(settings: settings, logger: logger)
            client.withLock { $0 = streamClient }
            if stopRequested.load(ordering: .sequentiallyConsistent) { streamClient.stop() }
            logger.info("listening to \(languages) from \(streamURL)")
            streamClient.run { session.handle($0.data) }
        }
        logger.notice("\(session.summary())")
    }
}
