// Hand-written: the only Swift SSE clients (e.g. mattt/EventSource) sit on Foundation's URLSession,
// which the core must not link (7–50 MB); the WHATWG framing rules fit in this one file.
#if canImport(Glibc)
import Glibc
#endif

/// One event as the parser dispatches it. `data` is borrowed: it is valid only during the callback.
public struct SSEDispatch {
    /// The `event:` field, `message` when the event did not name one.
    public let type: String
    /// The `data:` lines joined with LF, without the final LF (WHATWG "data buffer").
    public let data: UnsafeRawBufferPointer
    /// The last event ID in force when this event was dispatched (may be empty).
    public let lastEventID: [UInt8]
}

/// An owned copy of a dispatched event, for tests and for code that keeps events.
public struct SSEEvent: Equatable, Sendable {
    public var type: String
    public var data: [UInt8]
    public var lastEventID: [UInt8]

    public init(type: String = "message", data: [UInt8], lastEventID: [UInt8] = []) {
        self.type = type
        self.data = data
        self.lastEventID = lastEventID
    }

    public init(_ dispatch: SSEDispatch) {
        self.init(type: dispatch.type, data: Array(dispatch.data), lastEventID: dispatch.lastEventID)
    }

    public var dataString: String { String(decoding: data, as: UTF8.self) }
}

/// A Server-Sent Events parser that follows the WHATWG "event stream interpretation" rules:
/// LF, CRLF and CR line ends (a CRLF may be split across chunks), multi-line `data:`, comments,
/// `event`, `id` (ignored when it contains NUL), `retry` (digits only), an optional space after
/// the colon, a leading BOM, and no dispatch of an event that no blank line has ended.
///
/// Bounded: a line longer than `maxLineBytes`, or an event whose data would grow past it, is
/// dropped (counted in `oversizedLines`) and the parser skips to the next blank line, so memory
/// never grows with bad input.
public struct SSEParser {
    public let maxLineBytes: Int
    /// The ID of the last dispatched event (WHATWG "last event ID string"): what to send back as
    /// `Last-Event-ID`. An `id:` line of an event that never completed does not change it.
    public private(set) var lastEventID: [UInt8]
    /// The last valid `retry:` value in milliseconds, if the server sent one.
    public private(set) var reconnectionTimeMs: Int?
    /// Lines (or events) dropped because they exceeded `maxLineBytes`.
    public private(set) var oversizedLines = 0

    private var partialLine: [UInt8] = []
    private var partialOverflowed = false
    private var resyncing = false
    private var pendingCR = false
    private var firstLine = true
    private var dataBuffer: [UInt8] = []
    private var eventTypeBuffer: [UInt8] = []
    private var idBuffer: [UInt8]

    public static let defaultMaxLineBytes = 1 << 20

    /// - Parameter lastEventID: the ID in force from an earlier connection of the same source.
    public init(maxLineBytes: Int = SSEParser.defaultMaxLineBytes, lastEventID: [UInt8] = []) {
        precondition(maxLineBytes > 0)
        self.maxLineBytes = maxLineBytes
        self.lastEventID = lastEventID
        self.idBuffer = lastEventID
    }

    /// Feeds the next chunk of the stream, cut at any byte. Calls `onEvent` for each completed event.
    public mutating func feed(_ chunk: UnsafeRawBufferPointer, _ onEvent: (SSEDispatch) -> Void) {
        guard let base = chunk.baseAddress, chunk.count > 0 else { return }
        let end = chunk.count
        var start = 0
        if pendingCR {
            pendingCR = false
            if base.load(fromByteOffset: 0, as: UInt8.self) == lf { start = 1 }
        }
        while start < end {
            let lineEnd = Self.findLineEnd(base, from: start, to: end)
            guard lineEnd < end else {
                appendPartial(UnsafeRawBufferPointer(start: base + start, count: end - start))
                return
            }
            let piece = UnsafeRawBufferPointer(start: base + start, count: lineEnd - start)
            if partialLine.isEmpty && !partialOverflowed {
                if piece.count > maxLineBytes { dropOversizedLine() } else { processLine(piece, onEvent) }
            } else {
                appendPartial(piece)
                if partialOverflowed {
                    dropOversizedLine()
                } else {
                    let line = partialLine
                    line.withUnsafeBytes { processLine($0, onEvent) }
                }
                partialLine.removeAll(keepingCapacity: partialLine.capacity <= 64 * 1024)
                partialOverflowed = false
            }
            // A CR ends the line; an LF right after it belongs to the same line end.
            if base.load(fromByteOffset: lineEnd, as: UInt8.self) == cr {
                if lineEnd + 1 < end {
                    if base.load(fromByteOffset: lineEnd + 1, as: UInt8.self) == lf { start = lineEnd + 2; continue }
                } else {
                    pendingCR = true
                }
            }
            start = lineEnd + 1
        }
    }

