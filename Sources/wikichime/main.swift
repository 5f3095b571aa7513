import Arguments
import EditStream
import Platform

enum Version {
    static let spec = CommandSpec(name: "version", abstract: "Print the version of wikichime and of libcurl.") { _ in
        writeLine("wikichime \(Wikichime.version) (libcurl \(Curl.version))", to: 1)
    }
}

/// Every command of `wikichime`, as `wikichime --help` lists them.
let wikichime = CommandSpec(
    name: "wikichime",
    abstract: "Listen to Wikipedia: every live edit becomes a note.",
    discussion: """
        wikichime reads the live stream of Wikipedia edits (Wikimedia EventStreams) and turns each \
        edit of the chosen wikis into sound. Run `wikichime run` to start; \
        `wikichime help run` lists its options.
        """,
    subcommands: [Run.spec, Status.spec, CheckConfig.spec, ConfigCommand.spec, Render.spec, TestSound.spec,
                  ListAudioDevices.spec, TestGPIO.spec, BenchCommand.spec, Version.spec])


CommandLineTool.main(wikichime, version: Wikichime.version)
