@testable import Arguments
import XCTest

/// The help is part of the product: its sections, its wrapping and its usage lines.
final class HelpTextTests: XCTestCase {
    /// One line of a list: the label from column 2, the help from column 24.
    private func row(_ label: String, _ help: String) -> String {
        "  " + label + String(repeating: " ", count: 22 - label.count) + help + "\n"
    }

    func testACommandsHelpHasOverviewUsageArgumentsAndOptions() {
        let path = [ArgumentParsingTests.root, ArgumentParsingTests.play]
        let help = HelpText.render(path)
        XCTAssertTrue(help.hasPrefix("OVERVIEW: Play.\n"), help)
        XCTAssertTrue(help.contains("USAGE: tool play --input <file> [<options>]\n"), help)
        XCTAssertTrue(help.contains(row("--volume <percent>", "Volume. (default: 50)")), help)
        XCTAssertTrue(help.contains(row("--json", "JSON.")), help)
        XCTAssertTrue(help.contains(row("-h, --help", "Show help information.")), help)
        let get = HelpText.render([ArgumentParsingTests.root, ArgumentParsingTests.config, ArgumentParsingTests.get])
        XCTAssertTrue(get.contains("USAGE: tool config get <key>\n"), get)
        XCTAssertTrue(get.contains("ARGUMENTS:\n" + row("<key>", "Key.")), get)
    }

    func testAGroupListsItsSubcommands() {
        let help = HelpText.render([ArgumentParsingTests.root])
        XCTAssertTrue(help.contains("USAGE: tool <subcommand>\n"), help)
        XCTAssertTrue(help.contains("SUBCOMMANDS:\n" + row("play", "Play.") + row("config", "Config.")), help)
        XCTAssertTrue(help.contains("See 'tool help <subcommand>' for detailed help."), help)
        XCTAssertTrue(help.contains("--version"), help)
        let config = HelpText.render([ArgumentParsingTests.root, ArgumentParsingTests.config])
        XCTAssertTrue(config.contains("See 'tool help config <subcommand>' for detailed help."), config)
    }

    func testLongTextWrapsAt80ColumnsAndExamplesKeepTheirLines() {
        let words = Array(repeating: "word", count: 60).joined(separator: " ")
        let command = CommandSpec(
            name: "long", abstract: "Long.", discussion: words + "\n\nExamples:\n  tool long --a-very-long-option x",
            options: [.option("a-very-long-option", value: "value", help: words, discussion: words)],
            action: { _ in })
        let help = HelpText.render([command])
        for line in help.split(separator: "\n") {
            XCTAssertLessThanOrEqual(line.count, 80, String(line))
        }
        XCTAssertTrue(help.contains("\n  tool long --a-very-long-option x\n"), help)
        // A label too long for the column: the help starts on the next line, in the column.
        XCTAssertTrue(help.contains("  --a-very-long-option <value>\n" + String(repeating: " ", count: 24) + "word word"), help)
        XCTAssertTrue(help.contains("\n        word word"), "an option's discussion is indented under it")
    }

    func testAWordLongerThanTheLineGetsALineOfItsOwn() {
        XCTAssertEqual(HelpText.wrapWords("a " + String(repeating: "x", count: 12) + " b", width: 10),
                       ["a", String(repeating: "x", count: 12), "b"])
        XCTAssertEqual(HelpText.wrapWords("", width: 10), [""])
    }
}
