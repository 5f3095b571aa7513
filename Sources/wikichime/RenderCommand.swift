import ArgumentParser
import Audio
import EditStream
import Score
import Synth

struct Render: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Render recorded edits to a WAV file, faster than real time.",
        discussion: """
            Plays a recording (JSON Lines or an SSE capture) through the same selection, score and \
            synthesiser as `run`, placing event n at n / rate seconds, and writes 16-bit stereo WAV.

            Example:
              wikichime render --input recorded.jsonl --output edits.wav --languages en,de
            """
    )

    @Option(help: ArgumentHelp("The recorded events (JSON Lines or an SSE capture).", valueName: "file"))
    var input: String

    @Option(help: ArgumentHelp("The WAV file to write.", valueName: "file"))
    var output: String

    @Option(help: ArgumentHelp("Wikis to play, separated by commas (as for `run`).", valueName: "list"))
    var languages = "en"

    @Option(help: ArgumentHelp(
        "Events per second of the recording, all wikis counted (the live stream carries about 50).",
        valueName: "events"))
    var rate = 50.0

    @Option(name: .customLong("sample-rate"), help: ArgumentHelp("48000 or 44100.", valueName: "hz"))
    var sampleRate = 48000

    @Option(help: ArgumentHelp("Master volume, 0–100.", valueName: "percent"))
    var volume = 50

    @Option(help: ArgumentHelp("Write one JSON line per selected edit to a file.", valueName: "path"))
    var trace: String?

    @Option(name: .customLong("log-level"), help: ArgumentHelp("error, warning, notice, info or debug.", valueName: "level"))
    var logLevel = "notice"

    func validate() throws {
        do { _ = try WikiSelection(parsing: languages) } catch { throw ValidationError("--languages: \(error)") }
        guard rate > 0, rate.isFinite else { throw ValidationError("--rate: \(rate) must be more than 0 events per second") }
        guard [44100, 48000].contains(sampleRate) else { throw ValidationError("--sample-rate: \(sampleRate) is not 44100 or 48000") }
        guard (0...100).contains(volume) else { throw ValidationError("--volume: \(volume) is not between 0 and 100") }
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
        } catch let error as ValidationError {
            throw error
        } catch {
            logger.error("\(error)")
            throw ExitCode.failure
        }
    }
}
