// libFuzzer target: the recentchange decoder and the pipeline must reject or accept any bytes
// without crashing, and a decoded event must pass through selection, rules and scoring.
#if canImport(Glibc)
import Glibc
#endif
import EditStream
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

// SwiftPM links an executable's own entry point; it hands over to libFuzzer's driver.
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

@main
enum FuzzEvent {
    static func main() {
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(runFuzzerDriver(&argc, &argv, fuzzEvent))
    }
}
