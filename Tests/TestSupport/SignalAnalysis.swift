import Foundation

// Measuring rendered or captured audio in tests: pitch, level over time, decay, clipping and
// clicks. Build an `AudioSignal` from what you have (the synthesiser's interleaved Float output,
// an ALSA capture as interleaved Int16 — mono is channelCount 1 — or a mono [Float]), then ask it;
// the `SignalAnalysis` functions underneath work on one mono `[Float]` channel and can be used
// directly. For example:
//
//     let capture = AudioSignal(interleaved: frames, channelCount: 2, sampleRate: 48_000)  // [Int16]
//     capture.maxAbsoluteSample                     // 1.0 = full scale
//     capture.largestJump                           // a click or a cut shows up here
//     capture.slice(from: 0.05, duration: 0.5).peakFrequency(near: 138.6)?.frequency
//     capture.rmsEnvelope().onset(relativeDB: -20)  // seconds, 5 ms resolution
//     capture.rmsEnvelope(window: 0.02).decayRate(fromDB: -3, toDB: -30)   // dB per second

/// Audio to analyse: one or more channels of samples at full scale ±1, and their sample rate.
public struct AudioSignal: Sendable {
    public let sampleRate: Double
    /// De-interleaved channels, all the same length.
    public let channels: [[Float]]

    public init(mono: [Float], sampleRate: Double) {
        self.init(channels: [mono], sampleRate: sampleRate)
    }

    public init(channels: [[Float]], sampleRate: Double) {
        precondition(!channels.isEmpty && channels.allSatisfy { $0.count == channels[0].count })
        self.channels = channels
        self.sampleRate = sampleRate
    }

    /// Interleaved Float frames (L R L R … for stereo), as `Synthesizer.render` writes them.
    public init(interleaved: [Float], channelCount: Int, sampleRate: Double) {
        precondition(channelCount >= 1 && interleaved.count % channelCount == 0)
        let frames = interleaved.count / channelCount
        let channels = (0..<channelCount).map { c in (0..<frames).map { interleaved[$0 * channelCount + c] } }
        self.init(channels: channels, sampleRate: sampleRate)
    }

    /// Interleaved signed 16-bit frames, as an ALSA `S16_LE` capture; scaled by 1/32768.
    public init(interleaved: [Int16], channelCount: Int, sampleRate: Double) {
        self.init(interleaved: interleaved.map { Float($0) / 32768 }, channelCount: channelCount, sampleRate: sampleRate)
    }

    public var channelCount: Int { channels.count }
    public var frameCount: Int { channels[0].count }
    public var duration: Double { Double(frameCount) / sampleRate }

    /// The channels averaged ((L + R) / 2 for stereo): what the pitch and level analyses use.
    public var mono: [Float] {
        guard channelCount > 1 else { return channels[0] }
        let scale = 1 / Float(channelCount)
        return (0..<frameCount).map { i in channels.reduce(0) { $0 + $1[i] } * scale }
    }

    /// The frames from `start` seconds, for `duration` seconds (or to the end), clipped to the signal.
    public func slice(from start: Double, duration: Double? = nil) -> AudioSignal {
        let a = min(frameCount, max(0, Int((start * sampleRate).rounded())))
        let b = duration.map { min(frameCount, a + max(0, Int(($0 * sampleRate).rounded()))) } ?? frameCount
        return AudioSignal(channels: channels.map { Array($0[a..<b]) }, sampleRate: sampleRate)
    }

    /// The largest |sample| over all channels (1.0 is full scale).
    public var maxAbsoluteSample: Float { channels.map(SignalAnalysis.maxAbsoluteSample).max() ?? 0 }

    /// The largest |x[n] − x[n−1]| within any channel: a click or a cut shows up here.
    public var largestJump: Float { channels.map { SignalAnalysis.largestJump($0).size }.max() ?? 0 }

    /// See `SignalAnalysis.peakFrequency`; on `mono`.
    public func peakFrequency(near expected: Double, toleranceCents: Double = 50) -> SignalAnalysis.Peak? {
        SignalAnalysis.peakFrequency(mono, sampleRate: sampleRate, near: expected, toleranceCents: toleranceCents)
    }

    /// See `SignalAnalysis.amplitude`; on `mono`.
    public func amplitude(at frequency: Double) -> Double {
        SignalAnalysis.amplitude(mono, sampleRate: sampleRate, at: frequency)
    }

