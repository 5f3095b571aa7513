import Score
import Synth

extension Note {
    /// The synthesiser's note for a score's cue: celesta → bell, clav → pluck, swell → swell n.
    public init(_ cue: Cue) {
        let voicing: Voicing
        switch cue.instrument {
        case .celesta: voicing = .bell
        case .clav: voicing = .pluck
        case .swell: voicing = .swell(cue.swell ?? 0)
        }
        self.init(voicing: voicing, midi: Double(cue.midi ?? 0), gain: cue.gain, pan: cue.pan)
    }
}
