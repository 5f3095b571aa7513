import EditStream
import Platform
import TestSupport
import Foundation
import InMemoryLogging
import Logging
import XCTest

/// The real libcurl client against a real HTTP server on 127.0.0.1 that cuts, stalls, refuses and
/// garbles. The point of each test: after every fault the client recovers, and no event is lost
/// and none is delivered twice.
final class StreamClientTests: XCTestCase {
    /// 265 recorded events of 16 wikis, served in file order.
    private func recordedEvents() throws -> [String] {
        try Fixtures.lines("recentchange-sample.jsonl").map { String(decoding: $0, as: UTF8.self) }
    }

    private struct Outcome {
        var delivered: [String] = []
        var ids: [String] = []
        var log: InMemoryLogHandler
        var statistics: StreamStatistics
    }

    /// Runs the client until `expected` events arrived (or 60 s passed), with fast timings.
    private func runClient(
        _ server: TestEventServer, expected: Int, inactivity: Double = 0.5, maxLineBytes: Int = 1 << 20
    ) throws -> Outcome {
        let log = InMemoryLogHandler()
        var logger = Logger(label: "test") { _ in log }
        logger.logLevel = .debug
        var settings = StreamClientSettings(url: server.url, userAgent: UserAgent.make(contact: "tests@example.org"))
        settings.inactivityTimeout = inactivity
        settings.maxLineBytes = maxLineBytes
        settings.policy = ReconnectPolicy(initialDelay: 0.01, maximumDelay: 0.05, healthyAfter: 60)
        let client = try StreamClient(settings: settings, logger: logger)
        var outcome = Outcome(log: log, statistics: StreamStatistics())
        let watchdog = DispatchWorkItem { client.stop() }
        DispatchQueue.global().asyncAfter(deadline: .now() + 60, execute: watchdog)
        client.run { event in
            outcome.delivered.append(String(decoding: event.data, as: UTF8.self))
            outcome.ids.append(String(decoding: event.lastEventID, as: UTF8.self))
            if outcome.delivered.count >= expected { client.stop() }
        }
        watchdog.cancel()
        outcome.statistics = client.statistics
        return outcome
    }

    private func assertEverythingOnce(_ outcome: Outcome, _ events: [String], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(outcome.delivered.count, events.count, "delivered count", file: file, line: line)
        XCTAssertEqual(outcome.delivered, events, "events lost, repeated or out of order", file: file, line: line)
        XCTAssertEqual(outcome.ids, events.indices.map(TestEventServer.eventID), file: file, line: line)
    }

    /// Every reconnect resumed exactly after the last event delivered before it.
    private func assertResumedCorrectly(_ server: TestEventServer, file: StaticString = #filePath, line: UInt = #line) {
        let requests = server.requests
        XCTAssertNil(requests.first?.lastEventID, "first connection has no Last-Event-ID", file: file, line: line)
        for request in requests {
            XCTAssertEqual(request.accept, "text/event-stream", file: file, line: line)
            let agent = request.userAgent ?? ""
            XCTAssertTrue(agent.hasPrefix("wikichime/\(Wikichime.version) (tests@example.org) libcurl/"), agent,
                          file: file, line: line)
        }
    }

    func testCleanClosesResumeWithLastEventID() throws {
        let events = try recordedEvents()
        let server = try TestEventServer(events: events, behaviours: [
            .events(count: 100, then: .closeCleanly), .events(count: 100, then: .closeCleanly),
        ])
        defer { server.close() }
        let outcome = try runClient(server, expected: events.count)
        assertEverythingOnce(outcome, events)
        assertResumedCorrectly(server)
        let resumedFrom = server.requests.map { TestEventServer.offset(in: $0.lastEventID) }
        XCTAssertEqual(resumedFrom, [nil, 99, 199])
        XCTAssertEqual(outcome.statistics.connections, 3)
        XCTAssertEqual(outcome.statistics.events, events.count)
    }

