/// The proof that no event was lost or delivered twice across the cuts: every sequence number
/// `0..<expected` seen exactly once, in order. It looks at what the stream client delivers,
/// before `EditPipeline`'s de-duplication (which would hide a duplicate). Its memory — one bit
/// per event — is allocated up front, so that it does not show as growth.
struct DeliveryLedger {
    let expected: Int
    private var seen: [UInt64]
    private var previous = -1
    /// Events delivered, counting repeats.
    private(set) var delivered = 0
    /// Distinct sequence numbers in `0..<expected` delivered.
    private(set) var distinct = 0
    /// Deliveries of a sequence number already seen.
    private(set) var duplicated = 0
    /// Deliveries that were not the previous one's successor.
    private(set) var outOfOrder = 0
    /// Deliveries without a sequence number, or outside `0..<expected`.
    private(set) var unexpected = 0

    init(expected: Int) {
        precondition(expected > 0)
        self.expected = expected
        seen = [UInt64](repeating: 0, count: (expected + 63) / 64)
    }

    var lost: Int { expected - distinct }
    var isExact: Bool { lost == 0 && duplicated == 0 && outOfOrder == 0 && unexpected == 0 }

    mutating func record(_ sequence: Int?) {
        delivered += 1
        guard let sequence, sequence >= 0, sequence < expected else {
            unexpected += 1
            return
        }
        if sequence != previous + 1 { outOfOrder += 1 }
        previous = sequence
        let word = sequence / 64, bit = UInt64(1) << UInt64(sequence % 64)
        if seen[word] & bit != 0 {
            duplicated += 1
        } else {
            seen[word] |= bit
            distinct += 1
        }
    }

    /// The sequence number in an EventStreams ID: the first `"offset":N` of the JSON array
    /// (`[{"topic":…,"partition":0,"offset":N},…]`). Nil when there is none.
    static func sequence(in id: [UInt8]) -> Int? {
        let key: [UInt8] = Array("\"offset\":".utf8)
        guard id.count > key.count else { return nil }
        var start = 0
        while start + key.count <= id.count {
            if id[start..<(start + key.count)].elementsEqual(key) { break }
            start += 1
        }
        var at = start + key.count
        guard at < id.count else { return nil }
        var value = 0, digits = 0
        while at < id.count, id[at] >= UInt8(ascii: "0"), id[at] <= UInt8(ascii: "9"), digits < 18 {
            value = value * 10 + Int(id[at] - UInt8(ascii: "0"))
            digits += 1
            at += 1
        }
        return digits > 0 ? value : nil
    }
}
