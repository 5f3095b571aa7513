import Foundation
import XCTest

/// Runs the `wikichime` binary that SwiftPM built next to the test bundle.
enum Wikichime {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        var timedOut = false

        init(status: Int32, stdout: String, stderr: String, timedOut: Bool = false) {
            self.status = status
            self.stdout = stdout
            self.stderr = stderr
            self.timedOut = timedOut
        }
    }

    static var binary: URL {
        get throws {
            // The test bundle lives in the build products folder, beside the executable.
            var folder = Bundle(for: Marker.self).bundleURL.deletingLastPathComponent()
            if !FileManager.default.fileExists(atPath: folder.appendingPathComponent("wikichime").path) {
                folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            }
            let url = folder.appendingPathComponent("wikichime")
            guard FileManager.default.isExecutableFile(atPath: url.path) else {
                throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: url.path])
            }
            return url
        }
    }

    final class Marker {}

    /// Starts the binary; its output goes to files so that a chatty run cannot fill a pipe.
    static func start(_ arguments: [String], environment: [String: String]? = nil) throws -> Process {
        let process = Process()
        process.executableURL = try binary
        process.arguments = arguments
        if let environment { process.environment = environment }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wikichime-out-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let out = folder.appendingPathComponent("stdout"), err = folder.appendingPathComponent("stderr")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        outputs[process.processIdentifier] = (out, err)
        return process
    }

    nonisolated(unsafe) private static var outputs: [Int32: (URL, URL)] = [:]

    /// Waits for the process (killing it after `timeout` seconds) and collects its output.
    static func finish(_ process: Process, timeout: Double = 60) throws -> Result {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        let timedOut = process.isRunning
        if timedOut {
            process.terminate()
            kill(process.processIdentifier, SIGKILL)
        }
        process.waitUntilExit()
        guard let (out, err) = outputs.removeValue(forKey: process.processIdentifier) else {
            return Result(status: process.terminationStatus, stdout: "", stderr: "", timedOut: timedOut)
        }
        defer { try? FileManager.default.removeItem(at: out.deletingLastPathComponent()) }
        return Result(
            status: process.terminationStatus,
            stdout: (try? String(contentsOf: out, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? "",
            timedOut: timedOut)
    }

    static func run(_ arguments: [String], timeout: Double = 60) throws -> Result {
        try finish(try start(arguments), timeout: timeout)
    }
}