    /// See `SignalAnalysis.rmsEnvelope`; on `mono`.
    public func rmsEnvelope(window: Double = 0.005) -> RMSEnvelope {
        SignalAnalysis.rmsEnvelope(mono, sampleRate: sampleRate, window: window)
    }

    /// See `SignalAnalysis.spectrum`; on `mono`.
    public func spectrum() -> Spectrum { SignalAnalysis.spectrum(mono, sampleRate: sampleRate) }
}

/// Level over time: the RMS of consecutive, non-overlapping windows.
public struct RMSEnvelope: Sendable {
    /// Window length in seconds.
    public let window: Double
    /// The RMS of each window (full scale sine = 0.707).
    public let rms: [Double]

    /// Each window's level in dB re full scale (−400 for digital silence).
    public var dB: [Double] { rms.map { $0 > 0 ? 20 * log10($0) : -400 } }
    /// The centre of window `i`, in seconds.
    public func time(_ i: Int) -> Double { (Double(i) + 0.5) * window }
    /// The index of the loudest window.
    public var peakIndex: Int { rms.indices.max { rms[$0] < rms[$1] } ?? 0 }
    public var peakTime: Double { time(peakIndex) }
    public var peakDB: Double { dB.isEmpty ? -400 : dB[peakIndex] }

    /// The level (dB re full scale) of the window holding time `t`.
    public func level(at t: Double) -> Double {
        let i = min(rms.count - 1, max(0, Int(t / window)))
        return dB[i]
    }

    /// The start time of the first window at or above `relativeDB` re the peak (e.g. −20): the
    /// onset. Nil for silence.
    public func onset(relativeDB: Double = -20) -> Double? {
        let levels = dB
        let threshold = peakDB + relativeDB
        return levels.firstIndex { $0 >= threshold }.map { Double($0) * window }
    }

    /// The start time of the first window at or above `absoluteDB` re full scale (e.g. −60).
    public func onset(absoluteDB: Double) -> Double? {
        dB.firstIndex { $0 >= absoluteDB }.map { Double($0) * window }
    }

    /// The decay rate in dB per second (positive for a decaying sound): the slope of a
    /// least-squares line through the level in dB, after the peak, from where it first falls
    /// below `fromDB` re the peak to where it first falls below `toDB` re the peak
    /// (e.g. −3 and −30). Nil if the level never gets that low.
    public func decayRate(fromDB: Double, toDB: Double) -> Double? {
        let levels = dB
        let peak = peakIndex
        let top = levels[peak]
        guard let a = levels[peak...].firstIndex(where: { $0 <= top + fromDB }),
              let b = levels[a...].firstIndex(where: { $0 <= top + toDB }), b > a + 1 else { return nil }
        let xs = (a...b).map(time)
        let ys = Array(levels[a...b])
        return -SignalAnalysis.slope(xs, ys)
    }
}

/// A magnitude spectrum (Hann window), amplitude-calibrated: a steady sine of amplitude A
/// shows a peak of about A.
public struct Spectrum: Sendable {
    /// Hz between bins.
    public let binWidth: Double
    public let magnitudes: [Double]

    public func frequency(_ bin: Int) -> Double { Double(bin) * binWidth }

    /// The strongest bin within ±`toleranceCents` of `frequency`: its frequency and magnitude
    /// (without interpolation: up to 1.4 dB low between bins; use `peakFrequency` for pitch).
    public func peak(near frequency: Double, toleranceCents: Double = 30) -> (frequency: Double, magnitude: Double) {
        let low = max(0, Int((frequency * pow(2, -toleranceCents / 1200) / binWidth).rounded(.down)))
        let high = min(magnitudes.count - 1, Int((frequency * pow(2, toleranceCents / 1200) / binWidth).rounded(.up)))
        guard low <= high else { return (frequency, 0) }
        let k = (low...high).max { magnitudes[$0] < magnitudes[$1] }!
        return (self.frequency(k), magnitudes[k])
    }

    /// The magnitude-weighted mean frequency over `range` (Hz).
    public func centroid(in range: ClosedRange<Double> = 20...20_000) -> Double {
        var weighted = 0.0, total = 0.0
        for (i, m) in magnitudes.enumerated() where range.contains(frequency(i)) {
            weighted += frequency(i) * m
            total += m
        }
        return total > 0 ? weighted / total : 0
    }
}

