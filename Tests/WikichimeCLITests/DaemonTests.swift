import EditStream
import Foundation
import TestSupport
import XCTest

/// `wikichime run` as systemd runs it: a real notify socket, the watchdog, SIGHUP reloads, the
/// status file, and a broken config while running.
final class DaemonTests: XCTestCase {
    private var temporary: TemporaryFolder!
    private var folder: URL { temporary.url }

    override func setUpWithError() throws {
        temporary = try TemporaryFolder("wikichime-daemon")
    }

    override func tearDownWithError() throws {
        temporary.remove()
    }

    private var configPath: String { folder.appendingPathComponent("wikichime.conf").path }

    /// Starts the box on a local stream server that never ends (it stalls after its events).
    private func startBox(_ server: TestEventServer, notify: NotifySocket?, watchdogUsec: Int? = nil,
                          extra: [String] = []) throws -> Process {
        var environment = ProcessInfo.processInfo.environment
        environment["WIKICHIME_TEST_HOOKS"] = "1"
        if let notify { environment["NOTIFY_SOCKET"] = notify.path }
        if let watchdogUsec { environment["WATCHDOG_USEC"] = String(watchdogUsec) }
        return try Wikichime.start([
            "run", "--config", configPath, "--state-dir", folder.path, "--runtime-dir", folder.path,
            "--stream-url", server.url, "--audio-device", "none",
        ] + extra, environment: environment)
    }

    private func events() throws -> [String] {
        try Fixtures.lines("recentchange-sample.jsonl").map { String(decoding: $0, as: UTF8.self) }
    }

    func testNotifyReadyStatusWatchdogReloadingAndStopping() throws {
        let server = try TestEventServer(events: try events(), behaviours: [])
        defer { server.close() }
        let notify = try NotifySocket()
        defer { notify.close() }
        let box = try startBox(server, notify: notify, watchdogUsec: 400_000)  // pings expected every 0.2 s

        XCTAssertTrue(notify.wait(for: { $0 == "READY=1" }), "no READY=1")
        XCTAssertTrue(notify.wait(for: { $0.hasPrefix("STATUS=connected") }), "no STATUS=connected …: \(notify.messages)")
        Thread.sleep(forTimeInterval: 2)
        let pings = notify.times(of: "WATCHDOG=1")
        guard pings.count >= 5 else {
            kill(box.processIdentifier, SIGKILL)
            return XCTFail("only \(pings.count) watchdog pings in 2 s: \(notify.messages)")
        }
        let gaps = zip(pings.dropFirst(), pings).map { $0 - $1 }.sorted()
        let median = gaps[gaps.count / 2]
        XCTAssertTrue((0.1...0.4).contains(median), "median gap between pings \(median) s, expected 0.2 s")

        let beforeReload = ProcessInfo.processInfo.systemUptime
        kill(box.processIdentifier, SIGHUP)
        XCTAssertTrue(notify.wait(for: { $0 == "RELOADING=1" }, since: beforeReload), "no RELOADING=1 after SIGHUP")
        XCTAssertTrue(notify.wait(for: { $0 == "READY=1" }, since: beforeReload), "no READY=1 after the reload")

        kill(box.processIdentifier, SIGTERM)
        let result = try Wikichime.finish(box, timeout: 10)
        XCTAssertFalse(result.timedOut)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(notify.messages.contains { $0.message == "STOPPING=1" })
    }

    func testPingsStopWhenTheSupervisorLoopWedges() throws {
        let server = try TestEventServer(events: try events(), behaviours: [])
        defer { server.close() }
        let notify = try NotifySocket()
        defer { notify.close() }
        let box = try startBox(server, notify: notify, watchdogUsec: 400_000)
        defer { kill(box.processIdentifier, SIGKILL); _ = try? Wikichime.finish(box, timeout: 5) }
        XCTAssertTrue(notify.wait(for: { $0 == "WATCHDOG=1" }))
        Thread.sleep(forTimeInterval: 0.5)
        kill(box.processIdentifier, SIGUSR2)  // test hook: the loop stops turning
        Thread.sleep(forTimeInterval: 0.5)
        let wedgedAt = ProcessInfo.processInfo.systemUptime
        Thread.sleep(forTimeInterval: 1.5)
        let late = notify.times(of: "WATCHDOG=1").filter { $0 > wedgedAt }
        XCTAssertEqual(late, [], "pings went on while the loop was wedged")
    }

