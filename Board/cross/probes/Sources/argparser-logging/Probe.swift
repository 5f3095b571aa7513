import ArgumentParser
import Logging

@main
struct Probe: ParsableCommand {
    static let configuration = CommandConfiguration(subcommands: [Version.self])
    @Option(help: "A number.") var count = 1
    func run() {
        LoggingSystem.bootstrap(StreamLogHandler.standardError)
        Logger(label: "probe").notice("argparser-logging probe: \(count)")
    }
}

struct Version: ParsableCommand {
    func run() { print("0") }
}
