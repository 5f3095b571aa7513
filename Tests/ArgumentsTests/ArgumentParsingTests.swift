@testable import Arguments
import XCTest

/// The command line read against declarations: options, flags, defaults, arguments, subcommands
/// and every way a command line can be wrong.
final class ArgumentParsingTests: XCTestCase {
    static let play = CommandSpec(
        name: "play", abstract: "Play.",
        options: [
            .option("volume", value: "percent", help: "Volume.", default: "50"),
            .option("device", value: "name", help: "Device."),
            .option("rate", value: "events", help: "Rate."),
            .option("input", value: "file", help: "Input.", required: true),
            .flag("json", help: "JSON."),
        ],
        action: { _ in })
    static let get = CommandSpec(
        name: "get", abstract: "Get.", arguments: [ArgumentSpec("key", help: "Key.")], action: { _ in })
    static let check = CommandSpec(
        name: "check", abstract: "Check.",
        arguments: [ArgumentSpec("path", help: "Path.", default: "/etc/x.conf")], action: { _ in })
    static let config = CommandSpec(name: "config", abstract: "Config.", subcommands: [get])
    static let root = CommandSpec(name: "tool", abstract: "A tool.", subcommands: [play, config, check])

    private func run(_ words: [String]) throws -> ParsedArguments {
        guard case .run(_, let parsed) = ArgumentParsing.parse(words, root: Self.root) else {
            XCTFail("\(words) did not parse to a command: \(ArgumentParsing.parse(words, root: Self.root))")
            throw UsageError("no command")
        }
        return parsed
    }

    private func usageError(_ words: [String]) -> String? {
        guard case .usageError(let error, _) = ArgumentParsing.parse(words, root: Self.root) else { return nil }
        return error.message
    }

    func testOptionsInBothSpellingsFlagsAndDefaults() throws {
        let parsed = try run(["play", "--input", "a.jsonl", "--device=hw:0", "--json"])
        XCTAssertEqual(parsed.commandPath, ["tool", "play"])
        XCTAssertEqual(try parsed.value("input", as: String.self), "a.jsonl")
        XCTAssertEqual(try parsed.optional("device", as: String.self), "hw:0")
        XCTAssertEqual(try parsed.value("volume", as: Int.self), 50)
        XCTAssertNil(try parsed.optional("rate", as: Double.self))
        XCTAssertTrue(parsed.flag("json"))
        XCTAssertFalse(try run(["play", "--input", "x"]).flag("json"))
    }

    func testTheLastOfARepeatedOptionWinsAndValuesMayStartWithADash() throws {
        let parsed = try run(["play", "--input", "x", "--volume", "10", "--volume", "20", "--device", "-"])
        XCTAssertEqual(try parsed.value("volume", as: Int.self), 20)
        XCTAssertEqual(try parsed.optional("device", as: String.self), "-")
    }

    func testTypedValuesNameTheOptionAndTheKindWanted() throws {
        let parsed = try run(["play", "--input", "x", "--volume", "loud", "--rate", "inf"])
        XCTAssertThrowsError(try parsed.value("volume", as: Int.self)) { error in
            XCTAssertEqual(error as? UsageError, UsageError("--volume: 'loud' is not a whole number"))
        }
        XCTAssertThrowsError(try parsed.optional("rate", as: Double.self)) { error in
            XCTAssertEqual(error as? UsageError, UsageError("--rate: 'inf' is not a number"))
        }
    }

    func testPositionalArgumentsAndTheirDefaults() throws {
        XCTAssertEqual(try run(["config", "get", "volume"]).value("<key>", as: String.self), "volume")
        XCTAssertEqual(try run(["check"]).value("<path>", as: String.self), "/etc/x.conf")
        XCTAssertEqual(try run(["check", "--", "--odd-name"]).value("<path>", as: String.self), "--odd-name")
    }

    func testMistakesAreUsageErrorsThatSayWhat() {
        XCTAssertEqual(usageError(["play", "--input", "x", "--loud"]), "Unknown option '--loud'")
        XCTAssertEqual(usageError(["play", "--input"]), "Missing value for '--input <file>'")
        XCTAssertEqual(usageError(["play"]), "Missing expected argument '--input <file>'")
        XCTAssertEqual(usageError(["play", "--input", "x", "--json=yes"]), "'--json' takes no value")
        XCTAssertEqual(usageError(["play", "--input", "x", "extra"]), "Unexpected argument 'extra'")
        XCTAssertEqual(usageError(["config", "get"]), "Missing expected argument '<key>'")
        XCTAssertEqual(usageError(["config", "put"]), "'put' is not a command")
        XCTAssertEqual(usageError(["dance"]), "'dance' is not a command")
        XCTAssertEqual(usageError(["--loud"]), "Unknown option '--loud'")
        XCTAssertEqual(usageError(["help", "dance"]), "'dance' is not a command")
    }

    /// `-h` as an option's value or after `--` is that value, not a request for help.
    func testHelpWordsAsValuesAreValues() throws {
        XCTAssertEqual(try run(["play", "--input", "-h"]).value("input", as: String.self), "-h")
        XCTAssertEqual(try run(["play", "--input", "x", "--device", "--help"]).optional("device", as: String.self), "--help")
        XCTAssertEqual(try run(["config", "get", "--", "-h"]).value("<key>", as: String.self), "-h")
        XCTAssertEqual(try run(["play", "--input=-h"]).value("input", as: String.self), "-h")
    }

    func testAnUnknownCommandIsNamedEvenWithHelpAfterIt() {
        XCTAssertEqual(usageError(["dance", "--help"]), "'dance' is not a command")
        XCTAssertEqual(usageError(["config", "put", "-h"]), "'put' is not a command")
    }

    func testHelpAndVersionAreAskedForInEveryUsualWay() {
        func helpPath(_ words: [String]) -> [String]? {
            guard case .help(let path) = ArgumentParsing.parse(words, root: Self.root) else { return nil }
            return path.map(\.name)
        }
        XCTAssertEqual(helpPath([]), ["tool"])
        XCTAssertEqual(helpPath(["--help"]), ["tool"])
        XCTAssertEqual(helpPath(["help"]), ["tool"])
        XCTAssertEqual(helpPath(["play", "--input", "x", "-h"]), ["tool", "play"])
        XCTAssertEqual(helpPath(["play", "--help"]), ["tool", "play"], "help wins over a missing required option")
        XCTAssertEqual(helpPath(["help", "config", "get"]), ["tool", "config", "get"])
        XCTAssertEqual(helpPath(["config"]), ["tool", "config"])
        XCTAssertEqual(helpPath(["play", "--input", "x", "--help", "--loud"]), ["tool", "play"], "help wins over a mistake")
        guard case .version = ArgumentParsing.parse(["--version"], root: Self.root) else {
            return XCTFail("--version is not the version")
        }
    }
}
