#if canImport(Glibc)
import Glibc
#endif
import Arguments
import Platform

/// Paths relative to the package root: the fixture files the benchmarks read.
enum FixtureFiles {
    static let sample = "Tests/TestSupport/Fixtures/recentchange-sample.jsonl"
    static let wikidata = "Tests/TestSupport/Fixtures/recentchange-wikidata-editgroups-2018.jsonl"
    /// The stream corpus cycles through their lines in this order.
    static let corpus = [sample, wikidata]
}

/// Says why the benchmark cannot run (a file it cannot read or write), and exits with status 2.
func fail(_ message: String) -> Never {
    printError("wikichime-bench: " + message)
    exit(2)
}

/// One line on stderr, unbuffered (stdout is what scripts read).
func printError(_ line: String) {
    writeLine(line, to: STDERR_FILENO)
}

/// The whole file.
func readFile(_ path: String) -> [UInt8] {
    do {
        guard let bytes = try WholeFile.read(path, limit: Int.max) else {
            fail("\(SystemCallError(code: ENOENT, operation: "open", path: path))")
        }
        return bytes
    } catch {
        fail("\(error)")
    }
}

/// Creates (or empties) the file and writes `bytes` to it.
func writeFile(_ path: String, _ bytes: [UInt8]) {
    do {
        let file = try OutputFile(creating: path)
        try file.write(bytes)
        try file.close()
    } catch {
        fail("\(error)")
    }
}
