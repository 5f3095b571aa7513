import Audio
import Foundation
import XCTest

final class WAVFileSinkTests: XCTestCase {
    func testHeaderAndData() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("wikichime-\(UUID().uuidString).wav")
        defer { try? FileManager.default.removeItem(at: url) }
        let sink = try WAVFileSink(path: url.path, sampleRate: 44100)
        let frames: [Int16] = [1, -1, 2, -2, 3, -3]
        try frames.withUnsafeBufferPointer { buffer throws(AudioError) in try sink.write(buffer.baseAddress!, count: 3) }
        try sink.close()
        let data = try Data(contentsOf: url)
        XCTAssertEqual(data.count, 44 + 12)
        XCTAssertEqual(String(decoding: data[0..<4], as: UTF8.self), "RIFF")
        XCTAssertEqual(String(decoding: data[8..<16], as: UTF8.self), "WAVEfmt ")
        func u32(_ at: Int) -> Int { data[at..<(at + 4)].enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) } }
        XCTAssertEqual(u32(4), 36 + 12)
        XCTAssertEqual(u32(24), 44100)
        XCTAssertEqual(u32(40), 12)
        let samples = data[44...].withUnsafeBytes { Array($0.bindMemory(to: Int16.self)) }
        XCTAssertEqual(samples, frames)
    }

    func testUnwritablePathIsNamed() {
        XCTAssertThrowsError(try WAVFileSink(path: "/nonexistent/out.wav")) { error in
            XCTAssertTrue("\(error)".contains("/nonexistent/out.wav"), "\(error)")
            XCTAssertTrue("\(error)".contains("No such file or directory"), "\(error)")
        }
    }
}
