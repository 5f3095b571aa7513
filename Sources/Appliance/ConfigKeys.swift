import EditStream

/// A value the config cannot take, and what it can.
public struct ConfigValueError: Error, Equatable {
    public var allowed: String
}

/// One key of the config file: how to read it, how to show it, and what it means. The table
/// below is the single source of the keys: the parser, `config get/set` and the test that checks
/// the shipped `Config/wikichime.conf` all read it.
public struct ConfigKey: Sendable {
    public let name: String
    public let help: String
    /// Changing it takes a restart (`systemctl restart wikichime`); others apply on reload.
    public let needsRestart: Bool
    let apply: @Sendable (inout Settings, String) throws(ConfigValueError) -> Void
    let show: @Sendable (Settings) -> String

    public func value(in settings: Settings) -> String { show(settings) }
    public var defaultValue: String { show(Settings()) }

    public static func named(_ name: String) -> ConfigKey? { all.first { $0.name == name } }

    public static let all: [ConfigKey] = [
        ConfigKey(name: "languages", help: "Wikis that play: language codes (en, de), wikidata, commons, hosts "
                    + "(de.wiktionary.org), database names (dewiktionary) or all, separated by commas.",
                  needsRestart: false,
                  apply: { settings, text throws(ConfigValueError) in
                      settings.languages = try wikiList(text).joined(separator: ", ")
                  },
                  show: { $0.languages }),
        ConfigKey(name: "volume", help: "Volume, 0-100 (a perceptual scale; buttons change it too).",
                  needsRestart: false,
                  apply: { settings, text throws(ConfigValueError) in settings.volume = try integer(text, 0...100) },
                  show: { String($0.volume) }),
        ConfigKey(name: "max_volume", help: "The highest volume the buttons or the config can set, 0-100.",
                  needsRestart: false,
                  apply: { settings, text throws(ConfigValueError) in settings.maxVolume = try integer(text, 0...100) },
                  show: { String($0.maxVolume) }),
        ConfigKey(name: "audio_device", help: "ALSA device: default, sysdefault:CARD=Headphones, plughw:CARD=X,DEV=0, "
                    + "or none (`wikichime list-audio-devices` shows them).",
                  needsRestart: true,
                  apply: { settings, text throws(ConfigValueError) in settings.audioDevice = try word(text, "an ALSA device name") },
                  show: { $0.audioDevice }),
        ConfigKey(name: "board", help: "Board profile for LEDs and buttons: auto (detect), none (sound only), "
                    + "or a profile name from /usr/share/wikichime/boards.",
                  needsRestart: true,
                  apply: { settings, text throws(ConfigValueError) in settings.board = try profileName(text) },
                  show: { $0.board }),
        ConfigKey(name: "button_languages", help: "The languages the language button steps through, in order.",
                  needsRestart: false,
                  apply: { settings, text throws(ConfigValueError) in settings.buttonLanguages = try wikiList(text) },
                  show: { $0.buttonLanguages.joined(separator: ", ") }),
        ConfigKey(name: "include_bots", help: "Play edits made by bots (yes or no).",
                  needsRestart: false,
                  apply: { settings, text throws(ConfigValueError) in settings.includeBots = try yesNo(text) },
                  show: { $0.includeBots ? "yes" : "no" }),
        ConfigKey(name: "namespaces", help: "Namespaces whose edits play: 0 is articles; a list such as 0, 1, 4, or all.",
                  needsRestart: false,
                  apply: { settings, text throws(ConfigValueError) in settings.namespaces = try namespaceList(text) },
                  show: { $0.namespaces.isEmpty ? "all" : $0.namespaces.sorted().map(String.init).joined(separator: ", ") }),
        ConfigKey(name: "welcome_new_users", help: "Play a swell when someone creates an account (yes or no).",
                  needsRestart: false,
                  apply: { settings, text throws(ConfigValueError) in settings.welcomeNewUsers = try yesNo(text) },
                  show: { $0.welcomeNewUsers ? "yes" : "no" }),
        ConfigKey(name: "raise_low_notes", help: "Play the lowest plucks (below C2, 65 Hz) an octave higher, for small "
                    + "speakers that cannot reproduce them (yes or no).",
                  needsRestart: false,
                  apply: { settings, text throws(ConfigValueError) in settings.raiseLowNotes = try yesNo(text) },
                  show: { $0.raiseLowNotes ? "yes" : "no" }),
        ConfigKey(name: "quiet_hours", help: "Muted (LEDs dimmed) during these hours, local time, e.g. 19:00-08:00; or off.",
                  needsRestart: false,
                  apply: { settings, text throws(ConfigValueError) in
                      if text == "off" { settings.quietHours = nil; return }
                      guard let hours = QuietHours(parsing: text) else {
                          throw ConfigValueError(allowed: "HH:MM-HH:MM (e.g. 19:00-08:00) or off")
                      }
                      settings.quietHours = hours
                  },
                  show: { $0.quietHours?.description ?? "off" }),
        ConfigKey(name: "stream_url", help: "The Wikimedia EventStreams recentchange URL.",
                  needsRestart: true,
                  apply: { settings, text throws(ConfigValueError) in
                      guard (text.hasPrefix("https://") || text.hasPrefix("http://")) && !text.contains(" ") else {
                          throw ConfigValueError(allowed: "an http:// or https:// URL")
                      }
                      settings.streamURL = text
                  },
                  show: { $0.streamURL }),
        ConfigKey(name: "contact", help: "Your URL or e-mail address, sent to Wikimedia in the User-Agent (they ask for one).",
                  needsRestart: true,
                  apply: { settings, text throws(ConfigValueError) in
                      guard !text.contains("(") && !text.contains(")") else {
                          throw ConfigValueError(allowed: "a URL or e-mail address without parentheses")
                      }
                      settings.contact = text
                  },
                  show: { $0.contact }),
        ConfigKey(name: "log_level", help: "How much goes to the journal: error, warning, notice, info or debug.",
                  needsRestart: true,
                  apply: { settings, text throws(ConfigValueError) in
                      let levels = ["error", "warning", "notice", "info", "debug"]
                      guard levels.contains(text) else { throw ConfigValueError(allowed: levels.joined(separator: ", ")) }
                      settings.logLevel = text
                  },
                  show: { $0.logLevel }),
    ]
}

