/// Float samples in [−1, 1] → signed 16-bit PCM: each sample is clamped to [−1, 1], scaled by
/// 32767 and rounded to nearest (halves away from zero), so ±1 maps to ±32767 and 0 to 0.
/// NaN becomes 0. No dither: the output is a pure function of the input (see `TPDFDither`).
public func convertToInt16(_ source: UnsafePointer<Float>, _ destination: UnsafeMutablePointer<Int16>, count: Int) {
    var i = 0
    while i < count {
        destination[i] = quantize(source[i], offset: 0)
        i += 1
    }
}

/// As `convertToInt16(_:_:count:)`, adding triangular (TPDF) dither of ±1 LSB before rounding,
/// from `dither`'s generator: deterministic for a given seed. Use it for quiet material where
/// truncation distortion would be audible.
public func convertToInt16(_ source: UnsafePointer<Float>, _ destination: UnsafeMutablePointer<Int16>, count: Int,
                           dither: inout TPDFDither) {
    var i = 0
    while i < count {
        destination[i] = quantize(source[i], offset: dither.next())
        i += 1
    }
}

/// Triangular-PDF dither noise in LSBs (the sum of two uniform values in [−0.5, 0.5)).
public struct TPDFDither: Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    mutating func next() -> Float {
        // xorshift64*: two 24-bit uniform values per call.
        state ^= state >> 12
        state ^= state << 25
        state ^= state >> 27
        if state == 0 { state = 0x9E37_79B9_7F4A_7C15 }
        let bits = state &* 0x2545_F491_4F6C_DD1D
        let a = Float(bits >> 40) * 0x1p-24
        let b = Float((bits >> 16) & 0xFF_FFFF) * 0x1p-24
        return a - b
    }
}

@inline(__always)
private func quantize(_ sample: Float, offset: Float) -> Int16 {
    guard !sample.isNaN else { return 0 }
    let scaled = min(1, max(-1, sample)) * 32767 + offset
    let rounded = scaled >= 0 ? scaled + 0.5 : scaled - 0.5
    return Int16(min(32767, max(-32767, rounded)))  // Int16(_:) truncates towards zero
}
