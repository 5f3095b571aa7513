import Audio
import Foundation
import InMemoryLogging
import Logging
import Platform
import Synth
import XCTest

/// The ALSA sink and the audio engine on a paced test device (Tests/TestPCM): a device that takes
/// audio at a sound card's pace, so writes block, buffers run dry, and faults (an xrun, an unplug,
/// a stall) can be injected while playing. Needs `swift build --product WikichimeTestPCM` first.
final class PacedDeviceTests: XCTestCase {
    private let bell = Note(voicing: .bell, midi: 72, gain: 0.2)

    /// Writes `seconds` of `chunk` (repeated) through the sink, a period at a time, as the engine does.
    private func write(_ sink: ALSASink, seconds: Double, sample: Int16 = 1000) throws {
        let chunk = [Int16](repeating: sample, count: sink.framesPerWrite * 2)
        var left = Int(seconds * Double(sink.sampleRate))
        while left > 0 {
            let count = min(left, sink.framesPerWrite)
            try chunk.withUnsafeBufferPointer { try sink.write($0.baseAddress!, count: count) }
            left -= count
        }
    }

    /// - Parameter stallTimeout: how long the sink waits on a device that takes nothing.
    private func makeEngine(_ device: PacedDevice, queueCapacity: Int = 16, stallTimeout: Double = 5,
                            log: InMemoryLogHandler) -> AudioEngine {
        var settings = AudioEngineSettings()
        settings.reopenInitial = 0.05
        settings.reopenMaximum = 0.2
        settings.queueCapacity = queueCapacity
        let configText = device.configText
        return AudioEngine(settings: settings, volume: 1, logger: Logger(label: "paced") { _ in log },
                           openSink: { () throws(AudioError) -> AudioSink in
            let sink = try ALSASink(device: PacedDevice.name, configText: configText)
            sink.stallTimeout = stallTimeout
            return sink
        })
    }

    // MARK: 1. Pacing

    func testWritesBlockAtTheDevicePaceAndEveryFrameIsPlayed() throws {
        let device = try PacedDevice(speed: 2)
        defer { device.remove() }
        // A 200 ms buffer (100 ms of real time at speed 2): no underrun even on a busy CI machine.
        let sink = try ALSASink(device: PacedDevice.name, configText: device.configText, bufferSeconds: 0.2)
        XCTAssertEqual(sink.sampleRate, 48000)
        let frames = sink.sampleRate  // 1 s of audio, a pattern that shows any lost or repeated frame
        let samples = (0..<frames * 2).map { Int16(truncatingIfNeeded: $0 &* 37) }
        let start = MonotonicClock.now()
        var maxPending = 0
        try samples.withUnsafeBufferPointer { buffer in
            var offset = 0
            while offset < frames {
                let count = min(sink.framesPerWrite, frames - offset)
                try sink.write(buffer.baseAddress! + 2 * offset, count: count)
                offset += count
                maxPending = max(maxPending, sink.pendingFrames)
            }
        }
        let written = MonotonicClock.now() - start
        try sink.close()  // lets the buffer play out, then stops
        let drained = MonotonicClock.now() - start
        print("paced device at speed \(device.speed): 1.0 s of audio written in \(written) s, closed after \(drained) s; "
              + "buffer \(sink.bufferFrames) frames, most pending \(maxPending)")

        XCTAssertGreaterThan(written, 0.5 / device.speed, "writes must block while the buffer is full (null takes ~0 s)")
        XCTAssertGreaterThan(drained, 0.9 / device.speed, "close lets the buffer play out")
        XCTAssertLessThan(drained, 2 / device.speed + 0.5)
        XCTAssertGreaterThan(maxPending, sink.bufferFrames / 2, "delay reflects a full buffer")
        XCTAssertLessThanOrEqual(maxPending, sink.bufferFrames)
        XCTAssertEqual(sink.underruns, 0, "a writer that keeps up never underruns")
        let captured = device.captured()
        XCTAssertEqual(captured.count, samples.count, "the capture holds exactly the frames written")
        XCTAssertTrue(captured == samples, "the captured frames are the ones written, in order")
    }

    func testDeviceOffersS16StereoAt44100And48000() throws {
        let device = try PacedDevice(speed: 4)
        defer { device.remove() }
        XCTAssertEqual(try ALSASink(device: PacedDevice.name, configText: device.configText, rate: 44100).sampleRate, 44100)
        XCTAssertEqual(try ALSASink(device: PacedDevice.name, configText: device.configText, rate: 48000).sampleRate, 48000)
        XCTAssertEqual(try ALSASink(device: PacedDevice.name, configText: device.configText, rate: 22050).sampleRate, 44100,
                       "the nearest rate the device has")
    }

    // MARK: 2. Underruns

