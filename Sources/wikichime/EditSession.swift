#if canImport(Glibc)
import Glibc
#endif
import EditStream
import Logging

/// What `run` does with each event that arrives, from the network or a file: record it, pass it
/// through the pipeline, and print and trace the edits that sound. Runs on one thread.
final class EditSession {
    private(set) var pipeline: EditPipeline
    private let recorder: LineFile?
    private let trace: LineFile?
    private let printEdits: Bool
    private let logger: Logger
    private let startedAt = MonotonicClock.now()
    private var reportedMalformed = 0
    private var failedOutputs: Set<String> = []

    init(pipeline: EditPipeline, recordPath: String?, tracePath: String?, printEdits: Bool, logger: Logger) throws {
        self.pipeline = pipeline
        self.recorder = try recordPath.map { try LineFile(path: $0, append: true) }
        self.trace = try tracePath.map { try LineFile(path: $0, append: false) }
        self.printEdits = printEdits
        self.logger = logger
    }

    func handle(_ json: UnsafeRawBufferPointer) {
        if let recorder { write { try recorder.writeLine(json) } }
        let edit = pipeline.process(json)
        reportMalformed()
        guard let edit else { return }
        if printEdits { writeLine(Self.describe(edit), to: STDOUT_FILENO) }
        if let trace {
            let line = TraceLine(seconds: MonotonicClock.now() - startedAt, edit: edit)
            write { try trace.writeLine(line.json) }
        }
    }

    /// One line for a person: `enwiki addition +123 B Albert Einstein`.
    static func describe(_ edit: SoundingEdit) -> String {
        let size = edit.delta.map { ($0 > 0 ? "+" : "") + "\($0) B" } ?? "account"
        return "\(edit.change.wiki ?? edit.change.serverName ?? "?") \(edit.kind.rawValue) \(size) "
            + (edit.change.title ?? edit.change.user ?? "")
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
        } catch let error as FileError {
            if failedOutputs.insert(error.path).inserted { logger.error("\(error); going on without it") }
        } catch {
            logger.error("\(error)")
        }
    }

    func summary() -> String {
        let c = pipeline.counters
        return "\(c.received) events: \(c.sounding) selected, \(c.otherWikis) other wikis, \(c.silent) silent, "
            + "\(c.duplicates) duplicates, \(c.malformed) malformed, \(c.canary) canary"
    }
}
