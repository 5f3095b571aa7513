#if canImport(Glibc)
import Glibc
#endif

/// Small file reads without Foundation: board profiles and the device-tree model.
enum TextFile {
    /// The file's bytes as text, or the errno of the failure (ENOENT: no such file).
    static func read(_ path: String, limit: Int = 1 << 20) -> Result<String, Errno> {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return .failure(Errno(errno)) }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while bytes.count < limit {
            let count = Glibc.read(descriptor, &chunk, chunk.count)
            if count < 0 && errno == EINTR { continue }
            if count < 0 { return .failure(Errno(errno)) }
            if count == 0 { break }
            bytes += chunk.prefix(count)
        }
        return .success(String(decoding: bytes, as: UTF8.self))
    }

    /// The names in a directory (no "." or ".."), sorted; nil when it cannot be read.
    static func list(_ directory: String) -> [String]? {
        guard let dir = opendir(directory) else { return nil }
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
