// score and device: the benchmarks that run on the built-in events, as `wikichime bench` does.
import Arguments
import Bench

enum DeviceCommands {
    static let score = CommandSpec(
        name: "score",
        abstract: "Score.cue and its note per sounding edit, on the built-in events.",
        options: [
            .option("edits", value: "n", help: "Edits per run.", default: "1000000"),
            .option("repeat", value: "n", help: "Runs; the best counts.", default: "3"),
            .flag("json", help: "Print one JSON object."),
        ],
        action: { arguments in
            let edits = try positive(arguments.value("edits", as: Int.self), "--edits")
            let repeats = try positive(arguments.value("repeat", as: Int.self), "--repeat")
            let best = ScoreBenchmark.best(of: repeats, lines: EventLines.builtIn.lines, edits: edits)
            let microseconds = best.secondsPerEdit * 1e6
            if arguments.flag("json") {
                print("{\"score_microseconds_per_event\": \(NumberFormat.json(microseconds, 4)), \"edits\": \(edits), \"repeats\": \(repeats)}")
            } else {
                print("score: \(NumberFormat.fixed(microseconds * 1000, 1)) ns CPU per edit (Score.cue and its note; "
                    + "\(edits) edits of the built-in events, best of \(repeats))")
            }
        })

    static let device = CommandSpec(
        name: "device",
        abstract: "What `wikichime bench` runs: does this machine keep up? Progress on stderr.",
        options: [
            .flag("quick", help: "Little work, rough figures."),
            .flag("json", help: "Print one JSON object."),
        ],
        action: { arguments in
            let report = DeviceBenchmark.run(quick: arguments.flag("quick")) { printError($0 + "…") }
            print(arguments.flag("json") ? report.json() : report.table())
        })
}
