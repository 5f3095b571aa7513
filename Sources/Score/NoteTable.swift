/// Listen to Wikipedia's 27-note tables: a black-key pentatonic scale (C#, D#, F#, G#, A#), five
/// notes per octave. The celesta runs from C#3 (MIDI 49) to D#8 (MIDI 111); the clav is exactly two
/// octaves lower, C#1 (MIDI 25) to D#6 (MIDI 87). Index 0 is the lowest note (the original's c001).
public enum NoteTable {
    public static let count = 27
    public static let celestaBase = 49
    public static let clavBase = 25
    /// Semitones above C# of the five pentatonic degrees.
    static let degrees = [0, 2, 5, 7, 9]

    /// The MIDI note of `index` (0…26) in a table starting at `base`.
    public static func midi(index: Int, base: Int) -> Int {
        precondition((0..<count).contains(index), "note index \(index) outside 0…26")
        return base + 12 * (index / 5) + degrees[index % 5]
    }
}