    func testReloadChangesLanguageWithoutReconnectingAndABadFileKeepsTheLastGood() throws {
        try "languages = en\nvolume = 40\n".write(toFile: configPath, atomically: true, encoding: .utf8)
        let server = try TestEventServer(events: try events(), behaviours: [])
        defer { server.close() }
        let trace = folder.appendingPathComponent("trace.jsonl")
        let box = try startBox(server, notify: nil, extra: ["--trace", trace.path])
        defer { kill(box.processIdentifier, SIGKILL); _ = try? Wikichime.finish(box, timeout: 5) }
        XCTAssertTrue(waitForStatus { $0["stream"] == "connected" && $0["languages"] == "en" })

        // A broken file: the box keeps its settings and says so.
        try "languages = en\nvolume = 400\n".write(toFile: configPath, atomically: true, encoding: .utf8)
        kill(box.processIdentifier, SIGHUP)
        XCTAssertTrue(waitForStatus { ($0["config_state"] ?? "").hasPrefix("kept last good") }, "\(status())")
        XCTAssertEqual(status()["volume"], "40")

        // A good one: the new language and volume, on the same connection.
        try "languages = de, wikidata\nvolume = 30\n".write(toFile: configPath, atomically: true, encoding: .utf8)
        kill(box.processIdentifier, SIGHUP)
        XCTAssertTrue(waitForStatus { $0["languages"] == "de, wikidata" && $0["volume"] == "30" && $0["config_state"] == "ok" },
                      "\(status())")
        XCTAssertEqual(server.requests.count, 1, "a reload must not reconnect")
    }

    /// A reload takes effect at the next event, on the same connection.
    func testReloadedLanguagesPlayOnTheSameConnection() throws {
        try "languages = en\n".write(toFile: configPath, atomically: true, encoding: .utf8)
        let server = try TestEventServer(events: try events(), behaviours: [.trickle(interval: 0.02)])
        defer { server.close() }
        let trace = folder.appendingPathComponent("trace.jsonl")
        let box = try startBox(server, notify: nil, extra: ["--trace", trace.path])
        defer { kill(box.processIdentifier, SIGKILL); _ = try? Wikichime.finish(box, timeout: 5) }
        func wikis() -> [String] {
            ((try? String(contentsOf: trace, encoding: .utf8)) ?? "").split(separator: "\n").compactMap { line in
                (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["wiki"] as? String
            }
        }
        XCTAssertTrue(waitForStatus { Int($0["events_received"] ?? "") ?? 0 > 40 }, "\(status())")
        let before = wikis()
        XCTAssertFalse(before.isEmpty)
        XCTAssertTrue(before.allSatisfy { $0 == "enwiki" })
        try "languages = wikidata\n".write(toFile: configPath, atomically: true, encoding: .utf8)
        let reloadedAt = Date()
        kill(box.processIdentifier, SIGHUP)
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline && !wikis().contains("wikidatawiki") { Thread.sleep(forTimeInterval: 0.01) }
        print("first wikidata edit traced \(Date().timeIntervalSince(reloadedAt)) s after SIGHUP")
        let after = wikis()
        guard let switchAt = after.firstIndex(of: "wikidatawiki") else { return XCTFail("no wikidata edit after the reload") }
        XCTAssertTrue(after[switchAt...].allSatisfy { $0 == "wikidatawiki" }, "\(after[switchAt...])")
        XCTAssertEqual(server.requests.count, 1, "a reload must not reconnect")
    }

    func testStatusWhenNotRunning() throws {
        let result = try Wikichime.run(["status", "--runtime-dir", folder.path])
        XCTAssertEqual(result.status, 3)
        XCTAssertTrue(result.stdout.contains("wikichime is not running"), result.stdout)
        let json = try Wikichime.run(["status", "--json", "--runtime-dir", folder.path])
        XCTAssertEqual(json.status, 3)
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        XCTAssertEqual(object?["running"] as? Bool, false)
    }

    func testStatusOfARunningBox() throws {
        let server = try TestEventServer(events: try events(), behaviours: [])
        defer { server.close() }
        let box = try startBox(server, notify: nil, extra: ["--languages", "en,commons"])
        defer { kill(box.processIdentifier, SIGKILL); _ = try? Wikichime.finish(box, timeout: 5) }
        XCTAssertTrue(waitForStatus { $0["stream"] == "connected" && Int($0["events_received"] ?? "") == 265 }, "\(status())")
        let text = try Wikichime.run(["status", "--runtime-dir", folder.path])
        XCTAssertEqual(text.status, 0)
        XCTAssertTrue(text.stdout.contains("wikichime is running"))
        let json = try Wikichime.run(["status", "--json", "--runtime-dir", folder.path])
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any] ?? [:]
        XCTAssertEqual(object["running"] as? Bool, true)
        XCTAssertEqual(object["languages"] as? String, "en,commons")
        XCTAssertEqual(object["events_received"] as? Int, 265)
        XCTAssertEqual(object["audio"] as? String, "playing")
        XCTAssertEqual(object["pid"] as? Int, Int(box.processIdentifier))
        var pipeline = EditPipeline(selection: try WikiSelection(parsing: "en,commons"))
        let selected = try events().filter { pipeline.process(Array($0.utf8)) != nil }.count
        XCTAssertEqual(object["edits_selected"] as? Int, selected)
    }

    private func status() -> [String: String] { BoxStatus(folder: folder).fields }

    private func waitForStatus(timeout: Double = 30, _ condition: ([String: String]) -> Bool) -> Bool {
        BoxStatus(folder: folder).wait(timeout: timeout, condition)
    }
}
