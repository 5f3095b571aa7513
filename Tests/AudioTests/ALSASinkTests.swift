import Audio
import XCTest

/// The real libasound, through a configuration the test supplies.
final class ALSASinkTests: XCTestCase {
    func testWritesReachTheCapturedDevice() throws {
        let capture = try ALSACapture()
        defer { capture.remove() }
        let sink = try ALSASink(device: "cap", configText: capture.configText)
        XCTAssertEqual(sink.sampleRate, 48000)
        XCTAssertGreaterThan(sink.framesPerWrite, 0)
        var frames = [Int16](repeating: 0, count: 4800 * 2)
        for n in 0..<4800 {
            frames[2 * n] = Int16(n % 1000)
            frames[2 * n + 1] = -Int16(n % 1000)
        }
        try frames.withUnsafeBufferPointer { buffer throws(AudioError) in try sink.write(buffer.baseAddress!, count: 4800) }
        try sink.close()
        let captured = try capture.samples()
        XCTAssertEqual(captured.count, frames.count)
        XCTAssertEqual(captured, frames)
    }

    func testPlugDeviceConvertsTo44100() throws {
        let capture = try ALSACapture()
        defer { capture.remove() }
        let sink = try ALSASink(device: "default", configText: capture.configText, rate: 44100)
        XCTAssertEqual(sink.sampleRate, 44100)
    }

    func testMissingDeviceSaysWhatAndWhere() {
        XCTAssertThrowsError(try ALSASink(device: "nosuchcard", configText: "pcm.other { type null }")) { error in
            guard let error = error as? AudioError else { return XCTFail("\(error)") }
            XCTAssertEqual(error.kind, .missing)
            XCTAssertTrue(error.description.contains("sound device 'nosuchcard'"), error.description)
            XCTAssertTrue(error.description.contains("list-audio-devices"), error.description)
        }
    }

    func testSystemDefaultWithoutACardIsMissingNotACrash() {
        // This machine has no sound card: the system's `hw:0` cannot open. On a machine with a
        // card the test says nothing (the point is the error path, which CI always has).
        do {
            let sink = try ALSASink(device: "hw:7,0")
            try? sink.close()
        } catch {
            XCTAssertTrue([.missing, .gone].contains(error.kind), error.description)
        }
    }

    func testBrokenConfigurationIsAnError() {
        XCTAssertThrowsError(try ALSASink(device: "cap", configText: "pcm.cap { type ")) { error in
            XCTAssertTrue("\(error)".contains("sound device 'cap'"), "\(error)")
        }
    }

    func testDeviceHintsDoNotCrash() {
        // No card here: the list may be empty or hold only virtual devices; it must not crash.
        for device in ALSA.playbackDevices() { XCTAssertFalse(device.name.isEmpty) }
    }

    func testALSAErrorTextIsRouted() {
        final class Box: @unchecked Sendable { var messages: [String] = [] }
        let box = Box()
        ALSA.routeErrors { box.messages.append($0) }
        defer { ALSA.routeErrors(to: nil) }
        _ = try? ALSASink(device: "nosuchcard", configText: "pcm.other { type null }")
        XCTAssertTrue(box.messages.contains { $0.contains("nosuchcard") }, "\(box.messages)")
    }
}
