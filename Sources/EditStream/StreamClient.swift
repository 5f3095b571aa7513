import CCurl
import Logging
import Platform
import Synchronization

/// Settings of the EventStreams connection.
public struct StreamClientSettings: Sendable {
    public static let liveURL = "https://stream.wikimedia.org/v2/stream/recentchange"

    public var url: String
    /// Mandatory for Wikimedia: `name/version (contact) libcurl/x.y`; see `UserAgent`.
    public var userAgent: String
    /// No byte for this long → drop the connection and reconnect (the stream is never idle).
    public var inactivityTimeout: Double = 45
    public var connectTimeout: Double = 20
    public var maxLineBytes = SSEParser.defaultMaxLineBytes
    public var policy = ReconnectPolicy()

    public init(url: String = StreamClientSettings.liveURL, userAgent: String) {
        self.url = url
        self.userAgent = userAgent
    }
}

/// What the connection has done so far; read from any thread.
public struct StreamStatistics: Equatable, Sendable {
    public var connected = false
    public var connections = 0
    public var events = 0
    public var bytes = 0
    public var oversizedLines = 0
    public var lastError: String?
    /// Monotonic time of the client loop's last turn: a sign of life for the supervisor.
    public var heartbeat: Double?

    public init() {}
}

/// The EventStreams client: one connection over libcurl carrying every wiki, resumed with
/// `Last-Event-ID` after every cut, reconnected by `ReconnectPolicy`, dropped after a silence of
/// `inactivityTimeout`. TLS is always verified. `run` blocks its thread until `stop()`.
public final class StreamClient: @unchecked Sendable {
    private let settings: StreamClientSettings
    private let logger: Logger
    private let multi: CurlMulti
    private let stopped = Atomic<Bool>(false)
    private let stats = Locked(StreamStatistics())
    private var policy: ReconnectPolicy
    /// The ID of the last event delivered; sent back on reconnect. Only `run`'s thread touches it.
    public private(set) var lastEventID: [UInt8]

    public init(settings: StreamClientSettings, lastEventID: [UInt8] = [], logger: Logger) throws {
        self.settings = settings
        self.logger = logger
        self.policy = settings.policy
        self.lastEventID = lastEventID
        self.multi = try CurlMulti()
    }

    public var statistics: StreamStatistics { stats.withLock { $0 } }

    /// Ends `run` soon (within one poll, at once in practice). Safe from any thread.
    public func stop() {
        stopped.store(true, ordering: .sequentiallyConsistent)
        multi.wakeup()
    }

    private var isStopped: Bool { stopped.load(ordering: .sequentiallyConsistent) }

    /// Connects and delivers each `message` event to `onEvent` on this thread until `stop()`.
    public func run(onEvent: @escaping (SSEDispatch) -> Void) {
        var random = SystemRandomNumberGenerator()
        while !isStopped {
            let resumed = !lastEventID.isEmpty
            let (end, streamedFor) = connectOnce(onEvent: onEvent)
            stats.withLock { $0.connected = false }
            if end == .stopped || isStopped { break }
            let decision = policy.decide(after: end, streamedFor: streamedFor, resumed: resumed, using: &random)
            if decision.forgetEventID { lastEventID = [] }
            report(end, decision: decision)
            sleep(seconds: decision.delay)
        }
        logger.debug("stream client stopped")
    }

    // MARK: One connection

