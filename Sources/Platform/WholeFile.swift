#if canImport(Glibc)
import Glibc
#endif

/// A whole small file read with open/read (no Foundation): the config, the state and status
/// files, /proc entries, the benchmarks' corpora.
public enum WholeFile {
    /// The file's bytes, or nil when it does not exist. A file longer than `limit` bytes is an
    /// error (EFBIG), not a silent cut; other failures throw too.
    public static func read(_ path: String, limit: Int) throws(FileError) -> [UInt8]? {
        let bytes = try read(path, upTo: limit == Int.max ? limit : limit + 1)
        if let bytes, bytes.count > limit {
            let size = limit % (1 << 20) == 0 ? "\(limit >> 20) MiB" : "\(limit) bytes"
            throw FileError(path: path, operation: "read (over \(size))", code: EFBIG)
        }
        return bytes
    }

    /// At most the first `count` bytes (for /proc files, whose size is not known before reading),
    /// or nil when the file does not exist.
    public static func read(_ path: String, upTo count: Int) throws(FileError) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT { return nil }
            throw FileError(path: path, operation: "open", code: errno)
        }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while bytes.count < count {
            let wanted = min(chunk.count, count - bytes.count)
            let got = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, wanted) }
            if got < 0 && errno == EINTR { continue }
            if got < 0 { throw FileError(path: path, operation: "read", code: errno) }
            if got == 0 { break }
            bytes += chunk[0..<got]
        }
        return bytes
    }
}
