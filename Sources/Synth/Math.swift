#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The one file that calls into the C maths library (libm). Everything here runs when a note
/// starts or at control rate, never per sample per partial.
enum Math {
    /// The corresponding C function is `sin`.
    static func sine(_ x: Double) -> Double { sin(x) }
    /// The corresponding C function is `cos`.
    static func cosine(_ x: Double) -> Double { cos(x) }
    /// The corresponding C function is `exp`.
    static func exponential(_ x: Double) -> Double { exp(x) }
    /// The corresponding C function is `pow`.
    static func power(_ x: Double, _ y: Double) -> Double { pow(x, y) }
    static func squareRoot(_ x: Double) -> Double { x.squareRoot() }
    /// 20 · log10(ratio): an amplitude ratio in decibels. The C function is `log10`.
    static func decibels(_ ratio: Double) -> Double { 20 * log10(ratio) }

    /// 10^(dB/20): a level in decibels as a linear amplitude.
    static func amplitude(dB: Double) -> Double { pow(10, dB / 20) }

    /// Frequency in Hz of a MIDI note number (A4 = 69 = 440 Hz, twelve-tone equal temperament).
    static func frequency(midi: Double) -> Double { 440 * pow(2, (midi - 69) / 12) }

    /// The per-sample amplitude factor of an exponential decay of `dBPerSecond`.
    static func decayFactor(dBPerSecond: Double, sampleRate: Double) -> Double {
        pow(10, -dBPerSecond / (20 * sampleRate))
    }
}

/// SplitMix64: a tiny deterministic generator for the randomness a note is *handed* (its seed
/// comes from the note, never from a clock or a global generator).
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }
}
