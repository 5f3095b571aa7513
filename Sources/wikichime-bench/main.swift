// wikichime-bench: the benchmarks' command-line front end (the measuring code is in Sources/Bench,
// which `wikichime bench` shares). It prints numbers and never judges them
// (see Tests/Benchmarks/README.md). The command line is read by Sources/Arguments, as wikichime's.
import Arguments

let wikichimeBench = CommandSpec(
    name: "wikichime-bench",
    abstract: "The benchmarks of wikichime: numbers only, never a verdict (Tests/Benchmarks/README.md).",
    subcommands: [StreamCommands.makeCorpus, StreamCommands.stream, SynthCommand.spec, SoundCommand.spec,
                  DeviceCommands.score, DeviceCommands.device])

/// `value`, when it is more than 0 (`label` names the option or argument it came from).
func positive<Value: Comparable & Numeric>(_ value: Value, _ label: String) throws(UsageError) -> Value {
    guard value > 0 else { throw UsageError("\(label): \(value) is not more than 0") }
    return value
}

CommandLineTool.main(wikichimeBench, version: "wikichime-bench")
