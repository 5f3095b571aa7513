/// The languages the language button steps through, in order, wrapping around. Pure.
public struct LanguageRing: Equatable, Sendable {
    public let languages: [String]

    public init(_ languages: [String]) {
        self.languages = languages
    }

    /// The language after `current`. When `current` is not in the ring (a list such as
    /// "en, de" set in the config, or a language since removed), the first of the ring.
    public func next(after current: String) -> String {
        guard !languages.isEmpty else { return current }
        let key = Self.normalized(current)
        guard let index = languages.firstIndex(where: { Self.normalized($0) == key }) else { return languages[0] }
        return languages[(index + 1) % languages.count]
    }

    private static func normalized(_ text: String) -> String {
        String(text.lowercased().filter { $0 != " " && $0 != "\t" })
    }
}
