import Platform

/// A problem in a config file, naming the file, the line, the key and the bad value.
public struct ConfigIssue: Equatable, Sendable, CustomStringConvertible {
    public enum Severity: String, Sendable { case error, warning }
    public var severity: Severity
    public var path: String
    public var line: Int
    public var key: String?
    public var message: String

    public var description: String {
        "\(path):\(line): \(severity == .error ? "error" : "warning"): \(key.map { "\($0): " } ?? "")\(message)"
    }
}

/// `/etc/wikichime.conf`: flat `key = value` lines, `#` comments (after a value too: the rules are
/// `KeyValueLine`'s), blank lines. Reading never stops at the first problem: every issue is
/// reported, and the file's settings are valid only when there is no error (the running box then
/// keeps its last good settings).
public struct ConfigFile: Sendable {
    public let path: String
    public let text: String

    public init(path: String, text: String) {
        self.path = path
        self.text = text
    }

    public struct Result: Sendable {
        public var settings: Settings
        public var issues: [ConfigIssue]
        public var errors: [ConfigIssue] { issues.filter { $0.severity == .error } }
        public var isValid: Bool { errors.isEmpty }
    }

    /// One `key = value` line of the file, as written.
    struct Assignment {
        var line: Int
        var key: String
        var value: String
    }

    /// Reads the settings, starting from `base` (the built-in defaults).
    public func read(over base: Settings = Settings()) -> Result {
        var settings = base
        var issues: [ConfigIssue] = []
        var seen: [String: Int] = [:]
        for item in lines() {
            switch item {
            case .syntaxError(let line, let content):
                issues.append(ConfigIssue(severity: .error, path: path, line: line, key: nil,
                                          message: "'\(content)' is not a 'key = value' line"))
            case .assignment(let assignment):
                guard let key = ConfigKey.named(assignment.key) else {
                    issues.append(ConfigIssue(severity: .warning, path: path, line: assignment.line, key: assignment.key,
                                              message: "unknown key, ignored (known keys: \(ConfigKey.all.map(\.name).joined(separator: ", ")))"))
                    continue
                }
                if let earlier = seen[assignment.key] {
                    issues.append(ConfigIssue(severity: .warning, path: path, line: assignment.line, key: assignment.key,
                                              message: "set again (first on line \(earlier)); this line wins"))
                }
                seen[assignment.key] = assignment.line
                do {
                    try key.apply(&settings, assignment.value)
                } catch {
                    issues.append(ConfigIssue(severity: .error, path: path, line: assignment.line, key: assignment.key,
                                              message: "'\(assignment.value)' is not allowed: use \(error.allowed)"))
                }
            }
        }
        return Result(settings: settings, issues: issues)
    }

    enum Line {
        case assignment(Assignment)
        case syntaxError(line: Int, content: String)
    }

    /// The meaningful lines: assignments and lines that are neither assignments nor comments.
    func lines() -> [Line] {
        var result: [Line] = []
        for line in KeyValueText.lines(text, trailingComments: true) {
            switch line.content {
            case .blank, .comment:
                continue
            case .pair(let key, let value) where !key.isEmpty:
                result.append(.assignment(Assignment(line: line.number, key: String(key), value: String(unquoted(value)))))
            case .pair, .other:
                result.append(.syntaxError(line: line.number, content: String(line.text)))
            }
        }
        return result
    }

    /// `"text"` → `text`, for people who quote values.
    private func unquoted(_ value: Substring) -> Substring {
        if value.count >= 2, let first = value.first, first == value.last, first == "\"" || first == "'" {
            return value.dropFirst().dropLast()
        }
        return value
    }
}
