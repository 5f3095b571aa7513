#if canImport(Glibc)
import Glibc
#endif

/// A file that lines are appended to (the `--record` and `--trace` outputs), through stdio.
public final class LineFile {
    public let path: String
    private let file: UnsafeMutablePointer<FILE>

    /// - Parameter append: keep what is there (record) or start empty (trace).
    public init(path: String, append: Bool) throws {
        guard let file = fopen(path, append ? "a" : "w") else {
            throw FileError(path: path, operation: "open", code: errno)
        }
        self.path = path
        self.file = file
    }

    deinit {
        fclose(file)
    }

    /// Writes the bytes and a newline; flushed so that a reader sees whole lines as they come.
    public func writeLine(_ bytes: UnsafeRawBufferPointer) throws {
        if bytes.count > 0 && fwrite(bytes.baseAddress, 1, bytes.count, file) != bytes.count
            || fputc(0x0A, file) == EOF || fflush(file) != 0 {
            throw FileError(path: path, operation: "write", code: errno)
        }
    }

    public func writeLine(_ text: String) throws {
        var text = text
        try text.withUTF8 { try writeLine(UnsafeRawBufferPointer($0)) }
    }
}

/// A failed file operation, naming the file and the system's reason.
public struct FileError: Error, CustomStringConvertible {
    public let path: String
    public let operation: String
    public let code: Int32

    public init(path: String, operation: String, code: Int32) {
        self.path = path
        self.operation = operation
        self.code = code
    }

    public var description: String { "cannot \(operation) \(path): \(String(cString: strerror(code)))" }
}
