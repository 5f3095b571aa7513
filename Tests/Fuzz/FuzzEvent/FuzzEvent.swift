// libFuzzer target: the recentchange decoder and the pipeline must reject or accept any bytes
// without crashing, and a decoded event must pass through selection, rules and scoring.
import EditStream
import FuzzSupport
import Score

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzEvent(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    if let change = try? RecentChange(json: bytes) {
        _ = change.userClass
        _ = change.isCanary
        if let (kind, delta) = SoundRules(namespaces: []).classify(change) {
            var score = Score()
            let cue = score.cue(for: SoundingEdit(change: change, kind: kind, delta: delta), at: 30)
            precondition(cue.index.map { (0..<27).contains($0) } ?? true, "note index out of the table")
        }
    }
    var pipeline = EditPipeline(selection: .englishWikipedia)
    _ = pipeline.process(bytes)
    precondition(pipeline.counters.received == 1)
    return 0
}

@main
enum FuzzEvent {
    static func main() { runFuzzer(fuzzEvent) }
}
