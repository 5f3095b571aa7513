#if canImport(Glibc)
import Glibc
#endif

/// A whole small file read with open/read (no Foundation): the config, the state and status
/// files, board profiles, /proc and /sys entries, the benchmarks' corpora.
public enum WholeFile {
    /// The file's bytes, or nil when it does not exist. A file longer than `limit` bytes is an
    /// error (EFBIG), not a silent cut; other failures throw too.
    public static func read(_ path: String, limit: Int) throws(SystemCallError) -> [UInt8]? {
        let bytes = try read(path, upTo: limit == Int.max ? limit : limit + 1)
        if let bytes, bytes.count > limit {
            let size = limit % (1 << 20) == 0 ? "\(limit >> 20) MiB" : "\(limit) bytes"
            throw SystemCallError(code: EFBIG, operation: "read (over \(size))", path: path)
        }
        return bytes
    }

    /// At most the first `count` bytes (for /proc files, whose size is not known before reading),
    /// or nil when the file does not exist.
    public static func read(_ path: String, upTo count: Int) throws(SystemCallError) -> [UInt8]? {
        guard let file = try InputFile.ifPresent(path) else { return nil }
        var bytes: [UInt8] = []
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 65_536, alignment: 1)
        defer { chunk.deallocate() }
        while bytes.count < count {
            let wanted = min(chunk.count, count - bytes.count)
            let got = try file.read(into: UnsafeMutableRawBufferPointer(rebasing: chunk[0..<wanted]))
            if got == 0 { break }
            bytes += chunk[0..<got]
        }
        return bytes
    }

    /// The file as UTF-8 text (at most 1 MiB unless told), or nil when it does not exist.
    public static func text(_ path: String, limit: Int = 1 << 20) throws(SystemCallError) -> String? {
        try read(path, limit: limit).map { String(decoding: $0, as: UTF8.self) }
    }
}
