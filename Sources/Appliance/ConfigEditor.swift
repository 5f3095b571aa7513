import Platform

/// `wikichime config set`: changes one key in the file's text, keeping every comment, blank line
/// and the order of the lines. The result is validated before it is written.
public enum ConfigEditor {
    public enum EditError: Error, Equatable, CustomStringConvertible {
        case unknownKey(String)
        case invalid([ConfigIssue])

        public var description: String {
            switch self {
            case .unknownKey(let key):
                "'\(key)' is not a config key; the keys are: \(ConfigKey.all.map(\.name).joined(separator: ", "))"
            case .invalid(let issues):
                issues.map(\.description).joined(separator: "\n")
            }
        }
    }

    /// The text with `key = value`: the last active line of `key` is replaced; else a new line
    /// goes after the commented-out example (`# key = …`); else at the end.
    public static func setting(_ key: String, to value: String, in text: String, path: String) throws(EditError) -> String {
        guard ConfigKey.named(key) != nil else { throw .unknownKey(key) }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        let newLine = "\(key) = \(value)"
        if let index = lines.lastIndex(where: { activeKey(of: $0) == key }) {
            lines[index] = newLine
        } else if let index = lines.lastIndex(where: { commentedKey(of: $0) == key }) {
            lines.insert(newLine, at: index + 1)
        } else {
            lines.append(newLine)
        }
        let result = lines.joined(separator: "\n") + "\n"
        let check = ConfigFile(path: path, text: result).read()
        let errors = check.errors
        if !errors.isEmpty { throw .invalid(errors) }
        return result
    }

    private static func activeKey(of line: String) -> String? {
        KeyValueLine(line[...], trailingComments: true).pair.map { String($0.key) }
    }

    /// `# key = value` (the shipped file's examples), not prose that happens to hold an '='.
    private static func commentedKey(of line: String) -> String? {
        guard case .comment(let body) = KeyValueLine(line[...], trailingComments: true).content else { return nil }
        let key = activeKey(of: String(body))
        return key.flatMap { ConfigKey.named($0) != nil ? $0 : nil }
    }
}
