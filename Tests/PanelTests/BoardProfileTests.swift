import Foundation
import XCTest
import Panel

final class BoardProfileTests: XCTestCase {
    /// Board/boards in this checkout.
    static let shippedDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Board/boards").path

    func testAProfileIsRead() throws {
        let profile = try BoardProfile(parsing: """
            # a comment
            name = test-board
            description = A board # with a comment
            model = Raspberry Pi 4 Model
            model = Raspberry Pi 400
            chip = pinctrl-bcm2711

            led additions = GPIO17 pin 11
            led status = GPIO23 active-low
            button volume-down = GPIO26 pin 37   # hold to mute
            button language = GPIO5 active-high
            """, file: "test.board")
        XCTAssertEqual(profile.name, "test-board")
        XCTAssertEqual(profile.description, "A board")
        XCTAssertEqual(profile.models, ["Raspberry Pi 4 Model", "Raspberry Pi 400"])
        XCTAssertEqual(profile.chipLabel, "pinctrl-bcm2711")
        XCTAssertEqual(profile.leds[.additions], LineSpec(line: "GPIO17", activeLow: false, pin: 11))
        XCTAssertEqual(profile.leds[.status], LineSpec(line: "GPIO23", activeLow: true))
        XCTAssertEqual(profile.buttons[.volumeDown], LineSpec(line: "GPIO26", activeLow: true, pin: 37),
                       "buttons are active-low unless told")
        XCTAssertEqual(profile.buttons[.language]?.activeLow, false)
        XCTAssertNil(profile.leds[.deletions])
    }

    func testErrorsNameTheFileTheLineAndWhatIsAllowed() {
        let cases: [(String, String)] = [
            ("name = x\nchip = c\nled additions = GPIO2", "x.board:3: GPIO2 is reserved"),
            ("name = x\nchip = c\nbutton language = GPIO0", "x.board:3: GPIO0 is reserved"),
            ("name = x\nchip = c\nled sparkle = GPIO17", "x.board:3: unknown LED 'sparkle'; LEDs are additions, deletions, newuser, status"),
            ("name = x\nchip = c\nbutton play = GPIO17", "x.board:3: unknown button 'play'"),
            ("name = x\nchip = c\nled additions = GPIO17\nled status = GPIO17", "x.board:4: GPIO17 is already used on line 3"),
            ("name = x\nchip = c\nled additions = GPIO17\nled additions = GPIO27", "x.board:4: LED additions is given twice"),
            ("name = x\nchip = c\nled additions = GPIO17 pin 99", "x.board:3: `pin` needs a header pin number, 1-40"),
            ("name = x\nchip = c\nled additions = GPIO17 inverted", "x.board:3: unexpected 'inverted'"),
            ("name = X Board\nchip = c", "x.board:1: name 'X Board' must be lower-case"),
            ("name = x\nchip = c\ncolour = red", "x.board:3: unknown key 'colour'"),
            ("name = x\nchip", "x.board:2: expected `key = value`"),
            ("name = x\nchip =", "x.board:2: `chip` has no value"),
            ("name = x", "x.board: no `chip = …` line"),
            ("chip = c", "x.board: no `name = …` line"),
        ]
        for (text, expected) in cases {
            XCTAssertThrowsError(try BoardProfile(parsing: text, file: "x.board"), text) { error in
                XCTAssertTrue("\(error)".hasPrefix(expected), "\(error)\n  expected: \(expected)")
            }
        }
    }

    func testTheShippedProfilesCoverThePisAndAvoidReservedLines() throws {
        let catalog = try BoardCatalog(directories: [Self.shippedDirectory])
        XCTAssertEqual(Set(catalog.profiles.map(\.name)), ["rpi3", "rpi4", "rpi5", "rpi-zero-2w"])
        let expectedChips = ["rpi3": "pinctrl-bcm2835", "rpi4": "pinctrl-bcm2711", "rpi5": "pinctrl-rp1",
                             "rpi-zero-2w": "pinctrl-bcm2835"]
        for profile in catalog.profiles {
            XCTAssertEqual(profile.chipLabel, expectedChips[profile.name], profile.name)
            XCTAssertEqual(Set(profile.leds.keys), Set(LED.allCases), profile.name)
            XCTAssertEqual(Set(profile.buttons.keys), Set(Button.allCases), profile.name)
            let lines = profile.leds.values.map(\.line) + profile.buttons.values.map(\.line)
            XCTAssertTrue(BoardProfile.reservedLines.isDisjoint(with: lines), profile.name)
            XCTAssertTrue(profile.buttons.values.allSatisfy(\.activeLow), "buttons are wired to ground")
            XCTAssertTrue(lines.allSatisfy { $0.hasPrefix("GPIO") }, "lines by name")
        }
    }

