#if canImport(Glibc)
import Glibc
#endif
import Platform

/// What the soak server says it did (`soak_server.py --stats PATH`): a flat JSON object of
/// counts, e.g. `{"connections": 12, "cuts": 11, "abrupt_cuts": 1, "resume_mismatches": 0, …}`.
struct ServerStats {
    private var values: [(key: String, value: Int)] = []

    subscript(key: String) -> Int? {
        values.first { $0.key == key }?.value
    }

    /// Nil when the file cannot be read or holds no count.
    static func read(_ path: String) -> ServerStats? {
        guard let bytes = (try? WholeFile.read(path, limit: 1 << 20)) ?? nil else { return nil }
        let stats = parse(bytes)
        return stats.values.isEmpty ? nil : stats
    }

    /// Every `"key": integer` pair, in order (strings and nesting are not expected, and skipped).
    static func parse(_ bytes: [UInt8]) -> ServerStats {
        var stats = ServerStats()
        var at = 0
        while at < bytes.count {
            guard bytes[at] == UInt8(ascii: "\"") else { at += 1; continue }
            let start = at + 1
            at = start
            while at < bytes.count, bytes[at] != UInt8(ascii: "\"") { at += 1 }
            let key = String(decoding: bytes[start..<min(at, bytes.count)], as: UTF8.self)
            at += 1
            while at < bytes.count, bytes[at] == UInt8(ascii: " ") || bytes[at] == UInt8(ascii: ":") { at += 1 }
            var negative = false
            if at < bytes.count, bytes[at] == UInt8(ascii: "-") { negative = true; at += 1 }
            var value = 0, digits = 0
            while at < bytes.count, bytes[at] >= UInt8(ascii: "0"), bytes[at] <= UInt8(ascii: "9"), digits < 18 {
                value = value * 10 + Int(bytes[at] - UInt8(ascii: "0"))
                digits += 1
                at += 1
            }
            if digits > 0 { stats.values.append((key, negative ? -value : value)) }
        }
        return stats
    }
}
