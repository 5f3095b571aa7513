#if canImport(Glibc)
import Glibc
#endif
import Appliance
import Arguments
import Platform

/// Finds the running box by the status file it keeps up to date.
enum RunningBox {
    case running(pid: Int32)
    case notRunning(reason: String)

    /// A status file counts when its process is alive and wrote it in the last 15 s.
    static func find(runtimeDirectory: String) -> RunningBox {
        let path = runtimeDirectory + "/status"
        guard let text = (try? WholeFile.text(path)).flatMap({ $0 }) else {
            return .notRunning(reason: "no status file at \(path)")
        }
        let fields = Dictionary(StatusReport.parse(text), uniquingKeysWith: { _, last in last })
        guard let pid = fields["pid"].flatMap({ Int32($0) }), pid > 0 else {
            return .notRunning(reason: "\(path) names no process")
        }
        if kill(pid, 0) != 0 && errno == ESRCH { return .notRunning(reason: "process \(pid) has ended") }
        if let updated = fields["updated_at"].flatMap(Double.init), Double(time(nil)) - updated > 15 {
            return .notRunning(reason: "process \(pid) has not updated \(path) for \(Int(Double(time(nil)) - updated)) s: it may be hung")
        }
        return .running(pid: pid)
    }
}

struct Status {
    static let spec = CommandSpec(
        name: "status",
        abstract: "Show what the running box is doing: connection, edits, sound, settings, errors.",
        discussion: "Exit status 0 when it runs, 3 when it does not (as `systemctl status`).",
        options: [
            .flag("json", help: "Print one JSON object instead of text."),
            .option("runtime-dir", value: "dir", help:
                "Where the box publishes its status ($RUNTIME_DIRECTORY, else /run/wikichime)."),
        ],
        action: { try Status(json: $0.flag("json"), runtimeDirectory: $0.optional("runtime-dir")).run() })

    let json: Bool
    let runtimeDirectory: String?

    func run() throws {
        let directory = runtimeDirectory ?? environment("RUNTIME_DIRECTORY") ?? "/run/wikichime"
        switch RunningBox.find(runtimeDirectory: directory) {
        case .notRunning(let reason):
            if json {
                writeLine("{\"running\":false,\"reason\":\(JSONText.quoted(reason))}", to: STDOUT_FILENO)
            } else {
                writeLine("wikichime is not running (\(reason)); start it with `sudo systemctl start wikichime`",
                          to: STDOUT_FILENO)
            }
            throw ExitStatus(3)
        case .running:
            let fields = StatusReport.parse((try? WholeFile.text(directory + "/status")).flatMap { $0 } ?? "")
            if json {
                writeLine(StatusReport.json([("running", "true")] + fields).replacingRunningFlag(), to: STDOUT_FILENO)
            } else {
                let width = fields.map(\.0.count).max() ?? 0
                writeLine("wikichime is running", to: STDOUT_FILENO)
                for (key, value) in fields {
                    let label = key.replacingUnderscores()
                    writeLine("  " + label + String(repeating: " ", count: width - key.count) + "  " + value, to: STDOUT_FILENO)
                }
            }
        }
    }
}

private extension String {
    func replacingUnderscores() -> String { String(map { $0 == "_" ? " " : $0 }) }

    /// `"running":"true"` → `"running":true`.
    func replacingRunningFlag() -> String {
        let quoted = "\"running\":\"true\""
        guard hasPrefix("{" + quoted) else { return self }
        return "{\"running\":true" + dropFirst(quoted.count + 1)
    }
}
