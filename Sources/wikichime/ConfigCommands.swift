#if canImport(Glibc)
import Glibc
#endif
import Appliance
import ArgumentParser
import EditStream

struct CheckConfig: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config",
        abstract: "Check a config file without running: prints each problem with its line; exit status 0 or 1.")

    @Argument(help: ArgumentHelp("The config file.", valueName: "path"))
    var path = "/etc/wikichime.conf"

    func run() throws {
        let text: String
        do {
            guard let read = try AtomicFile.read(path) else {
                writeLine("\(path): no such file (the box runs on built-in defaults without one)", to: STDERR_FILENO)
                throw ExitCode.failure
            }
            text = read
        } catch let error as FileError {
            writeLine("\(error)", to: STDERR_FILENO)
            throw ExitCode.failure
        }
        let result = ConfigFile(path: path, text: text).read()
        for issue in result.issues { writeLine(issue.description, to: STDERR_FILENO) }
        guard result.isValid else { throw ExitCode.failure }
        writeLine("\(path): ok", to: STDOUT_FILENO)
    }
}

struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Show or change one setting of the config file.",
        subcommands: [Get.self, Set.self])

    struct Get: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the value a key has (the file's, or the default).")

        @Argument(help: ArgumentHelp("The key, e.g. languages.", valueName: "key"))
        var key: String

        @Option(help: ArgumentHelp("The config file.", valueName: "path"))
        var config = "/etc/wikichime.conf"

        func run() throws {
            guard let configKey = ConfigKey.named(key) else {
                writeLine(ConfigEditor.EditError.unknownKey(key).description, to: STDERR_FILENO)
                throw ExitCode.failure
            }
            let text = (try? AtomicFile.read(config)).flatMap { $0 } ?? ""
            let result = ConfigFile(path: config, text: text).read()
            for issue in result.errors { writeLine(issue.description, to: STDERR_FILENO) }
            writeLine(configKey.value(in: result.settings), to: STDOUT_FILENO)
        }
    }

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change a key in the file (comments and order kept), check it, and reload the running box.",
            discussion: "The file is written atomically: a power cut leaves the old or the new file, never half of one.")

        @Argument(help: ArgumentHelp("The key, e.g. volume.", valueName: "key"))
        var key: String

        @Argument(help: ArgumentHelp("The new value, e.g. 40 (quote lists: \"en, de\").", valueName: "value"))
        var value: String

        @Option(help: ArgumentHelp("The config file.", valueName: "path"))
        var config = "/etc/wikichime.conf"

        @Option(name: .customLong("runtime-dir"), help: ArgumentHelp("Where the running box publishes its status.", valueName: "dir"))
        var runtimeDirectory: String?

        func run() throws {
            do {
                let text = try AtomicFile.read(config) ?? ""
                let edited = try ConfigEditor.setting(key, to: value, in: text, path: config)
                try AtomicFile.write(edited, to: config)
            } catch let error as ConfigEditor.EditError {
                writeLine(error.description, to: STDERR_FILENO)
                throw ExitCode.failure
            } catch {
                writeLine("\(error)", to: STDERR_FILENO)
                throw ExitCode.failure
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
