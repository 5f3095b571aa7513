/// A value a command line can carry, read from its text.
public protocol ArgumentValue {
    init?(argumentText: String)
    /// How an error names the kind of value wanted: "a whole number".
    static var kindName: String { get }
}

extension String: ArgumentValue {
    public init?(argumentText: String) { self = argumentText }
    public static var kindName: String { "text" }
}

extension Int: ArgumentValue {
    public init?(argumentText: String) { self.init(argumentText) }
    public static var kindName: String { "a whole number" }
}

extension Double: ArgumentValue {
    public init?(argumentText: String) {
        guard let value = Double(argumentText), value.isFinite else { return nil }
        self = value
    }
    public static var kindName: String { "a number" }
}

/// The options, flags and arguments one command line gave, with the declared defaults filled in.
public struct ParsedArguments: Sendable {
    /// The command's words: `["wikichime", "config", "set"]`.
    public let commandPath: [String]
    var values: [String: String] = [:]
    var flags: Set<String> = []

    init(commandPath: [String]) { self.commandPath = commandPath }

    /// Whether a flag was given.
    public func flag(_ name: String) -> Bool { flags.contains(name) }

    /// An option's or an argument's value, nil when it was not given and has no default.
    public func optional<Value: ArgumentValue>(_ name: String, as type: Value.Type = Value.self) throws(UsageError) -> Value? {
        guard let text = values[name] else { return nil }
        guard let value = Value(argumentText: text) else {
            throw UsageError("\(Self.label(name)): '\(text)' is not \(Value.kindName)")
        }
        return value
    }

    /// An option's or an argument's value when the command declares a default or requires it;
    /// the parser has then made sure that there is one.
    public func value<Value: ArgumentValue>(_ name: String, as type: Value.Type = Value.self) throws(UsageError) -> Value {
        guard let value = try optional(name, as: type) else {
            preconditionFailure("\(name) has no default and is not required: read it with optional(_:)")
        }
        return value
    }

    /// `--volume` for an option; arguments are named as they are (`<key>`).
    static func label(_ name: String) -> String { name.hasPrefix("<") ? name : "--" + name }
}
