/// A bounded memory of the last `capacity` event IDs, to drop events delivered twice (EventStreams
/// redelivers after a resume, and sometimes twice in a row). Memory stays fixed: the oldest ID is
/// forgotten when a new one arrives and the memory is full.
public struct RecentIDs {
    public let capacity: Int
    private var order: [String?]
    private var members: Set<String>
    private var next = 0

    public init(capacity: Int = 4096) {
        precondition(capacity > 0)
        self.capacity = capacity
        self.order = Array(repeating: nil, count: capacity)
        self.members = Set(minimumCapacity: capacity)
    }

    /// Records `id`; returns false when it was already among the remembered IDs.
    public mutating func insert(_ id: String) -> Bool {
        guard !members.contains(id) else { return false }
        if let oldest = order[next] { members.remove(oldest) }
        order[next] = id
        members.insert(id)
        next = (next + 1) % capacity
        return true
    }

    public var count: Int { members.count }
}
