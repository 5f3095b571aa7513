#if canImport(Glibc)
import Glibc
#endif

/// Writes all of `bytes` to `descriptor`, retrying on EINTR and after short writes: the one
/// write loop of the program. `path` names the descriptor in the error (built only on failure).
/// The corresponding C function is `write`.
public func writeAll(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32,
                     path: @autoclosure () -> String) throws(SystemCallError) {
    var offset = 0
    while offset < bytes.count {
        let written = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
        if written > 0 {
            offset += written
        } else if written < 0 && errno == EINTR {
            continue
        } else {
            throw SystemCallError(code: errno, operation: "write", path: path())
        }
    }
}
