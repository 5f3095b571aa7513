import Arguments
import Audio
import EditStream
import Score
import Synth

struct Render {
    static let spec = CommandSpec(
        name: "render",
        abstract: "Render recorded edits to a WAV file, faster than real time.",
        discussion: """
            Plays a recording (JSON Lines or an SSE capture) through the same selection, score and \
            synthesiser as `run`, placing event n at n / rate seconds, and writes 16-bit stereo WAV.

            Example:
              wikichime render --input recorded.jsonl --output edits.wav --languages en,de
            """,
        options: [
            .option("input", value: "file", help: "The recorded events (JSON Lines or an SSE capture).", required: true),
            .option("output", value: "file", help: "The WAV file to write.", required: true),
            .option("languages", value: "list", help: "Wikis to play, separated by commas (as for `run`).", default: "en"),
            .option("rate", value: "events", help:
                "Events per second of the recording, all wikis counted (the live stream carries about 50).", default: "50"),
            .option("sample-rate", value: "hz", help: "48000 or 44100.", default: "48000"),
            .option("volume", value: "percent", help: "Master volume, 0–100.", default: "50"),
            .option("trace", value: "path", help: "Write one JSON line per selected edit to a file."),
            .option("log-level", value: "level", help: "error, warning, notice, info or debug.", default: "notice"),
        ],
        action: { try Render($0).run() })

    let input: String
    let output: String
    let languages: String
    let rate: Double
    let sampleRate: Int
    let volume: Int
    let trace: String?
    let logLevel: String

    init(_ arguments: ParsedArguments) throws(UsageError) {
        input = try arguments.value("input")
        output = try arguments.value("output")
        languages = try arguments.value("languages")
        rate = try arguments.value("rate")
        sampleRate = try arguments.value("sample-rate")
        volume = try arguments.value("volume")
        trace = try arguments.optional("trace")
        logLevel = try arguments.value("log-level")
        do { _ = try WikiSelection(parsing: languages) } catch { throw UsageError("--languages: \(error)") }
        guard rate > 0 else { throw UsageError("--rate: \(rate) must be more than 0 events per second") }
        guard [44100, 48000].contains(sampleRate) else { throw UsageError("--sample-rate: \(sampleRate) is not 44100 or 48000") }
        guard (0...100).contains(volume) else { throw UsageError("--volume: \(volume) is not between 0 and 100") }
    }

    func run() throws {
        let logger = bootstrapLogging(level: logLevel)
        do {
            let renderer = OfflineRenderer(sink: try WAVFileSink(path: output, sampleRate: sampleRate),
                                           volume: Double(volume) / 100)
            var failure: AudioError?
            let session = try EditSession(
                pipeline: EditPipeline(selection: try WikiSelection(parsing: languages)), score: Score(),
                recordPath: nil, tracePath: trace, printEdits: false, logger: logger,
                play: { cue, _, time in
                    guard failure == nil else { return }
                    do { try renderer.play(Note(cue), at: time) } catch let error as AudioError { failure = error } catch {}
                })
            var index = 0
            try ReplaySource(path: input).run(shouldStop: { failure != nil }) { json in
                session.handle(json, at: Double(index) / rate)
                index += 1
            }
            if let failure { throw failure }
            try renderer.finish(at: Double(index) / rate)
            logger.notice("\(session.summary()); wrote \(output)")
        } catch {
            logger.error("\(error)")
            throw ExitStatus.failure
        }
    }
}
