import Bench
import EditStream
import TestSupport
import XCTest

/// The built-in corpus of `wikichime bench`: real recorded events, cycled into distinct events.
final class BuiltInCorpusTests: XCTestCase {
    func testEveryBuiltInLineIsARecordedFixtureLineVerbatim() throws {
        let recorded = Set(try Fixtures.lines("recentchange-sample.jsonl")
            + Fixtures.lines("recentchange-wikidata-editgroups-2018.jsonl"))
        let lines = EventLines.builtIn.lines
        XCTAssertEqual(lines.count, 34)
        XCTAssertEqual(Set(lines).count, lines.count, "a line is there twice")
        for (i, line) in lines.enumerated() {
            XCTAssert(recorded.contains(line), "built-in line \(i + 1) is not a fixture line")
        }
    }

    /// Shipped in the binary, so only from sources with a licence: the editgroups file (MIT), or
    /// lines 51–263 of the sample, S2–S6 (MIT, Apache-2.0). Lines 1–50 are S1, 264 S7 and 265 S8,
    /// whose repositories declare none (SOURCES.md; recentchange-sample.sources.tsv).
    func testEveryBuiltInLineComesFromALicensedSource() throws {
        let sample = try Fixtures.lines("recentchange-sample.jsonl")
        let licensed = Set(try sample[50..<263] + Fixtures.lines("recentchange-wikidata-editgroups-2018.jsonl"))
        for (i, line) in EventLines.builtIn.lines.enumerated() {
            XCTAssert(licensed.contains(line), "built-in line \(i + 1) is not from a licensed source")
        }
    }

    /// Wikidata's share is the live stream's; the licensed sources have only one commonswiki and
    /// one enwiktionary event besides, so enwiki stands in for the other wikis (BuiltInEvents.swift).
    func testTheMixIsAboutTheLiveOne() throws {
        let wikis = try EventLines.builtIn.lines.map { try XCTUnwrap(RecentChange(json: $0).wiki) }
        let wikidata = wikis.filter { $0 == "wikidatawiki" }.count
        XCTAssertEqual(Double(wikidata) / Double(wikis.count), 0.35, accuracy: 0.02)
        XCTAssertEqual(wikis.filter { $0 == "enwiki" }.count, 20)
        XCTAssertEqual(Set(wikis), ["wikidatawiki", "enwiki", "commonswiki", "enwiktionary"])
    }

    func testACorpusOfNEventsParsesIntoNEventsWithUniqueIDs() throws {
        let count = 100                                 // three times round the 34 lines, and some
        let corpus = SSECorpus.make(events: count, from: .builtIn, uniqueIDs: true)
        var parser = SSEParser()
        let events = parser.feed(corpus)
        XCTAssertEqual(events.count, count)
        XCTAssert(events.allSatisfy { $0.type == "message" })
        XCTAssertEqual(Set(events.map(\.lastEventID)).count, count, "SSE ids repeat")
        let changes = try events.map { try RecentChange(json: $0.data) }
        XCTAssertEqual(Set(changes.compactMap(\.id)).count, count, "meta.ids repeat")
        // Only meta.id changed: event 34 is line 0 again, with another id and the same length.
        var first = changes[0], again = changes[34]
        XCTAssertNotEqual(first.id, again.id)
        first.id = nil
        again.id = nil
        XCTAssertEqual(first, again)
        XCTAssertEqual(events[0].data.count, events[34].data.count)
    }

    func testWithoutUniqueIDsTheLinesAreCopiedAsTheyAre() {
        var parser = SSEParser()
        let events = parser.feed(SSECorpus.make(events: 40, from: .builtIn))
        XCTAssertEqual(events.map(\.data), (0..<40).map { EventLines.builtIn.lines[$0 % 34] })
    }

    func testAUniqueIDEndsInTheEventsNumber() throws {
        let line = EventLines.builtIn.line(0x1234_5678, uniqueID: true)
        let id = try XCTUnwrap(RecentChange(json: line).id)
        XCTAssert(id.hasSuffix("000012345678"), id)
        XCTAssertEqual(id.count, 36)
    }

    func testJSONLinesSkipsBlankLinesAndCarriageReturns() {
        let lines = EventLines(jsonLines: Array("{\"a\":1}\r\n\n{\"b\":2}\n".utf8)).lines
        XCTAssertEqual(lines, [Array("{\"a\":1}".utf8), Array("{\"b\":2}".utf8)])
    }
}
