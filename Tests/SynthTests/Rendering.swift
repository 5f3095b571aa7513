import Synth
import TestSupport

/// A note and the frame (from the start of the rendering) at which it starts.
struct Scheduled {
    var note: Note
    var frame: Int
    init(_ note: Note, at frame: Int = 0) {
        self.note = note
        self.frame = frame
    }
}

/// Renders `notes` through a fresh synthesiser for `seconds`, in `block`-frame `render` calls,
/// starting each note at its frame with `delayFrames` (sample-accurate), and returns the stereo
/// output. The volume is set before the first render, so it holds from frame 0.
func render(_ notes: [Scheduled], seconds: Double, sampleRate: Double = 48_000, maxVoices: Int = 48,
            volume: Double = 1, block: Int = 1024, synth existing: Synthesizer? = nil) -> AudioSignal {
    let synth = existing ?? Synthesizer(sampleRate: sampleRate, maxVoices: maxVoices)
    if existing == nil { synth.volume = volume }
    let frames = Int(seconds * sampleRate)
    let pending = notes.sorted { $0.frame < $1.frame }
    var next = 0
    var output = [Float](repeating: 0, count: 2 * frames)
    var done = 0
    while done < frames {
        let n = min(block, frames - done)
        while next < pending.count, pending[next].frame < done + n {
            synth.play(pending[next].note, delayFrames: max(0, pending[next].frame - done))
            next += 1
        }
        output.withUnsafeMutableBufferPointer { synth.render(into: $0.baseAddress! + 2 * done, frames: n) }
        done += n
    }
    return AudioSignal(interleaved: output, channelCount: 2, sampleRate: synth.sampleRate)
}

/// One note alone from frame 0.
func render(_ note: Note, seconds: Double, sampleRate: Double = 48_000, volume: Double = 1) -> AudioSignal {
    render([Scheduled(note)], seconds: seconds, sampleRate: sampleRate, volume: volume)
}

/// Listen to Wikipedia's note tables: five notes per octave (C#, D#, F#, G#, A#) from the
/// celesta's C#3 (MIDI 49) and the clav's C#1 (MIDI 25). The score plays indexes 1…20.
enum NoteTable {
    static let celestaBase = 49
    static let clavBase = 25
    static let played = 1...20
    static func midi(index: Int, base: Int) -> Int {
        base + 12 * (index / 5) + [0, 2, 5, 7, 9][index % 5]
    }
}

func frequency(midi: Double) -> Double { 440 * pow(2, (midi - 69) / 12) }

func cents(_ measured: Double, _ expected: Double) -> Double { 1200 * log2(measured / expected) }

func dB(_ ratio: Double) -> Double { 20 * log10(ratio) }

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
