#if canImport(Glibc)
import Glibc
#endif

/// Files as names in the file system: removing one, when it last changed, what a folder holds.
public enum FileSystem {
    /// Removes the file; a missing file is not an error. The corresponding C function is `unlink`.
    public static func remove(_ path: String) throws(SystemCallError) {
        guard unlink(path) == 0 || errno == ENOENT else { throw SystemCallError(code: errno, operation: "remove", path: path) }
    }

    /// Seconds since the epoch of the file's last change, or nil if it does not exist. The
    /// corresponding C function is `stat`.
    public static func modificationTime(_ path: String) -> Double? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9
    }

    /// The names in a folder (no "." or ".."), sorted; nil when it cannot be read. The
    /// corresponding C functions are `opendir` and `readdir`.
    public static func names(in folder: String) -> [String]? {
        guard let dir = opendir(folder) else { return nil }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self))
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }
}
