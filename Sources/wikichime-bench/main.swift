// wikichime-bench: throughput benchmarks for the EditStream library and the synthesiser (no Foundation).
//   make-corpus OUT.sse [EVENTS]   write an SSE corpus cycled from the recorded fixtures
//   stream CORPUS.sse [--languages en,de] [--repeat N] [--json]
//                                  SSEParser → EditPipeline over the corpus in 64 KiB chunks
//   synth [--voices 1,16,64] [--seconds S] [--repeat N] [--sample-rate R] [--json]
//                                  Synthesizer.render with N voices sounding (SynthBench.swift)
// It prints numbers and never judges them (see Tests/Benchmarks/README.md).
import EditStream
#if canImport(Glibc)
import Glibc
#endif

enum Bench {
    static let usage = """
        usage: wikichime-bench make-corpus OUT.sse [EVENTS]
               wikichime-bench stream CORPUS.sse [--languages en,de] [--repeat N] [--json]
               wikichime-bench synth [--voices 1,16,64] [--seconds S] [--repeat N] [--sample-rate R] [--json]
               wikichime-bench sound [--json]
        """

    /// Paths relative to the package root; the corpus cycles through their lines in this order.
    static let fixtureFiles = [
        "Tests/TestSupport/Fixtures/recentchange-sample.jsonl",
        "Tests/TestSupport/Fixtures/recentchange-wikidata-editgroups-2018.jsonl",
    ]
}

func fail(_ message: String) -> Never {
    let line = Array("wikichime-bench: \(message)\n".utf8)
    _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    exit(2)
}

/// The whole file, read with open/read.
func readFile(_ path: String) -> [UInt8] {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { fail("cannot open \(path): \(String(cString: strerror(errno)))") }
    defer { close(fd) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 1 << 20)
    while true {
        let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if n < 0 {
            if errno == EINTR { continue }
            fail("cannot read \(path): \(String(cString: strerror(errno)))")
        }
        if n == 0 { break }
        bytes.append(contentsOf: buffer[0..<n])
    }
    return bytes
}

func writeFile(_ path: String, _ bytes: [UInt8]) {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    guard fd >= 0 else { fail("cannot create \(path): \(String(cString: strerror(errno)))") }
    bytes.withUnsafeBytes { all in
        var done = 0
        while done < all.count {
            let n = write(fd, all.baseAddress! + done, all.count - done)
            if n < 0 {
                if errno == EINTR { continue }
                fail("cannot write \(path): \(String(cString: strerror(errno)))")
            }
            done += n
        }
    }
    guard close(fd) == 0 else { fail("cannot close \(path): \(String(cString: strerror(errno)))") }
}

func makeCorpus(_ args: [String]) {
    guard args.count == 1 || args.count == 2 else { fail(Bench.usage) }
    let out = args[0]
    var events = 200_000
    if args.count == 2 {
        guard let n = Int(args[1]), n > 0 else { fail("EVENTS must be a positive integer") }
        events = n
    }
    var lines: [ArraySlice<UInt8>] = []
    for file in Bench.fixtureFiles {
        let bytes = readFile(file)
        for line in bytes.split(separator: 0x0A, omittingEmptySubsequences: true) {
            var line = line
            if line.last == 0x0D { line = line.dropLast() }
            if !line.isEmpty { lines.append(line) }
        }
    }
    guard !lines.isEmpty else { fail("no events in the fixtures (run from the package root)") }
    let averageLine = lines.reduce(0) { $0 + $1.count } / lines.count
    var corpus: [UInt8] = []
    corpus.reserveCapacity(events * (averageLine + 120) + 16)
    corpus.append(contentsOf: ":ok\n\n".utf8)
    for n in 0..<events {
        corpus.append(contentsOf: "event: message\nid: [{\"topic\":\"eqiad.mediawiki.recentchange\",\"partition\":0,\"offset\":\(n)}]\ndata: ".utf8)
        corpus.append(contentsOf: lines[n % lines.count])
        corpus.append(contentsOf: "\n\n".utf8)
    }
    writeFile(out, corpus)
    print("wrote \(out): \(events) events, \(corpus.count) bytes (cycling \(lines.count) fixture lines)")
}

struct StreamResult {
    var seconds = Double.infinity
    var events = 0
    var selected = 0
    var sounding = 0
    var duplicates = 0
    var malformed = 0
}

