import Foundation

/// A folder of its own for one test, removed afterwards.
public struct TemporaryFolder {
    public let url: URL

    public init(_ prefix: String = "wikichime") throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    public var path: String { url.path }

    public func file(_ name: String) -> URL { url.appendingPathComponent(name) }

    public func remove() {
        try? FileManager.default.removeItem(at: url)
    }
}

/// The status file a running box writes into its runtime folder (`key = value` lines).
public struct BoxStatus {
    public let folder: URL

    public init(folder: URL) {
        self.folder = folder
    }

    public var fields: [String: String] {
        let text = (try? String(contentsOf: folder.appendingPathComponent("status"), encoding: .utf8)) ?? ""
        var fields: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            fields[parts[0]] = parts.count == 2 ? parts[1] : ""
        }
        return fields
    }

    /// Polls until `condition` holds for the status (or `timeout` passes).
    public func wait(timeout: Double = 30, _ condition: ([String: String]) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if condition(fields) { return true }
            Thread.sleep(forTimeInterval: 0.1)
        }
        return false
    }
}
