import Foundation
import TestSupport
import XCTest

/// The whole program meeting faults as a box does: the network or the sound card not there at
/// boot; each time it recovers by itself and `status` tells the truth meanwhile.
final class FaultTests: XCTestCase {
    private var temporary: TemporaryFolder!
    private var folder: URL { temporary.url }

    override func setUpWithError() throws {
        temporary = try TemporaryFolder("wikichime-fault")
    }

    override func tearDownWithError() throws {
        temporary.remove()
    }

    private func status() -> [String: String] { BoxStatus(folder: folder).fields }

    private func waitForStatus(timeout: Double = 30, _ condition: ([String: String]) -> Bool) -> Bool {
        BoxStatus(folder: folder).wait(timeout: timeout, condition)
    }

    private func events() throws -> [String] {
        try Fixtures.lines("recentchange-sample.jsonl").map { String(decoding: $0, as: UTF8.self) }
    }

    private func arguments(_ url: String, device: String = "none") -> [String] {
        ["run", "--config", folder.appendingPathComponent("none.conf").path, "--state-dir", folder.path,
         "--runtime-dir", folder.path, "--stream-url", url, "--audio-device", device]
    }

    func testNetworkGoneAtBootAndBackLater() throws {
        let port = try TestEventServer.freePort()
        let box = try Wikichime.start(arguments("http://127.0.0.1:\(port)/v2/stream/recentchange"))
        defer { kill(box.processIdentifier, SIGKILL); _ = try? Wikichime.finish(box, timeout: 5) }
        XCTAssertTrue(waitForStatus { $0["stream"] == "connecting" && ($0["last_error"] ?? "").contains("connect") },
                      "\(status())")
        XCTAssertEqual(status()["audio"], "playing", "no network must not stop the sound part")
        Thread.sleep(forTimeInterval: 1.5)
        XCTAssertTrue(box.isRunning, "the box gave up without a network")
        let server = try TestEventServer(events: try events(), behaviours: [], port: port)
        defer { server.close() }
        XCTAssertTrue(waitForStatus { $0["stream"] == "connected" && $0["events_received"] == "265" }, "\(status())")
    }

    func testSoundCardMissingAtBootThenPresent() throws {
        let products = try Wikichime.binary.deletingLastPathComponent()
        let plugin = products.appendingPathComponent("libWikichimeTestPCM.so")
        guard FileManager.default.fileExists(atPath: plugin.path) else {
            return XCTFail("\(plugin.path) is missing: run `swift build --product WikichimeTestPCM`")
        }
        let control = folder.appendingPathComponent("control")
        try "disconnect".write(to: control, atomically: true, encoding: .utf8)
        let asound = folder.appendingPathComponent("asound.conf")
        try """
            pcm_type.wikichime_test { lib "\(plugin.path)" }
            pcm.paced { type wikichime_test speed 1.0 control "\(control.path)" capture "\(folder.appendingPathComponent("out.raw").path)" }
            """.write(to: asound, atomically: true, encoding: .utf8)
        var environment = ProcessInfo.processInfo.environment
        environment["ALSA_CONFIG_PATH"] = "/usr/share/alsa/alsa.conf:" + asound.path
        let server = try TestEventServer(events: try events(), behaviours: [])
        defer { server.close() }
        let box = try Wikichime.start(arguments(server.url, device: "paced"), environment: environment)
        defer { kill(box.processIdentifier, SIGKILL); _ = try? Wikichime.finish(box, timeout: 5) }
        XCTAssertTrue(waitForStatus { ($0["audio"] ?? "").hasPrefix("no device") && $0["stream"] == "connected" },
                      "\(status())")
        XCTAssertTrue((status()["audio"] ?? "").contains("'paced'"), "\(status())")
        try "ok".write(to: control, atomically: true, encoding: .utf8)
        XCTAssertTrue(waitForStatus { $0["audio"] == "playing" && $0["audio_device"] == "paced" }, "\(status())")
    }
}
