#if canImport(Glibc)
import Glibc
#endif
import CALSA
import Platform

/// A failed libasound call: the function, its negative errno-style code, and ALSA's text.
public struct ALSAError: Error, CustomStringConvertible {
    public let function: String
    public let code: Int32
    public var message: String { String(cString: snd_strerror(code)) }
    public var description: String { "\(function): \(message)" }
}

/// Thin typed wrappers over libasound's PCM API: every call into libasound goes through this file.
/// One `ALSAPCM` is one open playback stream, used from one thread.
final class ALSAPCM {
    private let handle: OpaquePointer

    /// Opens a playback PCM by name (`default`, `plughw:CARD=Headphones`, …). With `configText`,
    /// the name is looked up in that ALSA configuration alone (tests: hermetic, parallel-safe);
    /// otherwise in the system's. The corresponding C functions are `snd_pcm_open` and
    /// `snd_pcm_open_lconf`.
    init(name: String, configText: String?) throws(ALSAError) {
        var pcm: OpaquePointer?
        if let configText {
            let config = try Self.loadConfig(configText)
            defer { snd_config_delete(config) }
            try check(snd_pcm_open_lconf(&pcm, name, SND_PCM_STREAM_PLAYBACK, SND_PCM_NONBLOCK, config), "snd_pcm_open_lconf")
        } else {
            let opened = snd_pcm_open(&pcm, name, SND_PCM_STREAM_PLAYBACK, SND_PCM_NONBLOCK)
            if opened < 0 {
                // libasound read its configuration at the first open and keeps it, with what it
                // knew of the cards then: the per-card definitions (`default` as dmix on an HDA
                // card, …) are loaded only for the cards present at that moment. A card that
                // comes later (its driver loaded after the box started, a USB DAC plugged in)
                // would be opened without them: as a bare `hw` device that underran hundreds of
                // times a minute in the package test. Forget it, so the next try reads it anew.
                // The corresponding C function is `snd_config_update_free_global`.
                snd_config_update_free_global()
            }
            try check(opened, "snd_pcm_open")
        }
        handle = pcm!
    }

    deinit {
        snd_pcm_close(handle)
    }

    private static func loadConfig(_ text: String) throws(ALSAError) -> OpaquePointer {
        var config: OpaquePointer?
        try check(snd_config_top(&config), "snd_config_top")
        var input: OpaquePointer?
        let bytes = Array(text.utf8)
        let opened = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { snd_input_buffer_open(&input, $0.baseAddress, $0.count) }
        }
        do {
            try check(opened, "snd_input_buffer_open")
            defer { snd_input_close(input) }
            try check(snd_config_load(config, input), "snd_config_load")
        } catch {
            snd_config_delete(config)
            throw error
        }
        return config!
    }

    struct Setup: Equatable {
        var rate: Int
        var bufferFrames: Int
        var periodFrames: Int
    }

    /// Interleaved signed 16-bit stereo at (near) `rate`, with the buffer and period times asked
    /// for (microseconds). Returns what the device granted.
    func configure(rate: Int, bufferMicroseconds: Int, periodMicroseconds: Int) throws(ALSAError) -> Setup {
        var params: OpaquePointer?
        try check(snd_pcm_hw_params_malloc(&params), "snd_pcm_hw_params_malloc")
        defer { snd_pcm_hw_params_free(params) }
        try check(snd_pcm_hw_params_any(handle, params), "snd_pcm_hw_params_any")
        try check(snd_pcm_hw_params_set_access(handle, params, SND_PCM_ACCESS_RW_INTERLEAVED), "set_access")
        try check(snd_pcm_hw_params_set_format(handle, params, SND_PCM_FORMAT_S16_LE), "set_format")
        try check(snd_pcm_hw_params_set_channels(handle, params, 2), "set_channels")
        var grantedRate = UInt32(rate)
        try check(snd_pcm_hw_params_set_rate_near(handle, params, &grantedRate, nil), "set_rate_near")
        var bufferTime = UInt32(bufferMicroseconds)
        try check(snd_pcm_hw_params_set_buffer_time_near(handle, params, &bufferTime, nil), "set_buffer_time_near")
        var periodTime = UInt32(periodMicroseconds)
        try check(snd_pcm_hw_params_set_period_time_near(handle, params, &periodTime, nil), "set_period_time_near")
        try check(snd_pcm_hw_params(handle, params), "snd_pcm_hw_params")
        var bufferFrames: snd_pcm_uframes_t = 0
        var periodFrames: snd_pcm_uframes_t = 0
        try check(snd_pcm_hw_params_get_buffer_size(params, &bufferFrames), "get_buffer_size")
        try check(snd_pcm_hw_params_get_period_size(params, &periodFrames, nil), "get_period_size")
        try check(snd_pcm_prepare(handle), "snd_pcm_prepare")
        return Setup(rate: Int(grantedRate), bufferFrames: Int(bufferFrames), periodFrames: Int(periodFrames))
    }

    /// `snd_pcm_writei`: frames written, or a negative error code (-EPIPE underrun, -ESTRPIPE
    /// suspended, -EAGAIN full, -ENODEV gone, …). The PCM is opened non-blocking: a full buffer
    /// answers -EAGAIN at once, and `wait` does the waiting, with a timeout.
    func write(_ frames: UnsafePointer<Int16>, count: Int) -> Int {
        snd_pcm_writei(handle, frames, snd_pcm_uframes_t(count))
    }

    /// Waits for room to write: 1 when there is room, 0 on timeout, or a negative error code.
    /// Not `snd_pcm_wait`, which restarts its wait each time a device wakes it without room, so
    /// a misbehaving driver could hold it for ever: this polls the PCM's descriptors
    /// (`snd_pcm_poll_descriptors`, `snd_pcm_poll_descriptors_revents`) against a deadline.
    func wait(milliseconds: Int) -> Int32 {
        let count = snd_pcm_poll_descriptors_count(handle)
        guard count > 0 else { return count < 0 ? count : -EINVAL }
        var fds = [pollfd](repeating: pollfd(), count: Int(count))
        let filled = snd_pcm_poll_descriptors(handle, &fds, UInt32(count))
        guard filled > 0 else { return filled < 0 ? filled : -EINVAL }
        let deadline = MonotonicClock.now() + Double(milliseconds) / 1000
        while true {
            let left = Int32(max(0, (deadline - MonotonicClock.now()) * 1000))
            let ready = poll(&fds, nfds_t(filled), left)
            if ready < 0 {
                if errno == EINTR { continue }
                return -errno
            }
            if ready > 0 {
                var events: UInt16 = 0
                let result = snd_pcm_poll_descriptors_revents(handle, &fds, UInt32(filled), &events)
                if result < 0 { return result }
                if Int32(events) & Int32(POLLERR) != 0 { return -EPIPE }  // writei tells which error
                if Int32(events) & Int32(POLLOUT) != 0 { return 1 }
            }
            if MonotonicClock.now() >= deadline { return 0 }
        }
    }

    /// `snd_pcm_recover`: prepares again after an underrun (-EPIPE) or a suspend (-ESTRPIPE).
    func recover(from code: Int32) -> Int32 {
        snd_pcm_recover(handle, code, 1)
    }

    /// `snd_pcm_delay`: frames between what the program writes now and what the listener hears.
    func delay() -> Int? {
        var frames: snd_pcm_sframes_t = 0
        return snd_pcm_delay(handle, &frames) == 0 ? frames : nil
    }

    /// `snd_pcm_drop`: stops at once, discarding what is buffered.
    func drop() {
        snd_pcm_drop(handle)
    }
}

