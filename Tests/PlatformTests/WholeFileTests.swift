import Foundation
import Platform
import TestSupport
import XCTest

/// The one whole-file reader: missing files, the size bound, and a prefix of a longer file.
final class WholeFileTests: XCTestCase {
    func testMissingIsNilTooLongIsAnErrorAndPrefixesAreCut() throws {
        let folder = try TemporaryFolder("wholefile")
        defer { folder.remove() }
        let path = folder.file("data").path
        XCTAssertNil(try WholeFile.read(path, limit: 10))

        let bytes = (0..<200_000).map { UInt8(truncatingIfNeeded: $0) }
        try Data(bytes).write(to: folder.file("data"))
        XCTAssertEqual(try WholeFile.read(path, limit: 200_000), bytes)
        XCTAssertEqual(try WholeFile.read(path, limit: Int.max), bytes)
        XCTAssertEqual(try WholeFile.read(path, upTo: 70_000), Array(bytes.prefix(70_000)))
        XCTAssertThrowsError(try WholeFile.read(path, limit: 199_999)) { error in
            XCTAssertEqual((error as? SystemCallError)?.code, EFBIG)
            XCTAssertTrue("\(error)".hasPrefix("cannot read (over 199999 bytes) \(path)"), "\(error)")
        }
        XCTAssertThrowsError(try WholeFile.read(folder.path + "/data/below", limit: 10)) { error in
            XCTAssertEqual((error as? SystemCallError)?.code, ENOTDIR)
        }
    }
}
