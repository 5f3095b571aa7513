import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A real systemd-style notify socket: a Unix datagram socket the test binds, whose path goes
/// into `NOTIFY_SOCKET` for the program under test. It collects every datagram with its arrival time.
final class NotifySocket: @unchecked Sendable {
    let path: String
    private let fd: Int32
    private let lock = NSLock()
    private var received: [(time: Double, message: String)] = []
    private var open = true

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("notify-\(UUID().uuidString.prefix(8))").path
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes) }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0 else { throw POSIXError(.EADDRINUSE) }
        var timeout = timeval(tv_sec: 0, tv_usec: 100_000)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        Thread.detachNewThread { [self] in receiveLoop() }
    }

    func close() {
        lock.withLock { open = false }
        Glibc.close(fd)
        unlink(path)
    }

    /// Every message so far, each datagram split into its `KEY=value` lines.
    var messages: [(time: Double, message: String)] { lock.withLock { received } }

    func times(of message: String) -> [Double] {
        messages.filter { $0.message == message }.map(\.time)
    }

    /// Waits until a message satisfying `match` arrives after `since` (or the timeout passes).
    func wait(for match: (String) -> Bool, since: Double = 0, timeout: Double = 20) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if messages.contains(where: { $0.time >= since && match($0.message) }) { return true }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return false
    }

    private func receiveLoop() {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while lock.withLock({ open }) {
            let count = recv(fd, &buffer, buffer.count, 0)
            guard count > 0 else { continue }
            let now = ProcessInfo.processInfo.systemUptime
            let text = String(decoding: buffer[0..<count], as: UTF8.self)
            lock.withLock {
                for line in text.split(separator: "\n") { received.append((now, String(line))) }
            }
        }
    }
}
