import Platform

/// Builds one line of the `--trace` output (JSON Lines): one object per edit that passed the
/// selection. Later stages add their own fields with `add`.
public struct TraceLine {
    private var text = "{"

    /// - Parameter seconds: time since the program started.
    public init(seconds: Double, edit: SoundingEdit) {
        add("t", raw: formatFixed(seconds, decimals: 3))
        add("wiki", edit.change.wiki)
        add("title", edit.change.title)
        add("type", edit.change.type?.name)
        add("delta", edit.delta)
        add("kind", edit.kind.rawValue)
        add("user_class", edit.change.userClass.rawValue)
    }

    public mutating func add(_ key: String, _ value: String?) {
        add(key, raw: value.map(JSONText.quoted) ?? "null")
    }

    public mutating func add(_ key: String, _ value: Int?) {
        add(key, raw: value.map { String($0) } ?? "null")
    }

    public mutating func add(_ key: String, _ value: Bool) {
        add(key, raw: value ? "true" : "false")
    }

    public mutating func add(_ key: String, raw: String) {
        if text.utf8.count > 1 { text += "," }
        text += JSONText.quoted(key) + ":" + raw
    }

    public var json: String { text + "}" }
}
