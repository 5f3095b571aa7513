import EditStream

/// Recorded events, one JSON object per line, to be cycled into as many events as a benchmark
/// needs. With `uniqueIDs`, event n's `meta.id` ends in n (its last 12 hex digits are replaced,
/// so the JSON keeps its length): the box de-duplicates on meta.id, and a cycled corpus would
/// otherwise be mostly duplicates after its first round.
public struct EventLines: Sendable {
    public let lines: [[UInt8]]
    /// Where the last 12 characters of each line's meta.id start; nil when it has none to rewrite.
    private let idTails: [Int?]

    public init(lines: [[UInt8]]) {
        self.lines = lines
        idTails = lines.map(Self.idTail)
    }

    /// The non-empty lines of a JSON Lines text (a CR before the LF is dropped).
    public init(jsonLines bytes: some Collection<UInt8>) {
        var lines: [[UInt8]] = []
        for line in bytes.split(separator: 0x0A, omittingEmptySubsequences: true) {
            var line = Array(line)
            if line.last == 0x0D { line.removeLast() }
            if !line.isEmpty { lines.append(line) }
        }
        self.init(lines: lines)
    }

    /// The 34 recorded events built into the binary (BuiltInEvents.swift).
    public static let builtIn = EventLines(jsonLines: BuiltInEvents.jsonLines.utf8)

    public var count: Int { lines.count }

    /// Event `n` of the cycle: line `n % count`.
    public func line(_ n: Int, uniqueID: Bool) -> [UInt8] {
        var bytes: [UInt8] = []
        append(n, uniqueID: uniqueID, to: &bytes)
        return bytes
    }

    /// Appends event `n` of the cycle to `buffer`.
    public func append(_ n: Int, uniqueID: Bool, to buffer: inout [UInt8]) {
        let index = n % lines.count
        let start = buffer.count
        buffer.append(contentsOf: lines[index])
        guard uniqueID, let tail = idTails[index] else { return }
        let hex = Array("0123456789abcdef".utf8)
        var value = n
        for i in (0..<12).reversed() {
            buffer[start + tail + i] = hex[value & 15]
            value >>= 4
        }
    }

    /// The offset of the last 12 characters of meta.id (a UUID) in `line`, found as the first
    /// occurrence of the quoted id that the decoder reads.
    private static func idTail(_ line: [UInt8]) -> Int? {
        guard let id = (try? RecentChange(json: line))?.id, id.utf8.count >= 12 else { return nil }
        let needle = Array(("\"" + id + "\"").utf8)
        guard line.count >= needle.count else { return nil }
        for start in 0...(line.count - needle.count) where line[start] == 0x22 {
            if line[start..<(start + needle.count)].elementsEqual(needle) {
                return start + needle.count - 1 - 12
            }
        }
        return nil
    }
}
