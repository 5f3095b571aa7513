import XCTest
import Panel

final class PanelScriptTests: XCTestCase {
    func testEveryCommand() throws {
        let script = try PanelScript(parsing: """
            # a comment
            0     status connecting
            0.5   addition 593     # a note
            0.6   deletion -20
            0.7   newuser
            1     status muted
            2     dim on
            2.5   dim off
            3     leds additions,status
            3.2   leds none
            3.5   leds normal
            4     end
            """, file: "s")
        XCTAssertEqual(script.steps.map(\.time), [0, 0.5, 0.6, 0.7, 1, 2, 2.5, 3, 3.2, 3.5, 4])
        XCTAssertEqual(script.steps.map(\.command), [
            .status(.connecting), .note(.addition, delta: 593), .note(.deletion, delta: -20), .note(.newUser, delta: nil),
            .status(.muted), .dim(true), .dim(false), .leds([.additions, .status]), .leds([]), .leds(nil), .end,
        ])
    }

    func testMistakesAreNamed() {
        let cases = [
            ("x status connected", "s:1: a line starts with its time in seconds, found 'x'"),
            ("1 addition\n", "s:1: cannot read 'addition'; commands:"),
            ("1 status asleep", "s:1: cannot read 'status asleep'"),
            ("1 leds additions,sparkle", "s:1: unknown LED 'sparkle'"),
            ("2 end\n1 end", "s:2: time 1 is before the line above"),
            ("1", "s:1: no command after the time"),
            ("1 newuser 5", "s:1: cannot read 'newuser 5'"),
        ]
        for (text, expected) in cases {
            XCTAssertThrowsError(try PanelScript(parsing: text, file: "s")) { error in
                XCTAssertTrue("\(error)".hasPrefix(expected), "\(error)\n  expected: \(expected)")
            }
        }
    }
}
