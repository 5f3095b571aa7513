import Foundation

/// The paced ALSA test device (`Tests/TestPCM`, type `wikichime_test`) set up for one test: its
/// own folder with a control file, a capture file and a hermetic ALSA configuration whose PCM
/// `paced` consumes frames at `speed` × real time, as a sound card does.
struct PacedDevice: Sendable {
    /// What the control file says (see Tests/TestPCM/README.md).
    enum Control: String {
        case ok, xrun, disconnect, stall
    }

    struct PluginMissing: Error, CustomStringConvertible {
        let searched: [String]
        var description: String {
            "the paced test device libWikichimeTestPCM.so is not built (looked in \(searched.joined(separator: ", "))): "
                + "run `swift build --product WikichimeTestPCM` (with the same --scratch-path as the tests) first"
        }
    }

    static let name = "paced"
    let folder: URL
    let controlFile: URL
    let captureFile: URL
    let speed: Double
    let configText: String

    /// - Parameter speed: frames consumed per second = rate × speed; above 1 keeps tests short.
    init(speed: Double = 1) throws {
        let library = try Self.plugin()
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("wikichime-paced-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        controlFile = folder.appendingPathComponent("control")
        captureFile = folder.appendingPathComponent("out.raw")
        self.speed = speed
        configText = """
            pcm_type.wikichime_test { lib "\(library.path)" }
            pcm.\(Self.name) {
                type wikichime_test
                speed \(speed)
                control "\(controlFile.path)"
                capture "\(captureFile.path)"
            }
            """
        try set(.ok)
    }

    /// The built plugin, next to the test bundle (SwiftPM puts both in the build products folder).
    static func plugin() throws -> URL {
        let bundle = Bundle(for: PacedDeviceBundleToken.self).bundleURL
        // macOS: the bundle is a folder beside the products; Linux: its URL is the products folder.
        var folders: [URL] = []
        for folder in [bundle.deletingLastPathComponent(), bundle, Bundle.main.bundleURL]
        where !folders.contains(where: { $0.standardizedFileURL == folder.standardizedFileURL }) {
            folders.append(folder)
        }
        let candidates = folders.map { $0.appendingPathComponent("libWikichimeTestPCM.so") }
        guard let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0.path) }) else {
            throw PluginMissing(searched: folders.map(\.path))
        }
        return found
    }

    /// Replaces the control word atomically (the plugin never sees a half-written file).
    func set(_ control: Control) throws {
        try Data((control.rawValue + "\n").utf8).write(to: controlFile, options: .atomic)
    }

    /// The control word now (`xrun` turns back into `ok` once the plugin has injected it).
    var control: String {
        ((try? String(contentsOf: controlFile, encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Frames the device has played so far (appended to the capture file as they are consumed).
    var capturedFrames: Int {
        ((try? FileManager.default.attributesOfItem(atPath: captureFile.path)[.size] as? Int) ?? nil).map { $0 / 4 } ?? 0
    }

    /// Interleaved stereo samples played from frame `start` on.
    func captured(from start: Int = 0) -> [Int16] {
        guard let handle = try? FileHandle(forReadingFrom: captureFile) else { return [] }
        defer { try? handle.close() }
        guard (try? handle.seek(toOffset: UInt64(start * 4))) != nil, let data = try? handle.readToEnd() else { return [] }
        return data.withUnsafeBytes { Array($0.bindMemory(to: Int16.self)) }
    }

    func remove() {
        try? FileManager.default.removeItem(at: folder)
    }

    /// Polls until `condition` holds or `timeout` seconds pass; returns whether it held.
    static func wait(_ timeout: Double, until condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if condition() { return true }
            Thread.sleep(forTimeInterval: 0.005)
        }
        return condition()
    }

    static func peak(_ samples: some Collection<Int16>) -> Int {
        samples.reduce(0) { max($0, abs(Int($1))) }
    }
}

/// Finds the test bundle (`Bundle(for:)` needs a class).
private final class PacedDeviceBundleToken {}
