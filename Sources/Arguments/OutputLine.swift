import Platform

/// Writes a line with one write(2): lines from different threads never interleave, and nothing
/// waits in a stdio buffer when the output is a pipe (journald, tests).
public func writeLine(_ text: String, to descriptor: Int32) {
    writeText(text + "\n", to: descriptor)
}

/// Writes all of `text` (retrying on EINTR and short writes); a closed descriptor ends it quietly.
public func writeText(_ text: String, to descriptor: Int32) {
    var text = text
    text.withUTF8 { bytes in try? writeAll(UnsafeRawBufferPointer(bytes), to: descriptor, path: "descriptor \(descriptor)") }
}
