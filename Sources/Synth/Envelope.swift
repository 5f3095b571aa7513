/// A voice's gain over time, computed every `period` frames and interpolated linearly in between,
/// so that the curve (a raised cosine, an exponential) costs no maths call per sample.
struct Envelope {
    enum Shape {
        /// A raised-cosine rise from 0 to 1 over `frames`, then 1: the attack of a bell or pluck,
        /// which removes the click of a sinusoid starting at full amplitude. Their decay is in
        /// the partials themselves.
        case attack(frames: Int)
        /// A string swell's whole life (see `Swell.level(atSeconds:)`).
        case swell
    }

    let shape: Shape
    let sampleRate: Double
    private let period: Int
    private var frame = 0               // the voice's age at the end of the current segment
    private var value: Float = 0        // the gain now
    private var target: Float = 0       // the gain at the end of the current segment
    private var step: Float = 0
    private var left = 0                // frames until the next control point

    init(_ shape: Shape, sampleRate: Double) {
        self.shape = shape
        self.sampleRate = sampleRate
        switch shape {
        case .attack(let frames): period = max(1, min(16, frames / 8))
        case .swell: period = 32
        }
    }

    /// True once the gain is 1 for good: the voice may skip `apply`.
    var isUnity: Bool {
        if case .attack(let frames) = shape { return left == 0 && frame >= frames }
        return false
    }

    /// The gain at `frame` frames after the voice started.
    private func level(at frame: Int) -> Float {
        switch shape {
        case .attack(let frames):
            guard frame < frames else { return 1 }
            return Float(0.5 - 0.5 * Math.cosine(Double.pi * Double(frame) / Double(frames)))
        case .swell:
            return Float(Swell.level(atSeconds: Double(frame) / sampleRate))
        }
    }

    /// Multiplies `buffer[0..<count]` by the gain, advancing `count` frames.
    mutating func apply(to buffer: UnsafeMutablePointer<Float>, count: Int) {
        var i = 0
        while i < count {
            if left == 0 {
                value = target
                frame += period
                target = level(at: frame)
                step = (target - value) / Float(period)
                left = period
            }
            let n = min(left, count - i)
            var v = value
            var j = i
            while j < i + n {
                buffer[j] *= v
                v += step
                j += 1
            }
            value = v
            left -= n
            i += n
        }
    }
}
