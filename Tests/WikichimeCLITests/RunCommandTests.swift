import EditStream
import Foundation
import Platform
import TestSupport
import XCTest

/// `wikichime` as a person runs it: the built binary, its help, its output files and its exit.
final class RunCommandTests: XCTestCase {
    private var temporary: TemporaryFolder!
    private var scratch: URL { temporary.url }

    override func setUpWithError() throws {
        temporary = try TemporaryFolder("wikichime-cli")
    }

    override func tearDownWithError() throws {
        temporary.remove()
    }

    func testHelpNamesTheCommandsAndOptions() throws {
        let top = try Wikichime.run(["--help"])
        XCTAssertEqual(top.status, 0)
        for word in ["Listen to Wikipedia", "run", "render", "test-sound", "list-audio-devices", "version"] {
            XCTAssertTrue(top.stdout.contains(word), word)
        }
        let run = try Wikichime.run(["run", "--help"])
        XCTAssertEqual(run.status, 0)
        for option in ["--languages", "--stream-url", "--input", "--record", "--trace", "--contact", "wikidata",
                       "--audio-device", "--volume", "--print-edits"] {
            XCTAssertTrue(run.stdout.contains(option), option)
        }
    }

    func testAMistakeOnTheCommandLineSaysWhatAndExitsWithTheUsageStatus() throws {
        let volume = try Wikichime.run(["run", "--volume", "200", "--audio-device", "none"])
        XCTAssertEqual(volume.status, 64)
        XCTAssertTrue(volume.stderr.hasPrefix("Error: --volume: 200 is not between 0 and 100\nUsage: wikichime run [<options>]\n"),
                      volume.stderr)
        let unknown = try Wikichime.run(["run", "--colume", "20"])
        XCTAssertEqual(unknown.status, 64)
        XCTAssertTrue(unknown.stderr.hasPrefix("Error: Unknown option '--colume'"), unknown.stderr)
        let missing = try Wikichime.run(["render", "--input", "x.jsonl"])
        XCTAssertEqual(missing.status, 64)
        XCTAssertTrue(missing.stderr.hasPrefix("Error: Missing expected argument '--output <file>'"), missing.stderr)
        XCTAssertEqual(try Wikichime.run(["dance"]).status, 64)
    }

    func testHelpForANestedCommand() throws {
        let help = try Wikichime.run(["help", "config", "set"])
        XCTAssertEqual(help.status, 0)
        XCTAssertTrue(help.stdout.contains("USAGE: wikichime config set <key> <value> [<options>]"), help.stdout)
        XCTAssertEqual(try Wikichime.run(["config", "set", "--help"]).stdout, help.stdout)
        XCTAssertEqual(try Wikichime.run(["--version"]).stdout, "\(Platform.Wikichime.version)\n")
    }

    func testVersion() throws {
        let result = try Wikichime.run(["version"])
        XCTAssertEqual(result.status, 0)
        XCTAssertEqual(result.stdout, "wikichime \(Platform.Wikichime.version) (libcurl \(Curl.version))\n")
    }

