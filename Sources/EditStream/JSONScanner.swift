// Hand-written: FoundationEssentials' JSONDecoder adds ~7 MB to a 6 MB static binary (13.6 vs 6.1 MB
// measured, shared/docs/appliance.md) and decodes every field; this reads the dozen the box needs and
// skips the rest in place (`wikichime-bench` compares it with Python's json module).
#if canImport(Glibc)
import Glibc
#endif

/// Why a JSON text was rejected, with the byte offset where reading stopped.
public struct JSONScanError: Error, Equatable, CustomStringConvertible {
    public let offset: Int
    public let reason: String
    public var description: String { "\(reason) at byte \(offset)" }
}

/// An object key, borrowed from the input; matched against literals in a `switch`.
struct JSONKey {
    let bytes: UnsafeRawBufferPointer

    static func ~= (pattern: StaticString, key: JSONKey) -> Bool {
        pattern.utf8CodeUnitCount == key.bytes.count
            && memcmp(pattern.utf8Start, key.bytes.baseAddress!, key.bytes.count) == 0
    }
}

/// A forward-only reader over one JSON text (RFC 8259). It validates what it reads or skips, so
/// a truncated or garbled event is rejected rather than half-read. Nesting is limited to
/// `maxDepth` so hostile input cannot exhaust the stack.
struct JSONScanner {
    private let bytes: UnsafeRawBufferPointer
    private(set) var offset = 0
    static let maxDepth = 64

    init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    // MARK: Structure

    /// Reads an object, calling `onMember` with each key while the scanner stands on the value;
    /// `onMember` must read or skip that value. The key is borrowed (valid during the call): keys
    /// are compared in place, without a copy, unless they hold escapes.
    mutating func readObject(_ onMember: (_ key: JSONKey, inout JSONScanner) throws -> Void) throws {
        try expect(openBrace, "expected an object")
        skipWhitespace()
        if peek() == closeBrace { offset += 1; return }
        while true {
            skipWhitespace()
            let before: Int
            if let raw = try readPlainKey() {
                skipWhitespace()
                try expect(colonByte, "expected ':' after a key")
                skipWhitespace()
                before = offset
                try onMember(JSONKey(bytes: raw), &self)
            } else {
                let decoded = try readStringBytes()
                skipWhitespace()
                try expect(colonByte, "expected ':' after a key")
                skipWhitespace()
                before = offset
                try decoded.withUnsafeBytes { try onMember(JSONKey(bytes: $0), &self) }
            }
            if offset == before { throw error("value was not read") }
            skipWhitespace()
            guard let next = peek() else { throw error("unterminated object") }
            offset += 1
            if next == closeBrace { return }
            if next != comma { offset -= 1; throw error("expected ',' or '}'") }
        }
    }

    /// A key without escapes, as a view of the input; nil (nothing consumed) if it has escapes.
    private mutating func readPlainKey() throws -> UnsafeRawBufferPointer? {
        let start = offset
        try expect(quote, "expected a string")
        while let b = peek(), b != quote, b != backslash {
            if b < 0x20 { throw error("control character in a string") }
            offset += 1
        }
        guard let stop = peek() else { throw error("unterminated string") }
        if stop == backslash { offset = start; return nil }
        offset += 1
        return UnsafeRawBufferPointer(rebasing: bytes[(start + 1)..<(offset - 1)])
    }

    /// Reads an object like `readObject`; `null` reads as nothing.
    mutating func readOptionalObject(_ onMember: (_ key: JSONKey, inout JSONScanner) throws -> Void) throws {
        if try readNull() { return }
        try readObject(onMember)
    }

    /// Checks that nothing but whitespace follows the value just read.
    mutating func expectEnd() throws {
        skipWhitespace()
        if offset != bytes.count { throw error("unexpected bytes after the JSON value") }
    }

    // MARK: Values

    /// Whether the value at the current position is an object.
    var nextIsObject: Bool { peek() == openBrace }

    /// Reads a string, or `null` (returned as nil). Anything else is an error.
    mutating func readOptionalString() throws -> String? {
        if try readNull() { return nil }
        return String(decoding: try readStringBytes(), as: UTF8.self)
    }

