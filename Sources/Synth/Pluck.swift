/// The clavinet ("plucked strings", a deletion).
///
/// Model: additive, one exactly tuned damped partial per harmonic, rather than Karplus–Strong,
/// because its loop filter ties brightness to decay (high notes would lose their harmonics and
/// miss the decay target), while here each partial's level and decay are set to the measured
/// numbers directly.
///
/// After the measured timbre of the original clav (shared/docs/listen-to-wikipedia.md):
/// - partials at k · f0 · √(1 + B(k² − 1)), B = 1e-5: the fundamental exact, the upper partials
///   slightly stretched (+2.5 cents at k = 17), as a real string;
/// - spectral envelope = a 2nd-order high-pass at 280 Hz × a 4th-order low-pass at
///   max(700 Hz, 2 f0). On low notes this leaves the fundamental weak (about −33 dB at MIDI 27)
///   and puts the energy in harmonics 5–17 (centroid ≈ 13 × f0), as the original; at the top the
///   centroid falls to ≈ 1.5 × f0. **This is also the fix for the ~39 Hz low notes on small
///   speakers**: their sound sits at 200–700 Hz, which a small speaker reproduces, and the ear
///   hears the pitch of the missing fundamental from the harmonic series;
/// - decay 5.3 · 2^((MIDI − 25)/21.6) dB/s for the partials around the spectral centroid; lower
///   partials decay a little slower and higher ones faster (0.8×…1.6×), so the pluck darkens;
/// - a 1 ms attack; random phases and ±1 dB level jitter per partial, from a generator seeded by
///   the MIDI number: the same note always sounds the same, and no global generator is used;
/// - normalised to an RMS of 0.35 at gain 1 (peaks near full scale); the voice ends when every
///   partial is 80 dB below where the strongest started.
enum Pluck {
    static let attackSeconds = 0.001
    static let endDB = 80.0
    static let stretch = 1e-5
    static let highPassHz = 280.0
    static let lowPassMinimumHz = 700.0
    static let lowPassPerF0 = 2.0
    static let floorDB = -40.0       // partials weaker than this (re the strongest) are left out
    static let maximumPartials = 40
    static let rms = 0.35

    /// The measured decay of the original clav, in dB per second.
    static func decayRate(midi: Double) -> Double { 5.3 * Math.power(2, (midi - 25) / 21.6) }

    /// Fills `bank` for `midi`; nil when the note is too high to sound at this sample rate.
    static func setUp(_ bank: PartialBank, midi: Double, sampleRate: Double) -> VoiceSetup? {
        let f0 = Math.frequency(midi: midi)
        let nyquistLimit = 0.45 * sampleRate
        guard f0 < nyquistLimit else { return nil }
        let lowPassHz = max(lowPassMinimumHz, lowPassPerF0 * f0)
        let count = min(maximumPartials, bank.capacity)
        func frequency(_ k: Int) -> Double {
            let k = Double(k)
            return k * f0 * Math.squareRoot(1 + stretch * (k * k - 1))
        }
        func envelope(_ f: Double) -> Double {
            let h = (f / highPassHz) * (f / highPassHz)
            let l = (f / lowPassHz) * (f / lowPassHz)
            return h / Math.squareRoot(1 + h * h) / Math.squareRoot(1 + l * l * l * l)
        }

        // Pass 1: the strongest partial, for the floor.
        var strongest = 0.0
        var k = 1
        while k <= count, frequency(k) < nyquistLimit { strongest = max(strongest, envelope(frequency(k))); k += 1 }
        let floor = strongest * Math.amplitude(dB: floorDB)

        // Pass 2: the partials kept (with their jitter): power and centroid, for the RMS and the decays.
        // Pass 3 draws the same numbers again from a generator with the same seed.
        let seed = UInt64(bitPattern: Int64(midi * 1000)) ^ 0x636C_6176_0000_0000
        var power = 0.0
        var weightedFrequency = 0.0
        var random = SplitMix64(seed: seed)
        k = 1
        while k <= count, frequency(k) < nyquistLimit {
            let a = envelope(frequency(k)) * jitter(&random)
            _ = random.unit()
            if a >= floor {
                power += a * a / 2
                weightedFrequency += frequency(k) * a * a / 2
            }
            k += 1
        }
        guard power > 0 else { return nil }
        let centroid = weightedFrequency / power
        let scale = rms / Math.squareRoot(power)
        let rate = decayRate(midi: midi)

        bank.removeAll()
        random = SplitMix64(seed: seed)
        var lifetime = 0.0   // seconds until every partial is `endDB` below the strongest's start
        k = 1
        while k <= count, frequency(k) < nyquistLimit {
            let f = frequency(k)
            let a = envelope(f) * jitter(&random)
            let phase = 2 * Double.pi * random.unit()
            if a >= floor {
                let partialRate = rate * min(1.6, max(0.8, 0.8 + 0.2 * f / centroid))
                lifetime = max(lifetime, (endDB + Math.decibels(a / strongest)) / partialRate)
                bank.add(frequency: f, amplitude: a * scale, phase: phase,
                         decayFactor: Math.decayFactor(dBPerSecond: partialRate, sampleRate: sampleRate),
                         sampleRate: sampleRate)
            }
            k += 1
        }
        let attack = max(1, Int(attackSeconds * sampleRate))
        return VoiceSetup(envelope: Envelope(.attack(frames: attack), sampleRate: sampleRate),
                          frames: attack + Int(lifetime * sampleRate))
    }

    /// A level factor within ±1 dB.
    private static func jitter(_ random: inout SplitMix64) -> Double {
        Math.amplitude(dB: 2 * random.unit() - 1)
    }
}
