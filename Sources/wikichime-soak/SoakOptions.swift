import EditStream

/// The command line of `wikichime-soak`.
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
    var logLevel = "error"

    static let usage = """
        usage: wikichime-soak --url URL --events N [--languages en] [--rate 50] [--sample-rate 48000]
                              [--sample-every K] [--warmup 0.1] [--server-stats PATH]
                              [--stall-timeout 60] [--log-level error] [--json]
        Plays N events from an EventStreams server (Tests/Soak/soak_server.py) through the real
        client, pipeline, score, synthesiser and panel on a virtual clock (event i at i/rate s),
        sampling resident memory and open descriptors. Exit status: 0 when every event arrived
        exactly once, in order, and the reconnects matched the server's cuts; 1 otherwise; 2 on
        a usage error. Memory and speed are printed, never judged.
        """

    static func parse(_ arguments: [String]) throws(UsageError) -> SoakOptions {
        var options = SoakOptions()
        var rest = arguments[...]
        func value(_ name: String) throws(UsageError) -> String {
            guard let next = rest.popFirst() else { throw UsageError("\(name) needs a value") }
            return next
        }
        func number<T: LosslessStringConvertible & Comparable>(_ name: String, above minimum: T) throws(UsageError) -> T {
            let text = try value(name)
            guard let parsed = T(text), parsed > minimum else { throw UsageError("\(name): '\(text)' is not a number above \(minimum)") }
            return parsed
        }
        while let argument = rest.popFirst() {
            switch argument {
            case "--url": options.url = try value(argument)
            case "--events": options.events = try number(argument, above: 0)
            case "--languages": options.languages = try value(argument)
            case "--rate": options.rate = try number(argument, above: 0.0)
            case "--sample-rate": options.sampleRate = try number(argument, above: 7999)
            case "--sample-every": options.sampleEvery = try number(argument, above: 0)
            case "--warmup": options.warmupFraction = try number(argument, above: -0.0001)
            case "--server-stats": options.serverStats = try value(argument)
            case "--stall-timeout": options.stallTimeout = try number(argument, above: 0.0)
            case "--log-level": options.logLevel = try value(argument)
            case "--json": options.json = true
            case "-h", "--help": throw UsageError("")
            default: throw UsageError("unknown argument '\(argument)'")
            }
        }
        guard !options.url.isEmpty, options.events > 0 else { throw UsageError("--url and --events are required") }
        guard options.warmupFraction < 1 else { throw UsageError("--warmup must be below 1") }
        guard (try? WikiSelection(parsing: options.languages)) != nil else {
            throw UsageError("--languages: '\(options.languages)' is not a wiki selection")
        }
        if options.sampleEvery == 0 {
            // ~100 000 events a row for a day; at least ~40 rows for shorter runs.
            options.sampleEvery = max(1000, min(100_000, options.events / 40))
        }
        return options
    }
}

struct UsageError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}
