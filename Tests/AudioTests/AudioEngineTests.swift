import Audio
import InMemoryLogging
import Logging
import Synth
import XCTest

final class AudioEngineTests: XCTestCase {
    private func makeEngine(_ device: ScriptedDevice, log: InMemoryLogHandler) -> AudioEngine {
        var settings = AudioEngineSettings()
        settings.reopenInitial = 0.02
        settings.reopenMaximum = 0.05
        let logger = Logger(label: "test") { _ in log }
        return AudioEngine(settings: settings, volume: 1, logger: logger, openSink: { () throws(AudioError) -> AudioSink in
            try device.open()
        })
    }

    private func peak(_ samples: ArraySlice<Int16>) -> Int {
        samples.reduce(0) { max($0, abs(Int($1))) }
    }

    func testNotesReachTheSinkAndSilenceFillsTheGaps() throws {
        let device = ScriptedDevice(failures: [])
        let engine = makeEngine(device, log: InMemoryLogHandler())
        engine.start()
        XCTAssertTrue(waitUntil { device.sink.samples.count > 48000 / 10 }, "no silence written while idle")
        XCTAssertEqual(peak(device.sink.samples[...]), 0)
        XCTAssertTrue(engine.play(Note(voicing: .bell, midi: 72, gain: 0.2)))
        XCTAssertTrue(waitUntil { engine.statistics.notesPlayed == 1 })
        XCTAssertTrue(waitUntil { self.peak(device.sink.samples[...]) > 1000 }, "the bell is not in the output")
        engine.stop()
        XCTAssertEqual(engine.statistics.notesDropped, 0)
        XCTAssertLessThan(engine.statistics.maxQueueLatency, 1.0)
    }

    func testMissingDeviceAtStartIsRetriedAndLoggedOnce() throws {
        let missing = AudioError(kind: .missing, device: "hw:CARD=X", detail: "No such file or directory")
        let device = ScriptedDevice(failures: Array(repeating: missing, count: 4))
        let log = InMemoryLogHandler()
        let engine = makeEngine(device, log: log)
        engine.start()
        XCTAssertTrue(waitUntil { device.opens >= 2 })
        engine.play(Note(voicing: .pluck, midi: 40, gain: 0.2))  // no device yet: dropped, not kept
        XCTAssertTrue(waitUntil { engine.statistics.playing })
        engine.play(Note(voicing: .bell, midi: 72, gain: 0.2))
        XCTAssertTrue(waitUntil { engine.statistics.notesPlayed == 1 })
        engine.stop()
        XCTAssertEqual(device.opens, 5)
        XCTAssertEqual(engine.statistics.notesDropped, 1)
        let warnings = log.entries.filter { $0.level == .warning }.map { "\($0.message)" }
        XCTAssertEqual(warnings.count, 1, "\(warnings)")
        XCTAssertTrue(warnings.first?.contains("sound device 'hw:CARD=X'") == true)
        XCTAssertTrue(warnings.first?.contains("is the card connected?") == true)
        XCTAssertTrue(log.entries.contains { "\($0.message)".contains("is back") })
    }

    func testUnpluggedDeviceIsReopened() throws {
        let device = ScriptedDevice(failures: [])
        let log = InMemoryLogHandler()
        let engine = makeEngine(device, log: log)
        engine.start()
        XCTAssertTrue(waitUntil { engine.statistics.playing })
        device.sink.failNextWrite(with: AudioError(kind: .gone, device: "usb", detail: "No such device"))
        XCTAssertTrue(waitUntil { engine.statistics.reopens == 1 })
        XCTAssertTrue(waitUntil { engine.statistics.playing })
        engine.play(Note(voicing: .bell, midi: 80, gain: 0.2))
        XCTAssertTrue(waitUntil { engine.statistics.notesPlayed == 1 })
        engine.stop()
        XCTAssertTrue(engine.statistics.lastError?.contains("sound device 'usb'") == true)
        XCTAssertTrue(log.entries.contains { $0.level == .warning && "\($0.message)".contains("reopening") })
    }

    func testVolumeZeroIsSilence() throws {
        let device = ScriptedDevice(failures: [])
        let engine = makeEngine(device, log: InMemoryLogHandler())
        engine.setVolume(0)
        engine.start()
        XCTAssertTrue(waitUntil { engine.statistics.playing })
        let before = device.sink.samples.count
        engine.play(Note(voicing: .bell, midi: 72, gain: 1))
        XCTAssertTrue(waitUntil { device.sink.samples.count > before + 48000 / 5 })
        engine.stop()
        XCTAssertEqual(peak(device.sink.samples[...]), 0)
    }

    func testStopEndsTheThreadPromptly() {
        let engine = makeEngine(ScriptedDevice(failures: []), log: InMemoryLogHandler())
        engine.start()
        XCTAssertTrue(waitUntil { engine.statistics.playing })
        engine.stop()
        XCTAssertFalse(engine.statistics.playing)
    }
}
