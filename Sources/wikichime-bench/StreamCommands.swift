// make-corpus and stream: parse + decode + select over a corpus file (StreamBenchmark).
import Arguments
import Bench
import EditStream
import Platform

enum StreamCommands {
    static let makeCorpus = CommandSpec(
        name: "make-corpus",
        abstract: "Write an SSE corpus cycled from the recorded fixtures (run from the package root).",
        arguments: [ArgumentSpec("out", help: "The SSE file to write."),
                    ArgumentSpec("events", help: "How many events.", default: "200000")],
        action: { arguments in
            let out = try arguments.value("<out>", as: String.self)
            let events = try positive(arguments.value("<events>", as: Int.self), "<events>")
            var lines: [[UInt8]] = []
            for file in FixtureFiles.corpus { lines += EventLines(jsonLines: readFile(file)).lines }
            guard !lines.isEmpty else { fail("no events in the fixtures (run from the package root)") }
            let corpus = SSECorpus.make(events: events, from: EventLines(lines: lines))
            writeFile(out, corpus)
            print("wrote \(out): \(events) events, \(corpus.count) bytes (cycling \(lines.count) fixture lines)")
        })

    static let stream = CommandSpec(
        name: "stream",
        abstract: "SSEParser → EditPipeline over the corpus in 64 KiB chunks, best of N passes.",
        options: [
            .option("languages", value: "list", help: "The wikis selected.", default: "en,de"),
            .option("repeat", value: "n", help: "Passes; the best counts.", default: "5"),
            .flag("json", help: "Print one JSON object."),
        ],
        arguments: [ArgumentSpec("corpus", help: "An SSE corpus (make-corpus).")],
        action: { arguments in
            let path = try arguments.value("<corpus>", as: String.self)
            let languages = try arguments.value("languages", as: String.self)
            let repeats = try positive(arguments.value("repeat", as: Int.self), "--repeat")
            let selection: WikiSelection
            do { selection = try WikiSelection(parsing: languages) } catch { throw UsageError("--languages: \(error)") }
            run(path: path, languages: languages, selection: selection, repeats: repeats, json: arguments.flag("json"))
        })

    private static func run(path: String, languages: String, selection: WikiSelection, repeats: Int, json: Bool) {
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
}
