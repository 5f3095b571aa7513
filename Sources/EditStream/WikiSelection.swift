import CSupport

/// A name in a wiki list that the box cannot understand.
public struct WikiSelectionError: Error, Equatable, CustomStringConvertible {
    public let token: String
    public let reason: String
    public var description: String {
        "'\(token)' is not a wiki: \(reason). Use a language code (en, de, zh-yue), wikidata, commons, "
            + "a host (de.wiktionary.org), a database name (dewiktionary) or all"
    }
}

/// Which wikis play, as people say them: `en`, `de` (Wikipedias), `wikidata`, `commons`, a host
/// (`de.wiktionary.org`) or a database name (`dewiktionary`), several at once. Everything is
/// turned into database names (`enwiki`), because events are routed by their `wiki` field:
/// new-account events carry `server_name = auth.wikimedia.org` but the `wiki` they were made on.
public struct WikiSelection: Equatable, Sendable {
    /// Database names, in the order given, without repeats.
    public let databaseNames: [String]
    /// True for `all`: every wiki plays.
    public let everything: Bool
    private let nameBytes: [[UInt8]]

    public static let all = WikiSelection(names: [], everything: true)
    public static let englishWikipedia = WikiSelection(names: ["enwiki"], everything: false)

    private init(names: [String], everything: Bool) {
        self.databaseNames = names
        self.everything = everything
        self.nameBytes = names.map { Array($0.utf8) }
    }

    /// Parses a comma- or space-separated list, e.g. `en, de, wikidata`.
    public init(parsing list: String) throws {
        let tokens = list.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" }).map(String.init)
        guard !tokens.isEmpty else {
            throw WikiSelectionError(token: list, reason: "the list is empty")
        }
        var names: [String] = []
        var everything = false
        for token in tokens {
            if let name = try Self.databaseName(for: token) {
                if !names.contains(name) { names.append(name) }
            } else {
                everything = true
            }
        }
        self.init(names: everything ? [] : names, everything: everything)
    }

    /// Whether an event belongs to the selection: by `wiki`, or by `server_name` when `wiki` is absent.
    public func matches(_ change: RecentChange) -> Bool {
        if everything { return true }
        if let wiki = change.wiki { return databaseNames.contains(wiki) }
        if let host = change.serverName, let name = try? Self.databaseName(for: host) {
            return databaseNames.contains(name)
        }
        return false
    }

    /// A cheap test on the raw JSON, before decoding: false only when the event certainly does not
    /// match: it has a `"wiki":` member and no such member names a selected wiki. Most of the
    /// stream is other wikis, so most events are never decoded.
    public func mightMatch(json: UnsafeRawBufferPointer) -> Bool {
        if everything { return true }
        guard let base = json.baseAddress else { return false }
        let end = json.count
        var offset = 0
        var sawWikiKey = false
        while let hit = Self.wikiKey.withUnsafeBytes({ wc_memmem(base + offset, end - offset, $0.baseAddress, $0.count) }) {
            var at = UnsafeRawPointer(hit) - base + Self.wikiKey.count
            offset = at
            at = Self.skipSpaces(json, at)
            guard at < end, json[at] == UInt8(ascii: ":") else { continue }  // a value, not a key
            at = Self.skipSpaces(json, at + 1)
            guard at < end, json[at] == UInt8(ascii: "\"") else { continue }
            sawWikiKey = true
            let valueStart = at + 1
            guard let close = json[valueStart...].firstIndex(of: UInt8(ascii: "\"")) else { return true }
            let value = UnsafeRawBufferPointer(rebasing: json[valueStart..<close])
            if nameBytes.contains(where: { value.elementsEqual($0) }) { return true }
        }
        return !sawWikiKey
    }

    private static let wikiKey = Array("\"wiki\"".utf8)

    private static func skipSpaces(_ json: UnsafeRawBufferPointer, _ start: Int) -> Int {
        var at = start
        while at < json.count, json[at] == 0x20 || json[at] == 0x09 || json[at] == 0x0A || json[at] == 0x0D { at += 1 }
        return at
    }

    /// The database name for one token, or nil for `all`/`*`.
    public static func databaseName(for rawToken: String) throws -> String? {
        let token = rawToken.lowercased()
        if token == "all" || token == "*" { return nil }
        guard token.utf8.allSatisfy({ isNameByte($0) }) else {
            throw WikiSelectionError(token: rawToken, reason: "it may hold only letters, digits, '-', '_' and '.'")
        }
        if let alias = aliases[token] { return alias }
        if token.contains(".") { return try databaseName(forHost: token, original: rawToken) }
        if projectSuffixes.contains(where: { token.hasSuffix($0) && token.count > $0.count }) { return token }
        guard let first = token.utf8.first, first >= UInt8(ascii: "a"), first <= UInt8(ascii: "z"),
              token.utf8.count <= 20 else {
            throw WikiSelectionError(token: rawToken, reason: "a language code starts with a letter")
        }
        return languageDatabasePrefix(token) + "wiki"
    }

    private static func databaseName(forHost host: String, original: String) throws -> String {
        if let known = hostAliases[host] { return known }
        let parts = host.split(separator: ".").map(String.init)
        guard parts.count == 3, parts[2] == "org", !parts[0].isEmpty else {
            throw WikiSelectionError(token: original, reason: "a host looks like de.wikipedia.org")
        }
        let language = languageDatabasePrefix(parts[0])
        switch parts[1] {
        case "wikipedia", "wikimedia": return language + "wiki"
        case let project where projectSuffixes.contains(project): return language + project
        default:
            throw WikiSelectionError(token: original, reason: "'\(parts[1]).org' is not a Wikimedia project")
        }
    }

    /// `zh-yue` → `zh_yue`: database names use underscores where hosts and codes use hyphens.
    private static func languageDatabasePrefix(_ code: String) -> String {
        String(code.map { $0 == "-" ? "_" : $0 })
    }

    private static func isNameByte(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9"))
            || b == UInt8(ascii: "-") || b == UInt8(ascii: "_") || b == UInt8(ascii: ".")
    }

    private static let projectSuffixes = [
        "wiki", "wiktionary", "wikibooks", "wikinews", "wikiquote", "wikisource", "wikiversity", "wikivoyage",
    ]

    private static let aliases: [String: String] = [
        "wikidata": "wikidatawiki", "commons": "commonswiki", "meta": "metawiki", "species": "specieswiki",
        "mediawiki": "mediawikiwiki", "wikifunctions": "wikifunctionswiki", "incubator": "incubatorwiki",
    ]

    private static let hostAliases: [String: String] = [
        "www.wikidata.org": "wikidatawiki", "wikidata.org": "wikidatawiki", "test.wikidata.org": "testwikidatawiki",
        "www.mediawiki.org": "mediawikiwiki", "www.wikifunctions.org": "wikifunctionswiki",
        "commons.wikimedia.org": "commonswiki", "meta.wikimedia.org": "metawiki",
        "species.wikimedia.org": "specieswiki", "incubator.wikimedia.org": "incubatorwiki",
        "wikisource.org": "sourceswiki", "www.wikisource.org": "sourceswiki",
    ]
}