    func testUnderrunsAreRecoveredCountedAndPlayingGoesOn() throws {
        let device = try PacedDevice(speed: 4)
        defer { device.remove() }
        let sink = try ALSASink(device: PacedDevice.name, configText: device.configText)
        try write(sink, seconds: 0.1)
        let initial = sink.underruns  // 0, unless a loaded machine starved the writer (test 1 checks that)

        // An injected xrun: the device loses its buffer and says -EPIPE; the sink prepares again.
        try device.set(.xrun)
        let deadline = MonotonicClock.now() + 2
        while device.control != "ok" && MonotonicClock.now() < deadline { try write(sink, seconds: 0.02) }
        XCTAssertEqual(device.control, "ok", "the device reads `xrun` and acknowledges it by writing `ok`")
        try write(sink, seconds: 0.1)
        XCTAssertGreaterThanOrEqual(sink.underruns, initial + 1, "the injected xrun was recovered and counted")
        let afterInjected = sink.underruns

        // A writer later than the buffer lasts (3 buffers' time): the buffer runs dry.
        let bufferTime = Double(sink.bufferFrames) / Double(sink.sampleRate) / device.speed
        Thread.sleep(forTimeInterval: 3 * bufferTime)
        try write(sink, seconds: 0.1)
        XCTAssertGreaterThan(sink.underruns, afterInjected, "a late writer is an underrun, recovered inside write")

        // Playing goes on: what is written after the underruns is all played.
        let before = device.capturedFrames
        try write(sink, seconds: 0.2)
        try sink.close()
        XCTAssertGreaterThanOrEqual(device.capturedFrames - before, Int(0.2 * Double(sink.sampleRate)))
    }

    // MARK: 3. Unplug and replug

    func testEngineSurvivesUnplugAndReopensWhenTheDeviceIsBack() throws {
        let device = try PacedDevice(speed: 1)  // the engine's own pacer assumes real time
        defer { device.remove() }
        let log = InMemoryLogHandler()
        let engine = makeEngine(device, queueCapacity: 16, log: log)
        engine.start()
        defer {
            try? device.set(.ok)
            engine.stop()
        }
        XCTAssertTrue(PacedDevice.wait(2) { engine.statistics.playing }, "\(engine.statistics)")
        engine.play(bell)
        XCTAssertTrue(PacedDevice.wait(2) { PacedDevice.peak(device.captured()) > 300 }, "a note reaches the device")

        // Unplugged: the engine closes the device, says so, and keeps trying to reopen it.
        try device.set(.disconnect)
        XCTAssertTrue(PacedDevice.wait(2) { !engine.statistics.playing }, "\(engine.statistics)")
        let gone = engine.statistics
        XCTAssertTrue(gone.lastError?.contains("'\(PacedDevice.name)'") == true, "\(gone.lastError ?? "no error")")
        XCTAssertTrue(gone.lastError?.contains("unplugged") == true, "\(gone.lastError ?? "no error")")
        XCTAssertThrowsError(try ALSASink(device: PacedDevice.name, configText: device.configText),
                             "an unplugged card cannot be opened") { error in
            XCTAssertEqual((error as? AudioError)?.kind, .gone, "\(error)")
            XCTAssertTrue("\(error)".contains("snd_pcm_open"), "fails at open, not later: \(error)")
        }

        // Notes while it is gone are dropped, not kept: more than the queue holds, all counted.
        let captureWhileGone = device.capturedFrames
        let notesWhileGone = 100
        for _ in 0..<notesWhileGone { engine.play(bell) }
        XCTAssertTrue(PacedDevice.wait(2) { engine.statistics.notesDropped - gone.notesDropped == notesWhileGone },
                      "\(engine.statistics)")
        Thread.sleep(forTimeInterval: 0.3)  // a few failed reopens (backoff 0.05 … 0.2 s)
        let stillGone = engine.statistics
        XCTAssertFalse(stillGone.playing)
        XCTAssertEqual(stillGone.notesPlayed, gone.notesPlayed, "nothing was played while gone")
        XCTAssertEqual(device.capturedFrames, captureWhileGone, "nothing reached the device while gone")

        // Plugged back: the engine reopens it by itself; new notes are heard, the old ones are not.
        let replugFrame = device.capturedFrames
        try device.set(.ok)
        XCTAssertTrue(PacedDevice.wait(2) { engine.statistics.playing }, "\(engine.statistics)")
        XCTAssertGreaterThanOrEqual(engine.statistics.reopens, 1)
        engine.play(bell)
        XCTAssertTrue(PacedDevice.wait(2) { PacedDevice.peak(device.captured(from: replugFrame)) > 300 },
                      "a note after the replug reaches the device")
        let back = engine.statistics
        XCTAssertEqual(back.notesPlayed, gone.notesPlayed + 1, "only the note played after the replug was played")
        XCTAssertLessThan(back.lastQueueLatency, 0.5)

        let warnings = log.entries.filter { $0.level == .warning }.map { "\($0.message)" }
        XCTAssertTrue(warnings.contains { $0.contains("'\(PacedDevice.name)'") }, "\(warnings)")
        XCTAssertLessThanOrEqual(warnings.count, 3, "the outage is logged once per change, not per retry: \(warnings)")
        XCTAssertTrue(log.entries.contains { "\($0.message)".contains("is back") }, "\(log.entries.map(\.message))")
    }

