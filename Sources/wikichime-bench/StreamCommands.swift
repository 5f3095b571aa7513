// make-corpus and stream: parse + decode + select over a corpus file (StreamBenchmark).
import Bench
import EditStream

func makeCorpus(_ args: [String]) {
    guard args.count == 1 || args.count == 2 else { fail(Usage.text) }
    let out = args[0]
    var events = 200_000
    if args.count == 2 {
        guard let n = Int(args[1]), n > 0 else { fail("EVENTS must be a positive integer") }
        events = n
    }
    var lines: [[UInt8]] = []
    for file in FixtureFiles.corpus { lines += EventLines(jsonLines: readFile(file)).lines }
    guard !lines.isEmpty else { fail("no events in the fixtures (run from the package root)") }
    let corpus = SSECorpus.make(events: events, from: EventLines(lines: lines))
    writeFile(out, corpus)
    print("wrote \(out): \(events) events, \(corpus.count) bytes (cycling \(lines.count) fixture lines)")
}

func stream(_ args: [String]) {
    var path: String?
    var languages = "en,de"
    var repeats = 5
    var json = false
    var i = 0
    while i < args.count {
        switch args[i] {
        case "--languages":
            guard i + 1 < args.count else { fail("--languages needs a value") }
            languages = args[i + 1]; i += 2
        case "--repeat":
            guard i + 1 < args.count, let n = Int(args[i + 1]), n > 0 else { fail("--repeat needs a positive integer") }
            repeats = n; i += 2
        case "--json":
            json = true; i += 1
        default:
            guard path == nil, !args[i].hasPrefix("-") else { fail(Usage.text) }
            path = args[i]; i += 1
        }
    }
    guard let path else { fail(Usage.text) }
    let selection: WikiSelection
    do { selection = try WikiSelection(parsing: languages) } catch { fail("\(error)") }

    let corpus = readFile(path)
    let best = StreamBenchmark.best(of: repeats, corpus, selection: selection)
    let seconds = max(best.seconds, 1e-9)
    let eventsPerSecond = Double(best.events) / seconds
    let bytesPerSecond = Double(corpus.count) / seconds
    let fmt = NumberFormat.fixed
    if json {
        print("{\"events_per_second\": \(fmt(eventsPerSecond, 1)), \"bytes_per_second\": \(fmt(bytesPerSecond, 1)), "
            + "\"events\": \(best.events), \"selected\": \(best.selected), \"sounding\": \(best.sounding), "
            + "\"duplicates\": \(best.duplicates), \"malformed\": \(best.malformed), \"seconds\": \(fmt(best.seconds, 6)), "
            + "\"repeats\": \(repeats), \"languages\": \(JSONText.quoted(languages))}")
    } else {
        print("corpus      \(path): \(corpus.count) bytes, \(best.events) events")
        print("languages   \(languages); best of \(repeats)")
        print("events/s    \(fmt(eventsPerSecond, 0))")
        print("MB/s        \(fmt(bytesPerSecond / 1e6, 1))")
        print("ns/event    \(fmt(seconds * 1e9 / Double(max(best.events, 1)), 1))")
        print("selected    \(best.selected) (sounding \(best.sounding), duplicates \(best.duplicates), malformed \(best.malformed))")
        print("allocations not measured")
    }
}
