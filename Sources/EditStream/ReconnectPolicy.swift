/// How one connection to the stream ended.
public enum ConnectionEnd: Equatable, Sendable {
    /// The server closed a healthy stream (EventStreams cuts every connection after ~15 minutes).
    case closed(events: Int)
    /// An HTTP status other than 200.
    case httpStatus(Int)
    /// The server sent `event: error` and ended the stream.
    case streamError
    /// No byte arrived for the inactivity timeout.
    case inactive
    /// DNS, TCP, TLS or a reset connection; or a 200 answer that was not an event stream.
    case transportError
    /// The program is shutting down.
    case stopped
}

/// What to do after a connection ended.
public struct ReconnectDecision: Equatable, Sendable {
    /// Seconds to wait before connecting again.
    public var delay: Double
    /// Forget the last event ID: the server refused it (HTTP 400 after a resume).
    public var forgetEventID = false
}

/// The reconnect policy for EventStreams: reconnect at once after a clean close; after an error,
/// back off exponentially with jitter (1 s doubling to 60 s), and start again from 1 s once a
/// connection has carried data for a minute. A 400 answer to a resume drops the event ID.
/// Pure: the caller supplies the time a connection lasted and the random numbers.
public struct ReconnectPolicy: Sendable {
    public var initialDelay: Double
    public var maximumDelay: Double
    public var healthyAfter: Double
    /// Consecutive failures so far.
    public private(set) var failures = 0

    public init(initialDelay: Double = 1, maximumDelay: Double = 60, healthyAfter: Double = 60) {
        self.initialDelay = initialDelay
        self.maximumDelay = maximumDelay
        self.healthyAfter = healthyAfter
    }

    /// - Parameters:
    ///   - end: how the connection ended.
    ///   - streamedFor: seconds the connection carried events (0 if it never got a 200).
    ///   - resumed: whether the request carried a `Last-Event-ID`.
    public mutating func decide<R: RandomNumberGenerator>(
        after end: ConnectionEnd, streamedFor: Double, resumed: Bool, using random: inout R
    ) -> ReconnectDecision {
        if streamedFor >= healthyAfter { failures = 0 }
        switch end {
        case .stopped:
            return ReconnectDecision(delay: 0)
        case .closed(let events) where events > 0:
            failures = 0
            return ReconnectDecision(delay: 0)
        case .httpStatus(400) where resumed:
            // The ID is too old or invalid: start from now. Not a failure of the server.
            return ReconnectDecision(delay: 0, forgetEventID: true)
        default:
            failures += 1
            return ReconnectDecision(delay: backoff(using: &random))
        }
    }

    /// Exponential backoff with "equal jitter": a random delay in [d/2, d], d = initial · 2^(n−1).
    private func backoff<R: RandomNumberGenerator>(using random: inout R) -> Double {
        let exponent = min(failures - 1, 30)
        let ceiling = min(maximumDelay, initialDelay * Double(1 << exponent))
        return Double.random(in: (ceiling / 2)...ceiling, using: &random)
    }
}
