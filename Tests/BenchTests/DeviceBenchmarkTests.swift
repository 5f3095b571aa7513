import Bench
import Foundation
import XCTest

/// One quick run shared by the tests (it takes about a second in a debug build).
private let quickRun: (report: DeviceBenchmarkReport, steps: [String]) = {
    var steps: [String] = []
    let report = DeviceBenchmark.run(quick: true) { steps.append($0) }
    return (report, steps)
}()

/// What `wikichime bench` reports: every figure there and positive, a table for people and JSON
/// for scripts. Never how fast anything is.
final class DeviceBenchmarkTests: XCTestCase {
    /// The JSON keys that scripts may rely on, every one a number.
    private struct Figures: Decodable {
        let parse_events_per_second: Double
        let parse_en_events_per_second: Double
        let score_microseconds_per_event: Double
        let synth_1_voices_realtime_factor: Double
        let synth_16_voices_realtime_factor: Double
        let synth_64_voices_realtime_factor: Double
        let edit_microseconds_per_event: Double
        let edit_core_percent_at_live_rate: Double
        let queue_latency_mean_ms: Double
        let queue_latency_max_ms: Double
        let live_rate_events_per_second: Double
        let duration_seconds: Double
        let keeps_up: Bool
        let quick: Bool
        let model: String
        let architecture: String
        let version: String?
    }

    func testEveryFigureIsMeasuredAndPositive() {
        let report = quickRun.report
        XCTAssert(report.quick)
        XCTAssertGreaterThan(report.parseEventsPerSecond, 0)
        XCTAssertGreaterThan(report.parseEnglishEventsPerSecond, 0)
        XCTAssertGreaterThan(report.scoreSecondsPerEdit, 0)
        XCTAssertEqual(report.synth.map(\.voices), [1, 16, 64])
        XCTAssert(report.synth.allSatisfy { $0.realtimeFactor > 0 && $0.realtimeFactor.isFinite })
        XCTAssertGreaterThan(report.editSecondsPerEvent, 0)
        XCTAssertGreaterThan(report.queueLatencyMean, 0)
        XCTAssertGreaterThanOrEqual(report.queueLatencyMax, report.queueLatencyMean)
        XCTAssertGreaterThan(report.durationSeconds, 0)
        XCTAssertEqual(report.corpusEvents, 300)
        XCTAssertFalse(report.machine.architecture.isEmpty)
    }

    func testProgressNamesEachPartBeforeItRuns() {
        let steps = quickRun.steps
        XCTAssertEqual(steps.count, 8)
        for part in ["parse", "score", "synth, 1 voice", "synth, 64 voices", "JSON to samples", "latency"] {
            XCTAssert(steps.contains { $0.contains(part) }, "no step mentions \(part): \(steps)")
        }
    }

    func testTheJSONHasEveryKeyAsANumber() throws {
        var report = quickRun.report
        report.version = "9.9.9"
        let json = report.json()
        let figures = try JSONDecoder().decode(Figures.self, from: Data(json.utf8))
        XCTAssertEqual(figures.parse_events_per_second, report.parseEventsPerSecond, accuracy: 0.1)
        XCTAssertEqual(figures.synth_64_voices_realtime_factor, report.synthRealtimeFactor(voices: 64) ?? -1, accuracy: 0.1)
        XCTAssertGreaterThan(figures.synth_1_voices_realtime_factor, 0)
        XCTAssertGreaterThan(figures.score_microseconds_per_event, 0)
        XCTAssertEqual(figures.live_rate_events_per_second, 50)
        XCTAssertEqual(figures.version, "9.9.9")
        XCTAssert(figures.quick)
        XCTAssertFalse(json.contains("\n"), "one line")
    }

    func testWithoutAVersionTheKeyIsLeftOut() throws {
        let object = try JSONSerialization.jsonObject(with: Data(quickRun.report.json().utf8)) as? [String: Any]
        XCTAssertNotNil(object?["parse_events_per_second"])
        XCTAssertNil(object?["version"])
    }

    func testAModelNameWithQuotesStaysValidJSON() throws {
        var report = DeviceBenchmarkReport(quick: false, machine: MachineInfo(architecture: "aarch64", model: "Pi \"2\" \\ W\t"))
        report.synth = [.init(voices: 64, realtimeFactor: 25)]
        let figures = try JSONSerialization.jsonObject(with: Data(report.json().utf8)) as? [String: Any]
        XCTAssertEqual(figures?["model"] as? String, "Pi \"2\" \\ W\t")
    }

    func testTheTableShowsEachFigureTheLiveRateAndAVerdict() {
        var report = quickRun.report
        report.version = "9.9.9"
        let table = report.table()
        for text in ["wikichime 9.9.9 bench", "parse+decode+select, all wikis", "parse+decode+select, en",
                     "score", "synth, 1 voice", "synth, 16 voices", "synth, 64 voices", "JSON→samples",
                     "queue latency", "to keep up", "project goal", "50 events/s", "≥ 20×",
                     "keeps up with the live stream"] {
            XCTAssert(table.contains(text), "the table has no \(text):\n\(table)")
        }
    }

    func testAMachineTooSlowToParseDoesNotKeepUp() {
        var report = DeviceBenchmarkReport(quick: false, machine: MachineInfo(architecture: "armv6l", model: "slow"))
        report.parseEventsPerSecond = 40
        report.parseEnglishEventsPerSecond = 400
        report.synth = [.init(voices: 64, realtimeFactor: 30)]
        report.editSecondsPerEvent = 0.001                       // 5 % of a core at 50 events/s
        XCTAssertFalse(report.keepsUp)
        XCTAssert(report.table().contains("one language playing): NO"))
        XCTAssert(report.json().contains("\"keeps_up\": false"))
        report.parseEventsPerSecond = 4000
        XCTAssert(report.keepsUp)
        report.synth = [.init(voices: 64, realtimeFactor: 0.8)]
        XCTAssertFalse(report.keepsUp)
        XCTAssertFalse(report.synthGoalMet)
    }
}
