#if canImport(Glibc)
import Glibc
#endif
import Platform

/// Writes 16-bit stereo PCM to a WAV file (`wikichime render`). The header's sizes are completed
/// on `close`. Writes never block on time: rendering runs as fast as the CPU allows.
public final class WAVFileSink: AudioSink {
    public let path: String
    public let sampleRate: Int
    public let framesPerWrite = 1024
    public let pendingFrames = 0
    public let underruns = 0
    public private(set) var framesWritten = 0
    private var file: OutputFile?

    public init(path: String, sampleRate: Int = 48000) throws(AudioError) {
        self.path = path
        self.sampleRate = sampleRate
        do throws(SystemCallError) {
            let file = try OutputFile(creating: path)
            try file.write(Self.header(sampleRate: sampleRate, dataBytes: 0))
            self.file = file
        } catch {
            throw Self.error(error)
        }
    }

    public func write(_ frames: UnsafePointer<Int16>, count: Int) throws(AudioError) {
        guard let file else { throw Self.error(SystemCallError(code: EBADF, operation: "write", path: path)) }
        do throws(SystemCallError) {
            // WAV is little-endian, as are the Pi and x86.
            try file.write(UnsafeRawBufferPointer(start: frames, count: count * 4))
        } catch {
            throw Self.error(error)
        }
        framesWritten += count
    }

    public func close() throws(AudioError) {
        guard let file else { return }
        defer { self.file = nil }  // closes it
        do throws(SystemCallError) {
            try file.seek(to: 0)
            try file.write(Self.header(sampleRate: sampleRate, dataBytes: framesWritten * 4))
            try file.sync()
        } catch where error.code == EINVAL && error.operation == "sync" {
            // A pipe or /dev/null cannot be synced: nothing is lost.
        } catch {
            throw Self.error(error)
        }
    }

    /// "cannot write the file: No space left on device", for the file `device`.
    private static func error(_ error: SystemCallError) -> AudioError {
        AudioError(kind: .io, device: error.path, detail: "cannot \(error.operation) the file: \(error.reason)")
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