/// One pass over the corpus: 64 KiB chunks → SSEParser → EditPipeline.
func streamOnce(_ corpus: [UInt8], selection: WikiSelection) -> StreamResult {
    let chunk = 64 * 1024
    var parser = SSEParser()
    var pipeline = EditPipeline(selection: selection, rules: SoundRules())
    var messages = 0
    var kept = 0
    let start = MonotonicClock.now()
    corpus.withUnsafeBytes { all in
        var offset = 0
        while offset < all.count {
            let piece = UnsafeRawBufferPointer(rebasing: all[offset..<min(offset + chunk, all.count)])
            parser.feed(piece) { d in
                guard d.type == "message" else { return }
                messages += 1
                if pipeline.process(d.data) != nil { kept += 1 }
            }
            offset += chunk
        }
    }
    let elapsed = MonotonicClock.now() - start
    let c = pipeline.counters
    precondition(c.received == messages && c.sounding == kept)
    return StreamResult(
        seconds: elapsed, events: c.received,
        selected: c.silent + c.duplicates + c.sounding,  // passed the wiki selection
        sounding: c.sounding, duplicates: c.duplicates, malformed: c.malformed)
}

/// `value` with a fixed number of decimals (no printf: Swift cannot pass Double to a C variadic cleanly).
func fmt(_ value: Double, _ decimals: Int) -> String {
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    let scaled = Int((abs(value) * scale).rounded())
    let unit = Int(scale)
    let sign = value < 0 && scaled != 0 ? "-" : ""
    guard decimals > 0 else { return sign + String(scaled) }
    let fraction = String(scaled % unit)
    return sign + String(scaled / unit) + "." + String(repeating: "0", count: decimals - fraction.count) + fraction
}

func stream(_ args: [String]) {
    var path: String?
    var languages = "en,de"
    var repeats = 5
    var json = false
    var i = 0
    while i < args.count {
        switch args[i] {
        case "--languages":
            guard i + 1 < args.count else { fail("--languages needs a value") }
            languages = args[i + 1]; i += 2
        case "--repeat":
            guard i + 1 < args.count, let n = Int(args[i + 1]), n > 0 else { fail("--repeat needs a positive integer") }
            repeats = n; i += 2
        case "--json":
            json = true; i += 1
        default:
            guard path == nil, !args[i].hasPrefix("-") else { fail(Bench.usage) }
            path = args[i]; i += 1
        }
    }
    guard let path else { fail(Bench.usage) }
    let selection: WikiSelection
    do { selection = try WikiSelection(parsing: languages) } catch { fail("\(error)") }

    let corpus = readFile(path)
    var best = StreamResult()
    for _ in 0..<repeats {
        let r = streamOnce(corpus, selection: selection)
        if r.seconds < best.seconds { best = r }
    }
    let seconds = max(best.seconds, 1e-9)
    let eventsPerSecond = Double(best.events) / seconds
    let bytesPerSecond = Double(corpus.count) / seconds
    if json {
        print("{\"events_per_second\": \(fmt(eventsPerSecond, 1)), \"bytes_per_second\": \(fmt(bytesPerSecond, 1)), "
            + "\"events\": \(best.events), \"selected\": \(best.selected), \"sounding\": \(best.sounding), "
            + "\"duplicates\": \(best.duplicates), \"malformed\": \(best.malformed), \"seconds\": \(fmt(best.seconds, 6)), "
            + "\"repeats\": \(repeats), \"languages\": \"\(languages)\"}")
    } else {
        print("corpus      \(path): \(corpus.count) bytes, \(best.events) events")
        print("languages   \(languages); best of \(repeats)")
        print("events/s    \(fmt(eventsPerSecond, 0))")
        print("MB/s        \(fmt(bytesPerSecond / 1e6, 1))")
        print("ns/event    \(fmt(seconds * 1e9 / Double(max(best.events, 1)), 1))")
        print("selected    \(best.selected) (sounding \(best.sounding), duplicates \(best.duplicates), malformed \(best.malformed))")
        print("allocations not measured")
    }
}

func main() {
    let args = Array(CommandLine.arguments.dropFirst())
    guard let command = args.first else { fail(Bench.usage) }
    switch command {
    case "make-corpus": makeCorpus(Array(args.dropFirst()))
    case "stream": stream(Array(args.dropFirst()))
    case "synth": synthBench(Array(args.dropFirst()))
    case "sound": soundBench(Array(args.dropFirst()))
    case "-h", "--help", "help": print(Bench.usage)
    default: fail(Bench.usage)
    }
}

main()
