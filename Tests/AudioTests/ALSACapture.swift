import Foundation

/// An ALSA configuration, written by a test, whose device `cap` plays into a raw file through
/// libasound's `file` plugin over `null` (no sound card needed). `null` does no pacing: good for
/// checking content, not timing.
struct ALSACapture {
    let folder: URL
    let rawFile: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("wikichime-alsa-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        rawFile = folder.appendingPathComponent("out.raw")
    }

    /// The configuration text, for `ALSASink(configText:)` (hermetic: nothing else is loaded).
    var configText: String {
        """
        pcm.null {
            type null
        }
        pcm.cap {
            type file
            slave.pcm "null"
            file "\(rawFile.path)"
            format "raw"
        }
        pcm.!default {
            type plug
            slave.pcm "cap"
        }
        """
    }

    /// Writes the configuration as a file, for a program run with ALSA_CONFIG_PATH.
    func writeConfigFile() throws -> URL {
        let url = folder.appendingPathComponent("asound.conf")
        try configText.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    /// The captured interleaved stereo samples.
    func samples() throws -> [Int16] {
        let data = (try? Data(contentsOf: rawFile)) ?? Data()
        return data.withUnsafeBytes { Array($0.bindMemory(to: Int16.self)) }
    }

    func remove() {
        try? FileManager.default.removeItem(at: folder)
    }
}
