import ArgumentParser
import EditStream

@main
struct WikichimeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wikichime",
        abstract: "Listen to Wikipedia: every live edit becomes a note.",
        discussion: """
            wikichime reads the live stream of Wikipedia edits (Wikimedia EventStreams) and turns each \
            edit of the chosen wikis into sound. Run `wikichime run` to start; \
            `wikichime help run` lists its options.
            """,
        version: Wikichime.version,
        subcommands: [Run.self, Status.self, CheckConfig.self, ConfigCommand.self, Render.self, TestSound.self,
                      ListAudioDevices.self, TestGPIO.self, Version.self],
        defaultSubcommand: nil
    )
}

struct Version: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print the version of wikichime and of libcurl.")

    func run() {
        print("wikichime \(Wikichime.version) (libcurl \(Curl.version))")
    }
}
