import XCTest
#if canImport(Glibc)
import Glibc
#endif
@testable import Panel

/// The real libgpiod backend on this machine. A CI container has no /dev/gpiochip*: what can
/// be checked here is that a missing chip is one clear message. The VM test
/// (Tests/System/vm-gpio-test.sh) runs the rest against a simulated chip.
final class GPIODTests: XCTestCase {
    func testTheLibraryNamesItsVersionAndAPI() {
        XCTAssertTrue(GPIOLibrary.version.contains("(API v"), GPIOLibrary.version)
    }

    func testAMissingChipSaysWhatThereIsAndWhatToDo() throws {
        try XCTSkipIf(!GPIOLibrary.chips().isEmpty, "this machine has GPIO chips")
        XCTAssertThrowsError(try GPIOChip(label: "pinctrl-bcm2711")) { error in
            let text = "\(error)"
            XCTAssertTrue(text.hasPrefix("no GPIO chip labelled 'pinctrl-bcm2711': this machine has no GPIO chips at all"), text)
            XCTAssertTrue(text.contains("--chip-label"), text)
        }
        let profile = BoardProfile(name: "rpi4", chipLabel: "pinctrl-bcm2711",
                                   leds: [.additions: LineSpec(line: "GPIO17", activeLow: false)])
        XCTAssertThrowsError(try GPIODHardware.open(profile, chipLabel: "gpio-sim-x")) { error in
            XCTAssertEqual(error as? PanelError, .chipNotFound(label: "gpio-sim-x", available: []))
        }
    }

    func testMessagesNameTheLineTheChipAndTheFix() {
        let permission = PanelError.chipUnavailable(label: "pinctrl-rp1", path: "/dev/gpiochip0", errno: EACCES)
        XCTAssertEqual("\(permission)", "cannot open /dev/gpiochip0 (looking for GPIO chip 'pinctrl-rp1'): Permission denied. "
            + "Add the user to the gpio group (sudo usermod -aG gpio $USER, then log in again); the service gets it from "
            + "SupplementaryGroups=gpio")
        let busy = PanelError.lineBusy(line: "GPIO17", role: "LED additions", chip: "pinctrl-bcm2711", consumer: "gpioset")
        XCTAssertTrue("\(busy)".hasPrefix("LED additions: line GPIO17 on GPIO chip 'pinctrl-bcm2711' is busy (used by 'gpioset')"))
        XCTAssertTrue("\(busy)".contains("sudo systemctl stop wikichime"))
        let missing = PanelError.lineNotFound(line: "GPIO99", role: "button language", chip: "pinctrl-bcm2711")
        XCTAssertEqual("\(missing)", "button language: no line named GPIO99 on GPIO chip 'pinctrl-bcm2711'. "
            + "Check the line name in the board profile (`gpioinfo` lists the names)")
        let chips = PanelError.chipNotFound(label: "pinctrl-bcm2711", available: ["/dev/gpiochip0 [pinctrl-rp1]"])
        XCTAssertTrue("\(chips)".contains("this machine has only /dev/gpiochip0 [pinctrl-rp1]"))
    }
}
