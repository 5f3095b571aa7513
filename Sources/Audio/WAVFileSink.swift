#if canImport(Glibc)
import Glibc
#endif

/// Writes 16-bit stereo PCM to a WAV file (`wikichime render`). The header's sizes are completed
/// on `close`. Writes never block on time: rendering runs as fast as the CPU allows.
public final class WAVFileSink: AudioSink {
    public let path: String
    public let sampleRate: Int
    public let framesPerWrite = 1024
    public let pendingFrames = 0
    public let underruns = 0
    public private(set) var framesWritten = 0
    private var fd: Int32

    public init(path: String, sampleRate: Int = 48000) throws(AudioError) {
        self.path = path
        self.sampleRate = sampleRate
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw Self.error(path, "cannot create") }
        try writeAll(Self.header(sampleRate: sampleRate, dataBytes: 0))
    }

    deinit {
        if fd >= 0 { Glibc.close(fd) }
    }

    public func write(_ frames: UnsafePointer<Int16>, count: Int) throws(AudioError) {
        // WAV is little-endian, as are the Pi and x86.
        try writeAll(UnsafeRawBufferPointer(start: frames, count: count * 4))
        framesWritten += count
    }

    public func close() throws(AudioError) {
        guard fd >= 0 else { return }
        defer { Glibc.close(fd); fd = -1 }
        guard lseek(fd, 0, SEEK_SET) == 0 else { throw Self.error(path, "cannot seek in") }
        try writeAll(Self.header(sampleRate: sampleRate, dataBytes: framesWritten * 4))
        guard fsync(fd) == 0 || errno == EINVAL else { throw Self.error(path, "cannot sync") }
    }

    private func writeAll(_ bytes: [UInt8]) throws(AudioError) {
        var copy = bytes
        let buffer = copy.withUnsafeMutableBytes { UnsafeRawBufferPointer($0) }
        try writeAll(buffer)
        _ = copy
    }

    private func writeAll(_ bytes: UnsafeRawBufferPointer) throws(AudioError) {
        var offset = 0
        while offset < bytes.count {
            let written = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { throw Self.error(path, "cannot write") }
            offset += written
        }
    }

    private static func error(_ path: String, _ what: String) -> AudioError {
        AudioError(kind: .io, device: path, detail: "\(what) the file: \(String(cString: strerror(errno)))")
    }

    /// The 44-byte RIFF/WAVE header for 16-bit stereo PCM.
    static func header(sampleRate: Int, dataBytes: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        func ascii(_ text: String) { bytes += Array(text.utf8) }
        func u32(_ value: Int) { bytes += withUnsafeBytes(of: UInt32(truncatingIfNeeded: value).littleEndian, Array.init) }
        func u16(_ value: Int) { bytes += withUnsafeBytes(of: UInt16(truncatingIfNeeded: value).littleEndian, Array.init) }
        ascii("RIFF"); u32(36 + dataBytes); ascii("WAVE")
        ascii("fmt "); u32(16); u16(1); u16(2); u32(sampleRate); u32(sampleRate * 4); u16(4); u16(16)
        ascii("data"); u32(dataBytes)
        return bytes
    }
}
