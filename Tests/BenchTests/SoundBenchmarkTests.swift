import Audio
import Bench
import XCTest

/// The audio queue's latency figures: a note that is never written adds no latency, it is counted
/// as missed. Behaviour only, never speed.
final class SoundBenchmarkTests: XCTestCase {
    func testNotesNeverWrittenAreMissedAndRecordNoLatency() {
        let latency = SoundBenchmark.queueLatency(notes: 3, wait: 0.05, openSink: { () throws(AudioError) -> AudioSink in
            throw AudioError(kind: .missing, device: "bench-test", detail: "never opens")
        })
        XCTAssertEqual(latency.missed, 3)
        XCTAssertEqual(latency.notes, 0)
        XCTAssertEqual(latency.mean, 0)
        XCTAssertEqual(latency.max, 0)
    }

    func testNotesWrittenEachRecordTheirLatency() {
        let latency = SoundBenchmark.queueLatency(notes: 3)
        XCTAssertEqual(latency.missed, 0)
        XCTAssertEqual(latency.notes, 3)
        XCTAssertGreaterThan(latency.mean, 0)
        XCTAssertGreaterThanOrEqual(latency.max, latency.mean)
    }
}
