// What a command accepts, declared as data: its options, flags, positional arguments and
// subcommands. The parser (ArgumentParsing.swift) and the help (HelpText.swift) both read it.

/// An option that takes a value (`--volume 40`, `--volume=40`) or a flag (`--json`).
public struct OptionSpec: Sendable {
    /// The long name without its dashes: `audio-device`.
    public let name: String
    /// What the help calls the value (`<percent>`); nil for a flag.
    public let valueName: String?
    public let help: String
    /// A longer explanation, printed indented under the option.
    public let discussion: String?
    /// The value when the option is not given; shown in the help.
    public let defaultValue: String?
    /// The command cannot run without it.
    public let isRequired: Bool

    public var isFlag: Bool { valueName == nil }

    public static func option(
        _ name: String, value: String, help: String, discussion: String? = nil, default defaultValue: String? = nil,
        required: Bool = false
    ) -> OptionSpec {
        OptionSpec(name: name, valueName: value, help: help, discussion: discussion, defaultValue: defaultValue,
                   isRequired: required)
    }

    public static func flag(_ name: String, help: String) -> OptionSpec {
        OptionSpec(name: name, valueName: nil, help: help, discussion: nil, defaultValue: nil, isRequired: false)
    }
}

/// A positional argument: `wikichime config get <key>`.
public struct ArgumentSpec: Sendable {
    /// `<key>`: the name the help shows and the parsed arguments use.
    public let name: String
    public let help: String
    /// The value when it is left out; an argument without one is required.
    public let defaultValue: String?

    public init(_ name: String, help: String, default defaultValue: String? = nil) {
        self.name = "<" + name + ">"
        self.help = help
        self.defaultValue = defaultValue
    }
}

/// A command: what it accepts, its help, and what it does. A command with subcommands and no
/// action is a group (`wikichime config`).
public struct CommandSpec: Sendable {
    public let name: String
    /// One line for the overview and the parent's list of subcommands.
    public let abstract: String
    /// Paragraphs after the overview; a line that starts with spaces is printed as it is.
    public let discussion: String?
    public let options: [OptionSpec]
    public let arguments: [ArgumentSpec]
    public let subcommands: [CommandSpec]
    public let action: (@Sendable (ParsedArguments) throws -> Void)?

    public init(
        name: String, abstract: String, discussion: String? = nil, options: [OptionSpec] = [],
        arguments: [ArgumentSpec] = [], subcommands: [CommandSpec] = [],
        action: (@Sendable (ParsedArguments) throws -> Void)? = nil
    ) {
        self.name = name
        self.abstract = abstract
        self.discussion = discussion
        self.options = options
        self.arguments = arguments
        self.subcommands = subcommands
        self.action = action
    }

    func option(named name: String) -> OptionSpec? { options.first { $0.name == name } }
    func subcommand(named name: String) -> CommandSpec? { subcommands.first { $0.name == name } }
}
