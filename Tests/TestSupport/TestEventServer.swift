import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A real HTTP/1.1 server on 127.0.0.1 for the client tests. It serves a fixed log of events as
/// EventStreams does (chunked `text/event-stream`, a JSON-array `id:` per event), resumes after
/// the `Last-Event-ID` it receives, and misbehaves on purpose as each connection's `Behaviour` says.
public final class TestEventServer: @unchecked Sendable {
    public enum Ending: Sendable {
        case closeCleanly          // the terminating chunk, then close (the 15-minute cut)
        case cutMidEvent           // half an event, then close without the terminating chunk
        case stall                 // keep the connection open and send nothing
        case errorEvent            // `event: error`, then close
    }

    public enum Extra: Sendable {
        case none
        case garbage               // binary junk between events
        case hugeLine(bytes: Int)  // one data line of this size between events
        case malformedJSON         // an event whose data is not JSON
    }

    public enum Behaviour: Sendable {
        case events(count: Int, extra: Extra = .none, then: Ending)
        case status(Int)
        case wrongContentType
        /// Every remaining event, one each `interval` seconds, then a stall: a live stream.
        case trickle(interval: Double)
    }

    public struct Request: Sendable {
        public let lastEventID: String?
        public let userAgent: String?
        public let accept: String?
    }

    public let port: UInt16
    /// The events served, in order; event n carries id `[{"topic":"test","partition":0,"offset":n}]`.
    public let events: [String]
    private let behaviours: [Behaviour]
    private let listener: Int32
    private let lock = NSLock()
    private var requestLog: [Request] = []
    private var open = true

