// wikichime-soak: a day of the live stream through the whole box, as fast as it can take it,
// with resident memory and open descriptors sampled (issue 7; run it with Tests/Soak/run.sh,
// see Tests/Soak/README.md).
//
// The parts are the product's, wired as `wikichime run` wires them: the real libcurl
// `StreamClient` against a local server (Tests/Soak/soak_server.py) that cuts the connection
// every few thousand events, the SSE dispatch, `EditPipeline`, `Score`, the `Synthesizer`
// rendering into a `NullSink`, and the `Panel` on fake hardware receiving the flashes.
//
// The one thing differing from the product is time. A day cannot be played in real time, so
// the soak runs on a virtual clock: event i happens at i / 50 s (a day is 4.32 million events).
// The score's throttle, the audio rendered (exactly the virtual time elapsed: a day of sound is
// synthesised) and the panel's clock all follow it. Because of it, the parts that follow the
// wall clock on threads of their own in the product run here on the stream's thread at virtual
// times: the synthesiser through `OfflineRenderer` instead of `AudioEngine`'s paced audio thread,
// and the panel stepped at its deadlines instead of its poll loop.
#if canImport(Glibc)
import Glibc
#endif
import Arguments
import Logging

/// Plays the soak; every part it made is released when it returns, before the process exits, so
/// that a leak checker sees only real leaks.
func runSoak(_ options: SoakOptions) -> Int32 {
    var logger = Logger(label: "wikichime-soak") { StreamLogHandler.standardError(label: $0) }
    logger.logLevel = options.logLevel
    let result: SoakResult
    do {
        result = try Soak(options: options, logger: logger).run()
    } catch {
        printError("wikichime-soak: \(error)")
        return 1
    }
    if options.json {
        print(result.json())
    } else {
        result.printSummary()
    }
    return result.isCorrect ? 0 : 1
}

func printError(_ text: String) {
    writeLine(text, to: STDERR_FILENO)
}

CommandLineTool.main(SoakOptions.command { options in
    let status = runSoak(options)
    if status != 0 { throw ExitStatus(status) }
}, version: "wikichime-soak")
