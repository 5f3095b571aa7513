import Appliance
import Foundation
import TestSupport
import XCTest

final class ConfigFileTests: XCTestCase {
    private func read(_ text: String) -> ConfigFile.Result {
        ConfigFile(path: "/etc/wikichime.conf", text: text).read()
    }

    func testNoFileMeansBuiltInDefaults() {
        let result = read("")
        XCTAssertTrue(result.isValid)
        XCTAssertEqual(result.settings, Settings())
        XCTAssertEqual(result.settings.languages, "en")
        XCTAssertEqual(result.settings.volume, 50)
    }

    func testEveryKeyIsRead() {
        let result = read("""
            # a comment
            languages = en, de,wikidata
            volume = 35
            max_volume = 70
            audio_device = plughw:CARD=Headphones,DEV=0
            board = rpi4
            button_languages = en fr
            include_bots = no
            namespaces = 0, 4
            welcome_new_users = off
            raise_low_notes = yes
            quiet_hours = 19:00-08:00
            stream_url = http://127.0.0.1:8080/v2/stream/recentchange
            contact = ops@example.org   # trailing comment
            log_level = debug
            """)
        XCTAssertEqual(result.issues, [])
        let s = result.settings
        XCTAssertEqual(s.languages, "en, de, wikidata")
        XCTAssertEqual(s.selection.databaseNames, ["enwiki", "dewiki", "wikidatawiki"])
        XCTAssertEqual(s.volume, 35)
        XCTAssertEqual(s.maxVolume, 70)
        XCTAssertEqual(s.audioDevice, "plughw:CARD=Headphones,DEV=0")
        XCTAssertEqual(s.board, "rpi4")
        XCTAssertEqual(s.buttonLanguages, ["en", "fr"])
        XCTAssertFalse(s.includeBots)
        XCTAssertEqual(s.namespaces, [0, 4])
        XCTAssertFalse(s.welcomeNewUsers)
        XCTAssertTrue(s.raiseLowNotes)
        XCTAssertEqual(s.quietHours, QuietHours(start: 19 * 60, end: 8 * 60))
        XCTAssertEqual(s.streamURL, "http://127.0.0.1:8080/v2/stream/recentchange")
        XCTAssertEqual(s.contact, "ops@example.org")
        XCTAssertEqual(s.logLevel, "debug")
    }

    /// Every bad value: the message names the file, the line, the key, the value and what is allowed.
    func testEveryBadValueIsNamed() {
        let cases: [(String, String)] = [
            ("languages = en, de!", "'de!' is not one"),
            ("languages = ", "one or more wikis"),
            ("volume = 150", "a whole number from 0 to 100"),
            ("volume = loud", "a whole number from 0 to 100"),
            ("max_volume = -1", "a whole number from 0 to 100"),
            ("audio_device = my card", "an ALSA device name without spaces"),
            ("board = Pi 4", "auto, none, or a profile name"),
            ("button_languages = en, ??", "'??' is not one"),
            ("include_bots = maybe", "yes or no"),
            ("namespaces = articles", "namespace numbers"),
            ("welcome_new_users = 2", "yes or no"),
            ("raise_low_notes = octave", "yes or no"),
            ("quiet_hours = 7pm-8am", "HH:MM-HH:MM"),
            ("quiet_hours = 25:00-08:00", "HH:MM-HH:MM"),
            ("stream_url = ftp://x", "an http:// or https:// URL"),
            ("contact = me (at) example", "without parentheses"),
            ("log_level = verbose", "error, warning, notice, info, debug"),
        ]
        for (line, allowed) in cases {
            let result = read("# header\n\n" + line + "\n")
            XCTAssertFalse(result.isValid, line)
            let message = result.errors.first?.description ?? ""
            let key = String(line.split(separator: "=")[0]).trimmingCharacters(in: .whitespaces)
            let value = String(line.split(separator: "=", maxSplits: 1).dropFirst().first ?? "").trimmingCharacters(in: .whitespaces)
            XCTAssertTrue(message.hasPrefix("/etc/wikichime.conf:3: error: \(key): "), message)
            XCTAssertTrue(message.contains("'\(value)' is not allowed"), message)
            XCTAssertTrue(message.contains(allowed), "\(line) → \(message)")
        }
    }

    func testSyntaxErrorsUnknownKeysAndRepeats() {
        let result = read("volume = 40\nthis line is wrong\ncolour = blue\nvolume = 45\n= 3\n")
        XCTAssertEqual(result.errors.map(\.line), [2, 5])
        XCTAssertTrue(result.errors[0].description.contains("'this line is wrong' is not a 'key = value' line"))
        let warnings = result.issues.filter { $0.severity == .warning }
        XCTAssertEqual(warnings.map(\.line), [3, 4])
        XCTAssertTrue(warnings[0].description.contains("colour: unknown key, ignored"))
        XCTAssertTrue(warnings[1].description.contains("set again (first on line 1)"))
        XCTAssertEqual(result.settings.volume, 45)
    }

    func testUnknownKeysAloneStillValid() {
        let result = read("colour = blue\n")
        XCTAssertTrue(result.isValid)
        XCTAssertEqual(result.issues.count, 1)
    }

    func testQuietHoursAcrossMidnight() {
        let hours = QuietHours(parsing: "19:00-08:00")!
        XCTAssertTrue(hours.contains(minute: 23 * 60))
        XCTAssertTrue(hours.contains(minute: 7 * 60 + 59))
        XCTAssertFalse(hours.contains(minute: 8 * 60))
        XCTAssertFalse(hours.contains(minute: 12 * 60))
        let day = QuietHours(parsing: "12:00-13:30")!
        XCTAssertTrue(day.contains(minute: 12 * 60 + 45))
        XCTAssertFalse(day.contains(minute: 11 * 60))
        XCTAssertEqual(day.description, "12:00-13:30")
    }

    /// The shipped file documents every key, commented out, with its built-in default.
    func testShippedConfigListsEveryKeyWithItsDefault() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Config/wikichime.conf")
        let text = try String(contentsOf: url, encoding: .utf8)
        let result = ConfigFile(path: url.path, text: text).read()
        XCTAssertEqual(result.issues, [])
        XCTAssertEqual(result.settings, Settings())
        let lines = text.split(separator: "\n").map(String.init)
        for key in ConfigKey.all {
            let example = "# \(key.name) = \(key.defaultValue)".trimmingCharacters(in: .whitespaces)
            XCTAssertTrue(lines.contains { $0.trimmingCharacters(in: .whitespaces) == example }, "missing: \(example)")
            // …and the help line above it says what it means.
            XCTAssertTrue(text.contains(String(key.help.prefix(30))), "help for \(key.name)")
        }
        // Uncommenting every example gives the defaults again.
        let uncommented = lines.map { line -> String in
            guard line.hasPrefix("# "), let key = line.dropFirst(2).split(separator: " ").first,
                  ConfigKey.named(String(key)) != nil else { return line }
            return String(line.dropFirst(2))
        }.joined(separator: "\n")
        let reread = ConfigFile(path: "x", text: uncommented).read()
        XCTAssertEqual(reread.issues, [])
        XCTAssertEqual(reread.settings, Settings())
    }
}
