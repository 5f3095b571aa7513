/// Where rendered sound goes: a sound card, a WAV file, or nowhere. One thread writes to a sink.
public protocol AudioSink: AnyObject {
    /// The rate the sink runs at (the synthesiser renders at this rate).
    var sampleRate: Int { get }
    /// How many frames to render between writes (the device's period).
    var framesPerWrite: Int { get }
    /// Frames written but not yet heard (the device buffer), for latency figures.
    var pendingFrames: Int { get }
    /// Underruns recovered so far.
    var underruns: Int { get }
    /// Writes interleaved stereo frames; blocks while a device is full. Recoverable conditions
    /// (underrun, suspend) are handled inside; what is thrown means the sink must be reopened.
    func write(_ frames: UnsafePointer<Int16>, count: Int) throws(AudioError)
    /// Finishes: plays what is buffered (devices) or completes the file (WAV).
    func close() throws(AudioError)
}

/// Why a sink failed, in words for a person: what, where, and the likely fix.
public struct AudioError: Error, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        case missing       // -ENOENT: no such card or device name (or not there yet at boot)
        case gone          // -ENODEV: unplugged while playing
        case busy          // -EBUSY: another program holds it
        case permission    // -EACCES/-EPERM
        case unsupported   // it refused 16-bit stereo at a usable rate
        case stalled       // it stopped taking frames
        case io            // anything else, including file errors
    }

    public var kind: Kind
    public var device: String
    public var detail: String

    public var description: String {
        "sound device '\(device)': \(detail)" + (hint.isEmpty ? "" : " (\(hint))")
    }

    public var hint: String {
        switch kind {
        case .missing: "is the card connected? `wikichime list-audio-devices` shows what ALSA offers"
        case .gone: "it was unplugged or switched off; the box reopens it when it returns"
        case .busy: "another program is using it; use `default` or a dmix device to share it"
        case .permission: "add the user to the `audio` group"
        case .unsupported: "try the `plughw:` or `default` device, which convert formats"
        case .stalled: "the driver or the device hung; the box reopens it"
        case .io: ""
        }
    }

    public init(kind: Kind, device: String, detail: String) {
        self.kind = kind
        self.device = device
        self.detail = detail
    }

    init(_ error: ALSAError, device: String) {
        let kind: Kind
        switch -error.code {
        case ENOENT, ENXIO: kind = .missing
        case ENODEV: kind = .gone
        case EBUSY, EAGAIN: kind = .busy
        case EACCES, EPERM: kind = .permission
        case EINVAL where error.function.hasPrefix("set_"): kind = .unsupported
        default: kind = .io
        }
        self.init(kind: kind, device: device, detail: error.description)
    }
}

#if canImport(Glibc)
import Glibc
#endif
