/// The string swells (a new account): three fixed chords, each an ~11 s slow crescendo and fade,
/// after the original's three swell samples (shared/docs/listen-to-wikipedia.md).
///
/// Sound: a string-ensemble pad. Each chord note is three oscillators detuned by −9, 0 and +9
/// cents, each a band-limited sawtooth built from its first 8 harmonics (1/k, gently low-passed
/// at 1.5 kHz), so it never aliases. Their beating is the ensemble's shimmer; the two detuned
/// ones are at 0.6 and leave out the fundamental, which carries most of the power (with it, the
/// shimmer became a ±3 dB tremolo that blurred the envelope). Phases come from a generator
/// seeded by the swell number: each swell always sounds the same.
/// Chords, in a low register (spectral centroid ≈ 0.5 kHz):
/// 0 = F#–A#–C# (I), 1 = C#–E#–G# (V), 2 = the open fifth G#–D# (with the octave).
///
/// Envelope (`level(atSeconds:)`), in dB re the peak: a 30 ms fade-in to −27 dB (no click), a
/// crescendo linear in dB to 0 dB at 3 s (10 %→90 % from 0.8 s to 2.9 s), a decay of 4 dB/s
/// (−28 dB at 10 s), then a 1 s raised-cosine release to silence at 11 s: above −40 dB for
/// ≈ 10.6 s. The peak is a corner (+9 dB/s, then −4 dB/s) rather than a plateau, so the beating
/// of the ensemble cannot move the loudest moment far from 3 s.
enum Swell {
    static let chords: [[Double]] = [
        [42, 49, 58],   // F#2 C#3 A#3 (open voicing)
        [49, 53, 56],   // C#3 E#3 G#3
        [44, 51, 56],   // G#2 D#3 G#3
    ]
    static let detuneCents: [Double] = [-9, 0, 9]
    static let detuneLevels: [Double] = [0.6, 1, 0.6]
    static let harmonics = 8
    static let lowPassHz = 1500.0
    /// RMS at the peak, at gain 1, as the pluck's (peaks then reach about full scale).
    static let rms = 0.35

    static let fadeInSeconds = 0.03
    static let startDB = -27.0
    static let peakSeconds = 3.0
    static let decayDBPerSecond = 4.0
    static let releaseSeconds = 1.0
    static let endSeconds = 11.0

    /// The swell's gain (peak 1) at `t` seconds after it starts; 0 from `endSeconds` on.
    static func level(atSeconds t: Double) -> Double {
        guard t > 0, t < endSeconds else { return 0 }
        var gain: Double
        if t < peakSeconds {
            gain = Math.amplitude(dB: startDB * (1 - t / peakSeconds))
        } else {
            gain = Math.amplitude(dB: -decayDBPerSecond * (t - peakSeconds))
        }
        if t < fadeInSeconds { gain *= 0.5 - 0.5 * Math.cosine(Double.pi * t / fadeInSeconds) }
        let releaseStart = endSeconds - releaseSeconds
        if t > releaseStart { gain *= 0.5 + 0.5 * Math.cosine(Double.pi * (t - releaseStart) / releaseSeconds) }
        return gain
    }

    /// Fills `bank` with chord `index` (modulo 3).
    static func setUp(_ bank: PartialBank, index: Int, sampleRate: Double) -> VoiceSetup {
        let number = ((index % chords.count) + chords.count) % chords.count
        let chord = chords[number]
        var random = SplitMix64(seed: 0x7377_656C_6C00 &+ UInt64(number))
        // The partials' phases are random, so their powers add: normalise by the total power.
        var power = 0.0
        for midi in chord {
            for (cents, level) in zip(detuneCents, detuneLevels) {
                let f0 = Math.frequency(midi: midi + cents / 100)
                for k in firstHarmonic(cents)...harmonics where Double(k) * f0 < 0.45 * sampleRate {
                    let a = level * amplitude(harmonic: k, frequency: Double(k) * f0)
                    power += a * a / 2
                }
            }
        }
        let scale = rms / Math.squareRoot(power)
        bank.removeAll()
        for midi in chord {
            for (cents, level) in zip(detuneCents, detuneLevels) {
                let f0 = Math.frequency(midi: midi + cents / 100)
                for k in firstHarmonic(cents)...harmonics {
                    let f = Double(k) * f0
                    bank.add(frequency: f, amplitude: level * amplitude(harmonic: k, frequency: f) * scale,
                             phase: 2 * Double.pi * random.unit(), sampleRate: sampleRate)
                }
            }
        }
        return VoiceSetup(envelope: Envelope(.swell, sampleRate: sampleRate),
                          frames: Int(endSeconds * sampleRate))
    }

    /// The detuned oscillators start at the second harmonic (see above).
    private static func firstHarmonic(_ cents: Double) -> Int { cents == 0 ? 1 : 2 }

    private static func amplitude(harmonic k: Int, frequency f: Double) -> Double {
        let x = (f / lowPassHz) * (f / lowPassHz)
        return 1 / Double(k) / Math.squareRoot(1 + x * x)
    }
}
