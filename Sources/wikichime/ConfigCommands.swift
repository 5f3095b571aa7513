#if canImport(Glibc)
import Glibc
#endif
import Appliance
import Arguments
import Platform

struct CheckConfig {
    static let spec = CommandSpec(
        name: "check-config",
        abstract: "Check a config file without running: prints each problem with its line; exit status 0 or 1.",
        arguments: [ArgumentSpec("path", help: "The config file.", default: "/etc/wikichime.conf")],
        action: { try CheckConfig(path: $0.value("<path>")).run() })

    let path: String

    func run() throws {
        let text: String
        do {
            guard let read = try WholeFile.text(path) else {
                writeLine("\(path): no such file (the box runs on built-in defaults without one)", to: STDERR_FILENO)
                throw ExitStatus.failure
            }
            text = read
        } catch let error as SystemCallError {
            writeLine("\(error)", to: STDERR_FILENO)
            throw ExitStatus.failure
        }
        let result = ConfigFile(path: path, text: text).read()
        for issue in result.issues { writeLine(issue.description, to: STDERR_FILENO) }
        guard result.isValid else { throw ExitStatus.failure }
        writeLine("\(path): ok", to: STDOUT_FILENO)
    }
}

enum ConfigCommand {
    static let spec = CommandSpec(
        name: "config",
        abstract: "Show or change one setting of the config file.",
        subcommands: [Get.spec, Set.spec])

    static let configOption = OptionSpec.option("config", value: "path", help: "The config file.",
                                                default: "/etc/wikichime.conf")

    struct Get {
        static let spec = CommandSpec(
            name: "get",
            abstract: "Print the value a key has (the file's, or the default).",
            options: [configOption],
            arguments: [ArgumentSpec("key", help: "The key, e.g. languages.")],
            action: { try Get(key: $0.value("<key>"), config: $0.value("config")).run() })

        let key: String
        let config: String

        func run() throws {
            guard let configKey = ConfigKey.named(key) else {
                writeLine(ConfigEditor.EditError.unknownKey(key).description, to: STDERR_FILENO)
                throw ExitStatus.failure
            }
            let text = (try? WholeFile.text(config)).flatMap { $0 } ?? ""
            let result = ConfigFile(path: config, text: text).read()
            for issue in result.errors { writeLine(issue.description, to: STDERR_FILENO) }
            writeLine(configKey.value(in: result.settings), to: STDOUT_FILENO)
        }
    }

    struct Set {
        static let spec = CommandSpec(
            name: "set",
            abstract: "Change a key in the file (comments and order kept), check it, and reload the running box.",
            discussion: "The file is written atomically: a power cut leaves the old or the new file, never half of one.",
            options: [
                configOption,
                .option("runtime-dir", value: "dir", help: "Where the running box publishes its status."),
            ],
            arguments: [
                ArgumentSpec("key", help: "The key, e.g. volume."),
                ArgumentSpec("value", help: "The new value, e.g. 40 (quote lists: \"en, de\")."),
            ],
            action: { arguments in
                try Set(key: arguments.value("<key>"), value: arguments.value("<value>"),
                        config: arguments.value("config"), runtimeDirectory: arguments.optional("runtime-dir")).run()
            })

        let key: String
        let value: String
        let config: String
        let runtimeDirectory: String?

        func run() throws {
            do {
                let text = try WholeFile.text(config) ?? ""
                let edited = try ConfigEditor.setting(key, to: value, in: text, path: config)
                try AtomicFile.write(edited, to: config)
            } catch let error as ConfigEditor.EditError {
                writeLine(error.description, to: STDERR_FILENO)
                throw ExitStatus.failure
            } catch {
                writeLine("\(error)", to: STDERR_FILENO)
                throw ExitStatus.failure
            }
            let restart = ConfigKey.named(key)?.needsRestart == true
            let directory = runtimeDirectory ?? environment("RUNTIME_DIRECTORY") ?? "/run/wikichime"
            switch RunningBox.find(runtimeDirectory: directory) {
            case .running(let pid):
                if restart {
                    writeLine("\(key) = \(value) written; it takes effect after `sudo systemctl restart wikichime`", to: STDOUT_FILENO)
                } else if kill(pid, SIGHUP) == 0 {
                    writeLine("\(key) = \(value) written; the running box reloaded it", to: STDOUT_FILENO)
                } else {
                    writeLine("\(key) = \(value) written; reload it with `sudo systemctl reload wikichime` "
                        + "(\(String(cString: strerror(errno))))", to: STDOUT_FILENO)
                }
            case .notRunning:
                writeLine("\(key) = \(value) written; wikichime is not running, it applies at the next start", to: STDOUT_FILENO)
            }
        }
    }
}
