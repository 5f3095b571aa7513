import EditStream
import TestSupport
import XCTest

final class EditPipelineTests: XCTestCase {
    func testRecordedSampleThroughThePipeline() throws {
        var pipeline = EditPipeline(selection: try WikiSelection(parsing: "en"))
        var edits: [SoundingEdit] = []
        for line in try Fixtures.lines("recentchange-sample.jsonl") {
            if let edit = pipeline.process(line) { edits.append(edit) }
        }
        XCTAssertEqual(pipeline.counters.received, 265)
        XCTAssertEqual(pipeline.counters.received, pipeline.counters.sounding + pipeline.counters.otherWikis
            + pipeline.counters.silent + pipeline.counters.duplicates + pipeline.counters.malformed
            + pipeline.counters.canary)
        XCTAssertTrue(edits.allSatisfy { $0.change.wiki == "enwiki" && $0.change.namespace == 0 })
        XCTAssertEqual(edits.count, pipeline.counters.sounding)
        XCTAssertEqual(pipeline.counters.malformed, 0)
        XCTAssertGreaterThan(edits.count, 50)
        XCTAssertTrue(edits.contains { $0.kind == .addition })
        XCTAssertTrue(edits.contains { $0.kind == .deletion })
    }

    func testDuplicatesCanariesAndMalformedAreCountedAndSkipped() {
        var pipeline = EditPipeline(selection: .all)
        let good = #"{"meta":{"id":"u1"},"type":"edit","namespace":0,"title":"A","length":{"old":1,"new":5},"wiki":"enwiki"}"#
        let canary = #"{"meta":{"id":"u2","domain":"canary"},"type":"edit","namespace":0,"length":{"old":1,"new":5},"wiki":"enwiki"}"#
        XCTAssertNotNil(pipeline.process(Array(good.utf8)))
        XCTAssertNil(pipeline.process(Array(good.utf8)))
        XCTAssertNil(pipeline.process(Array(canary.utf8)))
        XCTAssertNil(pipeline.process(Array("{not json".utf8)))
        XCTAssertEqual(pipeline.counters.duplicates, 1)
        XCTAssertEqual(pipeline.counters.canary, 1)
        XCTAssertEqual(pipeline.counters.malformed, 1)
        XCTAssertNotNil(pipeline.lastMalformedReason)
        XCTAssertEqual(pipeline.counters.sounding, 1)
    }
}
