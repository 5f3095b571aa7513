import Appliance
import Foundation
import Logging
import Platform
import XCTest

final class SupervisorTests: XCTestCase {
    /// Written by the test, read by the supervisor's thread.
    final class Heartbeat: @unchecked Sendable {
        private let lock = NSLock()
        private var stored: Double?
        var value: Double? {
            get { lock.withLock { stored } }
            set { lock.withLock { stored = newValue } }
        }
    }

    final class Log: @unchecked Sendable {
        private let lock = NSLock()
        private var stored: [String] = []
        var lines: [String] { lock.withLock { stored } }
        func append(_ line: String) { lock.withLock { stored.append(line) } }
    }

    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var stored = 0
        var value: Int { lock.withLock { stored } }
        func increment() { lock.withLock { stored += 1 } }
    }

    func testAPartThatStopsBeatingIsReportedAndItsRecoveryToo() throws {
        let beat = Heartbeat()
        beat.value = Date.timeIntervalSinceReferenceDate
        let log = Log()
        let logger = Logger(label: "t") { _ in RecordingHandler { log.append($0) } }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wikichime-sup-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let reloads = Counter()
        let supervisor = Supervisor(
            notifier: nil, watchdogTimeout: nil, statusPath: folder.appendingPathComponent("status").path,
            statusInterval: 0.05,
            parts: [PartWatch(name: "audio", limit: 0.3) { [beat] in beat.value }],
            hooks: Supervisor.Hooks(status: { var r = StatusReport(); r.languages = "en"; return r },
                                    reload: { reloads.increment() }),
            logger: logger)
        // Monotonic time for the heartbeat: fresh now, then it stops.
        beat.value = MonotonicClock.now()
        let thread = Thread { supervisor.run() }
        thread.start()
        Thread.sleep(forTimeInterval: 0.8)
        XCTAssertTrue(log.lines.contains { $0.contains("the audio part is not responding") }, "\(log.lines)")
        let status = try String(contentsOf: folder.appendingPathComponent("status"), encoding: .utf8)
        XCTAssertTrue(status.contains("part_audio = not responding"), status)
        beat.value = MonotonicClock.now() + 100  // beating again
        Thread.sleep(forTimeInterval: 0.3)
        XCTAssertTrue(log.lines.contains { $0.contains("the audio part is responding again") }, "\(log.lines)")
        supervisor.requestReload()
        Thread.sleep(forTimeInterval: 0.3)
        XCTAssertEqual(reloads.value, 1)
        supervisor.requestStop()
        Thread.sleep(forTimeInterval: 0.3)
        XCTAssertTrue(thread.isFinished)
    }
}

/// Hands each log message to a closure.
struct RecordingHandler: LogHandler {
    let record: @Sendable (String) -> Void
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace
    init(_ record: @escaping @Sendable (String) -> Void) { self.record = record }
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }
    func log(event: LogEvent) { record("\(event.message)") }
}