    /// Reads an integer, or `null` (nil). A number with a fraction or exponent is skipped and read
    /// as nil; an integer outside Int's range too.
    mutating func readOptionalInt() throws -> Int? {
        if try readNull() { return nil }
        let start = offset
        var negative = false
        if peek() == minus { negative = true; offset += 1 }
        var value = 0
        var overflow = false
        let digitsStart = offset
        while let b = peek(), b >= zero, b <= nine {
            if !overflow {
                let (m, o1) = value.multipliedReportingOverflow(by: 10)
                let (s, o2) = m.addingReportingOverflow(Int(b - zero))
                overflow = o1 || o2
                value = s
            }
            offset += 1
        }
        if offset == digitsStart { offset = start; throw error("expected a number") }
        if bytes[digitsStart] == zero && offset - digitsStart > 1 { throw error("leading zero in a number") }
        if let b = peek(), b == dot || b == lowerE || b == upperE {
            offset = start
            try skipNumber()
            return nil
        }
        return overflow ? nil : (negative ? -value : value)
    }

    /// Reads `true` or `false`; `null` reads as nil.
    mutating func readOptionalBool() throws -> Bool? {
        if try readNull() { return nil }
        if try readLiteral(trueLiteral) { return true }
        if try readLiteral(falseLiteral) { return false }
        throw error("expected true or false")
    }

    /// Skips any value, checking its syntax.
    mutating func skipValue(depth: Int = 0) throws {
        guard depth < Self.maxDepth else { throw error("nesting deeper than \(Self.maxDepth)") }
        skipWhitespace()
        guard let b = peek() else { throw error("expected a value") }
        switch b {
        case quote:
            try skipString()
        case openBrace:
            try readObject { _, scanner in try scanner.skipValue(depth: depth + 1) }
        case openBracket:
            offset += 1
            skipWhitespace()
            if peek() == closeBracket { offset += 1; return }
            while true {
                try skipValue(depth: depth + 1)
                skipWhitespace()
                guard let next = peek() else { throw error("unterminated array") }
                offset += 1
                if next == closeBracket { return }
                if next != comma { offset -= 1; throw error("expected ',' or ']'") }
            }
        case minus, zero...nine:
            try skipNumber()
        default:
            if try readLiteral(trueLiteral) || readLiteral(falseLiteral) || readNull() { return }
            throw error("unexpected byte 0x\(String(b, radix: 16))")
        }
    }

    // MARK: Pieces

    private mutating func readNull() throws -> Bool { try readLiteral(nullLiteral) }

    private mutating func readLiteral(_ literal: StaticString) throws -> Bool {
        let count = literal.utf8CodeUnitCount
        guard offset + count <= bytes.count else { return false }
        let start = literal.utf8Start
        for i in 0..<count where bytes[offset + i] != start[i] { return false }
        offset += count
        return true
    }

    private mutating func skipNumber() throws {
        if peek() == minus { offset += 1 }
        let intStart = offset
        while let b = peek(), b >= zero, b <= nine { offset += 1 }
        if offset == intStart { throw error("expected a digit") }
        if peek() == dot {
            offset += 1
            let fracStart = offset
            while let b = peek(), b >= zero, b <= nine { offset += 1 }
            if offset == fracStart { throw error("expected a digit after '.'") }
        }
        if let b = peek(), b == lowerE || b == upperE {
            offset += 1
            if let s = peek(), s == plus || s == minus { offset += 1 }
            let expStart = offset
            while let b = peek(), b >= zero, b <= nine { offset += 1 }
            if offset == expStart { throw error("expected a digit in the exponent") }
        }
    }

    private mutating func skipString() throws {
        try expect(quote, "expected a string")
        while let b = peek() {
            offset += 1
            if b == quote { return }
            if b < 0x20 { offset -= 1; throw error("control character in a string") }
            if b == backslash { try skipEscape() }
        }
        throw error("unterminated string")
    }

    private mutating func skipEscape() throws {
        guard let e = peek() else { throw error("unterminated escape") }
        offset += 1
        switch e {
        case quote, backslash, slash, 0x62, 0x66, 0x6E, 0x72, 0x74: return
        case 0x75: _ = try readHex4()
        default: offset -= 1; throw error("invalid escape")
        }
    }

