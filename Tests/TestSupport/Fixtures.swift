import Foundation

/// The recorded data copied from shared/data (see Fixtures/SOURCES.md).
public enum Fixtures {
    public static func url(_ name: String) throws -> URL {
        guard let url = Bundle.module.url(forResource: "Fixtures/" + name, withExtension: nil) else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: name])
        }
        return url
    }

    public static func bytes(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: url(name)))
    }

    /// The non-empty lines of a JSON Lines file.
    public static func lines(_ name: String) throws -> [[UInt8]] {
        try bytes(name).split(separator: 0x0A).map(Array.init).filter { !$0.isEmpty }
    }
}