public enum SignalAnalysis {
    /// A spectral peak: its frequency (Hz) and amplitude (linear, calibrated like `amplitude`).
    public struct Peak: Sendable {
        public let frequency: Double
        public let amplitude: Double
    }

    public static func maxAbsoluteSample(_ x: [Float]) -> Float {
        x.reduce(0) { max($0, abs($1)) }
    }

    /// The largest |x[n] − x[n−1]| and the index n where it happens (0 for fewer than 2 samples).
    public static func largestJump(_ x: [Float]) -> (size: Float, index: Int) {
        var best: (size: Float, index: Int) = (0, 0)
        for i in x.indices.dropFirst() where abs(x[i] - x[i - 1]) > best.size {
            best = (abs(x[i] - x[i - 1]), i)
        }
        return best
    }

    /// The RMS level over consecutive windows of `window` seconds (default 5 ms); a last partial
    /// window is dropped.
    public static func rmsEnvelope(_ x: [Float], sampleRate: Double, window: Double = 0.005) -> RMSEnvelope {
        let size = max(1, Int((window * sampleRate).rounded()))
        let rms = stride(from: 0, to: x.count - size + 1, by: size).map { start in
            var sum = 0.0
            for i in start..<(start + size) { sum += Double(x[i]) * Double(x[i]) }
            return (sum / Double(size)).squareRoot()
        }
        return RMSEnvelope(window: Double(size) / sampleRate, rms: rms)
    }

    /// The frequency of the strongest spectral peak within ±`toleranceCents` of `expected`.
    ///
    /// Method: Hann window over all of `x`; a zero-padded radix-2 FFT finds the strongest bin in
    /// the range; parabolic interpolation of the log magnitude around it gives a first estimate;
    /// then the windowed DTFT is evaluated at ±0.05 and ±0.005 of a bin around the estimate and
    /// the parabola is fitted again each time, which removes the interpolation bias. For a
    /// steady or exponentially decaying sinusoid this is exact to far better than 0.01 cent
    /// (the peak of a real window's transform is symmetric).
    public static func peakFrequency(_ x: [Float], sampleRate: Double, near expected: Double,
                                     toleranceCents: Double = 50) -> Peak? {
        guard x.count >= 16, expected > 0 else { return nil }
        let window = hann(x.count)
        let windowed = zip(x, window).map { Double($0) * $1 }
        let size = nextPowerOfTwo(2 * x.count)
        var re = windowed + [Double](repeating: 0, count: size - x.count)
        var im = [Double](repeating: 0, count: size)
        fft(real: &re, imag: &im)
        let bin = sampleRate / Double(size)
        let low = max(1, Int((expected * pow(2, -toleranceCents / 1200) / bin).rounded(.down)))
        let high = min(size / 2 - 2, Int((expected * pow(2, toleranceCents / 1200) / bin).rounded(.up)))
        guard low <= high else { return nil }
        let power = { (k: Int) in re[k] * re[k] + im[k] * im[k] }
        let k = (low...high).max { power($0) < power($1) }!
        var estimate = (Double(k) + vertex(log(power(k - 1)), log(power(k)), log(power(k + 1)))) * bin
        let frameBin = sampleRate / Double(x.count)
        for step in [0.05, 0.005] {
            let d = step * frameBin
            let p = [-d, 0, d].map { log(dtftPower(windowed, sampleRate: sampleRate, frequency: estimate + $0)) }
            estimate += vertex(p[0], p[1], p[2]) * d
        }
        let sum = window.reduce(0, +)
        return Peak(frequency: estimate,
                    amplitude: 2 * dtftPower(windowed, sampleRate: sampleRate, frequency: estimate).squareRoot() / sum)
    }

    /// The amplitude of the component at `frequency` (Hann-windowed DTFT, calibrated so that a
    /// steady sine of amplitude A gives A). Compare two of them in dB for partial levels.
    public static func amplitude(_ x: [Float], sampleRate: Double, at frequency: Double) -> Double {
        let window = hann(x.count)
        let windowed = zip(x, window).map { Double($0) * $1 }
        return 2 * dtftPower(windowed, sampleRate: sampleRate, frequency: frequency).squareRoot() / window.reduce(0, +)
    }

