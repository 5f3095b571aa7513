/// The help of a command, in the layout swift-argument-parser made familiar: overview, usage,
/// arguments, options, subcommands; wrapped to 80 columns.
public enum HelpText {
    static let width = 80
    static let labelWidth = 24

    /// The help of the last command of `path` (the root first).
    public static func render(_ path: [CommandSpec]) -> String {
        let command = path.last!
        var out = wrap("OVERVIEW: " + command.abstract, indent: 0)
        if let discussion = command.discussion { out += "\n" + wrapParagraphs(discussion, indent: 0) }
        out += "\nUSAGE: " + usage(path) + "\n"
        if !command.arguments.isEmpty {
            out += "\nARGUMENTS:\n"
            for argument in command.arguments {
                out += entry(argument.name, argument.help + defaultNote(argument.defaultValue))
            }
        }
        if command.action != nil {
            out += "\nOPTIONS:\n"
            for option in command.options {
                let label = "--" + option.name + (option.valueName.map { " <\($0)>" } ?? "")
                out += entry(label, option.help + defaultNote(option.defaultValue))
                if let discussion = option.discussion { out += wrap(discussion, indent: 8) }
            }
            out += entry("-h, --help", "Show help information.")
        }
        if path.count == 1 && command.action == nil {
            out += "\nOPTIONS:\n" + entry("--version", "Show the version.") + entry("-h, --help", "Show help information.")
        }
        if !command.subcommands.isEmpty {
            out += "\nSUBCOMMANDS:\n"
            for subcommand in command.subcommands { out += entry(subcommand.name, subcommand.abstract) }
            let words = path.map { $0.name + " " }.dropFirst().joined()
            out += "\n  See '\(path[0].name) help \(words)<subcommand>' for detailed help.\n"
        }
        return out
    }

    /// `wikichime run [<options>]`, `wikichime config set <key> <value> [<options>]`.
    public static func usage(_ path: [CommandSpec]) -> String {
        let command = path.last!
        var words = path.map(\.name)
        if command.action == nil {
            words.append("<subcommand>")
        } else {
            for argument in command.arguments {
                words.append(argument.defaultValue == nil ? argument.name : "[\(argument.name)]")
            }
            for option in command.options where option.isRequired {
                words.append("--\(option.name) <\(option.valueName!)>")
            }
            if command.options.contains(where: { !$0.isRequired }) { words.append("[<options>]") }
        }
        return words.joined(separator: " ")
    }

    private static func defaultNote(_ value: String?) -> String {
        value.map { " (default: \($0))" } ?? ""
    }

    /// `  label                 help…`, the help wrapped beside the label (or under it when long).
    private static func entry(_ label: String, _ help: String) -> String {
        let lead = "  " + label
        let lines = wrapWords(help, width: width - labelWidth)
        var out = ""
        if lead.count + 2 > labelWidth {
            out += lead + "\n"
            for line in lines { out += String(repeating: " ", count: labelWidth) + line + "\n" }
        } else {
            for (number, line) in lines.enumerated() {
                let left = number == 0 ? lead : ""
                out += left + String(repeating: " ", count: labelWidth - left.count) + line + "\n"
            }
        }
        return out
    }

    /// Paragraphs separated by blank lines; lines that start with a space are kept as they are
    /// (examples).
    private static func wrapParagraphs(_ text: String, indent: Int) -> String {
        var out = ""
        var paragraph: [Substring] = []
        func flush() {
            if !paragraph.isEmpty { out += wrap(paragraph.joined(separator: " "), indent: indent) }
            paragraph = []
        }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.isEmpty {
                flush()
                out += "\n"
            } else if line.hasPrefix(" ") {
                flush()
                out += String(repeating: " ", count: indent) + line + "\n"
            } else {
                paragraph.append(line)
            }
        }
        flush()
        return out
    }

    private static func wrap(_ text: String, indent: Int) -> String {
        wrapWords(text, width: width - indent).map { String(repeating: " ", count: indent) + $0 + "\n" }.joined()
    }

    /// Greedy word wrap; a word longer than the width gets a line of its own.
    static func wrapWords(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            if line.isEmpty {
                line = String(word)
            } else if line.count + 1 + word.count <= width {
                line += " " + word
            } else {
                lines.append(line)
                line = String(word)
            }
        }
        if !line.isEmpty || lines.isEmpty { lines.append(line) }
        return lines
    }
}
