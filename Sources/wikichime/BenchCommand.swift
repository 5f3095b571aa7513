import Arguments
import Bench
import Platform

/// `wikichime bench`: whether this machine keeps up with the live stream, measured on the box.
enum BenchCommand {
    static let spec = CommandSpec(
        name: "bench",
        abstract: "Measure whether this machine keeps up with the live stream (about 3 s on a PC; longer on a small Pi).",
        discussion: """
            Times, on one core and on built-in recorded events: parsing, decoding and selecting \
            events; the score; the synthesiser at 1, 16 and 64 voices; an edit from JSON to \
            samples; and the audio queue's latency. It prints each figure beside what keeping up \
            needs and the project's goal. No sound is played and no network is used; a running \
            service shares the machine, so stop it first for clean figures.

            Examples:
              wikichime bench
              wikichime bench --json
            """,
        options: [
            .flag("json", help: "Print one JSON object (parse_events_per_second, synth_64_voices_realtime_factor, …)."),
            .flag("quick", help: "Little work, rough figures (under a second; for tests)."),
        ],
        action: { arguments in
            let json = arguments.flag("json")
            var report = DeviceBenchmark.run(quick: arguments.flag("quick")) { step in
                if !json { writeLine("measuring " + step, to: 2) }
            }
            report.version = Wikichime.version
            writeLine(json ? report.json() : report.table(), to: 1)
        })
}