    /// - Parameter behaviours: one per connection, in order; after the last, every connection
    ///   serves all remaining events and then stalls (the live stream never ends by itself).
    /// - Parameter port: 0 for any free port.
    public init(events: [String], behaviours: [Behaviour], port requested: UInt16 = 0) throws {
        self.events = events
        self.behaviours = behaviours
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard listener >= 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        var yes: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = requested.bigEndian
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer -> Int32 in
                guard bind(listener, pointer, length) == 0, listen(listener, 16) == 0 else { return -1 }
                return getsockname(listener, pointer, &length)
            }
        }
        guard bound == 0 else {
            Glibc.close(listener)
            throw POSIXError(.init(rawValue: errno) ?? .EIO)
        }
        self.listener = listener
        port = UInt16(bigEndian: address.sin_port)
        Thread.detachNewThread { [self] in acceptLoop() }
    }

    /// A port that nothing listens on now (for "the network is not there yet" tests).
    public static func freePort() throws -> UInt16 {
        let server = try TestEventServer(events: [], behaviours: [])
        defer { server.close() }
        return server.port
    }

    public var url: String { "http://127.0.0.1:\(port)/v2/stream/recentchange" }

    public var requests: [Request] { lock.withLock { requestLog } }

    public func close() {
        lock.withLock { open = false }
        shutdown(listener, Int32(SHUT_RDWR))
        Glibc.close(listener)
    }

    public static func eventID(_ offset: Int) -> String {
        #"[{"topic":"test","partition":0,"offset":\#(offset)}]"#
    }

    // MARK: Serving

    private func acceptLoop() {
        while lock.withLock({ open }) {
            let fd = accept(listener, nil, nil)
            if fd < 0 {
                if errno == EINTR { continue }
                return
            }
            let index = lock.withLock { requestLog.count }
            guard let request = readRequest(fd) else { Glibc.close(fd); continue }
            lock.withLock { requestLog.append(request) }
            let behaviour = index < behaviours.count ? behaviours[index] : .events(count: Int.max, then: .stall)
            Thread.detachNewThread { [self] in
                serve(fd, request: request, behaviour: behaviour)
                Glibc.close(fd)
            }
        }
    }

    private func readRequest(_ fd: Int32) -> Request? {
        var buffer = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 4096)
        while buffer.count < 65536 {
            let count = recv(fd, &chunk, chunk.count, 0)
            if count <= 0 { return nil }
            buffer += chunk[0..<count]
            if let text = String(bytes: buffer, encoding: .utf8), text.contains("\r\n\r\n") {
                var headers: [String: String] = [:]
                for line in text.components(separatedBy: "\r\n").dropFirst() {
                    guard let colon = line.firstIndex(of: ":") else { continue }
                    headers[line[..<colon].lowercased()] = line[line.index(after: colon)...]
                        .trimmingCharacters(in: .whitespaces)
                }
                return Request(lastEventID: headers["last-event-id"], userAgent: headers["user-agent"],
                               accept: headers["accept"])
            }
        }
        return nil
    }

    private func serve(_ fd: Int32, request: Request, behaviour: Behaviour) {
        switch behaviour {
        case .status(let code):
            let body = #"{"status":\#(code),"type":"https://mediawiki.org/wiki/HyperSwitch/errors/test","title":"test"}"#
            send(fd, "HTTP/1.1 \(code) Test\r\nContent-Type: application/problem+json\r\n"
                + "Content-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n" + body)
        case .wrongContentType:
            let body = "<html>captive portal</html>"
            send(fd, "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: \(body.utf8.count)\r\n"
                + "Connection: close\r\n\r\n" + body)
        case .trickle(let interval):
            send(fd, "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n")
            let first = Self.offset(in: request.lastEventID).map { $0 + 1 } ?? 0
            for n in first..<events.count {
                guard sendChunk(fd, "event: message\nid: \(Self.eventID(n))\ndata: \(events[n])\n\n") else { return }
                Thread.sleep(forTimeInterval: interval)
            }
            var byte: UInt8 = 0
            while recv(fd, &byte, 1, 0) > 0 {}
        case .events(let count, let extra, let ending):
            send(fd, "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\n"
                + "Transfer-Encoding: chunked\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n")
            sendChunk(fd, ":ok\n\n")
            let first = Self.offset(in: request.lastEventID).map { $0 + 1 } ?? 0
            let last = min(events.count, first + min(count, events.count))
            for n in first..<last {
                if n == first + 2 { sendExtra(fd, extra) }
                guard sendChunk(fd, "event: message\nid: \(Self.eventID(n))\ndata: \(events[n])\n\n") else { return }
            }
            switch ending {
            case .closeCleanly:
                send(fd, "0\r\n\r\n")
            case .cutMidEvent:
                if last < events.count {
                    let event = "event: message\nid: \(Self.eventID(last))\ndata: \(events[last])\n\n"
                    sendChunk(fd, String(event.prefix(event.count / 2)))
                }
            case .stall:
                var byte: UInt8 = 0
                while recv(fd, &byte, 1, 0) > 0 {}  // until the client hangs up
            case .errorEvent:
                sendChunk(fd, "event: error\ndata: {\"message\":\"test error\"}\n\n")
                send(fd, "0\r\n\r\n")
            }
        }
    }

    private func sendExtra(_ fd: Int32, _ extra: Extra) {
        switch extra {
        case .none:
            break
        case .garbage:
            // Lines starting with 0xFF: never a known field name, so they must be ignored.
            var junk: [UInt8] = []
            var state: UInt32 = 12345
            for _ in 0..<64 {
                junk.append(0xFF)
                for _ in 0..<40 {
                    state = state &* 1_103_515_245 &+ 12345
                    let byte = UInt8(truncatingIfNeeded: state >> 16)
                    junk.append(byte == 0x0A || byte == 0x0D ? 0x00 : byte)
                }
                junk.append(0x0A)
            }
            junk.append(0x0A)
            sendChunk(fd, junk)
        case .hugeLine(let bytes):
            sendChunk(fd, Array("data: ".utf8) + [UInt8](repeating: UInt8(ascii: "z"), count: bytes) + [0x0A, 0x0A])
        case .malformedJSON:
            sendChunk(fd, "event: message\ndata: {\"meta\":{\"id\":\"broken\"},\"title\":\"no end\n\n")
        }
    }

    public static func offset(in lastEventID: String?) -> Int? {
        guard let lastEventID, let range = lastEventID.range(of: "\"offset\":") else { return nil }
        return Int(lastEventID[range.upperBound...].prefix { $0.isNumber })
    }

    @discardableResult
    private func sendChunk(_ fd: Int32, _ text: String) -> Bool { sendChunk(fd, Array(text.utf8)) }

    @discardableResult
    private func sendChunk(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        send(fd, String(bytes.count, radix: 16) + "\r\n") && send(fd, bytes) && send(fd, "\r\n")
    }

    @discardableResult
    private func send(_ fd: Int32, _ text: String) -> Bool { send(fd, Array(text.utf8)) }

    @discardableResult
    private func send(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent < 0 && errno == EINTR { continue }
            if sent <= 0 { return false }
            offset += sent
        }
        return true
    }
}