    func testCutMidEventResumesFromTheLastCompleteEvent() throws {
        let events = try recordedEvents()
        let server = try TestEventServer(events: events, behaviours: [
            .events(count: 40, then: .cutMidEvent), .events(count: 40, then: .cutMidEvent),
        ])
        defer { server.close() }
        let outcome = try runClient(server, expected: events.count)
        assertEverythingOnce(outcome, events)
        XCTAssertEqual(server.requests.map { TestEventServer.offset(in: $0.lastEventID) }, [nil, 39, 79])
    }

    func testStallIsDroppedAfterTheInactivityTimeout() throws {
        let events = try recordedEvents()
        let server = try TestEventServer(events: events, behaviours: [.events(count: 50, then: .stall)])
        defer { server.close() }
        let outcome = try runClient(server, expected: events.count, inactivity: 0.4)
        assertEverythingOnce(outcome, events)
        XCTAssertEqual(server.requests.count, 2)
        XCTAssertTrue(outcome.log.entries.contains { $0.level == .warning && "\($0.message)".contains("no data for 0.4 s") },
                      "\(outcome.log.entries)")
    }

    func testErrorStatusesBackOffAndRecover() throws {
        let events = try recordedEvents()
        let server = try TestEventServer(events: events, behaviours: [
            .events(count: 30, then: .closeCleanly), .status(503), .status(429), .status(502), .wrongContentType,
        ])
        defer { server.close() }
        let outcome = try runClient(server, expected: events.count)
        assertEverythingOnce(outcome, events)
        // Each failed attempt resumed from the same place.
        XCTAssertEqual(server.requests.dropFirst().map { TestEventServer.offset(in: $0.lastEventID) }, [29, 29, 29, 29, 29])
        let messages = outcome.log.entries.map { "\($0.message)" }
        XCTAssertTrue(messages.contains { $0.contains("HTTP 503") })
        XCTAssertTrue(messages.contains { $0.contains("too many connections") && $0.contains("429") })
        XCTAssertTrue(messages.contains { $0.contains("text/html, not text/event-stream") })
    }

    func testForbiddenSaysTheUserAgentWasRefused() throws {
        let events = try recordedEvents()
        let server = try TestEventServer(events: events, behaviours: [.status(403)])
        defer { server.close() }
        let outcome = try runClient(server, expected: events.count)
        assertEverythingOnce(outcome, events)
        let refusal = outcome.log.entries.first { $0.level == .error }
        XCTAssertNotNil(refusal)
        XCTAssertTrue("\(refusal?.message ?? "")".contains("refused the User-Agent (HTTP 403)"))
    }

    func testBadRequestAfterResumeForgetsTheID() throws {
        let events = try recordedEvents()
        let server = try TestEventServer(events: events, behaviours: [
            .events(count: 20, then: .closeCleanly), .status(400),
        ])
        defer { server.close() }
        // After the 400 the server starts again from event 0: the client sees 20 + all events.
        let outcome = try runClient(server, expected: 20 + events.count)
        XCTAssertEqual(server.requests.map { TestEventServer.offset(in: $0.lastEventID) }, [nil, 19, nil])
        XCTAssertEqual(outcome.delivered, Array(events.prefix(20)) + events)
        XCTAssertTrue(outcome.log.entries.contains { "\($0.message)".contains("refused to resume") })
        // The pipeline's de-duplication turns the replay into nothing played twice.
        var pipeline = EditPipeline(selection: .all, rules: SoundRules(namespaces: []))
        let played = outcome.delivered.compactMap { pipeline.process(Array($0.utf8))?.change.id }
        XCTAssertEqual(played.count, Set(played).count)
        XCTAssertGreaterThan(pipeline.counters.duplicates, 0)
    }

    func testErrorEventEndsTheConnectionAndTheClientResumes() throws {
        let events = try recordedEvents()
        let server = try TestEventServer(events: events, behaviours: [.events(count: 60, then: .errorEvent)])
        defer { server.close() }
        let outcome = try runClient(server, expected: events.count)
        assertEverythingOnce(outcome, events)
        XCTAssertTrue(outcome.log.entries.contains { "\($0.message)".contains("error event") })
        XCTAssertEqual(server.requests.map { TestEventServer.offset(in: $0.lastEventID) }, [nil, 59])
    }

