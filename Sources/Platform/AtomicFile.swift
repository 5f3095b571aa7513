#if canImport(Glibc)
import Glibc
#endif

/// Replaces a file so that a reader (or a power cut) sees the old version or the new one, never a
/// mix: write a temporary file beside it, fsync it, rename it over the old one, fsync the folder.
public enum AtomicFile {
    /// - Parameter mode: permissions of a new file; an existing file keeps its own.
    public static func write(_ text: String, to path: String, mode: mode_t = 0o644) throws(SystemCallError) {
        let folder = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
        let temporary = path + ".tmp-\(getpid())"
        var existing = stat()
        let keepMode = stat(path, &existing) == 0 ? existing.st_mode & 0o7777 : mode
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, keepMode)
        guard fd >= 0 else { throw SystemCallError(code: errno, operation: "create", path: temporary) }
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else {
                let code = errno
                close(fd)
                unlink(temporary)
                throw SystemCallError(code: code, operation: "write", path: temporary)
            }
            offset += written
        }
        bytes.removeAll()
        guard fsync(fd) == 0 else {
            let code = errno
            close(fd)
            unlink(temporary)
            throw SystemCallError(code: code, operation: "sync", path: temporary)
        }
        close(fd)
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw SystemCallError(code: code, operation: "replace", path: path)
        }
        let dir = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dir >= 0 {
            fsync(dir)
            close(dir)
        }
    }
}