    private func connectOnce(onEvent: @escaping (SSEDispatch) -> Void) -> (ConnectionEnd, Double) {
        let transfer = Transfer(
            parser: SSEParser(maxLineBytes: settings.maxLineBytes, lastEventID: lastEventID), onEvent: onEvent)
        let easy: CurlEasy
        do {
            easy = try CurlEasy()
            try configure(easy, transfer: transfer)
            try multi.add(easy)
        } catch {
            recordError("cannot start a transfer: \(error)")
            return (.transportError, 0)
        }
        stats.withLock { $0.connections += 1 }
        transfer.easy = easy
        transfer.client = self
        var end: ConnectionEnd?
        do {
            while end == nil {
                beat()
                if try multi.perform() == 0 { break }
                if isStopped { end = .stopped; break }
                let silence = MonotonicClock.now() - transfer.lastByteAt
                if silence >= settings.inactivityTimeout { end = .inactive; break }
                let wait = min(0.25, settings.inactivityTimeout - silence)
                try multi.poll(timeoutMilliseconds: max(1, Int(wait * 1000)))
            }
        } catch {
            recordError("libcurl: \(error)")
            end = .transportError
        }
        let result = multi.finishedResult()
        multi.remove(easy)
        transfer.easy = nil
        if transfer.delivered > 0 || !transfer.lastEventID.isEmpty { lastEventID = transfer.lastEventID }
        let streamedFor = transfer.streamStartedAt.map { MonotonicClock.now() - $0 } ?? 0
        return (end ?? classify(transfer, result: result, easy: easy), streamedFor)
    }

    private func configure(_ easy: CurlEasy, transfer: Transfer) throws {
        try easy.set(CURLOPT_URL, settings.url)
        try easy.set(CURLOPT_USERAGENT, settings.userAgent)
        var headers = ["Accept: text/event-stream", "Cache-Control: no-cache"]
        if !lastEventID.isEmpty {
            headers.append("Last-Event-ID: " + String(decoding: lastEventID, as: UTF8.self))
        }
        try easy.setHeaders(headers)
        try easy.set(CURLOPT_PROTOCOLS_STR, "http,https")
        try easy.set(CURLOPT_SSL_VERIFYPEER, 1)  // never an option to turn off
        try easy.set(CURLOPT_SSL_VERIFYHOST, 2)
        try easy.set(CURLOPT_NOSIGNAL, 1)
        try easy.set(CURLOPT_TCP_KEEPALIVE, 1)
        try easy.set(CURLOPT_CONNECTTIMEOUT_MS, Int(settings.connectTimeout * 1000))
        try easy.setWriteFunction(writeCallback)
        try easy.set(CURLOPT_WRITEDATA, pointer: Unmanaged.passUnretained(transfer).toOpaque())
    }

    private func classify(_ transfer: Transfer, result: CURLcode?, easy: CurlEasy) -> ConnectionEnd {
        let status = easy.responseCode
        if transfer.errorEvent != nil { return .streamError }
        if status != 0 && status != 200 {
            let body = String(decoding: transfer.errorBody.prefix(300), as: UTF8.self)
                .split(whereSeparator: { $0.isNewline }).joined(separator: " ")
            recordError("HTTP \(status) from \(settings.url)\(body.isEmpty ? "" : ": " + body)")
            return .httpStatus(status)
        }
        if status == 200 && !transfer.isEventStream {
            recordError("the server answered with \(easy.contentType ?? "no content type"), not text/event-stream")
            return .transportError
        }
        if let result, result != CURLE_OK {
            recordError(easy.error(for: result).description)
            return .transportError
        }
        return .closed(events: transfer.delivered)
    }

    // MARK: Between connections

    private func report(_ end: ConnectionEnd, decision: ReconnectDecision) {
        let wait = decision.delay < 0.01 ? "reconnecting now" : "retrying in \(formatSeconds(decision.delay))"
        switch end {
        case .closed(let events):
            logger.info("the server closed the stream after \(events) events; \(wait)")
        case .httpStatus(403):
            recordError("the server refused the User-Agent (HTTP 403): '\(settings.userAgent)'; Wikimedia requires a "
                + "descriptive User-Agent with a contact: set 'contact' in the config")
            logger.error("\(statistics.lastError ?? ""); \(wait)")
        case .httpStatus(429):
            recordError("too many connections from this address (HTTP 429)")
            logger.warning("\(statistics.lastError ?? ""); \(wait)")
        case .httpStatus(400) where decision.forgetEventID:
            logger.warning("""
                the server refused to resume from the last event ID (HTTP 400): continuing from now, \
                edits made meanwhile are skipped; \(wait)
                """)
        case .httpStatus:
            logger.warning("\(statistics.lastError ?? ""); \(wait)")
        case .streamError:
            logger.warning("\(statistics.lastError ?? "the server sent an error event"); \(wait)")
        case .inactive:
            recordError("no data for \(formatSeconds(settings.inactivityTimeout))")
            logger.warning("\(statistics.lastError ?? ""); dropping the connection, \(wait)")
        case .transportError:
            logger.warning("\(statistics.lastError ?? "connection failed"); \(wait)")
        case .stopped:
            break
        }
    }

