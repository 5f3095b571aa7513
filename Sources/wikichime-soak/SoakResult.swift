import EditStream
import Platform

/// What a soak found, judged for correctness only (every event once, in order; reconnects
/// matching the server's cuts; no stall), and printed as a table and a summary or as JSON.
/// Memory and speed are printed beside the goal, never judged.
struct SoakResult {
    let options: SoakOptions
    var ledger = DeliveryLedger(expected: 1)
    var samples = SoakSamples(capacity: 0, warmupEvents: 0)
    var memory = SoakSamples.Memory()
    var wallSeconds = 0.0
    var stalled = false
    var connections = 0
    var lastError: String?
    var server: ServerStats?
    var counters = EditCounters()
    var notesPlayed = 0
    var cuesDropped = 0
    var audioFailures = 0
    var audioFrames = 0
    var stolenVoices = 0
    /// Switch-ons of the additions, deletions and new-user LEDs.
    var flashes = [0, 0, 0]
    var statusBlinks = 0
    var buttonPresses = 0
    var buttonActions = 0

    init(options: SoakOptions) {
        self.options = options
    }

    /// The goal of issue 7: RSS growth after warm-up under 1 MB per million events.
    static let growthGoal = 1_000_000.0

    var reconnects: Int { max(0, connections - 1) }

    /// Why the run is not correct; empty when it is.
    var failures: [String] {
        var found: [String] = []
        if ledger.lost > 0 { found.append("\(ledger.lost) events lost") }
        if ledger.duplicated > 0 { found.append("\(ledger.duplicated) events delivered twice") }
        if ledger.outOfOrder > 0 { found.append("\(ledger.outOfOrder) events out of order") }
        if ledger.unexpected > 0 { found.append("\(ledger.unexpected) events without a sequence number in range") }
        if stalled { found.append("no event for \(Int(options.stallTimeout)) s: the client stalled (\(lastError ?? "no error"))") }
        if audioFailures > 0 { found.append("\(audioFailures) audio failures") }
        if let server {
            let cuts = server["cuts"] ?? -1
            if reconnects != cuts { found.append("\(reconnects) reconnects for \(cuts) cuts") }
            if let mismatches = server["resume_mismatches"], mismatches > 0 {
                found.append("\(mismatches) resumes not from the last complete event")
            }
            if let faults = server["faults"], faults > 0 { found.append("the server injected \(faults) fault(s)") }
        } else if options.serverStats != nil {
            found.append("cannot read the server's statistics at \(options.serverStats!)")
        }
        return found
    }

    var isCorrect: Bool { failures.isEmpty }

    // MARK: Text

    static let header = "    events  virtual h   wall s   RSS MB  fds    notes  voices"

    static func row(_ s: SoakSample) -> String {
        pad(s.events, 10) + pad(fixed(s.virtualSeconds / 3600, 2), 11) + pad(fixed(s.wallSeconds, 1), 9)
              + pad(fixed(Double(s.residentBytes) / 1e6, 2), 9) + pad(s.descriptors, 5) + pad(s.notesPlayed, 9)
              + pad(s.activeVoices, 8)
    }

    func printSummary() {
        let m = memory
        let rate = Double(ledger.delivered) / max(wallSeconds, 1e-9)
        let cuts = server?["cuts"].map(String.init) ?? "?"
        let abrupt = server?["abrupt_cuts"].map(String.init) ?? "?"
        print("""

            events: \(ledger.expected) sent, \(ledger.delivered) delivered, \(ledger.lost) lost, \
            \(ledger.duplicated) duplicated, \(ledger.outOfOrder) out of order
            connection: \(reconnects) reconnects for \(cuts) server cuts (\(abrupt) abrupt)
            wall time: \(Self.fixed(wallSeconds, 1)) s, \(Int(rate)) events/s \
            (\(Self.fixed(Double(ledger.expected) / options.rate / max(wallSeconds, 1e-9), 0))× real time)
            played (\(options.languages)): \(counters.sounding) edits selected, \(notesPlayed) notes, \
            \(cuesDropped) dropped by the score, \(counters.duplicates) duplicates, \(counters.malformed) malformed
            audio: \(Self.fixed(Double(audioFrames) / Double(options.sampleRate) / 3600, 2)) h at \
            \(options.sampleRate) Hz into the null sink, \(stolenVoices) voices stolen
            panel: flashes \(flashes[0]) additions, \(flashes[1]) deletions, \(flashes[2]) new users; \
            \(statusBlinks) status blinks; \(buttonActions) button actions of \(buttonPresses) presses
            RSS: \(Self.mb(m.startBytes)) at start, \(Self.mb(m.warmupBytes)) after warm-up \
            (\(m.warmupAtEvents) events, the first \(Int(options.warmupFraction * 100)) %), \
            max \(Self.mb(m.maxBytes)), end \(Self.mb(m.endBytes))
            growth after warm-up: \(Self.kb(m.growthPerMillion)) per million events (least squares over \
            \(m.samplesAfterWarmup) samples), max − min \(Self.kb(Double(m.spreadAfterWarmup))) \
            [goal: under 1 MB (1000 kB) per million events]
            descriptors: \(m.descriptorsAtStart) before connecting; while streaming min \(m.descriptorsMin), \
            max \(m.descriptorsMax) [goal: constant]
            """)
        let problems = failures
        print(problems.isEmpty ? "correct: every event exactly once, in order; reconnects = cuts"
                               : "FAILED: " + problems.joined(separator: "; "))
    }

