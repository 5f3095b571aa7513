import Bench
import XCTest

final class NumberFormatTests: XCTestCase {
    func testFixedDecimals() {
        XCTAssertEqual(NumberFormat.fixed(3.14159, 2), "3.14")
        XCTAssertEqual(NumberFormat.fixed(-0.004, 2), "0.00")
        XCTAssertEqual(NumberFormat.fixed(-2.5, 1), "-2.5")
        XCTAssertEqual(NumberFormat.fixed(0.05, 3), "0.050")
        XCTAssertEqual(NumberFormat.fixed(1234.6, 0), "1235")
    }

    func testReadableKeepsThreeSignificantDigits() {
        XCTAssertEqual(NumberFormat.readable(1_723_456), "1 720 000")
        XCTAssertEqual(NumberFormat.readable(4_100), "4 100")
        XCTAssertEqual(NumberFormat.readable(77.31), "77.3")
        XCTAssertEqual(NumberFormat.readable(0.08151), "0.0815")
        XCTAssertEqual(NumberFormat.readable(0), "0")
    }

    func testJSONNumbersAreAlwaysFinite() {
        XCTAssertEqual(NumberFormat.json(.infinity), "0")
        XCTAssertEqual(NumberFormat.json(.nan), "0")
        XCTAssertEqual(NumberFormat.json(2.5, 1), "2.5")
    }

    func testGroupedThousands() {
        XCTAssertEqual(NumberFormat.grouped(1_720_000), "1 720 000")
        XCTAssertEqual(NumberFormat.grouped(999), "999")
        XCTAssertEqual(NumberFormat.grouped(-1000), "-1 000")
    }
}
