import ArgumentParser

@main
struct Probe: ParsableCommand {
    static let configuration = CommandConfiguration(subcommands: [Version.self])
    @Option(help: "A number.") var count = 1
    func run() { print("argparser probe: \(count)") }
}

struct Version: ParsableCommand {
    func run() { print("0") }
}
