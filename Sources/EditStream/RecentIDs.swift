/// A bounded memory of the last `capacity` event IDs, to drop events delivered twice (EventStreams
/// redelivers after a resume, and sometimes twice in a row). Memory stays fixed: the oldest ID is
/// forgotten when a new one arrives and the memory is full.
///
/// IDs are kept as 128-bit fingerprints, not strings: 16 bytes each, allocated once, instead of a
/// heap string per event (4 096 IDs of 36 characters held ~260 kB more and cost an allocation per
/// event). The hashes are not cryptographic; for EventStreams' random UUIDs a false match (which
/// would silently drop one edit) is far less likely than a cosmic-ray bit flip.
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

/// Two different 64-bit hashes of the ID's UTF-8 bytes: FNV-1a, and a multiply–rotate hash
/// finished with SplitMix64's mixer, with the length folded in.
struct Fingerprint: Hashable {
    let high: UInt64
    let low: UInt64

    init(_ id: String) {
        var high: UInt64 = 0xcbf2_9ce4_8422_2325
        var low: UInt64 = 0x9e37_79b9_7f4a_7c15
        var id = id
        id.withUTF8 { bytes in
            for byte in bytes {
                high = (high ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
                low = ((low ^ UInt64(byte)) &* 0xff51_afd7_ed55_8ccd)
                low = (low << 23) | (low >> 41)
            }
            low ^= UInt64(bytes.count)
        }
        low = (low ^ (low >> 30)) &* 0xbf58_476d_1ce4_e5b9
        low = (low ^ (low >> 27)) &* 0x94d0_49bb_1331_11eb
        low ^= low >> 31
        self.high = high
        self.low = low
    }
}
