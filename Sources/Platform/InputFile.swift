#if canImport(Glibc)
import Glibc
#endif

/// A file open for reading, closed when released: the one `open`/`read` loop (retrying on EINTR)
/// under the whole-file reader and the replay of recorded events.
public final class InputFile {
    public let path: String
    private let descriptor: Int32

    /// Opens `path` read-only. The corresponding C function is `open`.
    public init(_ path: String) throws(SystemCallError) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw SystemCallError(code: errno, operation: "open", path: path) }
        self.path = path
        self.descriptor = descriptor
    }

    /// Opens `path`, or nil when it does not exist (ENOENT); other failures throw.
    public static func ifPresent(_ path: String) throws(SystemCallError) -> InputFile? {
        do throws(SystemCallError) {
            return try InputFile(path)
        } catch {
            if error.code == ENOENT { return nil }
            throw error
        }
    }

    deinit {
        close(descriptor)
    }

    /// Reads up to `buffer.count` bytes into `buffer`; 0 at the end of the file. The
    /// corresponding C function is `read`.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(SystemCallError) -> Int {
        while true {
            let count = Glibc.read(descriptor, buffer.baseAddress, buffer.count)
            if count >= 0 { return count }
            if errno != EINTR { throw SystemCallError(code: errno, operation: "read", path: path) }
        }
    }
}
