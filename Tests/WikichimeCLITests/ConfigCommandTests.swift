import Foundation
import TestSupport
import XCTest

/// `check-config`, `config get` and `config set` as a person uses them over SSH.
final class ConfigCommandTests: XCTestCase {
    private var temporary: TemporaryFolder!
    private var folder: URL { temporary.url }
    private var config: String { temporary.file("wikichime.conf").path }

    override func setUpWithError() throws {
        temporary = try TemporaryFolder("wikichime-config")
    }

    override func tearDownWithError() throws {
        temporary.remove()
    }

    func testCheckConfig() throws {
        try "# mine\nlanguages = en\nvolume = 101\ncolour = blue\n".write(toFile: config, atomically: true, encoding: .utf8)
        let bad = try Wikichime.run(["check-config", config])
        XCTAssertEqual(bad.status, 1)
        XCTAssertTrue(bad.stderr.contains("\(config):3: error: volume: '101' is not allowed: use a whole number from 0 to 100"), bad.stderr)
        XCTAssertTrue(bad.stderr.contains("\(config):4: warning: colour: unknown key"), bad.stderr)
        try "languages = en\n".write(toFile: config, atomically: true, encoding: .utf8)
        let good = try Wikichime.run(["check-config", config])
        XCTAssertEqual(good.status, 0, good.stderr)
        let missing = try Wikichime.run(["check-config", folder.appendingPathComponent("nope.conf").path])
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.stderr.contains("no such file"), missing.stderr)
    }

    func testGetAndSetKeepComments() throws {
        let shipped = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Config/wikichime.conf")
        try FileManager.default.copyItem(atPath: shipped.path, toPath: config)
        XCTAssertEqual(try Wikichime.run(["config", "get", "volume", "--config", config]).stdout, "50\n")
        let set = try Wikichime.run(["config", "set", "volume", "35", "--config", config, "--runtime-dir", folder.path])
        XCTAssertEqual(set.status, 0, set.stderr)
        XCTAssertTrue(set.stdout.contains("not running"), set.stdout)
        XCTAssertEqual(try Wikichime.run(["config", "get", "volume", "--config", config]).stdout, "35\n")
        let text = try String(contentsOfFile: config, encoding: .utf8)
        let original = try String(contentsOf: shipped, encoding: .utf8)
        XCTAssertEqual(text, original.replacingOccurrences(of: "# volume = 50\n", with: "# volume = 50\nvolume = 35\n"))

        let refused = try Wikichime.run(["config", "set", "volume", "350", "--config", config])
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(refused.stderr.contains("'350' is not allowed"), refused.stderr)
        XCTAssertEqual(try String(contentsOfFile: config, encoding: .utf8), text, "a refused value must not touch the file")

        let unknown = try Wikichime.run(["config", "set", "colour", "blue", "--config", config])
        XCTAssertEqual(unknown.status, 1)
        XCTAssertTrue(unknown.stderr.contains("'colour' is not a config key"), unknown.stderr)
    }

    /// The writer is killed at random moments, hundreds of times: the file is always a whole
    /// old or new version, never torn.
    func testKilledWritersNeverTearTheFile() throws {
        // A large file makes each write long enough for kills to land inside it.
        let padding = (0..<4000).map { "# padding line \($0) to make the write take a while\n" }.joined()
        try (padding + "volume = 0\n").write(toFile: config, atomically: true, encoding: .utf8)
        var generator = SystemRandomNumberGenerator()
        // How long a whole `config set` takes here: kills are spread over that span and a bit more.
        let started = Date()
        XCTAssertEqual(try Wikichime.run(["config", "set", "volume", "0", "--config", config, "--runtime-dir", folder.path]).status, 0)
        let span = UInt32(Date().timeIntervalSince(started) * 1.3e6)
        var sawOld = 0, sawNew = 0
        for round in 1...300 {
            let value = round % 100
            let process = try Wikichime.start(["config", "set", "volume", "\(value)", "--config", config,
                                               "--runtime-dir", folder.path])
            usleep(UInt32.random(in: 0...span, using: &generator))
            kill(process.processIdentifier, SIGKILL)
            _ = try Wikichime.finish(process, timeout: 10)
            let text = try String(contentsOfFile: config, encoding: .utf8)
            XCTAssertTrue(text.hasPrefix(padding), "round \(round): the comments were damaged")
            let lines = text.split(separator: "\n").filter { $0.hasPrefix("volume = ") }
            XCTAssertEqual(lines.count, 1, "round \(round): \(lines)")
            let previous = (round - 1) % 100
            let found = Int(lines.first?.dropFirst("volume = ".count) ?? "") ?? -1
            XCTAssertTrue(found == value || found == previous, "round \(round): volume \(found), expected \(previous) or \(value)")
            if found == value { sawNew += 1 } else { sawOld += 1 }
            // Leave the file at the value this round aimed for, so the next round's "old" is known.
            if found != value {
                try (padding + "volume = \(value)\n").write(toFile: config, atomically: true, encoding: .utf8)
            }
        }
        // Both outcomes happened: the kills did land before, and after, the rename.
        XCTAssertGreaterThan(sawNew, 0)
        XCTAssertGreaterThan(sawOld, 0)
        print("killed writers: \(sawNew) finished, \(sawOld) killed before the rename")
    }
}
