import XCTest
import Panel

/// The pure panel fed by hand: what a late turn of the loop (edges read in one batch) gives.
final class PanelLogicTests: XCTestCase {
    func testAPressAndItsReleaseReadTogetherStillCount() {
        var logic = PanelLogic()
        logic.buttonLevel(.volumeUp, pressed: true, at: 1.0)
        logic.buttonLevel(.volumeUp, pressed: false, at: 1.1)
        XCTAssertEqual(logic.advance(to: 1.3), [
            .button(.volumeUp, pressed: true, at: 1.0), .gesture(.volumeUp, .press), .action(.volumeUp),
            .button(.volumeUp, pressed: false, at: 1.1),
        ])
    }

    func testALongHoldReadInOneBatchIsALongPress() {
        var logic = PanelLogic()
        logic.buttonLevel(.volumeDown, pressed: true, at: 1.0)
        logic.buttonLevel(.volumeDown, pressed: false, at: 2.5)
        XCTAssertEqual(logic.advance(to: 3.0), [
            .button(.volumeDown, pressed: true, at: 1.0),
            .gesture(.volumeDown, .longPress), .action(.toggleMute),
            .button(.volumeDown, pressed: false, at: 2.5),
        ])
    }

    func testABounceInABatchIsStillIgnored() {
        var logic = PanelLogic()
        logic.buttonLevel(.language, pressed: true, at: 1.0)
        logic.buttonLevel(.language, pressed: false, at: 1.002)
        XCTAssertEqual(logic.advance(to: 2), [])
    }

    func testDeadlinesCoverEveryPart() {
        var logic = PanelLogic(status: .off)
        XCTAssertNil(logic.nextDeadline(after: 0))
        logic.buttonLevel(.volumeDown, pressed: true, at: 1.0)
        XCTAssertEqual(logic.nextDeadline(after: 1.0)!, 1.025, accuracy: 1e-9, "debounce")
        _ = logic.advance(to: 1.025)
        XCTAssertEqual(logic.nextDeadline(after: 1.025)!, 2.0, accuracy: 1e-9, "long press, from the edge")
        logic.note(.addition, delta: 0, at: 1.1)
        XCTAssertEqual(logic.nextDeadline(after: 1.1)!, 1.14, accuracy: 1e-9, "the flash ends")
        logic.setStatus(.connecting, at: 1.1)
        logic.setTestPattern([])
        XCTAssertFalse(logic.isOn(.additions, at: 1.1), "a test pattern hides the flashes")
    }
}
