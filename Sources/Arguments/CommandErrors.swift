/// A command line that does not fit the command: printed with the usage, exit status 64
/// (EX_USAGE, as swift-argument-parser and BSD tools do).
public struct UsageError: Error, Equatable, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Ends the program with this status and no further message (the command has said why).
public struct ExitStatus: Error, Equatable, Sendable {
    public let code: Int32
    public init(_ code: Int32) { self.code = code }
    public static let failure = ExitStatus(1)
}
