import Synth
import XCTest

final class PCMTests: XCTestCase {
    private func convert(_ samples: [Float]) -> [Int16] {
        var out = [Int16](repeating: 7, count: samples.count)
        out.withUnsafeMutableBufferPointer { convertToInt16(samples, $0.baseAddress!, count: samples.count) }
        return out
    }

    func testConversionScalesRoundsAndClamps() {
        XCTAssertEqual(convert([0, 1, -1, 0.5, -0.5, 2, -7, .infinity, -.infinity, .nan]),
                       [0, 32767, -32767, 16384, -16384, 32767, -32767, 32767, -32767, 0])
        XCTAssertEqual(convert([1 / 32767, 0.4 / 32767, 0.6 / 32767, -0.6 / 32767] as [Float]), [1, 0, 1, -1])
    }

    func testDitherIsTriangularWithinOneLSBAndDeterministic() {
        let samples = [Float](repeating: 0.25, count: 20_000)
        func dithered(seed: UInt64) -> [Int16] {
            var dither = TPDFDither(seed: seed)
            var out = [Int16](repeating: 0, count: samples.count)
            out.withUnsafeMutableBufferPointer { convertToInt16(samples, $0.baseAddress!, count: samples.count, dither: &dither) }
            return out
        }
        let a = dithered(seed: 1)
        XCTAssertEqual(a, dithered(seed: 1))
        XCTAssertNotEqual(a, dithered(seed: 2))
        let exact = 0.25 * 32767.0
        XCTAssert(a.allSatisfy { abs(Double($0) - exact) < 2 })
        let mean = a.reduce(0.0) { $0 + Double($1) } / Double(a.count)
        XCTAssertEqual(mean, exact, accuracy: 0.02, "TPDF dither is unbiased")
    }
}
