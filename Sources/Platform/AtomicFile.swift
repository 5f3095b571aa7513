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
        let file = try OutputFile(creating: temporary, mode: keepMode)
        do throws(SystemCallError) {
            try file.write(Array(text.utf8))
            try file.sync()
        } catch {
            try? file.close()
            unlink(temporary)
            throw error
        }
        try? file.close()
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
