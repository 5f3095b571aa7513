// score and device: the benchmarks that run on the built-in events, as `wikichime bench` does.
import Bench
#if canImport(Glibc)
import Glibc
#endif

/// score [--edits N] [--repeat N] [--json]: Score.cue and its note per sounding edit.
func scoreCommand(_ args: [String]) {
    var edits = 1_000_000
    var repeats = 3
    var json = false
    var i = 0
    while i < args.count {
        let value = i + 1 < args.count ? args[i + 1] : nil
        switch args[i] {
        case "--edits":
            guard let n = value.flatMap(Int.init), n > 0 else { fail("--edits needs a positive integer") }
            edits = n; i += 2
        case "--repeat":
            guard let n = value.flatMap(Int.init), n > 0 else { fail("--repeat needs a positive integer") }
            repeats = n; i += 2
        case "--json":
            json = true; i += 1
        default:
            fail(Usage.text)
        }
    }
    let best = ScoreBenchmark.best(of: repeats, lines: EventLines.builtIn.lines, edits: edits)
    let microseconds = best.secondsPerEdit * 1e6
    if json {
        print("{\"score_microseconds_per_event\": \(NumberFormat.json(microseconds, 4)), \"edits\": \(edits), \"repeats\": \(repeats)}")
    } else {
        print("score: \(NumberFormat.fixed(microseconds * 1000, 1)) ns CPU per edit (Score.cue and its note; "
            + "\(edits) edits of the built-in events, best of \(repeats))")
    }
}

/// device [--quick] [--json]: DeviceBenchmark, as `wikichime bench` runs it; progress on stderr.
func deviceCommand(_ args: [String]) {
    guard args.allSatisfy({ $0 == "--quick" || $0 == "--json" }) else { fail(Usage.text) }
    let report = DeviceBenchmark.run(quick: args.contains("--quick")) { step in
        let line = Array((step + "…\n").utf8)
        _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    }
    print(args.contains("--json") ? report.json() : report.table())
}
