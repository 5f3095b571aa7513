import Platform

/// The board profiles of a directory, and how a board is chosen: by name, by path, or detected
/// from the device-tree model.
public struct BoardCatalog: Sendable {
    /// Where installed profiles live (Board/install.sh puts them there).
    public static let installedDirectory = "/usr/share/wikichime/boards"
    /// The file name suffix of a profile: `rpi4.board` is profile `rpi4`.
    public static let suffix = ".board"
    /// Where the board's model is: /proc/device-tree is hidden from the service (its unit has
    /// ProcSubset=pid), so /sys/firmware comes first.
    public static let modelPaths = ["/sys/firmware/devicetree/base/model", "/proc/device-tree/model"]

    public let directories: [String]
    public let profiles: [BoardProfile]

    /// Reads every `*.board` file in `directories` (a missing directory is skipped; a bad file
    /// is an error naming it). A name found twice: the first directory wins.
    public init(directories: [String]) throws(PanelError) {
        var profiles: [BoardProfile] = []
        for directory in directories {
            for file in FileSystem.names(in: directory) ?? [] where file.hasSuffix(Self.suffix) {
                let profile = try Self.load(directory + "/" + file)
                if !profiles.contains(where: { $0.name == profile.name }) { profiles.append(profile) }
            }
        }
        self.directories = directories
        self.profiles = profiles
    }

    public static func load(_ path: String) throws(PanelError) -> BoardProfile {
        try BoardProfile(parsing: PanelFile.text(path), file: path)
    }

    public func profile(named name: String) -> BoardProfile? {
        profiles.first { $0.name == name }
    }

    /// The profile for a device-tree model ("Raspberry Pi 4 Model B Rev 1.4"): the longest
    /// matching prefix wins, so "Raspberry Pi 400" never passes for "Raspberry Pi 4".
    public func detect(model: String) -> BoardProfile? {
        var best: (profile: BoardProfile, length: Int)?
        for profile in profiles {
            for prefix in profile.models where model.hasPrefix(prefix) && prefix.count > (best?.length ?? 0) {
                best = (profile, prefix.count)
            }
        }
        return best?.profile
    }

    /// The board's model string from the device tree, without its trailing NUL; nil off a
    /// device-tree machine.
    public static func readModel(paths: [String] = modelPaths) -> String? {
        for path in paths {
            if let bytes = (try? WholeFile.read(path, upTo: 4096)) ?? nil {
                let model = trimmed(String(decoding: bytes, as: UTF8.self)[...])
                if !model.isEmpty { return model }
            }
        }
        return nil
    }

    /// The text without leading or trailing blanks and NULs.
    private static func trimmed(_ text: Substring) -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\0" || $0 == "\n" }
        guard let start = text.firstIndex(where: { !isSpace($0) }), let end = text.lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(text[start...end])
    }

    /// The profile a setting asks for: `none` (nil: no LEDs or buttons), `auto` (detected),
    /// a profile name, or a path to a profile file (anything with a '/').
    public func resolve(_ setting: String, model: @autoclosure () -> String?) throws(PanelError) -> BoardProfile? {
        switch setting {
        case "none":
            return nil
        case "auto":
            let seen = model()
            if let seen, let profile = detect(model: seen) { return profile }
            throw .noProfile(wanted: setting, model: seen, directories: directories, known: profiles.map(\.name))
        case let path where path.contains("/"):
            return try Self.load(path)
        default:
            if let profile = profile(named: setting) { return profile }
            throw .noProfile(wanted: setting, model: nil, directories: directories, known: profiles.map(\.name))
        }
    }
}
