/// The master volume: a position 0…1 on a perceptual curve, and a ramp that glides to it.
///
/// Curve: gain = position³ — the cubic curve alsamixer uses for "mapped" volume, close to equal
/// loudness steps over the useful range: 1 → 0 dB, 0.9 → −2.7 dB, 0.75 → −7.5 dB,
/// 0.5 → −18 dB, 0.25 → −36 dB, 0.1 → −60 dB, and 0 is exact silence. It is monotonic.
///
/// Ramp: a change glides linearly in gain over 50 ms (never a jump, so no zipper noise or
/// click); a new change during a ramp starts a new ramp from the gain reached so far.
struct VolumeRamp {
    static let rampSeconds = 0.050

    /// The gain of a volume position: position³, after clamping the position to 0…1.
    static func gain(position: Double) -> Double {
        let p = min(1, max(0, position))
        return p * p * p
    }

    private(set) var position: Double
    private let rampFrames: Int
    private var current: Float
    private var target: Float
    private var step: Float = 0
    private var left = 0

    init(position: Double, sampleRate: Double) {
        self.position = min(1, max(0, position))
        rampFrames = max(1, Int(Self.rampSeconds * sampleRate))
        current = Float(Self.gain(position: self.position))
        target = current
    }

    /// Ramps to `position` (clamped to 0…1; NaN is ignored).
    mutating func set(position newPosition: Double) {
        guard !newPosition.isNaN else { return }
        position = min(1, max(0, newPosition))
        target = Float(Self.gain(position: position))
        step = (target - current) / Float(rampFrames)
        left = rampFrames
    }

    /// True while the gain is changing.
    var isRamping: Bool { left > 0 }

    /// The gain for the next frame.
    @inline(__always)
    mutating func next() -> Float {
        guard left > 0 else { return current }
        left -= 1
        current = left == 0 ? target : current + step
        return current
    }
}