private func check(_ code: Int32, _ function: String) throws(ALSAError) {
    if code < 0 { throw ALSAError(function: function, code: code) }
}

/// What ALSA offers, for `wikichime list-audio-devices`. The C function is `snd_device_name_hint`.
public struct AudioDeviceHint: Sendable {
    public var name: String
    public var description: String
    /// "Output", "Input", or nil for both.
    public var direction: String?
}

public enum ALSA {
    public static func playbackDevices() -> [AudioDeviceHint] {
        var hints: UnsafeMutablePointer<UnsafeMutableRawPointer?>?
        guard snd_device_name_hint(-1, "pcm", &hints) == 0, let hints else { return [] }
        defer { snd_device_name_free_hint(hints) }
        var devices: [AudioDeviceHint] = []
        var cursor = hints
        while let hint = cursor.pointee {
            let name = take(snd_device_name_get_hint(hint, "NAME"))
            let description = take(snd_device_name_get_hint(hint, "DESC")) ?? ""
            let direction = take(snd_device_name_get_hint(hint, "IOID"))
            if let name, direction != "Input" {
                devices.append(AudioDeviceHint(name: name, description: description, direction: direction))
            }
            cursor += 1
        }
        return devices
    }

    /// libasound's strings from `snd_device_name_get_hint` are malloc'd: copy and free.
    private static func take(_ text: UnsafeMutablePointer<CChar>?) -> String? {
        guard let text else { return nil }
        defer { free(text) }
        return String(cString: text)
    }

    /// Sends libasound's own error messages to `handler` (nil: back to stderr).
    public static func routeErrors(to handler: (@Sendable (String) -> Void)?) {
        errorHandler.withLock { $0 = handler }
        wc_alsa_set_log(handler == nil ? nil : { function, code, message in
            let text = "ALSA \(function.map { String(cString: $0) } ?? ""): "
                + (message.map { String(cString: $0) } ?? "") + (code != 0 ? " (\(String(cString: snd_strerror(code))))" : "")
            ALSA.errorHandler.withLock { $0 }?(text)
        })
    }

    static let errorHandler = Locked<(@Sendable (String) -> Void)?>(nil)
}
