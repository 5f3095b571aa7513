import Arguments
import EditStream
import Logging

/// The command line of `wikichime-soak`, read by Sources/Arguments as wikichime-bench's is.
struct SoakOptions {
    var url = ""
    var events = 0
    var languages = "en"
    /// Events per virtual second: the live stream's ~50.
    var rate = 50.0
    var sampleRate = 48000
    var sampleEvery = 0
    /// Fraction of the events that is warm-up, left out of the growth figures.
    var warmupFraction = 0.1
    var serverStats: String?
    /// Seconds without a delivered event after which the client counts as failed.
    var stallTimeout = 60.0
    var json = false
    var logLevel = Logger.Level.error

    /// The command: `action` receives the options read from a valid command line.
    static func command(action: @escaping @Sendable (SoakOptions) throws -> Void) -> CommandSpec {
        CommandSpec(
            name: "wikichime-soak",
            abstract: "A day of the live stream through the whole box on a virtual clock (Tests/Soak/README.md).",
            discussion: """
                Plays N events from an EventStreams server (Tests/Soak/soak_server.py) through the real \
                client, pipeline, score, synthesiser and panel on a virtual clock (event i at i/rate s), \
                sampling resident memory and open descriptors. Exit status: 0 when every event arrived \
                exactly once, in order, and the reconnects matched the server's cuts; 1 otherwise; 64 on \
                a usage error. Memory and speed are printed, never judged.
                """,
            options: [
                .option("url", value: "url", help: "The server's recentchange stream.", required: true),
                .option("events", value: "n", help: "Events to play, more than 0.", required: true),
                .option("languages", value: "list", help: "The wikis selected.", default: "en"),
                .option("rate", value: "per-second", help: "Events per virtual second, more than 0.", default: "50"),
                .option("sample-rate", value: "hz", help: "The synthesiser's sample rate, 8000 or more.", default: "48000"),
                .option("sample-every", value: "n",
                        help: "Events between memory samples (default: events / 40, within 1000…100000)."),
                .option("warmup", value: "fraction", help: "Fraction of the events left out of the growth figures, 0 to below 1.",
                        default: "0.1"),
                .option("server-stats", value: "path", help: "The server's statistics file, to check the reconnects."),
                .option("stall-timeout", value: "s", help: "Seconds without an event before the client counts as stalled.",
                        default: "60"),
                .option("log-level", value: "level",
                        help: "trace, debug, info, notice, warning, error or critical.", default: "error"),
                .flag("json", help: "Print one JSON object on stdout."),
            ],
            action: { arguments in try action(SoakOptions(arguments)) })
    }

    init(_ arguments: ParsedArguments) throws(UsageError) {
        url = try arguments.value("url", as: String.self)
        events = try Self.above(0, try arguments.value("events", as: Int.self), "--events")
        languages = try arguments.value("languages", as: String.self)
        guard (try? WikiSelection(parsing: languages)) != nil else {
            throw UsageError("--languages: '\(languages)' is not a wiki selection")
        }
        rate = try Self.above(0, try arguments.value("rate", as: Double.self), "--rate")
        sampleRate = try arguments.value("sample-rate", as: Int.self)
        guard sampleRate >= 8000 else { throw UsageError("--sample-rate: \(sampleRate) is less than 8000 Hz") }
        if let every = try arguments.optional("sample-every", as: Int.self) {
            sampleEvery = try Self.above(0, every, "--sample-every")
        } else {
            // ~100 000 events a row for a day; at least ~40 rows for shorter runs.
            sampleEvery = max(1000, min(100_000, events / 40))
        }
        warmupFraction = try arguments.value("warmup", as: Double.self)
        guard warmupFraction >= 0, warmupFraction < 1 else {
            throw UsageError("--warmup: \(warmupFraction) is not from 0 to below 1")
        }
        serverStats = try arguments.optional("server-stats", as: String.self)
        stallTimeout = try Self.above(0, try arguments.value("stall-timeout", as: Double.self), "--stall-timeout")
        let level = try arguments.value("log-level", as: String.self)
        guard let logLevel = Logger.Level(rawValue: level) else {
            throw UsageError("--log-level: '\(level)' is not one of trace, debug, info, notice, warning, error, critical")
        }
        self.logLevel = logLevel
        json = arguments.flag("json")
    }

    private static func above<Value: Comparable>(_ minimum: Value, _ value: Value, _ label: String) throws(UsageError) -> Value {
        guard value > minimum else { throw UsageError("\(label): \(value) is not more than \(minimum)") }
        return value
    }
}
