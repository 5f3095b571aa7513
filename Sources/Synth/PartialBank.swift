/// A bank of exponentially decaying sinusoids ("partials"): the one oscillator all three
/// instruments are built from.
///
/// Each partial is a phasor z rotated once per sample, z ← z · ρe^{iω}; the output is the sum of
/// the imaginary parts. That costs four multiplies and two adds per partial per sample, with no
/// `sin()`, and gives an exact frequency (the angle ω is computed once, in Double) and an exact
/// exponential decay (ρ < 1), or a steady tone (ρ = 1).
///
/// The state is a structure of arrays, processed eight partials at a time in code written as
/// plain scalar lanes: the optimiser turns each group into SIMD instructions (SLP vectorisation),
/// and unoptimised debug builds stay ~30× faster than with Swift's generic `SIMD` types (which
/// are not specialised at -Onone), so the tests can render many seconds quickly.
/// Unused lanes hold zero, which stays zero.
final class PartialBank {
    static let lanes = 8

    /// Partials this bank can hold (a multiple of `lanes`).
    let capacity: Int
    /// Partials in use; `render` processes them in whole groups of `lanes`.
    private(set) var count = 0
    private let re: UnsafeMutablePointer<Float>
    private let im: UnsafeMutablePointer<Float>
    private let rotRe: UnsafeMutablePointer<Float>
    private let rotIm: UnsafeMutablePointer<Float>

    init(capacity: Int) {
        let capacity = (max(capacity, 1) + Self.lanes - 1) / Self.lanes * Self.lanes
        self.capacity = capacity
        re = .allocate(capacity: capacity)
        im = .allocate(capacity: capacity)
        rotRe = .allocate(capacity: capacity)
        rotIm = .allocate(capacity: capacity)
        re.initialize(repeating: 0, count: capacity)
        im.initialize(repeating: 0, count: capacity)
        rotRe.initialize(repeating: 0, count: capacity)
        rotIm.initialize(repeating: 0, count: capacity)
    }

    deinit {
        re.deallocate()
        im.deallocate()
        rotRe.deallocate()
        rotIm.deallocate()
    }

    /// Silences every partial, so that a new note can reuse the bank without allocating.
    func removeAll() {
        re.update(repeating: 0, count: capacity)
        im.update(repeating: 0, count: capacity)
        rotRe.update(repeating: 0, count: capacity)
        rotIm.update(repeating: 0, count: capacity)
        count = 0
    }

    /// Adds a partial `amplitude · ρⁿ · sin(ωn + phase)`, with ω from `frequency` and ρ the
    /// per-sample decay factor (1 for a steady tone). Partials at or above 0.45 · sampleRate are
    /// not added (they would alias); a full bank drops the partial too. Returns whether it was added.
    @discardableResult
    func add(frequency: Double, amplitude: Double, phase: Double = 0, decayFactor: Double = 1,
             sampleRate: Double) -> Bool {
        guard count < capacity, frequency > 0, frequency < 0.45 * sampleRate, amplitude > 0 else { return false }
        let omega = 2 * Double.pi * frequency / sampleRate
        re[count] = Float(amplitude * Math.cosine(phase))
        im[count] = Float(amplitude * Math.sine(phase))
        rotRe[count] = Float(decayFactor * Math.cosine(omega))
        rotIm[count] = Float(decayFactor * Math.sine(omega))
        count += 1
        return true
    }

    /// Advances every partial by `frames` samples and writes their sum, as four partial sums per
    /// frame, into `sums[4·i ..< 4·i + 4]` (overwritten). Four sums rather than one keep the
    /// accumulation vectorisable; `Voice` adds the four.
    func render(into sums: UnsafeMutablePointer<Float>, frames: Int) {
        sums.update(repeating: 0, count: 4 * frames)
        var base = 0
        while base < count {
            Self.renderGroup(re + base, im + base, rotRe + base, rotIm + base, sums, frames)
            base += Self.lanes
        }
    }

    /// The inner loop: eight independent rotations per sample, kept in registers.
    @inline(__always)
    private static func renderGroup(
        _ re: UnsafeMutablePointer<Float>, _ im: UnsafeMutablePointer<Float>,
        _ cr: UnsafeMutablePointer<Float>, _ ci: UnsafeMutablePointer<Float>,
        _ sums: UnsafeMutablePointer<Float>, _ frames: Int
    ) {
        var r0 = re[0], r1 = re[1], r2 = re[2], r3 = re[3], r4 = re[4], r5 = re[5], r6 = re[6], r7 = re[7]
        var m0 = im[0], m1 = im[1], m2 = im[2], m3 = im[3], m4 = im[4], m5 = im[5], m6 = im[6], m7 = im[7]
        let c0 = cr[0], c1 = cr[1], c2 = cr[2], c3 = cr[3], c4 = cr[4], c5 = cr[5], c6 = cr[6], c7 = cr[7]
        let s0 = ci[0], s1 = ci[1], s2 = ci[2], s3 = ci[3], s4 = ci[4], s5 = ci[5], s6 = ci[6], s7 = ci[7]
        var out = sums
        var i = 0
        while i < frames {
            let n0 = r0 * c0 - m0 * s0; m0 = r0 * s0 + m0 * c0; r0 = n0
            let n1 = r1 * c1 - m1 * s1; m1 = r1 * s1 + m1 * c1; r1 = n1
            let n2 = r2 * c2 - m2 * s2; m2 = r2 * s2 + m2 * c2; r2 = n2
            let n3 = r3 * c3 - m3 * s3; m3 = r3 * s3 + m3 * c3; r3 = n3
            let n4 = r4 * c4 - m4 * s4; m4 = r4 * s4 + m4 * c4; r4 = n4
            let n5 = r5 * c5 - m5 * s5; m5 = r5 * s5 + m5 * c5; r5 = n5
            let n6 = r6 * c6 - m6 * s6; m6 = r6 * s6 + m6 * c6; r6 = n6
            let n7 = r7 * c7 - m7 * s7; m7 = r7 * s7 + m7 * c7; r7 = n7
            out[0] += m0 + m4
            out[1] += m1 + m5
            out[2] += m2 + m6
            out[3] += m3 + m7
            out += 4
            i += 1
        }
        re[0] = r0; re[1] = r1; re[2] = r2; re[3] = r3; re[4] = r4; re[5] = r5; re[6] = r6; re[7] = r7
        im[0] = m0; im[1] = m1; im[2] = m2; im[3] = m3; im[4] = m4; im[5] = m5; im[6] = m6; im[7] = m7
    }
}