    /// The bytes of a string with escapes decoded to UTF-8 (lone surrogates become U+FFFD).
    mutating func readStringBytes() throws -> [UInt8] {
        try expect(quote, "expected a string")
        let start = offset
        // Fast path: no escapes, the common case.
        while let b = peek(), b != quote, b != backslash {
            if b < 0x20 { throw error("control character in a string") }
            offset += 1
        }
        guard let stop = peek() else { throw error("unterminated string") }
        var result = Array(UnsafeRawBufferPointer(rebasing: bytes[start..<offset]))
        if stop == quote { offset += 1; return result }
        while let b = peek() {
            offset += 1
            switch b {
            case quote:
                return result
            case backslash:
                try appendEscape(to: &result)
            case 0..<0x20:
                offset -= 1
                throw error("control character in a string")
            default:
                result.append(b)
            }
        }
        throw error("unterminated string")
    }

    private mutating func appendEscape(to result: inout [UInt8]) throws {
        guard let e = peek() else { throw error("unterminated escape") }
        offset += 1
        switch e {
        case quote, backslash, slash: result.append(e)
        case 0x62: result.append(0x08)
        case 0x66: result.append(0x0C)
        case 0x6E: result.append(0x0A)
        case 0x72: result.append(0x0D)
        case 0x74: result.append(0x09)
        case 0x75:
            var scalar = UInt32(try readHex4())
            if (0xD800...0xDBFF).contains(scalar) {
                // A high surrogate must be followed by \u and a low surrogate.
                let save = offset
                if peek() == backslash, offset + 1 < bytes.count, bytes[offset + 1] == 0x75 {
                    offset += 2
                    let low = UInt32(try readHex4())
                    if (0xDC00...0xDFFF).contains(low) {
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else {
                        offset = save
                        scalar = 0xFFFD
                    }
                } else {
                    scalar = 0xFFFD
                }
            } else if (0xDC00...0xDFFF).contains(scalar) {
                scalar = 0xFFFD
            }
            result.append(contentsOf: String(Character(Unicode.Scalar(scalar)!)).utf8)
        default:
            offset -= 1
            throw error("invalid escape")
        }
    }

    private mutating func readHex4() throws -> UInt16 {
        guard offset + 4 <= bytes.count else { throw error("short \\u escape") }
        var value: UInt16 = 0
        for _ in 0..<4 {
            let b = bytes[offset]
            let digit: UInt8
            switch b {
            case zero...nine: digit = b - zero
            case 0x61...0x66: digit = b - 0x61 + 10
            case 0x41...0x46: digit = b - 0x41 + 10
            default: throw error("invalid hex digit in \\u escape")
            }
            value = value << 4 | UInt16(digit)
            offset += 1
        }
        return value
    }

    private func peek() -> UInt8? {
        offset < bytes.count ? bytes[offset] : nil
    }

    private mutating func skipWhitespace() {
        while let b = peek(), b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 { offset += 1 }
    }

    private mutating func expect(_ byte: UInt8, _ message: String) throws {
        guard peek() == byte else { throw error(message) }
        offset += 1
    }

    private func error(_ reason: String) -> JSONScanError {
        JSONScanError(offset: offset, reason: reason)
    }
}

private let quote: UInt8 = 0x22
private let backslash: UInt8 = 0x5C
private let slash: UInt8 = 0x2F
private let openBrace: UInt8 = 0x7B
private let closeBrace: UInt8 = 0x7D
private let openBracket: UInt8 = 0x5B
private let closeBracket: UInt8 = 0x5D
private let colonByte: UInt8 = 0x3A
private let comma: UInt8 = 0x2C
private let minus: UInt8 = 0x2D
private let plus: UInt8 = 0x2B
private let dot: UInt8 = 0x2E
private let zero: UInt8 = 0x30
private let nine: UInt8 = 0x39
private let lowerE: UInt8 = 0x65
private let upperE: UInt8 = 0x45
private let trueLiteral: StaticString = "true"
private let falseLiteral: StaticString = "false"
private let nullLiteral: StaticString = "null"
