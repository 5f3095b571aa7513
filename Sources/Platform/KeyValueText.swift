/// `key = value` text, line by line: the one reader of the config file (and its editor), the
/// board profiles, the state file and the status file.
///
/// The comment rule: a line whose first non-blank character is `#` is a comment. Where the file
/// allows trailing comments (`trailingComments`: the files people write), a `#` after a space or
/// tab in a value starts a comment too (`volume = 40   # quiet`), while a `#` that starts the
/// value or sits inside a word is part of it (`contact = #ops`, `stream_url = http://h/#x`). The
/// files the program writes (state, status) take each value whole to the end of its line:
/// a status value is free text, and an error message may hold " #".
///
/// Keys and values are trimmed of spaces, tabs and carriage returns; a key is everything before
/// the first `=`, and may be empty (each reader says what that means).
public struct KeyValueLine: Equatable, Sendable {
    public enum Content: Equatable, Sendable {
        case blank
        /// The text after the `#`.
        case comment(Substring)
        case pair(key: Substring, value: Substring)
        /// Neither blank, nor a comment, nor a pair: no `=`.
        case other
    }

    /// The line's number, from 1.
    public let number: Int
    /// The whole line, trimmed.
    public let text: Substring
    public let content: Content

    public init(_ line: Substring, number: Int = 1, trailingComments: Bool) {
        self.number = number
        text = Self.trimmed(line)
        if text.isEmpty {
            content = .blank
        } else if text.first == "#" {
            content = .comment(text.dropFirst())
        } else if let equals = text.firstIndex(of: "=") {
            var value = Self.trimmed(text[text.index(after: equals)...])
            if trailingComments { value = Self.trimmed(Self.withoutComment(value)) }
            content = .pair(key: Self.trimmed(text[..<equals]), value: value)
        } else {
            content = .other
        }
    }

    /// The key and value of a pair; nil for any other line.
    public var pair: (key: Substring, value: Substring)? {
        if case let .pair(key, value) = content { return (key, value) }
        return nil
    }

    /// `value` up to a `#` that follows a space or a tab.
    private static func withoutComment(_ value: Substring) -> Substring {
        var previous: Character = "x"
        for index in value.indices {
            if value[index] == "#" && (previous == " " || previous == "\t") { return value[..<index] }
            previous = value[index]
        }
        return value
    }

    private static func trimmed(_ text: Substring) -> Substring {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" }
        guard let first = text.firstIndex(where: { !isBlank($0) }) else { return text[text.endIndex...] }
        let last = text.lastIndex(where: { !isBlank($0) })!
        return text[first...last]
    }
}

public enum KeyValueText {
    /// Every line of `text` (split at each "\n"), numbered from 1.
    public static func lines(_ text: String, trailingComments: Bool) -> [KeyValueLine] {
        text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map {
            KeyValueLine($0.element, number: $0.offset + 1, trailingComments: trailingComments)
        }
    }

    /// The `key = value` lines only, in order.
    public static func pairs(_ text: String, trailingComments: Bool) -> [(key: Substring, value: Substring)] {
        lines(text, trailingComments: trailingComments).compactMap(\.pair)
    }
}