    private func beat() {
        let now = MonotonicClock.now()
        stats.withLock { $0.heartbeat = now }
    }

    private func recordError(_ message: String) {
        stats.withLock { $0.lastError = message }
    }

    /// Sleeps, but returns at once when `stop()` is called.
    private func sleep(seconds: Double) {
        let deadline = MonotonicClock.now() + seconds
        while !isStopped {
            beat()
            let left = deadline - MonotonicClock.now()
            if left <= 0 { return }
            try? multi.poll(timeoutMilliseconds: max(1, Int(min(left, 1) * 1000)))
        }
    }

    // MARK: Receiving (on run's thread, called by libcurl inside perform)

    fileprivate func receive(_ bytes: UnsafeRawBufferPointer, into transfer: Transfer) {
        transfer.lastByteAt = MonotonicClock.now()
        if transfer.status == nil, let easy = transfer.easy {
            let status = easy.responseCode
            transfer.status = status
            transfer.isEventStream = status == 200 && (easy.contentType ?? "").lowercased().hasPrefix("text/event-stream")
            if transfer.isEventStream {
                transfer.streamStartedAt = transfer.lastByteAt
                stats.withLock { $0.connected = true }
                logger.info("connected to \(settings.url)\(lastEventID.isEmpty ? "" : ", resuming after the last event")")
            }
        }
        guard transfer.isEventStream else {
            transfer.keepErrorBody(bytes)
            return
        }
        let oversizedBefore = transfer.parser.oversizedLines
        var delivered = 0
        transfer.parser.feed(bytes) { event in
            switch event.type {
            case "message":
                delivered += 1
                transfer.lastEventID = event.lastEventID
                transfer.onEvent(event)
            case "error":
                let text = String(decoding: event.data.prefix(300), as: UTF8.self)
                transfer.errorEvent = text
                self.recordError("the server sent an error event: \(text)")
            default:
                break  // other event types are not part of recentchange
            }
        }
        transfer.delivered += delivered
        let oversized = transfer.parser.oversizedLines - oversizedBefore
        if oversized > 0 {
            logger.warning("dropped \(oversized) line(s) longer than \(settings.maxLineBytes) bytes from the stream")
        }
        stats.withLock {
            $0.bytes += bytes.count
            $0.events += delivered
            $0.oversizedLines += oversized
        }
    }
}

/// The state of one HTTP transfer, reached from libcurl's write callback.
private final class Transfer {
    var parser: SSEParser
    let onEvent: (SSEDispatch) -> Void
    var easy: CurlEasy?
    var status: Int?
    var isEventStream = false
    var lastByteAt = MonotonicClock.now()
    var streamStartedAt: Double?
    var delivered = 0
    var lastEventID: [UInt8]
    var errorEvent: String?
    private(set) var errorBody: [UInt8] = []
    weak var client: StreamClient?

    init(parser: SSEParser, onEvent: @escaping (SSEDispatch) -> Void) {
        self.parser = parser
        self.onEvent = onEvent
        self.lastEventID = parser.lastEventID
    }

    func keepErrorBody(_ bytes: UnsafeRawBufferPointer) {
        errorBody.append(contentsOf: bytes.prefix(max(0, 2048 - errorBody.count)))
    }
}

/// libcurl's write callback (`CURLOPT_WRITEFUNCTION`); `userdata` is the `Transfer`.
private let writeCallback: wc_curl_write_fn = { pointer, size, count, userdata in
    guard let pointer, let userdata else { return 0 }
    let transfer = Unmanaged<Transfer>.fromOpaque(userdata).takeUnretainedValue()
    let length = size * count
    transfer.client?.receive(UnsafeRawBufferPointer(start: pointer, count: length), into: transfer)
    return length
}
