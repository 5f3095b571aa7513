import Platform

/// Reads recorded events from a file instead of the network: JSON Lines (one event per line, as
/// `--record` writes and as `shared/data` holds) or a raw SSE capture. The format is told by the
/// first non-blank byte: `{` is JSON Lines, anything else SSE.
public struct ReplaySource {
    public let path: String
    public let maxLineBytes: Int

    public init(path: String, maxLineBytes: Int = SSEParser.defaultMaxLineBytes) {
        self.path = path
        self.maxLineBytes = maxLineBytes
    }

    /// Calls `onEvent` with each event's JSON, in file order, until the end or until
    /// `shouldStop` returns true (asked before every event, so a paced replay stops at once).
    /// Returns the number of lines skipped for being too long.
    @discardableResult
    public func run(shouldStop: () -> Bool = { false }, onEvent deliver: (UnsafeRawBufferPointer) -> Void) throws -> Int {
        var stopped = false
        func onEvent(_ json: UnsafeRawBufferPointer) {
            guard !stopped else { return }
            if shouldStop() { stopped = true; return }
            deliver(json)
        }
        let file = try InputFile(path)
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 1)
        defer { chunk.deallocate() }
        var format: Format?
        var sse = SSEParser(maxLineBytes: maxLineBytes)
        var jsonl = JSONLines(maxLineBytes: maxLineBytes)
        while !stopped && !shouldStop() {
            let count = try file.read(into: chunk)
            if count == 0 { break }
            let bytes = UnsafeRawBufferPointer(rebasing: chunk[0..<count])
            if format == nil { format = Format.detect(bytes) }
            switch format {
            case .jsonLines?: jsonl.feed(bytes, onEvent)
            case .sse?: sse.feed(bytes) { if $0.type == "message" { onEvent($0.data) } }
            case nil: break  // only blank bytes so far
            }
        }
        if format == .jsonLines && !stopped && !shouldStop() { jsonl.finish(onEvent) }
        return sse.oversizedLines + jsonl.oversizedLines
    }

    enum Format {
        case jsonLines, sse

        static func detect(_ bytes: UnsafeRawBufferPointer) -> Format? {
            guard let first = bytes.first(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }) else {
                return nil
            }
            return first == UInt8(ascii: "{") ? .jsonLines : .sse
        }
    }
}

/// Splits JSON Lines across chunks, bounded like the SSE parser: an over-long line is skipped.
struct JSONLines {
    let maxLineBytes: Int
    private(set) var oversizedLines = 0
    private var partial: [UInt8] = []
    private var skipping = false

    init(maxLineBytes: Int) {
        self.maxLineBytes = maxLineBytes
    }

    mutating func feed(_ bytes: UnsafeRawBufferPointer, _ onLine: (UnsafeRawBufferPointer) -> Void) {
        var start = 0
        while start < bytes.count {
            guard let newline = bytes[start...].firstIndex(of: 0x0A) else {
                append(UnsafeRawBufferPointer(rebasing: bytes[start...]))
                return
            }
            let piece = UnsafeRawBufferPointer(rebasing: bytes[start..<newline])
            if partial.isEmpty && !skipping {
                if piece.count > maxLineBytes { oversizedLines += 1 } else { emit(piece, onLine) }
            } else {
                append(piece)
                if skipping { oversizedLines += 1 } else { partial.withUnsafeBytes { emit($0, onLine) } }
                partial.removeAll(keepingCapacity: true)
                skipping = false
            }
            start = newline + 1
        }
    }

    /// The last line may lack its newline.
    mutating func finish(_ onLine: (UnsafeRawBufferPointer) -> Void) {
        if skipping { oversizedLines += 1 } else if !partial.isEmpty { partial.withUnsafeBytes { emit($0, onLine) } }
        partial = []
        skipping = false
    }

    private mutating func append(_ bytes: UnsafeRawBufferPointer) {
        guard !skipping else { return }
        if partial.count + bytes.count > maxLineBytes {
            skipping = true
            partial = []
        } else {
            partial.append(contentsOf: bytes)
        }
    }

    private func emit(_ line: UnsafeRawBufferPointer, _ onLine: (UnsafeRawBufferPointer) -> Void) {
        var trimmed = line
        if trimmed.last == 0x0D { trimmed = UnsafeRawBufferPointer(rebasing: trimmed.dropLast()) }
        if trimmed.contains(where: { $0 != 0x20 && $0 != 0x09 }) { onLine(trimmed) }
    }
}
