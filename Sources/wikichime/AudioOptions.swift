import Arguments
import Audio
import Logging

/// The sound options shared by `run` and `test-sound`.
struct AudioOptions {
    static let specs: [OptionSpec] = [
        .option("audio-device", value: "name", help:
            "The ALSA device to play on: default, sysdefault:CARD=Headphones, plughw:CARD=X,DEV=0, … or none "
            + "(overrides the config's audio_device)."),
        .option("volume", value: "percent", help:
            "Master volume, 0–100, on a perceptual curve (overrides the config's volume)."),
    ]

    let audioDevice: String?
    let volume: Int?

    init(_ arguments: ParsedArguments) throws(UsageError) {
        audioDevice = try arguments.optional("audio-device")
        volume = try arguments.optional("volume")
        if let volume, !(0...100).contains(volume) { throw UsageError("--volume: \(volume) is not between 0 and 100") }
        if audioDevice?.isEmpty == true { throw UsageError("--audio-device: the name is empty") }
    }

    /// Opens the device named on the command line (`none`: a sink that discards the sound).
    func sinkFactory() -> AudioEngine.SinkFactory {
        Self.sinkFactory(device: audioDevice ?? "default")
    }

    func makeEngine(logger: Logger) -> AudioEngine {
        Self.makeEngine(device: audioDevice ?? "default", volume: Double(volume ?? 50) / 100, logger: logger)
    }

    /// Opens an ALSA device by name; `none` is a sink that discards the sound.
    static func sinkFactory(device: String) -> AudioEngine.SinkFactory {
        if device == "none" { return { NullSink() } }
        return { () throws(AudioError) -> AudioSink in try ALSASink(device: device) }
    }

    /// The audio thread on `device`, with libasound's own error text routed into the log.
    static func makeEngine(device: String, volume: Double, logger: Logger) -> AudioEngine {
        ALSA.routeErrors { [logger] message in logger.debug("\(message)") }
        return AudioEngine(volume: volume, logger: logger, openSink: sinkFactory(device: device))
    }
}
