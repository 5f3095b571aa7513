import Foundation
import XCTest

/// The soak in small: `wikichime-soak` against `Tests/Soak/soak_server.py`, a few thousand
/// events with cuts (clean and abrupt), and the soak's own check shown to catch a lost and a
/// repeated event. Behaviour only: the memory and speed figures are not asserted here.
final class SoakTests: XCTestCase {
    private let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    func testEveryEventArrivesOnceAcrossCleanAndAbruptCuts() throws {
        let run = try soak(events: 6000, server: ["--cut-min", "700", "--cut-max", "1100", "--abrupt-every", "3"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let report = run.report
        XCTAssertEqual(report["delivered"] as? Int, 6000)
        XCTAssertEqual(report["lost"] as? Int, 0)
        XCTAssertEqual(report["duplicated"] as? Int, 0)
        XCTAssertEqual(report["out_of_order"] as? Int, 0)
        let cuts = try XCTUnwrap(report["server_cuts"] as? Int)
        XCTAssertGreaterThanOrEqual(cuts, 5)
        XCTAssertGreaterThanOrEqual(report["server_abrupt_cuts"] as? Int ?? 0, 1)
        XCTAssertEqual(report["reconnects"] as? Int, cuts)
        XCTAssertEqual(report["server_resume_mismatches"] as? Int, 0)
        XCTAssertEqual(report["correct"] as? Bool, true)
        // The parts behind the stream did their work: notes played, LEDs flashed, audio rendered
        // for exactly the virtual time (6000 events at 50/s = 120 s, rounded up to a 1024-frame block).
        XCTAssertGreaterThan(report["notes_played"] as? Int ?? 0, 100)
        XCTAssertGreaterThan((report["flashes"] as? [Int])?.reduce(0, +) ?? 0, 100)
        let frames = try XCTUnwrap(report["audio_frames"] as? Int)
        XCTAssertTrue((120 * 48000..<120 * 48000 + 1024).contains(frames), "\(frames) frames")
        XCTAssertGreaterThan((report["samples"] as? [[Any]])?.count ?? 0, 5)
    }

    func testALostEventFailsTheSoak() throws {
        try assertSoakFails(fault: "skip:2", lost: 1, duplicated: 0)
    }

    func testARepeatedEventFailsTheSoak() throws {
        try assertSoakFails(fault: "repeat:2", lost: 0, duplicated: 1)
    }

    /// The server misplaces one resume (soak_server.py --fault): the soak counts it and fails.
    private func assertSoakFails(fault: String, lost: Int, duplicated: Int, line: UInt = #line) throws {
        let run = try soak(events: 3000, server: ["--cut-min", "500", "--cut-max", "700", "--abrupt-every", "0",
                                                  "--fault", fault])
        XCTAssertEqual(run.status, 1, run.stdout, line: line)
        XCTAssertEqual(run.report["lost"] as? Int, lost, line: line)
        XCTAssertEqual(run.report["duplicated"] as? Int, duplicated, line: line)
        XCTAssertEqual(run.report["correct"] as? Bool, false, line: line)
    }

    // MARK: The command line (read by Sources/Arguments)

    func testHelpGoesToStdoutAndExitsZero() throws {
        let run = try Sibling.run("wikichime-soak", ["--help"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(run.stderr, "")
        for option in ["--url", "--events", "--languages", "--rate", "--sample-rate", "--sample-every", "--warmup",
                       "--server-stats", "--stall-timeout", "--log-level", "--json"] {
            XCTAssertTrue(run.stdout.contains(option), "\(option) missing from the help:\n\(run.stdout)")
        }
        XCTAssertTrue(run.stdout.contains("(default: 0.1)"), run.stdout)
    }

    func testABadValueIsAUsageErrorNamingTheOption() throws {
        let url = ["--url", "http://127.0.0.1:9/v2/stream/recentchange", "--events", "10"]
        let cases: [([String], String)] = [
            (url + ["--log-level", "bogus"], "--log-level: 'bogus'"),
            (url + ["--warmup", "-0.5"], "--warmup: -0.5"),
            (url + ["--warmup", "1"], "--warmup: 1.0"),
            (url + ["--rate", "0"], "--rate: 0.0"),
            (url + ["--sample-rate", "4000"], "--sample-rate: 4000"),
            (url + ["--sample-every", "x"], "--sample-every: 'x'"),
            (url + ["--languages", "??"], "--languages: '??'"),
            (["--url", "http://127.0.0.1:9/", "--events", "-3"], "--events: -3"),
            (["--events", "10"], "--url"),
            (url + ["--bogus"], "'--bogus'"),
        ]
        for (arguments, named) in cases {
            let run = try Sibling.run("wikichime-soak", arguments)
            XCTAssertEqual(run.status, 64, "\(arguments): \(run.stderr)")
            XCTAssertTrue(run.stderr.contains(named), "\(arguments): expected \(named) in \(run.stderr)")
            XCTAssertTrue(run.stderr.contains("Usage: wikichime-soak"), run.stderr)
        }
    }

    // MARK: Running the server and the soak

    private struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
        var report: [String: Any]
    }

    private func soak(events: Int, server arguments: [String]) throws -> Run {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("soak-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let portFile = folder.appendingPathComponent("port"), stats = folder.appendingPathComponent("stats.json")
        let server = Process()
        server.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        server.arguments = ["python3", packageRoot.appendingPathComponent("Tests/Soak/soak_server.py").path,
                            "--events", "\(events)", "--port-file", portFile.path, "--stats", stats.path] + arguments
        server.standardError = FileHandle.nullDevice
        try server.run()
        defer {
            server.terminate()
            server.waitUntilExit()
        }
        let deadline = Date().addingTimeInterval(20)
        var port: String?
        while port == nil && Date() < deadline && server.isRunning {
            port = (try? String(contentsOf: portFile, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
            if port?.isEmpty ?? true { port = nil; Thread.sleep(forTimeInterval: 0.05) }
        }
        let serverPort = try XCTUnwrap(port, "the soak server did not start")
        let soak = Process()
        soak.executableURL = try Self.soakBinary()
        soak.arguments = ["--url", "http://127.0.0.1:\(serverPort)/v2/stream/recentchange", "--events", "\(events)",
                          "--server-stats", stats.path, "--stall-timeout", "30", "--log-level", "error", "--json"]
        let out = folder.appendingPathComponent("stdout"), err = folder.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        soak.standardOutput = try FileHandle(forWritingTo: out)
        soak.standardError = try FileHandle(forWritingTo: err)
        try soak.run()
        let limit = Date().addingTimeInterval(120)
        while soak.isRunning && Date() < limit { Thread.sleep(forTimeInterval: 0.05) }
        if soak.isRunning { soak.terminate() }
        soak.waitUntilExit()
        let stdout = (try? String(contentsOf: out, encoding: .utf8)) ?? ""
        let stderr = (try? String(contentsOf: err, encoding: .utf8)) ?? ""
        let report = try XCTUnwrap(
            (try? JSONSerialization.jsonObject(with: Data(stdout.utf8))) as? [String: Any],
            "no JSON report; stdout: \(stdout)\nstderr: \(stderr)")
        return Run(status: soak.terminationStatus, stdout: stdout, stderr: stderr, report: report)
    }

    /// `wikichime-soak`, built beside the test bundle and `wikichime` (`swift test` builds every target).
    private static func soakBinary() throws -> URL {
        let url = try Wikichime.binary.deletingLastPathComponent().appendingPathComponent("wikichime-soak")
        guard FileManager.default.isExecutableFile(atPath: url.path) else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: url.path])
        }
        return url
    }
}
