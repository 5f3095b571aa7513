import Platform

/// A sound card through libasound. Kept open while the box runs (silence is written between
/// notes, so nothing clicks); underruns and suspends are recovered and counted here.
public final class ALSASink: AudioSink {
    public let device: String
    public let sampleRate: Int
    public let framesPerWrite: Int
    public let bufferFrames: Int
    public private(set) var underruns = 0
    /// A device that takes no frame for this long is stalled: the sink gives up on it (and the
    /// engine reopens it) rather than leave the audio thread blocked for ever.
    public var stallTimeout = 2.0
    private let pcm: ALSAPCM

    /// - Parameters:
    ///   - device: an ALSA PCM name; prefer card names (`plughw:CARD=Headphones`) to numbers.
    ///   - configText: an ALSA configuration to look `device` up in, instead of the system's.
    ///   - bufferSeconds: about 80 ms by default: large enough that a Pi Zero 2 W does not
    ///     underrun under load, small enough that a note follows its edit closely.
    public init(device: String, configText: String? = nil, rate: Int = 48000,
                bufferSeconds: Double = 0.08, periodSeconds: Double = 0.02) throws(AudioError) {
        self.device = device
        do {
            pcm = try ALSAPCM(name: device, configText: configText)
            let setup = try pcm.configure(rate: rate, bufferMicroseconds: Int(bufferSeconds * 1e6),
                                          periodMicroseconds: Int(periodSeconds * 1e6))
            sampleRate = setup.rate
            framesPerWrite = setup.periodFrames
            bufferFrames = setup.bufferFrames
        } catch {
            throw AudioError(error, device: device)
        }
    }

    public var pendingFrames: Int { pcm.delay() ?? 0 }

    public func write(_ frames: UnsafePointer<Int16>, count: Int) throws(AudioError) {
        var done = 0
        while done < count {
            let result = pcm.write(frames + 2 * done, count: count - done)
            if result >= 0 {
                done += result
                continue
            }
            let code = Int32(result)
            switch -code {
            case EAGAIN:
                try waitForRoom()
            case EINTR:
                continue
            case EPIPE, ESTRPIPE:
                // An underrun (the writer was late) or a suspend: prepare again and go on.
                if -code == EPIPE { underruns += 1 }
                let recovered = pcm.recover(from: code)
                if recovered < 0 { throw AudioError(ALSAError(function: "snd_pcm_recover", code: recovered), device: device) }
            default:
                throw AudioError(ALSAError(function: "snd_pcm_writei", code: code), device: device)
            }
        }
    }

    /// Waits until the device can take frames; throws when it stays full for `stallTimeout`.
    private func waitForRoom() throws(AudioError) {
        let start = MonotonicClock.now()
        while true {
            let ready = pcm.wait(milliseconds: 100)
            if ready > 0 { return }
            if ready < 0 {
                // An underrun or a suspend shows here too: writei reports it next, and it is recovered there.
                if -ready == EPIPE || -ready == ESTRPIPE { return }
                throw AudioError(ALSAError(function: "snd_pcm_wait", code: ready), device: device)
            }
            if MonotonicClock.now() - start >= stallTimeout {
                throw AudioError(kind: .stalled, device: device,
                                 detail: "took no sound for \(formatSeconds(stallTimeout))")
            }
        }
    }

    /// Lets the buffered sound play out (at most half a second: a stalled device would never
    /// drain, and `snd_pcm_drain` on a non-blocking PCM does not wait), then stops.
    public func close() throws(AudioError) {
        sleepSeconds(min(0.5, Double(pendingFrames) / Double(sampleRate)))
        pcm.drop()
    }
}

#if canImport(Glibc)
import Glibc
#endif