// MARK: Value readers

private func integer(_ text: String, _ range: ClosedRange<Int>) throws(ConfigValueError) -> Int {
    guard let value = Int(text), range.contains(value) else {
        throw ConfigValueError(allowed: "a whole number from \(range.lowerBound) to \(range.upperBound)")
    }
    return value
}

private func yesNo(_ text: String) throws(ConfigValueError) -> Bool {
    switch text.lowercased() {
    case "yes", "true", "on", "1": return true
    case "no", "false", "off", "0": return false
    default: throw ConfigValueError(allowed: "yes or no")
    }
}

private func word(_ text: String, _ what: String) throws(ConfigValueError) -> String {
    guard !text.isEmpty, !text.contains(where: { $0 == " " || $0 == "\t" }) else {
        throw ConfigValueError(allowed: "\(what) without spaces")
    }
    return text
}

private func profileName(_ text: String) throws(ConfigValueError) -> String {
    guard !text.isEmpty, text.utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }) else {
        throw ConfigValueError(allowed: "auto, none, or a profile name of lower-case letters, digits and '-' (e.g. rpi4)")
    }
    return text
}

private func items(_ text: String) -> [String] {
    text.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" }).map(String.init)
}

private func wikiList(_ text: String) throws(ConfigValueError) -> [String] {
    let list = items(text)
    guard !list.isEmpty else { throw ConfigValueError(allowed: "one or more wikis, e.g. en, de, wikidata") }
    for item in list {
        do {
            _ = try WikiSelection.databaseName(for: item)
        } catch {
            throw ConfigValueError(allowed: "wikis such as en, de, wikidata, commons, de.wiktionary.org or all; "
                + "'\(item)' is not one")
        }
    }
    return list
}

private func namespaceList(_ text: String) throws(ConfigValueError) -> Set<Int> {
    if text == "all" { return [] }
    var result = Set<Int>()
    for item in items(text) {
        guard let number = Int(item), number >= -2 else {
            throw ConfigValueError(allowed: "namespace numbers (0 is articles), e.g. 0, 1, 4; or all")
        }
        result.insert(number)
    }
    guard !result.isEmpty else { throw ConfigValueError(allowed: "namespace numbers (0 is articles), e.g. 0, 1, 4; or all") }
    return result
}
