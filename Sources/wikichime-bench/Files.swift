#if canImport(Glibc)
import Glibc
#endif
import Arguments
import EditStream
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

/// The whole file, read with open/read.
func readFile(_ path: String) -> [UInt8] {
    do {
        guard let bytes = try WholeFile.read(path, limit: Int.max) else {
            fail("cannot open \(path): \(String(cString: strerror(ENOENT)))")
        }
        return bytes
    } catch {
        fail("\(error)")
    }
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
