#if canImport(Glibc)
import Glibc
#endif
import Platform

/// What the benchmark ran on, for the report: the architecture (`uname -m`) and the board or CPU
/// model ("Raspberry Pi Zero 2 W Rev 1.0" from the device tree, else /proc/cpuinfo's model name).
public struct MachineInfo: Sendable, Equatable {
    public var architecture: String
    public var model: String

    public init(architecture: String, model: String) {
        self.architecture = architecture
        self.model = model
    }

    public static func current() -> MachineInfo {
        MachineInfo(architecture: unameMachine(), model: deviceTreeModel() ?? cpuModelName() ?? "unknown")
    }

    /// The corresponding C function is `uname`.
    private static func unameMachine() -> String {
        var names = utsname()
        guard uname(&names) == 0 else { return "unknown" }
        return withUnsafeBytes(of: &names.machine) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
    }

    private static func deviceTreeModel() -> String? {
        guard let bytes = smallFile("/proc/device-tree/model") else { return nil }
        let model = String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
        return model.isEmpty ? nil : model
    }

    private static func cpuModelName() -> String? {
        guard let bytes = smallFile("/proc/cpuinfo") else { return nil }
        for line in bytes.split(separator: 0x0A) {
            let text = String(decoding: line, as: UTF8.self)
            guard text.hasPrefix("model name") || text.hasPrefix("Model"),
                  let colon = text.firstIndex(of: ":") else { continue }
            let value = text[text.index(after: colon)...].drop { $0 == " " || $0 == "\t" }
            if !value.isEmpty { return String(value) }
        }
        return nil
    }

    /// The first 64 KiB of a file under /proc (their size is not known before reading).
    private static func smallFile(_ path: String) -> [UInt8]? {
        (try? WholeFile.read(path, upTo: 65_536)) ?? nil
    }
}