    func testGarbageBetweenEventsIsIgnored() throws {
        let events = try recordedEvents()
        let server = try TestEventServer(events: events, behaviours: [.events(count: 50, extra: .garbage, then: .closeCleanly)])
        defer { server.close() }
        assertEverythingOnce(try runClient(server, expected: events.count), events)
    }

    func testAnEightMebibyteLineIsDroppedAndTheStreamGoesOn() throws {
        let events = try recordedEvents()
        let server = try TestEventServer(events: events, behaviours: [
            .events(count: 50, extra: .hugeLine(bytes: 8 << 20), then: .closeCleanly),
        ])
        defer { server.close() }
        let outcome = try runClient(server, expected: events.count)
        assertEverythingOnce(outcome, events)
        XCTAssertEqual(outcome.statistics.oversizedLines, 1)
        XCTAssertTrue(outcome.log.entries.contains { $0.level == .warning && "\($0.message)".contains("longer than") })
    }

    func testMalformedJSONIsDeliveredOnceAndSkippedByThePipeline() throws {
        let events = try recordedEvents()
        let server = try TestEventServer(events: events, behaviours: [.events(count: 50, extra: .malformedJSON, then: .closeCleanly)])
        defer { server.close() }
        let outcome = try runClient(server, expected: events.count + 1)
        var pipeline = EditPipeline(selection: .all, rules: SoundRules(namespaces: []))
        var reference = EditPipeline(selection: .all, rules: SoundRules(namespaces: []))
        let played = outcome.delivered.compactMap { pipeline.process(Array($0.utf8))?.change.id }
        let expected = events.compactMap { reference.process(Array($0.utf8))?.change.id }
        XCTAssertEqual(pipeline.counters.malformed, 1)
        XCTAssertEqual(played, expected)
    }

    func testAllFaultsInOneRunLoseNothing() throws {
        let events = try recordedEvents()
        let server = try TestEventServer(events: events, behaviours: [
            .events(count: 20, extra: .garbage, then: .cutMidEvent),
            .status(503),
            .events(count: 20, then: .stall),
            .events(count: 20, extra: .hugeLine(bytes: 2 << 20), then: .errorEvent),
            .status(429),
            .events(count: 20, then: .closeCleanly),
            .events(count: 0, then: .closeCleanly),
            .events(count: 20, then: .cutMidEvent),
        ])
        defer { server.close() }
        let outcome = try runClient(server, expected: events.count, inactivity: 0.4)
        assertEverythingOnce(outcome, events)
        assertResumedCorrectly(server)
        // And through the pipeline: exactly what a fault-free run plays.
        var pipeline = EditPipeline(selection: try WikiSelection(parsing: "en,commons,wikidata"))
        var reference = EditPipeline(selection: try WikiSelection(parsing: "en,commons,wikidata"))
        let played = outcome.delivered.compactMap { pipeline.process(Array($0.utf8))?.change.id }
        let expected = events.compactMap { reference.process(Array($0.utf8))?.change.id }
        XCTAssertEqual(played, expected)
        XCTAssertGreaterThan(played.count, 50)
    }

    func testStopEndsAQuietTransferAtOnce() throws {
        let server = try TestEventServer(events: try recordedEvents(), behaviours: [.events(count: 1, then: .stall)])
        defer { server.close() }
        let client = try StreamClient(
            settings: StreamClientSettings(url: server.url, userAgent: "wikichime-test"), logger: Logger(label: "t"))
        let finished = DispatchSemaphore(value: 0)
        let started = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            client.run { _ in started.signal() }
            finished.signal()
        }
        XCTAssertEqual(started.wait(timeout: .now() + 20), .success, "no event arrived")
        client.stop()
        // The inactivity timeout is 45 s: returning well before it shows stop() cut the transfer.
        XCTAssertEqual(finished.wait(timeout: .now() + 5), .success, "run did not return after stop()")
    }
}
