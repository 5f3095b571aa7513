/// At most `limit` note starts in any rolling `window` seconds (the original: 15 in 300 ms);
/// notes beyond that are dropped, not delayed, so a burst never turns into a long smear.
public struct Throttle: Sendable {
    public let limit: Int
    public let window: Double
    /// Start times of the last `limit` accepted notes, oldest first once full.
    private var starts: [Double] = []
    private var next = 0

    public init(limit: Int = 15, window: Double = 0.3) {
        precondition(limit > 0)
        self.limit = limit
        self.window = window
    }

    /// Records a note start at `time` if the window has room; returns whether it may play.
    public mutating func admit(at time: Double) -> Bool {
        if starts.count < limit {
            starts.append(time)
            return true
        }
        // `starts[next]` is the oldest of the last `limit` starts; its slot frees `window` after
        // it began (as the original's timeout does). The microsecond absorbs rounding of times.
        guard time - starts[next] >= window - 1e-6 else { return false }
        starts[next] = time
        next = (next + 1) % limit
        return true
    }
}