    func testReplayPrintsAndTracesEachSelectedEdit() throws {
        let trace = scratch.appendingPathComponent("trace.jsonl")
        let input = try Fixtures.url("recentchange-sample.jsonl").path
        let result = try Wikichime.run(["run", "--input", input, "--languages", "en", "--trace", trace.path,
                                        "--print-edits", "--rate", "0", "--audio-device", "none"])
        XCTAssertEqual(result.status, 0, result.stderr)

        var pipeline = EditPipeline(selection: try WikiSelection(parsing: "en"))
        let expected = try Fixtures.lines("recentchange-sample.jsonl").compactMap { pipeline.process($0) }
        let lines = try String(contentsOf: trace, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines.count, expected.count)
        XCTAssertEqual(result.stdout.split(separator: "\n").count, expected.count)
        for (line, edit) in zip(lines, expected) {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] ?? [:]
            XCTAssertNotNil(object["t"] as? Double)
            XCTAssertEqual(object["wiki"] as? String, "enwiki")
            XCTAssertEqual(object["title"] as? String, edit.change.title)
            XCTAssertEqual(object["type"] as? String, edit.change.type?.name)
            XCTAssertEqual(object["delta"] as? Int, edit.delta)
            XCTAssertEqual(object["kind"] as? String, edit.kind.rawValue)
            XCTAssertEqual(object["user_class"] as? String, edit.change.userClass.rawValue)
        }
        XCTAssertTrue(result.stdout.hasPrefix("enwiki deletion -73 B San Agustín del Guadalix (clav "), result.stdout)
        XCTAssertTrue(result.stderr.contains("265 events: \(expected.count) selected"), result.stderr)
    }

    /// `raise_low_notes = yes` plays the plucks below C2 an octave up, and only those.
    func testRaiseLowNotesMovesOnlyTheLowestPlucksUpAnOctave() throws {
        func clavNotes(raise: String) throws -> [Int] {
            let config = scratch.appendingPathComponent("raise-\(raise).conf")
            try "raise_low_notes = \(raise)\n".write(to: config, atomically: true, encoding: .utf8)
            let trace = scratch.appendingPathComponent("raise-\(raise).jsonl")
            let result = try Wikichime.run([
                "run", "--config", config.path, "--input", try Fixtures.url("recentchange-sample.jsonl").path,
                "--languages", "all", "--rate", "0", "--audio-device", "none", "--board", "none",
                "--state-dir", scratch.path, "--runtime-dir", scratch.path, "--trace", trace.path])
            XCTAssertEqual(result.status, 0, result.stderr)
            return try String(contentsOf: trace, encoding: .utf8).split(separator: "\n").compactMap { line in
                let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] ?? [:]
                return object["instrument"] as? String == "clav" ? object["midi"] as? Int : nil
            }
        }
        let original = try clavNotes(raise: "no"), raised = try clavNotes(raise: "yes")
        XCTAssertEqual(original.count, raised.count)
        XCTAssertTrue(original.contains { $0 < 36 }, "the sample has a pluck below C2: \(original)")
        XCTAssertFalse(raised.contains { $0 < 36 }, "\(raised)")
        XCTAssertEqual(raised, original.map { $0 < 36 ? $0 + 12 : $0 })
    }

    func testReplayOfARawSSECaptureSkipsTheUnterminatedEvent() throws {
        let trace = scratch.appendingPathComponent("trace.jsonl")
        let input = try Fixtures.url("sse-capture-wiki_visualizer-2022-12-11.txt").path
        let result = try Wikichime.run(["run", "--input", input, "--languages", "all", "--trace", trace.path,
                                        "--print-edits", "--rate", "0", "--audio-device", "none"])
        XCTAssertEqual(result.status, 0, result.stderr)
        // Two complete events (commons file page: silent; enwiktionary article: a deletion of 38 B).
        XCTAssertTrue(result.stdout.hasPrefix("enwiktionary deletion -38 B thought (clav "), result.stdout)
        XCTAssertEqual(result.stdout.split(separator: "\n").count, 1)
        XCTAssertTrue(result.stderr.contains("2 events: 1 selected"), result.stderr)
    }

    /// A paced replay (here 4 events a second, a minute's worth) stops at SIGTERM, not at its end.
    func testSIGTERMStopsAPacedReplayAtOnce() throws {
        let input = scratch.appendingPathComponent("long.jsonl")
        let lines = try Fixtures.lines("recentchange-sample.jsonl").map { String(decoding: $0, as: UTF8.self) }
        try lines.joined(separator: "\n").write(to: input, atomically: true, encoding: .utf8)
        let process = try Wikichime.start(["run", "--input", input.path, "--rate", "4", "--audio-device", "none",
                                           "--board", "none", "--config", scratch.appendingPathComponent("none.conf").path,
                                           "--state-dir", scratch.path, "--runtime-dir", scratch.path])
        Thread.sleep(forTimeInterval: 1)
        kill(process.processIdentifier, SIGTERM)
        let result = try Wikichime.finish(process, timeout: 5)
        XCTAssertFalse(result.timedOut, "the replay went on after SIGTERM")
        XCTAssertEqual(result.status, 0, result.stderr)
    }

    func testBadInputIsNamed() throws {
        let badList = try Wikichime.run(["run", "--languages", "en,de!"])
        XCTAssertNotEqual(badList.status, 0)
        XCTAssertTrue(badList.stderr.contains("'de!' is not a wiki"), badList.stderr)

        let missing = try Wikichime.run(["run", "--input", "/nonexistent/edits.jsonl", "--audio-device", "none"])
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.stderr.contains("cannot open /nonexistent/edits.jsonl: No such file or directory"), missing.stderr)

        let badURL = try Wikichime.run(["run", "--stream-url", "ftp://example.org/"])
        XCTAssertNotEqual(badURL.status, 0)
        XCTAssertTrue(badURL.stderr.contains("not an http:// or https:// URL"), badURL.stderr)

        let unwritable = try Wikichime.run(["run", "--input", try Fixtures.url("recentchange-sample.jsonl").path,
                                            "--trace", "/nonexistent/trace.jsonl"])
        XCTAssertNotEqual(unwritable.status, 0)
        XCTAssertTrue(unwritable.stderr.contains("cannot open /nonexistent/trace.jsonl"), unwritable.stderr)
    }

    func testMalformedLinesInAReplayAreSkippedNotFatal() throws {
        let input = scratch.appendingPathComponent("mixed.jsonl")
        let good = try Fixtures.lines("recentchange-sample.jsonl").prefix(60).map { String(decoding: $0, as: UTF8.self) }
        try (["{\"wiki\":\"enwiki\",\"title\":"] + good + ["{broken", ""]).joined(separator: "\n")
            .write(to: input, atomically: true, encoding: .utf8)
        let result = try Wikichime.run(["run", "--input", input.path, "--languages", "all", "--rate", "0",
                                        "--audio-device", "none"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("skipped a malformed event"), result.stderr)
        XCTAssertTrue(result.stderr.contains("2 malformed"), result.stderr)
    }

    /// The live path end to end: the binary against a local EventStreams server that cuts the
    /// connection, recording what arrives; SIGTERM ends it; the recording replays to the same edits.
    func testLiveStreamRecordThenReplayAndStopOnSIGTERM() throws {
        let events = try Fixtures.lines("recentchange-sample.jsonl").map { String(decoding: $0, as: UTF8.self) }
        let server = try TestEventServer(events: events, behaviours: [
            .events(count: 100, then: .cutMidEvent), .events(count: 100, then: .closeCleanly),
        ])
        defer { server.close() }
        let record = scratch.appendingPathComponent("record.jsonl")
        let liveTrace = scratch.appendingPathComponent("live.jsonl")
        let process = try Wikichime.start([
            "run", "--stream-url", server.url, "--languages", "en,wikidata", "--record", record.path,
            "--trace", liveTrace.path, "--contact", "cli-test@example.org", "--audio-device", "none",
        ])
        var pipeline = EditPipeline(selection: try WikiSelection(parsing: "en,wikidata"))
        let expected = events.compactMap { pipeline.process(Array($0.utf8)) }
        // Wait until every event was recorded (the server then stalls, as the live stream idles).
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, (try? String(contentsOf: record, encoding: .utf8))?.split(separator: "\n").count ?? 0 < events.count {
            Thread.sleep(forTimeInterval: 0.05)
        }
        kill(process.processIdentifier, SIGTERM)
        let result = try Wikichime.finish(process, timeout: 10)
        XCTAssertFalse(result.timedOut, "wikichime did not stop after SIGTERM")
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(server.requests.count, 3)
        XCTAssertTrue(server.requests.allSatisfy { $0.userAgent?.contains("(cli-test@example.org) libcurl/") == true })

        let recorded = try String(contentsOf: record, encoding: .utf8).split(separator: "\n").map(String.init)
        XCTAssertEqual(recorded, events)
        let liveTitles = try titles(in: liveTrace)
        XCTAssertEqual(liveTitles, expected.map { $0.change.title ?? "" })

        let replayTrace = scratch.appendingPathComponent("replay.jsonl")
        let replay = try Wikichime.run(["run", "--input", record.path, "--languages", "en,wikidata", "--trace", replayTrace.path,
                                        "--rate", "0", "--audio-device", "none"])
        XCTAssertEqual(replay.status, 0, replay.stderr)
        XCTAssertEqual(try titles(in: replayTrace), liveTitles)
    }

    private func titles(in trace: URL) throws -> [String] {
        try String(contentsOf: trace, encoding: .utf8).split(separator: "\n").map { line in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            return object?["title"] as? String ?? ""
        }
    }
}

