// wikichime-bench: the benchmarks' command-line front end (the measuring code is in Sources/Bench,
// which `wikichime bench` shares). It prints numbers and never judges them
// (see Tests/Benchmarks/README.md). The command line is read by Sources/Arguments, as wikichime's.
import Arguments

let wikichimeBench = CommandSpec(
    name: "wikichime-bench",
    abstract: "The benchmarks of wikichime: numbers only, never a verdict (Tests/Benchmarks/README.md).",
    subcommands: [StreamCommands.makeCorpus, StreamCommands.stream, SynthCommand.spec, SoundCommand.spec,
                  DeviceCommands.score, DeviceCommands.device])

/// The value of a numeric option or argument that must be more than 0.
func positive<Value: ArgumentValue & Comparable & Numeric>(
    _ arguments: ParsedArguments, _ name: String, as type: Value.Type
) throws(UsageError) -> Value {
    let value = try arguments.value(name, as: type)
    guard value > 0 else { throw UsageError("\(name.hasPrefix("<") ? name : "--" + name): \(value) is not more than 0") }
    return value
}

CommandLineTool.main(wikichimeBench, version: "wikichime-bench")
