#if canImport(Glibc)
import Glibc
#endif

/// A file that lines are appended to (the `--record` and `--trace` outputs), through stdio.
public final class LineFile {
    public let path: String
    private let file: UnsafeMutablePointer<FILE>

    /// - Parameter append: keep what is there (record) or start empty (trace).
    public init(path: String, append: Bool) throws(SystemCallError) {
        guard let file = fopen(path, append ? "a" : "w") else {
            throw SystemCallError(code: errno, operation: "open", path: path)
        }
        self.path = path
        self.file = file
    }

    deinit {
        fclose(file)
    }

    /// Writes the bytes and a newline; flushed so that a reader sees whole lines as they come.
    public func writeLine(_ bytes: UnsafeRawBufferPointer) throws(SystemCallError) {
        if bytes.count > 0 && fwrite(bytes.baseAddress, 1, bytes.count, file) != bytes.count
            || fputc(0x0A, file) == EOF || fflush(file) != 0 {
            throw SystemCallError(code: errno, operation: "write", path: path)
        }
    }

    public func writeLine(_ text: String) throws(SystemCallError) {
        var text = text
        let written = text.withUTF8 { bytes in
            Result { () throws(SystemCallError) in try writeLine(UnsafeRawBufferPointer(bytes)) }
        }
        try written.get()
    }
}
