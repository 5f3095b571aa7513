import Platform
import XCTest

/// The one `key = value` reader and its one comment rule.
final class KeyValueTextTests: XCTestCase {
    func testCommentsBlanksPairsAndOtherLines() {
        let lines = KeyValueText.lines("# header\n\n  volume = 40 \nthis is no pair\n= 3\n", trailingComments: true)
        XCTAssertEqual(lines.map(\.number), [1, 2, 3, 4, 5, 6])
        XCTAssertEqual(lines[0].content, .comment(" header"))
        XCTAssertEqual(lines[1].content, .blank)
        XCTAssertEqual(lines[2].content, .pair(key: "volume", value: "40"))
        XCTAssertEqual(lines[3].content, .other)
        XCTAssertEqual(lines[3].text, "this is no pair")
        XCTAssertEqual(lines[4].content, .pair(key: "", value: "3"), "an empty key is the reader's caller's to judge")
        XCTAssertEqual(lines[5].content, .blank)
    }

    func testATrailingCommentNeedsASpaceOrTabBeforeItsHash() {
        func value(_ line: String) -> Substring? { KeyValueLine(line[...], trailingComments: true).pair?.value }
        XCTAssertEqual(value("contact = ops@example.org   # trailing comment"), "ops@example.org")
        XCTAssertEqual(value("led additions = GPIO17\t# tab"), "GPIO17")
        XCTAssertEqual(value("stream_url = http://127.0.0.1/#fragment"), "http://127.0.0.1/#fragment")
        XCTAssertEqual(value("contact = #ops"), "#ops", "a '#' that starts the value is the value")
        XCTAssertEqual(value("name = x # a # b"), "x")
    }

    func testFilesTheProgramWritesKeepValuesWhole() {
        let pairs = KeyValueText.pairs("last_error = HTTP 503 # from the server\nmuted = no\n", trailingComments: false)
        XCTAssertEqual(pairs.map(\.key), ["last_error", "muted"])
        XCTAssertEqual(pairs.map(\.value), ["HTTP 503 # from the server", "no"])
    }
}
