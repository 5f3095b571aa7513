#if canImport(Glibc)
import Glibc
#endif

/// A file created (or emptied) for writing, closed by `close()` or when released: the WAV
/// renderer, the atomic writer's temporary file, the benchmarks' outputs. Every failure names
/// the file: "cannot write out.wav: No space left on device".
public final class OutputFile {
    public let path: String
    private var descriptor: Int32

    /// Creates `path`, or truncates it when it exists (which keeps its permissions). The
    /// corresponding C function is `open` (`O_CREAT | O_TRUNC`).
    public init(creating path: String, mode: mode_t = 0o644) throws(SystemCallError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard descriptor >= 0 else { throw SystemCallError(code: errno, operation: "create", path: path) }
        self.path = path
        self.descriptor = descriptor
    }

    deinit {
        if descriptor >= 0 { Glibc.close(descriptor) }
    }

    /// Writes all of `bytes` (see `writeAll`).
    public func write(_ bytes: UnsafeRawBufferPointer) throws(SystemCallError) {
        try writeAll(bytes, to: descriptor, path: path)
    }

    public func write(_ bytes: [UInt8]) throws(SystemCallError) {
        try bytes.withUnsafeBytes { raw in Result { () throws(SystemCallError) in try write(raw) } }.get()
    }

    /// Moves to `offset` bytes from the start. The corresponding C function is `lseek`.
    public func seek(to offset: Int) throws(SystemCallError) {
        guard lseek(descriptor, off_t(offset), SEEK_SET) == off_t(offset) else {
            throw SystemCallError(code: errno, operation: "seek in", path: path)
        }
    }

    /// Waits until the data is on the disk. The corresponding C function is `fsync`.
    public func sync() throws(SystemCallError) {
        guard fsync(descriptor) == 0 else { throw SystemCallError(code: errno, operation: "sync", path: path) }
    }

    /// Closes the file; later calls fail with EBADF. The corresponding C function is `close`.
    public func close() throws(SystemCallError) {
        let result = Glibc.close(descriptor)
        descriptor = -1
        guard result == 0 else { throw SystemCallError(code: errno, operation: "close", path: path) }
    }
}
