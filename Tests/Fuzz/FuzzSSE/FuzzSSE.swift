// libFuzzer target: the SSE parser, fed the input cut into chunks at places the input itself
// chooses, must never crash, never dispatch more data than its bound, and give the same events
// however the input is cut.
import EditStream
import FuzzSupport

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSSE(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let limit = 4096
    var whole = SSEParser(maxLineBytes: limit)
    let expected = whole.feed(bytes)
    // The first byte picks a chunk size: the same stream, cut differently.
    let chunk = max(1, Int(bytes.first ?? 1) % 97)
    var cut = SSEParser(maxLineBytes: limit)
    var events: [SSEEvent] = []
    var start = 0
    while start < bytes.count {
        let end = min(bytes.count, start + chunk)
        events += cut.feed(Array(bytes[start..<end]))
        start = end
    }
    precondition(events == expected, "events depend on where the stream is cut")
    precondition(expected.allSatisfy { $0.data.count <= limit }, "an event exceeds the bound")
    precondition(whole.lastEventID.count <= limit, "the ID exceeds the bound")
    return 0
}

@main
enum FuzzSSE {
    static func main() { runFuzzer(fuzzSSE) }
}
