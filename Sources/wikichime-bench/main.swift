// wikichime-bench: the benchmarks' command-line front end (the measuring code is in Sources/Bench,
// which `wikichime bench` shares). It prints numbers and never judges them
// (see Tests/Benchmarks/README.md).
//   make-corpus OUT.sse [EVENTS]   write an SSE corpus cycled from the recorded fixtures
//   stream CORPUS.sse [--languages en,de] [--repeat N] [--json]
//                                  SSEParser → EditPipeline over the corpus in 64 KiB chunks
//   synth [--voices 1,16,64] [--seconds S] [--repeat N] [--sample-rate R] [--json]
//                                  Synthesizer.render with N voices sounding
//   sound [--json]                 an edit from JSON to samples; the audio queue's latency
//   score [--edits N] [--repeat N] [--json]
//                                  Score.cue and its note per edit, on the built-in events
//   device [--quick] [--json]      what `wikichime bench` runs: does this machine keep up?

enum Usage {
    static let text = """
        usage: wikichime-bench make-corpus OUT.sse [EVENTS]
               wikichime-bench stream CORPUS.sse [--languages en,de] [--repeat N] [--json]
               wikichime-bench synth [--voices 1,16,64] [--seconds S] [--repeat N] [--sample-rate R] [--json]
               wikichime-bench sound [--json]
               wikichime-bench score [--edits N] [--repeat N] [--json]
               wikichime-bench device [--quick] [--json]
        """
}

func main() {
    let args = Array(CommandLine.arguments.dropFirst())
    guard let command = args.first else { fail(Usage.text) }
    let rest = Array(args.dropFirst())
    switch command {
    case "make-corpus": makeCorpus(rest)
    case "stream": stream(rest)
    case "synth": synthCommand(rest)
    case "sound": soundCommand(rest)
    case "score": scoreCommand(rest)
    case "device": deviceCommand(rest)
    case "-h", "--help", "help": print(Usage.text)
    default: fail(Usage.text)
    }
}

main()
