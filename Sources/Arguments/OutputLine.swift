#if canImport(Glibc)
import Glibc
#endif

/// Writes a line with one write(2): lines from different threads never interleave, and nothing
/// waits in a stdio buffer when the output is a pipe (journald, tests).
public func writeLine(_ text: String, to descriptor: Int32) {
    writeText(text + "\n", to: descriptor)
}

/// Writes all of `text` (retrying on EINTR and short writes); a closed descriptor ends it quietly.
public func writeText(_ text: String, to descriptor: Int32) {
    var text = text
    text.withUTF8 { bytes in
        var offset = 0
        while offset < bytes.count {
            let written = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 && errno == EINTR { continue }
            if written <= 0 { return }
            offset += written
        }
    }
}
