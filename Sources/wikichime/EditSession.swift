#if canImport(Glibc)
import Glibc
#endif
import Appliance
import Arguments
import EditStream
import Logging
import Platform
import Score

/// What `run` and `render` do with each event, from the network or a file: record it, pass it
/// through the pipeline and the score, hand the cue to `play`, and print and trace the edits
/// that pass the selection. Runs on one thread (the stream's or the renderer's).
final class EditSession {
    private(set) var pipeline: EditPipeline
    private var score: Score
    private let play: (Cue, SoundingEdit, Double) -> Void
    private let recorder: LineFile?
    private let trace: LineFile?
    private let printEdits: Bool
    private let logger: Logger
    private var reportedMalformed = 0
    private var failedOutputs: Set<String> = []
    private(set) var cuesPlayed = 0
    private(set) var cuesDropped = 0
    private var welcomeNewUsers = true
    /// Settings changed by a reload, taken up by the stream thread at its next event.
    private let pendingUpdate = Locked<Update?>(nil)
    /// What other threads (status, supervisor) may read.
    private let published = Locked(Snapshot())

    struct Update {
        var selection: WikiSelection
        var rules: SoundRules
        var welcomeNewUsers: Bool
        var clavOctaveUpBelow: Int
    }

    struct Snapshot {
        var counters = EditCounters()
        var played = 0
        var dropped = 0
    }

    /// - Parameter play: receives each cue that is not dropped, with its edit and its time in seconds.
    init(pipeline: EditPipeline, score: Score, recordPath: String?, tracePath: String?, printEdits: Bool,
         logger: Logger, play: @escaping (Cue, SoundingEdit, Double) -> Void) throws {
        self.pipeline = pipeline
        self.score = score
        self.play = play
        self.recorder = try recordPath.map { try LineFile(path: $0, append: true) }
        self.trace = try tracePath.map { try LineFile(path: $0, append: false) }
        self.printEdits = printEdits
        self.logger = logger
    }

    /// - Parameter time: seconds since start: the arrival time live, the place in a render.
    func handle(_ json: UnsafeRawBufferPointer, at time: Double) {
        if let update = pendingUpdate.withLock({ pending in defer { pending = nil }; return pending }) {
            pipeline.selection = update.selection
            pipeline.rules = update.rules
            welcomeNewUsers = update.welcomeNewUsers
            score.raiseClavNotes(below: update.clavOctaveUpBelow)
        }
        defer { publish() }
        if let recorder { write { try recorder.writeLine(json) } }
        let edit = pipeline.process(json)
        reportMalformed()
        guard let edit else { return }
        var cue = score.cue(for: edit, at: time)
        if cue.instrument == .swell && !welcomeNewUsers && cue.dropped == nil { cue.dropped = .disabled }
        if cue.dropped == nil {
            cuesPlayed += 1
            play(cue, edit, time)
        } else {
            cuesDropped += 1
        }
        if printEdits { writeLine(Self.describe(edit, cue), to: STDOUT_FILENO) }
        if let trace {
            var line = TraceLine(seconds: time, edit: edit)
            line.add("instrument", cue.instrument.rawValue)
            line.add("index", cue.index)
            line.add("midi", cue.midi)
            line.add("swell", cue.swell)
            line.add("dropped", cue.dropped != nil)
            write { try trace.writeLine(line.json) }
        }
    }

    /// One line for a person: `enwiki addition +593 B Alex Winter (celesta D#5)`.
    static func describe(_ edit: SoundingEdit, _ cue: Cue) -> String {
        let size = edit.delta.map { ($0 > 0 ? "+" : "") + "\($0) B" } ?? "account"
        let sound = cue.midi.map { "\(cue.instrument.rawValue) \(noteName($0))" } ?? "swell \((cue.swell ?? 0) + 1)"
        return "\(edit.change.wiki ?? edit.change.serverName ?? "?") \(edit.kind.rawValue) \(size) "
            + (edit.change.title ?? edit.change.user ?? "") + " (\(sound)\(cue.dropped.map { ", dropped: \($0.rawValue)" } ?? ""))"
    }

    static func noteName(_ midi: Int) -> String {
        let names = ["C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"]
        return names[((midi % 12) + 12) % 12] + String(midi / 12 - 1)
    }

    /// A malformed event is skipped, never fatal; say so for the first and then every tenfold count.
    private func reportMalformed() {
        let count = pipeline.counters.malformed
        guard count > reportedMalformed else { return }
        reportedMalformed = count
        if count == 1 || count == 10 || count == 100 || count % 1000 == 0 {
            logger.warning("skipped a malformed event (\(pipeline.lastMalformedReason ?? "?")); \(count) so far")
        }
    }

    /// A full disk must not stop the box: log once per file and go on without it.
    private func write(_ body: () throws -> Void) {
        do {
            try body()
        } catch let error as SystemCallError {
            if failedOutputs.insert(error.path).inserted { logger.error("\(error); going on without it") }
        } catch {
            logger.error("\(error)")
        }
    }

    /// Takes up what a reload or a button changed, at the next event.
    func update(from settings: Settings) {
        let update = Update(selection: settings.selection, rules: settings.soundRules, welcomeNewUsers: settings.welcomeNewUsers,
                            clavOctaveUpBelow: settings.raiseLowNotes ? ScoreSettings.lowNote : 0)
        pendingUpdate.withLock { $0 = update }
    }

    var snapshot: Snapshot { published.withLock { $0 } }

    private func publish() {
        let counters = pipeline.counters, played = cuesPlayed, dropped = cuesDropped
        published.withLock { $0 = Snapshot(counters: counters, played: played, dropped: dropped) }
    }

    func summary() -> String {
        let c = pipeline.counters
        return "\(c.received) events: \(c.sounding) selected (\(cuesPlayed) played, \(cuesDropped) dropped), "
            + "\(c.otherWikis) other wikis, \(c.silent) silent, \(c.duplicates) duplicates, \(c.malformed) malformed, "
            + "\(c.canary) canary"
    }
}
