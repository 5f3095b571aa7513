// Hand-written instead of swift-argument-parser, which links FoundationEssentials: 6.0 MB of the
// 14.5 MB aarch64 binary (Board/cross/measure-sizes.sh) and 1.4 MB of peak RSS on the host (README).
#if canImport(Glibc)
import Glibc
#endif

/// Runs the command a command line names: its help, the version, or its action, and exits.
public enum CommandLineTool {
    /// Exit status for a command line that does not fit (EX_USAGE).
    public static let usageStatus: Int32 = 64

    public static func main(_ root: CommandSpec, version: String, arguments: [String] = CommandLine.arguments) -> Never {
        switch ArgumentParsing.parse(Array(arguments.dropFirst()), root: root) {
        case .help(let path):
            writeText(HelpText.render(path), to: STDOUT_FILENO)
            exit(0)
        case .version:
            writeText(version + "\n", to: STDOUT_FILENO)
            exit(0)
        case .usageError(let error, let path):
            fail(error, path: path)
        case .run(let command, let parsed):
            let path = resolve(parsed.commandPath, root: root)
            do {
                try command.action!(parsed)
            } catch let error as UsageError {
                fail(error, path: path)
            } catch let status as ExitStatus {
                exit(status.code)
            } catch {
                writeText("Error: \(error)\n", to: STDERR_FILENO)
                exit(1)
            }
            exit(0)
        }
    }

    private static func fail(_ error: UsageError, path: [CommandSpec]) -> Never {
        let name = path.map(\.name).joined(separator: " ")
        writeText("Error: \(error.message)\nUsage: \(HelpText.usage(path))\n  See '\(name) --help' for more information.\n",
              to: STDERR_FILENO)
        exit(usageStatus)
    }

    private static func resolve(_ names: [String], root: CommandSpec) -> [CommandSpec] {
        var path = [root]
        for name in names.dropFirst() {
            guard let next = path.last!.subcommand(named: name) else { break }
            path.append(next)
        }
        return path
    }
}
