/// The celesta ("bells", an addition): a nearly pure, exactly tuned sine with a faint metallic
/// strike, after the measured timbre of Listen to Wikipedia's celesta samples
/// (shared/docs/listen-to-wikipedia.md):
/// - fundamental tuned exactly (no detuning at all: the tests hold it within 1 cent);
/// - harmonics 2–5 at −36 … −58 dB, and the bar's inharmonic modes at 6.2× and 14.8× f0
///   (−20 and −26 dB), all on low notes only: full up to MIDI 61, fading out linearly by MIDI 73;
/// - exponential decay of the fundamental at 2.4 · 2^((MIDI − 49)/17.4) dB/s; the upper partials
///   decay 1.6–4× faster, so the strike fades into the pure tone, as a struck bar does;
/// - a 4 ms raised-cosine attack (no click); the voice ends when the fundamental is 80 dB down.
enum Bell {
    static let attackSeconds = 0.004
    static let endDB = 80.0

    /// The measured decay of the original celesta, in dB per second.
    static func decayRate(midi: Double) -> Double { 2.4 * Math.power(2, (midi - 49) / 17.4) }

    /// How much of the low-register colour (harmonics, inharmonic modes) a note keeps:
    /// 1 up to MIDI 61, 0 from MIDI 73 (the original's notes above are pure sines).
    static func lowRegisterWeight(midi: Double) -> Double { min(1, max(0, (73 - midi) / 12)) }

    private struct Partial {
        var ratio: Double          // frequency / f0
        var levelDB: Double        // re the fundamental
        var decayMultiple: Double  // decay rate / the fundamental's
        var lowRegisterOnly: Bool
    }

    private static let partials: [Partial] = [
        Partial(ratio: 1, levelDB: 0, decayMultiple: 1, lowRegisterOnly: false),
        Partial(ratio: 2, levelDB: -36, decayMultiple: 1.6, lowRegisterOnly: true),
        Partial(ratio: 3, levelDB: -46, decayMultiple: 2, lowRegisterOnly: true),
        Partial(ratio: 4, levelDB: -52, decayMultiple: 2.5, lowRegisterOnly: true),
        Partial(ratio: 5, levelDB: -58, decayMultiple: 3, lowRegisterOnly: true),
        Partial(ratio: 6.2, levelDB: -20, decayMultiple: 2.5, lowRegisterOnly: true),
        Partial(ratio: 14.8, levelDB: -26, decayMultiple: 4, lowRegisterOnly: true),
    ]

    /// Fills `bank` for `midi`; nil when the note is too high to sound at this sample rate.
    static func setUp(_ bank: PartialBank, midi: Double, sampleRate: Double) -> VoiceSetup? {
        let f0 = Math.frequency(midi: midi)
        guard f0 < 0.45 * sampleRate else { return nil }
        let rate = decayRate(midi: midi)
        let weight = lowRegisterWeight(midi: midi)
        // Normalise so that the amplitudes sum to 1: the bell can never exceed its gain.
        var sum = 0.0
        for p in partials where p.ratio * f0 < 0.45 * sampleRate {
            sum += Math.amplitude(dB: p.levelDB) * (p.lowRegisterOnly ? weight : 1)
        }
        bank.removeAll()
        for p in partials {
            let amplitude = Math.amplitude(dB: p.levelDB) * (p.lowRegisterOnly ? weight : 1) / sum
            bank.add(frequency: p.ratio * f0, amplitude: amplitude,
                     decayFactor: Math.decayFactor(dBPerSecond: rate * p.decayMultiple, sampleRate: sampleRate),
                     sampleRate: sampleRate)
        }
        let attack = Int(attackSeconds * sampleRate)
        return VoiceSetup(envelope: Envelope(.attack(frames: attack), sampleRate: sampleRate),
                          frames: attack + Int(endDB / rate * sampleRate))
    }
}

/// What an instrument hands the voice besides its partials: the gain curve and the lifetime.
struct VoiceSetup {
    var envelope: Envelope
    /// Frames until the voice ends by itself.
    var frames: Int
}
