#if canImport(Glibc)
import Glibc
#endif

/// `sd_notify` without libsystemd: one datagram per message to the Unix socket that systemd names
/// in `$NOTIFY_SOCKET` (a leading `@` means the abstract namespace). No library is needed for
/// this, and none exists as a Swift package.
public final class SystemdNotifier: @unchecked Sendable {
    private let fd: Int32
    private var address = sockaddr_un()
    private let addressLength: socklen_t

    /// nil when the program was not started by systemd with `Type=notify`.
    public convenience init?() {
        guard let path = getenv("NOTIFY_SOCKET").map({ String(cString: $0) }) else { return nil }
        self.init(socketPath: path)
    }

    public init?(socketPath: String) {
        var bytes = Array(socketPath.utf8)
        guard !bytes.isEmpty, bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { return nil }
        if bytes[0] == UInt8(ascii: "@") { bytes[0] = 0 }
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return nil }
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { path in
            path.copyBytes(from: bytes)
        }
        // An abstract name's length counts exactly; a path's includes its terminating NUL.
        let pathLength = bytes[0] == 0 ? bytes.count : bytes.count + 1
        addressLength = socklen_t(MemoryLayout<sa_family_t>.size + pathLength)
    }

    deinit {
        close(fd)
    }

    /// Sends e.g. `READY=1` or `STATUS=…`; returns false if the datagram could not be sent.
    @discardableResult
    public func send(_ message: String) -> Bool {
        var bytes = Array(message.utf8)
        let sent = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                bytes.withUnsafeMutableBytes { sendto(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL), address, addressLength) }
            }
        }
        return sent == bytes.count
    }

    /// The watchdog interval systemd expects pings within (`WATCHDOG_USEC`, for this process
    /// when `WATCHDOG_PID` names one), in seconds; nil when the watchdog is off.
    public static func watchdogTimeout() -> Double? {
        if let pid = getenv("WATCHDOG_PID").map({ String(cString: $0) }), Int32(pid) != getpid() { return nil }
        guard let text = getenv("WATCHDOG_USEC").map({ String(cString: $0) }), let usec = Double(text), usec > 0 else {
            return nil
        }
        return usec / 1e6
    }
}
