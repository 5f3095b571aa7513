#if canImport(Glibc)
import Glibc
#endif

/// The original's pitch rule (hatnote/listen-to-wikipedia app.js): the note follows the radius of
/// the edit's circle, so bigger edits sound lower, saturating at |Δ| = 40 000 bytes.
public enum Pitch {
    /// `L`, chosen in the original so that L^100 ≈ 1000.
    static let logBase = 1.0715307808111486871978099

    /// The index before the title's fuzz: 19 for 0 bytes down to 0 from 22 476 bytes.
    public static func baseIndex(delta: Int) -> Int {
        let radius = max(5 * Double(abs(delta)).squareRoot(), 3)
        let pitch = 100 - min(100, log(radius + logBase) / log(logBase))
        return Int((pitch / 100 * 24).rounded(.down))
    }

    /// The played index: base index + fuzz, clamped to 1…23 (with fuzz, 1…20 occur).
    public static func index(delta: Int, title: String) -> Int {
        min(23, max(1, baseIndex(delta: delta) + fuzz(title: title)))
    }

    /// −2, −1, 0 or +1, fixed by the title: the original seeds its random generator with the title,
    /// so the same article with the same size always gets the same note. FNV-1a keeps that
    /// property and spreads titles evenly over the four values.
    public static func fuzz(title: String) -> Int {
        Int(StableHash.of(title) % 4) - 2
    }
}

/// 64-bit FNV-1a: stable across runs and platforms, unlike Swift's seeded `Hasher`.
public enum StableHash {
    public static func of(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}
