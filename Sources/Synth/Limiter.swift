/// A stereo peak limiter on the master bus, so that a burst of notes never clips.
///
/// Instant attack: when a frame's peak (the larger of |left|, |right|) times the current gain
/// would exceed the threshold, the gain drops at once to exactly threshold / peak, so the output
/// never exceeds the threshold (−1 dBFS) — no look-ahead, hence no added latency (the price: the
/// rising edge of the first overloading peak is flattened for a few samples). Release: the
/// gain returns towards 1 (or towards what the signal allows) exponentially, with a 150 ms time
/// constant, which is slow enough not to distort low notes. Both channels share one gain, so
/// the stereo image does not move. The synthesiser still clamps to ±1 after it, as a last guard.
struct Limiter {
    static let thresholdDB = -1.0
    static let releaseSeconds = 0.150

    let threshold: Float
    private let release: Float
    /// The current gain, 0 < gain ≤ 1.
    private(set) var gain: Float = 1

    init(sampleRate: Double) {
        threshold = Float(Math.amplitude(dB: Self.thresholdDB))
        release = Float(Math.exponential(-1 / (Self.releaseSeconds * sampleRate)))
    }

    @inline(__always)
    mutating func process(_ left: inout Float, _ right: inout Float) {
        let peak = max(abs(left), abs(right))
        let allowed: Float = peak > threshold ? threshold / peak : 1
        if allowed < gain {
            gain = allowed
        } else {
            gain = allowed - (allowed - gain) * release
            // In Float the release would stop one step short of 1; a 1e-6 step is inaudible.
            if gain > 1 - 1e-6 { gain = 1 }
        }
        left *= gain
        right *= gain
    }
}
