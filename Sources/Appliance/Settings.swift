import EditStream

/// Everything a person can set in `/etc/wikichime.conf`, with the built-in defaults: the box
/// runs with no config file at all.
public struct Settings: Equatable, Sendable {
    public var languages = "en"
    public var volume = 50
    public var maxVolume = 80
    public var audioDevice = "default"
    public var board = "auto"
    public var buttonLanguages = ["en", "de", "fr", "ja", "wikidata"]
    public var includeBots = true
    /// Empty means every namespace.
    public var namespaces: Set<Int> = [0]
    public var welcomeNewUsers = true
    /// Play the lowest plucks an octave higher, for speakers too small to reproduce them.
    public var raiseLowNotes = false
    public var quietHours: QuietHours?
    public var streamURL = StreamClientSettings.liveURL
    public var contact = ""
    public var logLevel = "info"

    public init() {}

    /// The selection `languages` names (validated when the file is read).
    public var selection: WikiSelection {
        (try? WikiSelection(parsing: languages)) ?? .englishWikipedia
    }

    /// Which edits sound at all (namespaces, bots).
    public var soundRules: SoundRules { SoundRules(namespaces: namespaces, includeBots: includeBots) }

    /// The volume actually used: never above the ceiling.
    public var effectiveVolume: Int { min(volume, maxVolume) }
}
