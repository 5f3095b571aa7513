/// What a command line asks for.
public enum ParseOutcome: Sendable {
    /// Run this command with these arguments.
    case run(CommandSpec, ParsedArguments)
    /// Print the help of the command at this path (`--help`, `help run`, or a group alone).
    case help([CommandSpec])
    case version
    /// A mistake, found in the command at this path.
    case usageError(UsageError, [CommandSpec])
}

/// Reads a command line against the commands' declarations.
public enum ArgumentParsing {
    /// `arguments` without the program's own name.
    public static func parse(_ arguments: [String], root: CommandSpec) -> ParseOutcome {
        var path = [root]
        var rest = arguments[...]
        // Walk down the subcommands named first: `config set …`, or `help config set`.
        if rest.first == "help" && root.subcommand(named: "help") == nil {
            rest = rest.dropFirst()
            while let word = rest.first, let next = path.last!.subcommand(named: word) {
                path.append(next)
                rest = rest.dropFirst()
            }
            if let word = rest.first {
                return .usageError(UsageError("'\(word)' is not a command"), path)
            }
            return .help(path)
        }
        while let word = rest.first, let next = path.last!.subcommand(named: word) {
            path.append(next)
            rest = rest.dropFirst()
        }
        let command = path.last!
        if command.action == nil {
            // A group: only its subcommands, help and (at the top) the version.
            switch rest.first {
            case nil, "--help", "-h": return .help(path)
            case "--version" where path.count == 1: return .version
            case let word?:
                let what = word.hasPrefix("-") ? "Unknown option '\(word)'" : "'\(word)' is not a command"
                return .usageError(UsageError(what), path)
            }
        }
        if asksForHelp(Array(rest), command: command) { return .help(path) }
        do {
            return .run(command, try read(Array(rest), for: command, path: path.map(\.name)))
        } catch {
            return .usageError(error, path)
        }
    }

    /// `--help` or `-h` where an option may stand: not an option's value (`--contact -h`), not
    /// after `--`. Help wins over every other mistake on the line.
    private static func asksForHelp(_ words: [String], command: CommandSpec) -> Bool {
        var index = 0
        while index < words.count {
            let word = words[index]
            index += 1
            if word == "--" { return false }
            if word == "--help" || word == "-h" { return true }
            if word.hasPrefix("--"), !word.contains("="), let option = command.option(named: String(word.dropFirst(2))),
               !option.isFlag {
                index += 1  // its value
            }
        }
        return false
    }

    private static func read(_ words: [String], for command: CommandSpec, path: [String]) throws(UsageError)
        -> ParsedArguments
    {
        var parsed = ParsedArguments(commandPath: path)
        var positionals: [String] = []
        var index = 0
        var optionsEnded = false
        while index < words.count {
            let word = words[index]
            index += 1
            if optionsEnded || !word.hasPrefix("--") || word == "--" {
                if word == "--" && !optionsEnded { optionsEnded = true } else { positionals.append(word) }
                continue
            }
            let body = word.dropFirst(2)
            let name = String(body.prefix { $0 != "=" })
            let inline = body.firstIndex(of: "=").map { String(body[body.index(after: $0)...]) }
            guard let option = command.option(named: name) else { throw UsageError("Unknown option '--\(name)'") }
            if option.isFlag {
                if inline != nil { throw UsageError("'--\(name)' takes no value") }
                parsed.flags.insert(name)
            } else if let inline {
                parsed.values[name] = inline
            } else if index < words.count {
                // The next word is the value, even when it starts with a dash (`--volume -5`
                // then fails as a number, not as an unknown option).
                parsed.values[name] = words[index]
                index += 1
            } else {
                throw UsageError("Missing value for '--\(name) <\(option.valueName!)>'")
            }
        }
        for option in command.options where parsed.values[option.name] == nil {
            if let value = option.defaultValue {
                parsed.values[option.name] = value
            } else if option.isRequired {
                throw UsageError("Missing expected argument '--\(option.name) <\(option.valueName!)>'")
            }
        }
        if positionals.count > command.arguments.count {
            throw UsageError("Unexpected argument '\(positionals[command.arguments.count])'")
        }
        for (position, argument) in command.arguments.enumerated() {
            if position < positionals.count {
                parsed.values[argument.name] = positionals[position]
            } else if let value = argument.defaultValue {
                parsed.values[argument.name] = value
            } else {
                throw UsageError("Missing expected argument '\(argument.name)'")
            }
        }
        return parsed
    }
}
