import Audio
import Foundation

/// An in-memory sink for engine tests: keeps what is written and fails when told to.
final class FakeSink: AudioSink, @unchecked Sendable {
    let sampleRate: Int
    let framesPerWrite = 240
    let pendingFrames = 0
    let underruns = 0
    private let lock = NSLock()
    private var stored: [Int16] = []
    private var failure: AudioError?

    init(sampleRate: Int = 48000) {
        self.sampleRate = sampleRate
    }

    var samples: [Int16] { lock.withLock { stored } }

    /// The next write throws this (once).
    func failNextWrite(with error: AudioError) {
        lock.withLock { failure = error }
    }

    func write(_ frames: UnsafePointer<Int16>, count: Int) throws(AudioError) {
        let pending: AudioError? = lock.withLock {
            defer { failure = nil }
            return failure
        }
        if let pending { throw pending }
        lock.withLock { stored.append(contentsOf: UnsafeBufferPointer(start: frames, count: count * 2)) }
    }

    func close() throws(AudioError) {}
}

/// Opens sinks from a script: errors first, then the sink.
final class ScriptedDevice: @unchecked Sendable {
    private let lock = NSLock()
    private var failures: [AudioError]
    private var openCount = 0
    var opens: Int { lock.withLock { openCount } }
    let sink: FakeSink

    init(failures: [AudioError], sink: FakeSink = FakeSink()) {
        self.failures = failures
        self.sink = sink
    }

    func open() throws(AudioError) -> AudioSink {
        let next: AudioError? = lock.withLock {
            openCount += 1
            return failures.isEmpty ? nil : failures.removeFirst()
        }
        if let next { throw next }
        return sink
    }
}

/// Polls until `condition` holds or `timeout` passes.
func waitUntil(_ timeout: Double = 10, _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if condition() { return true }
        Thread.sleep(forTimeInterval: 0.01)
    }
    return condition()
}