extension RunCommandTests {
    /// `wikichime bench --json` on the box: the figures scripts read are numbers, and the table
    /// names every figure. (`--quick`: the figures are rough; only their presence is checked.)
    func testBenchPrintsItsFiguresAsJSONAndAsATable() throws {
        let json = try Wikichime.run(["bench", "--quick", "--json"])
        XCTAssertEqual(json.status, 0, json.stderr)
        XCTAssertEqual(json.stderr, "", "with --json, progress stays quiet")
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any] ?? [:]
        for key in ["parse_events_per_second", "synth_64_voices_realtime_factor", "synth_1_voices_realtime_factor",
                    "edit_microseconds_per_event", "queue_latency_mean_ms"] {
            XCTAssertGreaterThan(object[key] as? Double ?? 0, 0, key)
        }
        XCTAssertEqual(object["version"] as? String, Platform.Wikichime.version)

        let table = try Wikichime.run(["bench", "--quick"])
        XCTAssertEqual(table.status, 0, table.stderr)
        for figure in ["parse+decode+select, all wikis", "synth, 64 voices", "audio queue latency", "keeps up with the live stream"] {
            XCTAssertTrue(table.stdout.contains(figure), figure)
        }
        XCTAssertTrue(table.stderr.contains("measuring synth, 64 voices"), table.stderr)
    }
}
