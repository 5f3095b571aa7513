import Foundation
import XCTest

/// `wikichime-bench`'s command line (its figures are never asserted): mistakes are usage errors
/// that name what is wrong.
final class WikichimeBenchTests: XCTestCase {
    func testAVoiceCountThatIsNotAPositiveIntegerIsAUsageErrorNamingIt() throws {
        for (voices, piece) in [("1,x", "'x'"), ("1,,16", "''"), ("0", "'0'"), ("1,-4", "'-4'"), ("16,", "''")] {
            let run = try Sibling.run("wikichime-bench", ["synth", "--voices", voices, "--seconds", "0.01"])
            XCTAssertEqual(run.status, 64, "--voices \(voices): \(run.stdout)")
            XCTAssertTrue(run.stderr.contains("--voices: \(piece) in '\(voices)'"), "--voices \(voices): \(run.stderr)")
            XCTAssertEqual(run.stdout, "", "--voices \(voices)")
        }
    }

    func testValidVoiceCountsAreEachMeasured() throws {
        let run = try Sibling.run("wikichime-bench", ["synth", "--voices", "1,2", "--seconds", "0.01", "--repeat", "1", "--json"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stdout.contains("\"synth_1_voices_realtime_factor\""), run.stdout)
        XCTAssertTrue(run.stdout.contains("\"synth_2_voices_realtime_factor\""), run.stdout)
    }

    func testANonPositiveCountIsAUsageErrorNamingTheOption() throws {
        let run = try Sibling.run("wikichime-bench", ["score", "--edits", "0"])
        XCTAssertEqual(run.status, 64)
        XCTAssertTrue(run.stderr.contains("--edits: 0 is not more than 0"), run.stderr)
    }
}

/// Runs an executable that SwiftPM built beside `wikichime` (every product is built by `swift test`).
enum Sibling {
    static func run(_ name: String, _ arguments: [String], timeout: Double = 60) throws -> Wikichime.Result {
        let url = try Wikichime.binary.deletingLastPathComponent().appendingPathComponent(name)
        guard FileManager.default.isExecutableFile(atPath: url.path) else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: url.path])
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("stdout"), err = folder.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        process.currentDirectoryURL = packageRoot
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        let timedOut = process.isRunning
        if timedOut { process.terminate() }
        process.waitUntilExit()
        return Wikichime.Result(status: process.terminationStatus,
                                stdout: (try? String(contentsOf: out, encoding: .utf8)) ?? "",
                                stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? "", timedOut: timedOut)
    }

    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
}
