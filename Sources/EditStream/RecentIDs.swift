/// A bounded memory of the last `capacity` event IDs, to drop events delivered twice (EventStreams
/// redelivers after a resume, and sometimes twice in a row). Memory stays fixed: the oldest ID is
/// forgotten when a new one arrives and the memory is full.
///
/// IDs are kept as 128-bit fingerprints, not strings: 16 bytes each, allocated once, instead of a
/// heap string per event (4 096 IDs of 36 characters held ~260 kB more and cost an allocation per
/// event). Two different IDs share a fingerprint with odds of about 2⁻¹²⁸ per pair.
public struct RecentIDs {
    public let capacity: Int
    private var order: [Fingerprint?]
    private var members: Set<Fingerprint>
    private var next = 0

    public init(capacity: Int = 4096) {
        precondition(capacity > 0)
        self.capacity = capacity
        self.order = Array(repeating: nil, count: capacity)
        self.members = Set(minimumCapacity: capacity)
    }

    /// Records `id`; returns false when it was already among the remembered IDs.
    public mutating func insert(_ id: String) -> Bool {
        let print = Fingerprint(id)
        guard !members.contains(print) else { return false }
        if let oldest = order[next] { members.remove(oldest) }
        order[next] = print
        members.insert(print)
        next = (next + 1) % capacity
        return true
    }

    public var count: Int { members.count }
}

/// Two 64-bit FNV-1a hashes of the ID's UTF-8 bytes, from two different offset bases, with the
/// length folded in.
struct Fingerprint: Hashable {
    let high: UInt64
    let low: UInt64

    init(_ id: String) {
        var high: UInt64 = 0xcbf2_9ce4_8422_2325
        var low: UInt64 = 0x6c62_272e_07bb_0142
        var id = id
        id.withUTF8 { bytes in
            for byte in bytes {
                high = (high ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
                low = (low ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
                low ^= low >> 29
            }
            low ^= UInt64(bytes.count)
        }
        self.high = high
        self.low = low
    }
}
