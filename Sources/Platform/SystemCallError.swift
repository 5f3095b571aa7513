#if canImport(Glibc)
import Glibc
#endif

/// A failed system call: the errno, what was being done (`open`, `write`, `replace`) and where
/// (the file, the device). The one error type of the platform's calls; a domain part turns it
/// into its own error when it has more to say (PanelError, AudioError).
public struct SystemCallError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The errno value.
    public let code: Int32
    /// What was being done, as a verb: "open", "read (over 1 MiB)", "create", "sync".
    public let operation: String
    /// Where: a path, or another name for what was being worked on.
    public let path: String

    /// - Parameter code: the errno; pass `errno` first, before anything that may change it.
    public init(code: Int32, operation: String, path: String) {
        self.code = code
        self.operation = operation
        self.path = path
    }

    /// The system's text for the errno: "No such file or directory". The corresponding C
    /// function is `strerror`.
    public var reason: String { Self.reason(code) }

    public static func reason(_ code: Int32) -> String { String(cString: strerror(code)) }

    /// "cannot open /etc/wikichime.conf: Permission denied".
    public var description: String { "cannot \(operation) \(path): \(reason)" }
}