    /// Convenience for tests and replay: feeds bytes and returns owned copies of the events.
    public mutating func feed(_ bytes: [UInt8]) -> [SSEEvent] {
        var events: [SSEEvent] = []
        bytes.withUnsafeBytes { feed($0) { events.append(SSEEvent($0)) } }
        return events
    }

    /// The first CR or LF at or after `from`, or `to` when there is none (two vectorised memchr
    /// passes beat one byte-by-byte loop by several times on the 1 KB lines of this stream).
    private static func findLineEnd(_ base: UnsafeRawPointer, from: Int, to: Int) -> Int {
        let count = to - from
        let lfAt = memchr(base + from, Int32(lf), count).map { UnsafeRawPointer($0) - base } ?? to
        let crAt = memchr(base + from, Int32(cr), lfAt - from).map { UnsafeRawPointer($0) - base } ?? lfAt
        return crAt
    }

    private mutating func appendPartial(_ bytes: UnsafeRawBufferPointer) {
        guard !partialOverflowed else { return }
        if partialLine.count + bytes.count > maxLineBytes {
            partialOverflowed = true
            partialLine = []  // give the memory back now, not at the end of the line
        } else {
            partialLine.append(contentsOf: bytes)
        }
    }

    private mutating func dropOversizedLine() {
        oversizedLines += 1
        startResync()
    }

    /// Forgets the event being built and ignores lines up to the next blank line.
    private mutating func startResync() {
        resyncing = true
        dataBuffer = []
        eventTypeBuffer.removeAll()
    }

    private mutating func processLine(_ rawLine: UnsafeRawBufferPointer, _ onEvent: (SSEDispatch) -> Void) {
        var line = rawLine
        if firstLine {
            firstLine = false
            if line.count >= 3, line[0] == 0xEF, line[1] == 0xBB, line[2] == 0xBF {
                line = UnsafeRawBufferPointer(rebasing: line[3...])
            }
        }
        if resyncing {
            if line.isEmpty { resyncing = false }
            return
        }
        if line.isEmpty {
            dispatch(onEvent)
            return
        }
        if line[0] == colon { return }  // a comment, e.g. the server's ":ok"
        let colonAt = line.firstIndex(of: colon) ?? line.count
        let field = UnsafeRawBufferPointer(rebasing: line[0..<colonAt])
        var valueStart = min(colonAt + 1, line.count)
        if valueStart < line.count, line[valueStart] == space { valueStart += 1 }
        let value = UnsafeRawBufferPointer(rebasing: line[valueStart...])

        if field.elementsEqual(Self.dataField) {
            if dataBuffer.count + value.count + 1 > maxLineBytes {
                dropOversizedLine()
                return
            }
            dataBuffer.append(contentsOf: value)
            dataBuffer.append(lf)
        } else if field.elementsEqual(Self.eventField) {
            eventTypeBuffer.removeAll(keepingCapacity: true)
            eventTypeBuffer.append(contentsOf: value)
        } else if field.elementsEqual(Self.idField) {
            if !value.contains(0) { idBuffer = Array(value) }
        } else if field.elementsEqual(Self.retryField) {
            if !value.isEmpty, value.count <= 12, value.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
                reconnectionTimeMs = value.reduce(0) { $0 * 10 + Int($1 - 0x30) }
            }
        }
        // Any other field is ignored, as the spec says.
    }

    private mutating func dispatch(_ onEvent: (SSEDispatch) -> Void) {
        lastEventID = idBuffer
        defer {
            dataBuffer.removeAll(keepingCapacity: true)
            eventTypeBuffer.removeAll(keepingCapacity: true)
        }
        guard !dataBuffer.isEmpty else { return }
        let type = eventTypeBuffer.isEmpty ? "message" : String(decoding: eventTypeBuffer, as: UTF8.self)
        let id = lastEventID
        dataBuffer.withUnsafeBytes { all in
            // Drop the LF that followed the last data line.
            let data = UnsafeRawBufferPointer(rebasing: all[0..<(all.count - 1)])
            onEvent(SSEDispatch(type: type, data: data, lastEventID: id))
        }
    }

    private static let dataField: [UInt8] = Array("data".utf8)
    private static let eventField: [UInt8] = Array("event".utf8)
    private static let idField: [UInt8] = Array("id".utf8)
    private static let retryField: [UInt8] = Array("retry".utf8)
}

private let lf: UInt8 = 0x0A
private let cr: UInt8 = 0x0D
private let colon: UInt8 = 0x3A
private let space: UInt8 = 0x20
