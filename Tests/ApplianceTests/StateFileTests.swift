import Appliance
import Foundation
import Platform
import TestSupport
import XCTest

final class StateFileTests: XCTestCase {
    private var temporary: TemporaryFolder!
    private var folder: URL { temporary.url }

    override func setUpWithError() throws {
        temporary = try TemporaryFolder("wikichime-state")
    }

    override func tearDownWithError() throws {
        temporary.remove()
    }

    func testRoundTrip() {
        let path = folder.appendingPathComponent("state").path
        let state = PanelState(languages: "de, fr", volume: 35, muted: true, changedAt: 1_790_000_000.25)
        let file = StateFile(path: path, minimumInterval: 0)
        file.save(state)
        XCTAssertEqual(StateFile(path: path).load(), state)
    }

    func testMissingOrDamagedFileGivesWhatItCan() throws {
        let path = folder.appendingPathComponent("state").path
        XCTAssertEqual(StateFile(path: path).load(), PanelState())
        try "volume = 40\ngarbage\nlanguages\nmuted = maybe\n".write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertEqual(StateFile(path: path).load(), PanelState(volume: 40))
    }

    func testWritesAreRateLimitedAndCoalesced() throws {
        let path = folder.appendingPathComponent("state").path
        let clock = ManualClock(1000)
        let file = StateFile(path: path, minimumInterval: 10, clock: clock)
        file.save(PanelState(volume: 10))           // first write: at once
        XCTAssertEqual(StateFile(path: path).load().volume, 10)
        clock.advance(by: 1)
        file.save(PanelState(volume: 20))           // a burst of presses…
        clock.advance(by: 1)
        file.save(PanelState(volume: 30))
        XCTAssertEqual(StateFile(path: path).load().volume, 10, "written again within 10 s")
        XCTAssertTrue(file.hasPendingChanges)
        clock.advance(by: 8)
        file.tick()                                 // …is one write, of the last value
        XCTAssertEqual(StateFile(path: path).load().volume, 30)
        XCTAssertFalse(file.hasPendingChanges)
        file.save(PanelState(volume: 40))
        file.flush()                                // shutdown writes what is pending
        XCTAssertEqual(StateFile(path: path).load().volume, 40)
    }

    func testAnUnwritableFolderKeepsTheChangeAndSaysSo() {
        final class Messages: @unchecked Sendable { var list: [String] = [] }
        let messages = Messages()
        let file = StateFile(path: "/nonexistent/dir/state", minimumInterval: 0, report: { messages.list.append($0) })
        file.save(PanelState(volume: 25))
        XCTAssertTrue(file.hasPendingChanges, "the change must be kept for a later try")
        XCTAssertTrue(messages.list.first?.contains("/nonexistent/dir/state") == true, "\(messages.list)")
        XCTAssertTrue(messages.list.first?.contains("kept until the next try") == true, "\(messages.list)")
    }

    func testTheNewerChangeWins() {
        var config = Settings()
        config.volume = 60
        config.languages = "en"
        let buttons = PanelState(languages: "ja", volume: 20, changedAt: 2000)
        // Buttons pressed after the config file was last edited: they win.
        let afterEdit = buttons.applied(to: config, configChangedAt: 1000)
        XCTAssertEqual(afterEdit.volume, 20)
        XCTAssertEqual(afterEdit.languages, "ja")
        // The file edited over SSH after the presses: it wins.
        let beforeEdit = buttons.applied(to: config, configChangedAt: 3000)
        XCTAssertEqual(beforeEdit.volume, 60)
        XCTAssertEqual(beforeEdit.languages, "en")
        // No config file: the buttons win.
        XCTAssertEqual(buttons.applied(to: config, configChangedAt: nil).volume, 20)
        // Bad saved values are ignored rather than applied.
        let bad = PanelState(languages: "??", volume: 400, changedAt: 5000)
        XCTAssertEqual(bad.applied(to: config, configChangedAt: 1), config)
    }
}