    /// The Hann-windowed magnitude spectrum of `x` (zero-padded to a power of two).
    public static func spectrum(_ x: [Float], sampleRate: Double) -> Spectrum {
        let window = hann(x.count)
        let size = nextPowerOfTwo(x.count)
        var re = zip(x, window).map { Double($0) * $1 } + [Double](repeating: 0, count: size - x.count)
        var im = [Double](repeating: 0, count: size)
        fft(real: &re, imag: &im)
        let scale = 2 / window.reduce(0, +)
        let magnitudes = (0...(size / 2)).map { (re[$0] * re[$0] + im[$0] * im[$0]).squareRoot() * scale }
        return Spectrum(binWidth: sampleRate / Double(size), magnitudes: magnitudes)
    }

    /// In-place radix-2 complex FFT (forward, unscaled). The count must be a power of two.
    public static func fft(real: inout [Double], imag: inout [Double]) {
        let n = real.count
        precondition(n == imag.count && n > 0 && n & (n - 1) == 0, "FFT size must be a power of two")
        real.withUnsafeMutableBufferPointer { re in
            imag.withUnsafeMutableBufferPointer { im in
                var j = 0
                for i in 1..<max(n, 2) where n > 1 {
                    var bit = n >> 1
                    while j & bit != 0 { j ^= bit; bit >>= 1 }
                    j |= bit
                    if i < j { re.swapAt(i, j); im.swapAt(i, j) }
                }
                var length = 2
                while length <= n {
                    let angle = -2 * Double.pi / Double(length)
                    let half = length / 2
                    let twiddles = (0..<half).map { (cos(angle * Double($0)), sin(angle * Double($0))) }
                    var start = 0
                    while start < n {
                        var k = 0
                        while k < half {
                            let (wr, wi) = twiddles[k]
                            let a = start + k, b = a + half
                            let tr = re[b] * wr - im[b] * wi
                            let ti = re[b] * wi + im[b] * wr
                            re[b] = re[a] - tr; im[b] = im[a] - ti
                            re[a] += tr; im[a] += ti
                            k += 1
                        }
                        start += length
                    }
                    length <<= 1
                }
            }
        }
    }

    /// The Hann window of `count` points (periodic form).
    public static func hann(_ count: Int) -> [Double] {
        (0..<count).map { 0.5 - 0.5 * cos(2 * Double.pi * Double($0) / Double(count)) }
    }

    /// The least-squares slope of ys against xs.
    public static func slope(_ xs: [Double], _ ys: [Double]) -> Double {
        let n = Double(xs.count)
        let mx = xs.reduce(0, +) / n, my = ys.reduce(0, +) / n
        var sxy = 0.0, sxx = 0.0
        for (x, y) in zip(xs, ys) { sxy += (x - mx) * (y - my); sxx += (x - mx) * (x - mx) }
        return sxx > 0 ? sxy / sxx : 0
    }

    /// The offset (−0.5…0.5) of a parabola's vertex through three equally spaced values.
    static func vertex(_ a: Double, _ b: Double, _ c: Double) -> Double {
        let d = a - 2 * b + c
        guard d < 0 else { return 0 }
        return min(0.5, max(-0.5, 0.5 * (a - c) / d))
    }

    /// |Σ x[n] e^{−2πifn/fs}|², by a rotating phasor (renormalised every 1024 samples).
    static func dtftPower(_ x: [Double], sampleRate: Double, frequency: Double) -> Double {
        let w = -2 * Double.pi * frequency / sampleRate
        let cr = cos(w), ci = sin(w)
        var pr = 1.0, pi = 0.0, sr = 0.0, si = 0.0
        x.withUnsafeBufferPointer { x in
            for n in 0..<x.count {
                sr += x[n] * pr; si += x[n] * pi
                let t = pr * cr - pi * ci
                pi = pr * ci + pi * cr
                pr = t
                if n & 1023 == 1023 {
                    let exact = w * Double(n + 1)
                    pr = cos(exact); pi = sin(exact)
                }
            }
        }
        return sr * sr + si * si
    }

    static func nextPowerOfTwo(_ n: Int) -> Int {
        var p = 1
        while p < n { p <<= 1 }
        return p
    }
}
