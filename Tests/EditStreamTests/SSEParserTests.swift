import EditStream
import TestSupport
import XCTest

/// The WHATWG "event stream interpretation" rules, case by case, and the parser's bounds.
final class SSEParserTests: XCTestCase {
    private func parse(_ text: String, maxLineBytes: Int = SSEParser.defaultMaxLineBytes) -> [SSEEvent] {
        var parser = SSEParser(maxLineBytes: maxLineBytes)
        return parser.feed(Array(text.utf8))
    }

    private func datas(_ events: [SSEEvent]) -> [String] { events.map(\.dataString) }

    func testOneEventWithIdAndType() {
        let events = parse("event: message\nid: 7\ndata: {\"a\":1}\n\n")
        XCTAssertEqual(events, [SSEEvent(type: "message", data: Array("{\"a\":1}".utf8), lastEventID: Array("7".utf8))])
    }

    func testLineEndingsLFCRLFAndCRAllWork() {
        for ending in ["\n", "\r\n", "\r"] {
            let text = "data: a" + ending + "data: b" + ending + ending + "data: c" + ending + ending
            XCTAssertEqual(datas(parse(text)), ["a\nb", "c"], "line ending \(ending.debugDescription)")
        }
    }

    func testMixedLineEndingsInOneStream() {
        XCTAssertEqual(datas(parse("data: a\r\n\ndata: b\r\rdata: c\n\r\n")), ["a", "b", "c"])
    }

    func testMultiLineDataJoinedWithLF() {
        XCTAssertEqual(datas(parse("data: one\ndata: two\ndata:three\n\n")), ["one\ntwo\nthree"])
    }

    func testOnlyOneSpaceAfterColonIsRemoved() {
        XCTAssertEqual(datas(parse("data:no-space\n\ndata:  two-spaces\n\n")), ["no-space", " two-spaces"])
    }

    func testCommentsAreIgnored() {
        XCTAssertEqual(datas(parse(":ok\n\n: keep-alive\ndata: x\n:note\n\n")), ["x"])
    }

    func testFieldWithoutColonIsAFieldNameWithEmptyValue() {
        // "data" alone appends an empty line to the data buffer: the event's data is "".
        let events = parse("data\n\n")
        XCTAssertEqual(events.count, 1)
        XCTAssertEqual(events.first?.dataString, "")
    }

    func testEmptyDataLineDispatchesEmptyData() {
        XCTAssertEqual(datas(parse("data:\n\n")), [""])
        XCTAssertEqual(datas(parse("data:\ndata:\n\n")), ["\n"])
    }

    func testBlockWithoutDataDispatchesNothingButSetsTheID() {
        var parser = SSEParser()
        let events = parser.feed(Array("id: 5\nevent: foo\n\ndata: x\n\n".utf8))
        XCTAssertEqual(events, [SSEEvent(type: "message", data: Array("x".utf8), lastEventID: Array("5".utf8))])
        XCTAssertEqual(parser.lastEventID, Array("5".utf8))
    }

    func testEventTypeResetsAfterEachDispatch() {
        let events = parse("event: error\ndata: {}\n\ndata: x\n\n")
        XCTAssertEqual(events.map(\.type), ["error", "message"])
    }

    func testIDPersistsAcrossEventsAndAnEmptyIDClearsIt() {
        let events = parse("id: 1\ndata: a\n\ndata: b\n\nid\ndata: c\n\n")
        XCTAssertEqual(events.map { String(decoding: $0.lastEventID, as: UTF8.self) }, ["1", "1", ""])
    }

    func testIDWithNULIsIgnored() {
        let events = parse("id: 1\ndata: a\n\nid: 2\u{0}x\ndata: b\n\n")
        XCTAssertEqual(events.map { String(decoding: $0.lastEventID, as: UTF8.self) }, ["1", "1"])
    }

    func testIDOfAnUnfinishedEventIsNotTheLastEventID() {
        // The connection drops after the id line: resuming with "2" would lose event 2.
        var parser = SSEParser()
        _ = parser.feed(Array("id: 1\ndata: a\n\nid: 2\ndata: b".utf8))
        XCTAssertEqual(parser.lastEventID, Array("1".utf8))
    }

    func testRetryAcceptsOnlyDigits() {
        var parser = SSEParser()
        _ = parser.feed(Array("retry: 3000\n\n".utf8))
        XCTAssertEqual(parser.reconnectionTimeMs, 3000)
        _ = parser.feed(Array("retry: 12a\n\nretry: -1\n\nretry:\n\n".utf8))
        XCTAssertEqual(parser.reconnectionTimeMs, 3000)
    }

    func testUnknownFieldsAreIgnored() {
        XCTAssertEqual(datas(parse("foo: bar\ndata: x\nDATA: y\n\n")), ["x"])
    }

    func testLastEventWithoutBlankLineIsNotDispatched() {
        XCTAssertEqual(datas(parse("data: a\n\ndata: b\n")), ["a"])
        XCTAssertEqual(datas(parse("data: a\n\ndata: b")), ["a"])
    }

