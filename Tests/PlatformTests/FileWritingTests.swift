import Foundation
import Platform
import TestSupport
import XCTest

/// The output file over the one write-all, the atomic writer, and the messages they fail with.
final class FileWritingTests: XCTestCase {
    func testAnOutputFileIsWrittenSeekedAndClosedAndAFailureNamesTheFile() throws {
        let folder = try TemporaryFolder("outputfile")
        defer { folder.remove() }
        let path = folder.file("out").path
        let file = try OutputFile(creating: path)
        try file.write(Array(repeating: 0x61, count: 200_000))
        try file.seek(to: 0)
        try file.write(Array("bc".utf8))
        try file.close()
        XCTAssertEqual(try WholeFile.read(path, limit: Int.max), Array("bc".utf8) + Array(repeating: 0x61, count: 199_998))
        XCTAssertThrowsError(try file.write([1])) { error in
            XCTAssertEqual("\(error)", "cannot write \(path): Bad file descriptor")
        }
        XCTAssertThrowsError(try OutputFile(creating: folder.path + "/missing/out")) { error in
            XCTAssertEqual("\(error)", "cannot create \(folder.path)/missing/out: No such file or directory")
        }
    }

    func testAtomicWritesReplaceAndKeepThePermissions() throws {
        let folder = try TemporaryFolder("atomicfile")
        defer { folder.remove() }
        let path = folder.file("state").path
        try AtomicFile.write("one\n", to: path, mode: 0o600)
        try AtomicFile.write("two\n", to: path)
        XCTAssertEqual(try WholeFile.text(path), "two\n")
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        XCTAssertEqual((attributes[.posixPermissions] as? NSNumber)?.intValue, 0o600)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), ["state"], "no temporary file left")
    }
}
