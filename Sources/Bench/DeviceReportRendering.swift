import Platform

extension DeviceBenchmarkReport {
    /// One row of the table: what, how much, what keeping up needs, the project's goal, verdict.
    public struct Row: Sendable, Equatable {
        public var figure: String
        public var measured: String
        public var needed: String
        public var goal: String
        public var keepsUp: String
    }

    public var rows: [Row] {
        let live = Goals.liveEventsPerSecond
        let perEventBudget = 1e6 / live                                   // µs between two events
        func times(_ ratio: Double) -> String { NumberFormat.readable(ratio) + "×" }
        func verdict(_ ok: Bool, _ margin: String) -> String { ok ? (margin.isEmpty ? "yes" : "yes (" + margin + ")") : "NO" }
        var rows: [Row] = [
            Row(figure: "parse+decode+select, all wikis", measured: NumberFormat.readable(parseEventsPerSecond) + " events/s",
                needed: "\(Int(live)) events/s", goal: "≥ \(Int(Goals.parseTimesPython))× Python (report.sh)",
                keepsUp: verdict(parseEventsPerSecond >= live, times(parseEventsPerSecond / live) + " live")),
            Row(figure: "parse+decode+select, en", measured: NumberFormat.readable(parseEnglishEventsPerSecond) + " events/s",
                needed: "\(Int(live)) events/s", goal: "",
                keepsUp: verdict(parseEnglishEventsPerSecond >= live, times(parseEnglishEventsPerSecond / live) + " live")),
            Row(figure: "score, an edit to its note", measured: NumberFormat.readable(scoreSecondsPerEdit * 1e6) + " µs/edit",
                needed: "< \(NumberFormat.grouped(Int(perEventBudget))) µs", goal: "",
                keepsUp: verdict(scoreSecondsPerEdit * 1e6 < perEventBudget, "")),
        ]
        for figure in synth {
            let isGoal = figure.voices == 64
            rows.append(Row(
                figure: "synth, \(figure.voices) voice\(figure.voices == 1 ? "" : "s")",
                measured: times(figure.realtimeFactor) + " real time", needed: "1×",
                goal: isGoal ? "≥ \(Int(Goals.synth64RealtimeFactor))×: " + (synthGoalMet ? "met" : "NOT met") : "",
                keepsUp: verdict(figure.realtimeFactor >= 1, "")))
        }
        rows.append(Row(
            figure: "edits JSON→samples, \(Int(live))/s",
            measured: NumberFormat.readable(editSecondsPerEvent * 1e6) + " µs = "
                + NumberFormat.readable(editCorePercentAtLiveRate) + " % core",
            needed: "< 100 % core", goal: "box < \(Int(Goals.wholeProgramCorePercent)) % core (report.sh)",
            keepsUp: verdict(editCorePercentAtLiveRate < 100, "")))
        rows.append(Row(
            figure: "audio queue latency, mean/max",
            measured: NumberFormat.fixed(queueLatencyMean * 1000, 1) + " / " + NumberFormat.fixed(queueLatencyMax * 1000, 1) + " ms",
            needed: "", goal: "mean < \(Int(Goals.queueLatencySeconds * 1000)) ms: " + (latencyGoalMet ? "met" : "NOT met"),
            keepsUp: ""))
        return rows
    }

    /// The report for people: a heading, the table, the verdict.
    public func table() -> String {
        let header = Row(figure: "figure", measured: "measured", needed: "to keep up", goal: "project goal", keepsUp: "keeps up")
        let all = [header] + rows
        let columns: [(Row) -> String] = [{ $0.figure }, { $0.measured }, { $0.needed }, { $0.goal }, { $0.keepsUp }]
        let widths = columns.map { column in all.map { column($0).count }.max() ?? 0 }
        var lines: [String] = []
        lines.append("wikichime" + (version.map { " " + $0 } ?? "") + " bench" + (quick ? " (quick: little work, rough figures)" : "")
            + " on " + machine.model + " (" + machine.architecture + "), one core, CPU time")
        lines.append("")
        for row in all {
            var line = ""
            for (i, column) in columns.enumerated() {
                line += i + 1 < columns.count ? NumberFormat.padRight(column(row), widths[i] + 2) : column(row)
            }
            while line.hasSuffix(" ") { line.removeLast() }
            lines.append(line)
        }
        lines.append("")
        lines.append("keeps up with the live stream (~\(Int(Goals.liveEventsPerSecond)) events/s, one language playing): "
            + (keepsUp ? "yes" : "NO"))
        lines.append("parse: \(corpusEvents) built-in events (35 % Wikidata, 59 % enwiki); all wikis: every event "
            + "decoded; en: 59 % decoded (live: ~5 %).")
        lines.append("edits: the built-in events at \(Int(Goals.liveEventsPerSecond))/s with " + SoundBenchmark.costSelection
            + " playing (" + NumberFormat.readable(editNotesPerSecond) + " notes/s, busier than one language).")
        lines.append("took " + NumberFormat.fixed(durationSeconds, 1) + " s")
        return lines.joined(separator: "\n")
    }

    /// The report for scripts: one JSON object, every figure a number.
    public func json() -> String {
        var fields: [(String, String)] = []
        if let version { fields.append(("version", JSONText.quoted(version))) }
        fields.append(("quick", quick ? "true" : "false"))
        fields.append(("architecture", JSONText.quoted(machine.architecture)))
        fields.append(("model", JSONText.quoted(machine.model)))
        fields.append(("live_rate_events_per_second", NumberFormat.json(Goals.liveEventsPerSecond, 0)))
        fields.append(("parse_events_per_second", NumberFormat.json(parseEventsPerSecond, 1)))
        fields.append(("parse_en_events_per_second", NumberFormat.json(parseEnglishEventsPerSecond, 1)))
        fields.append(("parse_corpus_events", String(corpusEvents)))
        fields.append(("score_microseconds_per_event", NumberFormat.json(scoreSecondsPerEdit * 1e6, 4)))
        for figure in synth {
            fields.append(("synth_\(figure.voices)_voices_realtime_factor", NumberFormat.json(figure.realtimeFactor, 1)))
        }
        fields.append(("edit_microseconds_per_event", NumberFormat.json(editSecondsPerEvent * 1e6, 2)))
        fields.append(("edit_core_percent_at_live_rate", NumberFormat.json(editCorePercentAtLiveRate, 4)))
        fields.append(("edit_notes_per_second", NumberFormat.json(editNotesPerSecond, 2)))
        fields.append(("queue_latency_mean_ms", NumberFormat.json(queueLatencyMean * 1000, 2)))
        fields.append(("queue_latency_max_ms", NumberFormat.json(queueLatencyMax * 1000, 2)))
        fields.append(("keeps_up", keepsUp ? "true" : "false"))
        fields.append(("synth_goal_met", synthGoalMet ? "true" : "false"))
        fields.append(("queue_latency_goal_met", latencyGoalMet ? "true" : "false"))
        fields.append(("duration_seconds", NumberFormat.json(durationSeconds, 2)))
        return "{" + fields.map { JSONText.quoted($0.0) + ": " + $0.1 }.joined(separator: ", ") + "}"
    }
}