    // MARK: JSON

    func json() -> String {
        let m = memory
        var fields: [(String, String)] = [
            ("events", "\(ledger.expected)"), ("delivered", "\(ledger.delivered)"), ("lost", "\(ledger.lost)"),
            ("duplicated", "\(ledger.duplicated)"), ("out_of_order", "\(ledger.outOfOrder)"),
            ("unexpected", "\(ledger.unexpected)"), ("reconnects", "\(reconnects)"), ("stalled", "\(stalled)"),
        ]
        for key in ["cuts", "abrupt_cuts", "resume_mismatches", "faults"] {
            fields.append(("server_" + key, server?[key].map(String.init) ?? "null"))
        }
        fields += [
            ("wall_seconds", Self.fixed(wallSeconds, 3)),
            ("events_per_second", Self.fixed(Double(ledger.delivered) / max(wallSeconds, 1e-9), 1)),
            ("virtual_hours", Self.fixed(Double(ledger.expected) / options.rate / 3600, 4)),
            ("sample_rate", "\(options.sampleRate)"), ("audio_frames", "\(audioFrames)"),
            ("selected", "\(counters.sounding)"), ("notes_played", "\(notesPlayed)"), ("cues_dropped", "\(cuesDropped)"),
            ("flashes", "[\(flashes[0]), \(flashes[1]), \(flashes[2])]"), ("button_actions", "\(buttonActions)"),
            ("button_presses", "\(buttonPresses)"),
            ("rss_start_bytes", "\(m.startBytes)"), ("rss_warmup_bytes", "\(m.warmupBytes)"),
            ("warmup_events", "\(m.warmupAtEvents)"), ("rss_max_bytes", "\(m.maxBytes)"), ("rss_end_bytes", "\(m.endBytes)"),
            ("growth_bytes_per_million_events", Self.fixed(m.growthPerMillion, 0)),
            ("spread_after_warmup_bytes", "\(m.spreadAfterWarmup)"),
            ("fds_start", "\(m.descriptorsAtStart)"), ("fds_min", "\(m.descriptorsMin)"), ("fds_max", "\(m.descriptorsMax)"),
            ("correct", "\(isCorrect)"),
            ("failures", "[" + failures.map(JSONText.quoted).joined(separator: ", ") + "]"),
        ]
        let rows = samples.all.map { s in
            "[\(s.events), \(Self.fixed(s.wallSeconds, 2)), \(s.residentBytes), \(s.descriptors), \(s.notesPlayed), \(s.activeVoices)]"
        }
        fields.append(("samples_columns", "[\"events\", \"wall_seconds\", \"rss_bytes\", \"fds\", \"notes\", \"voices\"]"))
        fields.append(("samples", "[" + rows.joined(separator: ", ") + "]"))
        return "{" + fields.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}"
    }

    // MARK: Formatting (no Foundation)

    /// A non-finite figure is 0: the same figures go into the JSON, which could not carry it.
    static func fixed(_ value: Double, _ decimals: Int) -> String {
        value.isFinite ? formatFixed(value, decimals: decimals) : "0"
    }

    static func mb(_ bytes: Int) -> String { fixed(Double(bytes) / 1e6, 2) + " MB" }

    static func kb(_ bytes: Double) -> String { fixed(bytes / 1e3, 1) + " kB" }

    static func pad(_ value: some CustomStringConvertible, _ width: Int) -> String {
        let text = value.description
        return String(repeating: " ", count: max(0, width - text.count)) + text
    }
}
