#if canImport(Glibc)
import Glibc
#endif

/// What the process holds now, read from /proc: resident memory and open file descriptors.
/// Reading allocates nothing that outlives the call.
enum ProcessProbe {
    /// Resident set size in bytes: the second field of /proc/self/statm, in pages.
    static func residentBytes() -> Int {
        let fd = open("/proc/self/statm", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return -1 }
        defer { close(fd) }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 256) { buffer -> Int in
            var count = 0
            while true {
                count = read(fd, buffer.baseAddress, buffer.count)
                if count >= 0 || errno != EINTR { break }
            }
            guard count > 0 else { return -1 }
            // "size resident shared …": skip the first field, parse the second.
            var at = 0
            while at < count, buffer[at] != UInt8(ascii: " ") { at += 1 }
            at += 1
            var pages = 0
            while at < count, buffer[at] >= UInt8(ascii: "0"), buffer[at] <= UInt8(ascii: "9") {
                pages = pages * 10 + Int(buffer[at] - UInt8(ascii: "0"))
                at += 1
            }
            return pages * sysconf(Int32(_SC_PAGESIZE))
        }
    }

    /// Open descriptors: the entries of /proc/self/fd, less the one that lists them.
    static func openDescriptors() -> Int {
        guard let directory = opendir("/proc/self/fd") else { return -1 }
        defer { closedir(directory) }
        var count = 0
        while let entry = readdir(directory) {
            if entry.pointee.d_name.0 != CChar(UInt8(ascii: ".")) { count += 1 }
        }
        return count - 1
    }
}