    // MARK: 4. Stalled device

    func testStalledDeviceBlocksTheLoopButNotTheCallers() throws {
        let device = try PacedDevice(speed: 1)
        defer { device.remove() }
        let capacity = 8
        let engine = makeEngine(device, queueCapacity: capacity, stallTimeout: 5, log: InMemoryLogHandler())
        engine.start()
        defer {
            try? device.set(.ok)  // else stop() would wait for a device that never plays
            engine.stop()
        }
        XCTAssertTrue(PacedDevice.wait(2) { engine.statistics.playing && device.capturedFrames > 0 }, "\(engine.statistics)")

        // Stalled: the device takes nothing more, so the loop blocks in write and its heartbeat stops.
        try device.set(.stall)
        Thread.sleep(forTimeInterval: 0.25)  // the buffer (80 ms) fills, the write blocks
        let heartbeat = try XCTUnwrap(engine.statistics.heartbeat)
        let captured = device.capturedFrames
        Thread.sleep(forTimeInterval: 0.3)
        let stalled = engine.statistics
        XCTAssertEqual(stalled.heartbeat, heartbeat, "the audio loop is blocked in write")
        XCTAssertGreaterThan(MonotonicClock.now() - heartbeat, 0.3, "what a watchdog would see")
        XCTAssertEqual(device.capturedFrames, captured, "a stalled device plays nothing")

        // Callers are not blocked: play returns at once, the queue holds `capacity`, the rest is dropped.
        let start = MonotonicClock.now()
        let accepted = (0..<3 * capacity).filter { _ in engine.play(bell) }.count
        XCTAssertLessThan(MonotonicClock.now() - start, 0.05, "play never waits for the device")
        XCTAssertEqual(accepted, capacity)
        XCTAssertEqual(engine.statistics.notesDropped - stalled.notesDropped, 2 * capacity)

        // Going on: the loop wakes up, plays the queued notes, and the device plays them.
        try device.set(.ok)
        XCTAssertTrue(PacedDevice.wait(2) { engine.statistics.notesPlayed == stalled.notesPlayed + capacity },
                      "\(engine.statistics)")
        XCTAssertTrue(PacedDevice.wait(2) { PacedDevice.peak(device.captured(from: captured)) > 300 },
                      "the queued notes are heard after the stall")
        XCTAssertGreaterThan(engine.statistics.heartbeat ?? 0, heartbeat)
        XCTAssertTrue(engine.statistics.playing)
        XCTAssertEqual(engine.statistics.reopens, 0, "a stall shorter than the sink's timeout is waited out")
    }

    func testDeviceStalledLongerThanTheTimeoutIsGivenUpAndReopened() throws {
        let device = try PacedDevice(speed: 1)
        defer { device.remove() }
        let log = InMemoryLogHandler()
        let engine = makeEngine(device, stallTimeout: 0.3, log: log)
        engine.start()
        defer {
            try? device.set(.ok)
            engine.stop()
        }
        XCTAssertTrue(PacedDevice.wait(2) { engine.statistics.playing && device.capturedFrames > 0 }, "\(engine.statistics)")

        // The device hangs: after `stallTimeout` the sink gives up and the engine reopens it (the
        // hung device opens, fills and hangs again: the engine keeps trying, the heartbeat goes on).
        try device.set(.stall)
        let start = MonotonicClock.now()
        XCTAssertTrue(PacedDevice.wait(3) { engine.statistics.reopens >= 1 }, "\(engine.statistics)")
        XCTAssertGreaterThan(MonotonicClock.now() - start, 0.3, "not before the sink's stall timeout")
        let hung = engine.statistics
        XCTAssertTrue(hung.lastError?.contains("took no sound") == true, "\(hung.lastError ?? "no error")")
        XCTAssertTrue(log.entries.contains { $0.level == .warning && "\($0.message)".contains("took no sound") },
                      "\(log.entries.map(\.message))")

        // Working again: the engine plays on a fresh stream and new notes are heard.
        let resumeFrame = device.capturedFrames
        try device.set(.ok)
        XCTAssertTrue(PacedDevice.wait(2) { engine.statistics.playing && device.capturedFrames > resumeFrame },
                      "\(engine.statistics)")
        engine.play(bell)
        XCTAssertTrue(PacedDevice.wait(2) { PacedDevice.peak(device.captured(from: resumeFrame)) > 300 },
                      "a note after the stall reaches the device")
    }
}
