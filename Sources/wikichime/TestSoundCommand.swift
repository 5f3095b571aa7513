import Arguments
import Audio
import Logging
import Platform
import Synth

struct TestSound {
    static let spec = CommandSpec(
        name: "test-sound",
        abstract: "Play a short demonstration: a few bells, a pluck and a swell (about 14 s).",
        discussion: "Use it to check the sound card and the volume. It exits with status 1 if the device cannot be opened.",
        options: AudioOptions.specs,
        action: { try TestSound(audio: AudioOptions($0)).run() })

    let audio: AudioOptions

    func run() throws {
        let logger = bootstrapLogging(level: "info")
        // Open once here, so that a wrong device is an error a person sees at once.
        do {
            try audio.sinkFactory()().close()
        } catch {
            logger.error("\(error)")
            throw ExitStatus.failure
        }
        let engine = audio.makeEngine(logger: logger)
        engine.start()
        defer { engine.stop() }
        let demo: [(Double, String, Note)] = [
            (0.0, "bell D#4 (a small addition)", Note(voicing: .bell, midi: 63, gain: 0.2)),
            (0.5, "bell G#5", Note(voicing: .bell, midi: 80, gain: 0.2)),
            (1.0, "bell C#6", Note(voicing: .bell, midi: 85, gain: 0.2)),
            (2.0, "pluck F#2 (a large deletion)", Note(voicing: .pluck, midi: 42, gain: 0.2)),
            (3.0, "swell 1 (a new account)", Note(voicing: .swell(0), midi: 0, gain: 1.0)),
        ]
        let start = MonotonicClock.now()
        for (time, name, note) in demo {
            sleepSeconds(start + time - MonotonicClock.now())
            writeLine("playing \(name)", to: 1)
            engine.play(note)
        }
        sleepSeconds(start + 14 - MonotonicClock.now())
        let stats = engine.statistics
        if !stats.playing && stats.notesPlayed == 0 {
            logger.error(Logger.Message(stringLiteral: stats.lastError ?? "the sound device stopped"))
            throw ExitStatus.failure
        }
    }
}

enum ListAudioDevices {
    static let spec = CommandSpec(
        name: "list-audio-devices",
        abstract: "List the sound devices ALSA offers, for --audio-device and the config's audio_device.",
        action: { _ in run() })

    static func run() {
        let devices = ALSA.playbackDevices()
        if devices.isEmpty {
            writeLine("ALSA offers no playback device (no sound card found?)", to: 1)
            return
        }
        for device in devices {
            let description = device.description.split(whereSeparator: \.isNewline).joined(separator: ", ")
            writeLine("\(device.name)\n    \(description)", to: 1)
        }
    }
}
