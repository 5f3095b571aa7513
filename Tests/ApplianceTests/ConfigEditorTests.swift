import Appliance
import XCTest

final class ConfigEditorTests: XCTestCase {
    let shipped = """
        # Volume, 0-100.
        # volume = 50

        # Wikis that play.
        languages = en   # my choice
        # the end
        """

    func testReplacesAnActiveLineAndKeepsEverythingElse() throws {
        let edited = try ConfigEditor.setting("languages", to: "de, fr", in: shipped, path: "c")
        XCTAssertEqual(edited, """
            # Volume, 0-100.
            # volume = 50

            # Wikis that play.
            languages = de, fr
            # the end

            """)
    }

    func testInsertsAfterTheCommentedExample() throws {
        let edited = try ConfigEditor.setting("volume", to: "30", in: shipped, path: "c")
        XCTAssertTrue(edited.contains("# volume = 50\nvolume = 30\n\n# Wikis"), edited)
    }

    func testAppendsAKeyThatIsNotThere() throws {
        let edited = try ConfigEditor.setting("contact", to: "me@example.org", in: shipped, path: "c")
        XCTAssertTrue(edited.hasSuffix("# the end\ncontact = me@example.org\n"), edited)
    }

    func testRefusesBadValuesAndUnknownKeys() {
        XCTAssertThrowsError(try ConfigEditor.setting("volume", to: "500", in: shipped, path: "/etc/wikichime.conf")) { error in
            XCTAssertTrue("\(error)".contains("/etc/wikichime.conf:3: error: volume: '500' is not allowed"), "\(error)")
        }
        XCTAssertThrowsError(try ConfigEditor.setting("colour", to: "blue", in: shipped, path: "c")) { error in
            XCTAssertTrue("\(error)".contains("'colour' is not a config key"), "\(error)")
        }
    }
}
