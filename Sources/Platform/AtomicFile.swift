#if canImport(Glibc)
import Glibc
#endif

/// Replaces a file so that a reader (or a power cut) sees the old version or the new one, never a
/// mix: write a temporary file beside it, fsync it, rename it over the old one, fsync the folder.
public enum AtomicFile {
    /// - Parameter mode: permissions of a new file; an existing file keeps its own.
    public static func write(_ text: String, to path: String, mode: mode_t = 0o644) throws(FileError) {
        let folder = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
        let temporary = path + ".tmp-\(getpid())"
        var existing = stat()
        let keepMode = stat(path, &existing) == 0 ? existing.st_mode & 0o7777 : mode
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, keepMode)
        guard fd >= 0 else { throw FileError(path: temporary, operation: "create", code: errno) }
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else {
                let code = errno
                close(fd)
                unlink(temporary)
                throw FileError(path: temporary, operation: "write", code: code)
            }
            offset += written
        }
        bytes.removeAll()
        guard fsync(fd) == 0 else {
            let code = errno
            close(fd)
            unlink(temporary)
            throw FileError(path: temporary, operation: "sync", code: code)
        }
        close(fd)
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw FileError(path: path, operation: "replace", code: code)
        }
        let dir = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dir >= 0 {
            fsync(dir)
            close(dir)
        }
    }

    /// The whole file as text, or nil if it does not exist; other failures throw.
    public static func read(_ path: String) throws(FileError) -> String? {
        try WholeFile.read(path, limit: 1 << 20).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Removes the file; a missing file is not an error.
    public static func remove(_ path: String) throws(FileError) {
        guard unlink(path) == 0 || errno == ENOENT else { throw FileError(path: path, operation: "remove", code: errno) }
    }

    /// Seconds since the epoch of the file's last change, or nil if it does not exist.
    public static func modificationTime(_ path: String) -> Double? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9
    }
}