    func testDetectionFromTheDeviceTreeModel() throws {
        let catalog = try BoardCatalog(directories: [Self.shippedDirectory])
        let models = [
            "Raspberry Pi 3 Model B Rev 1.2": "rpi3",
            "Raspberry Pi 3 Model B Plus Rev 1.3": "rpi3",
            "Raspberry Pi 3 Model A Plus Rev 1.0": "rpi3",
            "Raspberry Pi 4 Model B Rev 1.4": "rpi4",
            "Raspberry Pi 400 Rev 1.0": "rpi4",
            "Raspberry Pi Compute Module 4 Rev 1.0": "rpi4",
            "Raspberry Pi 5 Model B Rev 1.0": "rpi5",
            "Raspberry Pi 500 Rev 1.0": "rpi5",
            "Raspberry Pi Zero 2 W Rev 1.0": "rpi-zero-2w",
        ]
        for (model, name) in models {
            XCTAssertEqual(catalog.detect(model: model)?.name, name, model)
        }
        XCTAssertNil(catalog.detect(model: "Raspberry Pi Zero W Rev 1.1"), "32-bit only: not supported")
        XCTAssertNil(catalog.detect(model: "QEMU Standard PC"))
    }

    func testTheLongestPrefixWins() throws {
        let short = BoardProfile(name: "pi4", models: ["Raspberry Pi 4"], chipLabel: "a")
        let long = BoardProfile(name: "pi400", models: ["Raspberry Pi 400"], chipLabel: "b")
        let directory = try temporaryDirectory()
        try "name = pi4\nchip = a\nmodel = Raspberry Pi 4\n".write(toFile: directory + "/a.board", atomically: true, encoding: .utf8)
        try "name = pi400\nchip = b\nmodel = Raspberry Pi 400\n".write(toFile: directory + "/b.board", atomically: true, encoding: .utf8)
        let catalog = try BoardCatalog(directories: [directory])
        XCTAssertEqual(catalog.detect(model: "Raspberry Pi 400 Rev 1.0"), long)
        XCTAssertEqual(catalog.detect(model: "Raspberry Pi 4 Model B"), short)
    }

    func testTheModelIsReadWithoutItsNULFromSysFirstThenProc() throws {
        let directory = try temporaryDirectory()
        let sys = directory + "/sys-model", proc = directory + "/proc-model"
        try Data("Raspberry Pi 5 Model B Rev 1.0\0".utf8).write(to: URL(fileURLWithPath: proc))
        // The service cannot see /proc/device-tree (ProcSubset=pid): /sys is read first, and
        // /proc only when /sys has nothing.
        XCTAssertEqual(BoardCatalog.readModel(paths: [sys, proc]), "Raspberry Pi 5 Model B Rev 1.0")
        try Data("Raspberry Pi 4 Model B Rev 1.4\0".utf8).write(to: URL(fileURLWithPath: sys))
        XCTAssertEqual(BoardCatalog.readModel(paths: [sys, proc]), "Raspberry Pi 4 Model B Rev 1.4")
        XCTAssertNil(BoardCatalog.readModel(paths: [directory + "/none"]))
        XCTAssertEqual(BoardCatalog.modelPaths.first, "/sys/firmware/devicetree/base/model")
    }

    func testResolvingTheBoardSetting() throws {
        let catalog = try BoardCatalog(directories: [Self.shippedDirectory, "/nonexistent"])
        XCTAssertNil(try catalog.resolve("none", model: nil))
        XCTAssertEqual(try catalog.resolve("auto", model: "Raspberry Pi 4 Model B Rev 1.4")?.name, "rpi4")
        XCTAssertEqual(try catalog.resolve("rpi5", model: nil)?.chipLabel, "pinctrl-rp1")
        XCTAssertEqual(try catalog.resolve(Self.shippedDirectory + "/rpi3.board", model: nil)?.name, "rpi3")
        XCTAssertThrowsError(try catalog.resolve("auto", model: nil)) { error in
            XCTAssertTrue("\(error)".contains("no board profile matches this board (no device-tree model"), "\(error)")
            XCTAssertTrue("\(error)".contains("`none` for sound only"), "\(error)")
        }
        XCTAssertThrowsError(try catalog.resolve("auto", model: "Banana Pi")) { error in
            XCTAssertTrue("\(error)".contains("model 'Banana Pi'"), "\(error)")
        }
        XCTAssertThrowsError(try catalog.resolve("rpi9", model: nil)) { error in
            XCTAssertTrue("\(error)".contains("no board profile 'rpi9'"), "\(error)")
            XCTAssertTrue("\(error)".contains("rpi4"), "lists what there is: \(error)")
        }
        XCTAssertThrowsError(try catalog.resolve("/nonexistent/x.board", model: nil)) { error in
            XCTAssertTrue("\(error)".hasPrefix("/nonexistent/x.board: cannot read: No such file"), "\(error)")
        }
    }

    func testABadFileInTheDirectoryIsNamed() throws {
        let directory = try temporaryDirectory()
        try "name = broken\nchip = c\nled additions = GPIO3\n".write(toFile: directory + "/broken.board", atomically: true, encoding: .utf8)
        try "not a profile".write(toFile: directory + "/README", atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try BoardCatalog(directories: [directory])) { error in
            XCTAssertTrue("\(error)".hasPrefix(directory + "/broken.board:3: GPIO3 is reserved"), "\(error)")
        }
    }

    private func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "panel-tests-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }
}
