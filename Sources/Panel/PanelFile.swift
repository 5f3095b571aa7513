#if canImport(Glibc)
import Glibc
#endif
import Platform

/// A board profile or a `test-gpio` script read whole; a failure is a `PanelError.badFile`
/// ("cannot read: Permission denied"), a missing file too.
public enum PanelFile {
    /// The first `count` bytes of the file as UTF-8 text.
    public static func text(_ path: String, upTo count: Int = 1 << 20) throws(PanelError) -> String {
        let bytes: [UInt8]?
        do throws(SystemCallError) {
            bytes = try WholeFile.read(path, upTo: count)
        } catch {
            throw .badFile(file: path, line: nil, message: "cannot read: \(error.reason)")
        }
        guard let bytes else {
            throw .badFile(file: path, line: nil, message: "cannot read: \(SystemCallError.reason(ENOENT))")
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
