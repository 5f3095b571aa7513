#if canImport(Glibc)
import Glibc
#endif

/// Waiting on descriptors, without Foundation.
enum Poll {
    /// Waits until one of `descriptors` is readable (or in error) or `timeout` seconds pass
    /// (nil: forever); returns the ready ones. Retries on EINTR. Timeouts round up to whole
    /// milliseconds, so a deadline is never woken for too early (which would spin).
    static func wait(_ descriptors: [Int32], timeout: Double?) -> [Int32] {
        var fds = descriptors.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
        let milliseconds: Int32 = timeout.map { Int32(min(60_000, max(0, ($0 * 1000).rounded(.up)))) } ?? -1
        var result: Int32
        repeat {
            result = poll(&fds, nfds_t(fds.count), milliseconds)
        } while result < 0 && errno == EINTR
        guard result > 0 else { return [] }
        return fds.filter { $0.revents != 0 }.map(\.fd)
    }
}

/// A pipe that wakes a poll loop from another thread.
final class WakePipe: Sendable {
    let readEnd: Int32
    private let writeEnd: Int32

    init() {
        var ends: [Int32] = [-1, -1]
        pipe(&ends)
        readEnd = ends[0]
        writeEnd = ends[1]
        for end in ends { _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK) }
    }

    deinit {
        close(readEnd)
        close(writeEnd)
    }

    func wake() {
        var byte: UInt8 = 1
        _ = write(writeEnd, &byte, 1)
    }

    func drain() {
        var buffer = [UInt8](repeating: 0, count: 64)
        while read(readEnd, &buffer, buffer.count) > 0 {}
    }
}