    func testLeadingBOMIsSkippedOnlyAtStreamStart() {
        XCTAssertEqual(datas(parse("\u{FEFF}data: a\n\n")), ["a"])
        // A BOM later is part of the field name, so the line is an unknown field.
        XCTAssertEqual(datas(parse("data: a\n\n\u{FEFF}data: b\n\n")), ["a"])
    }

    func testInvalidUTF8IsCarriedAsBytes() {
        var bytes = Array("data: ".utf8) + [0xFF, 0xFE, 0xC3] + Array("\n\n".utf8)
        var parser = SSEParser()
        let events = parser.feed(bytes)
        XCTAssertEqual(events.first?.data, [0xFF, 0xFE, 0xC3])
        bytes = [0xC3, 0x28] + Array(": x\ndata: ok\n\n".utf8)  // garbage field name
        var second = SSEParser()
        XCTAssertEqual(second.feed(bytes).map(\.dataString), ["ok"])
    }

    func testCRLFSplitAcrossChunksIsOneLineEnd() {
        var parser = SSEParser()
        var events = parser.feed(Array("data: a\r".utf8))
        events += parser.feed(Array("\ndata: b\r\n\r".utf8))
        events += parser.feed(Array("\n".utf8))
        XCTAssertEqual(datas(events), ["a\nb"])
    }

    // MARK: Bounds

    func testOversizedLineIsDroppedAndTheParserResynchronises() {
        let long = String(repeating: "x", count: 200)
        var parser = SSEParser(maxLineBytes: 100)
        let events = parser.feed(Array("data: a\n\ndata: b\ndata: \(long)\ndata: c\n\ndata: d\n\n".utf8))
        // The event with the long line is dropped whole; the next one arrives.
        XCTAssertEqual(datas(events), ["a", "d"])
        XCTAssertEqual(parser.oversizedLines, 1)
    }

    func testOversizedLineAcrossManyChunksKeepsMemoryBounded() {
        var parser = SSEParser(maxLineBytes: 1000)
        var events = parser.feed(Array("data: a\n\ndata: ".utf8))
        let chunk = [UInt8](repeating: UInt8(ascii: "y"), count: 300)
        for _ in 0..<100 { events += parser.feed(chunk) }  // 30 KB on one line
        events += parser.feed(Array("\n\ndata: b\n\n".utf8))
        XCTAssertEqual(datas(events), ["a", "b"])
        XCTAssertEqual(parser.oversizedLines, 1)
    }

    func testManyDataLinesBeyondTheLimitDropTheEvent() {
        var parser = SSEParser(maxLineBytes: 50)
        let text = String(repeating: "data: 0123456789\n", count: 10) + "\ndata: next\n\n"
        XCTAssertEqual(datas(parser.feed(Array(text.utf8))), ["next"])
        XCTAssertEqual(parser.oversizedLines, 1)
    }

    // MARK: The recorded capture

    func testRecordedCaptureGivesTwoEventsAndNotTheUnterminatedThird() throws {
        let capture = try Fixtures.bytes("sse-capture-wiki_visualizer-2022-12-11.txt")
        var parser = SSEParser()
        let events = parser.feed(capture)
        XCTAssertEqual(events.count, 2)
        XCTAssertTrue(events.allSatisfy { $0.type == "message" })
        XCTAssertTrue(events[0].dataString.contains("\"wiki\":\"commonswiki\""))
        XCTAssertTrue(events[1].dataString.contains("\"wiki\":\"enwiktionary\""))
        XCTAssertTrue(String(decoding: events[0].lastEventID, as: UTF8.self).hasPrefix("[{\"topic\":\"eqiad"))
        // With the blank line the third arrives.
        XCTAssertEqual(parser.feed(Array("\n\n".utf8)).count, 1)
    }

    func testCaptureCutAtEveryByteGivesTheSameEvents() throws {
        let capture = try Fixtures.bytes("sse-capture-wiki_visualizer-2022-12-11.txt") + Array("\n\n".utf8)
        var whole = SSEParser()
        let expected = whole.feed(capture)
        XCTAssertEqual(expected.count, 3)
        for cut in 0...capture.count {
            var parser = SSEParser()
            let events = parser.feed(Array(capture[..<cut])) + parser.feed(Array(capture[cut...]))
            XCTAssertEqual(events, expected, "cut at byte \(cut)")
        }
    }

    func testCaptureWithCRLFFedOneByteAtATime() throws {
        let lf = try Fixtures.bytes("sse-capture-wiki_visualizer-2022-12-11.txt") + Array("\n\n".utf8)
        var crlf: [UInt8] = []
        for b in lf { if b == 0x0A { crlf += [0x0D, 0x0A] } else { crlf.append(b) } }
        var reference = SSEParser()
        let expected = reference.feed(lf)
        var parser = SSEParser()
        var events: [SSEEvent] = []
        for b in crlf { events += parser.feed([b]) }
        XCTAssertEqual(events, expected)
    }
}
