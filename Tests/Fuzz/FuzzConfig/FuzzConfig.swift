// libFuzzer target: the config reader and `config set` must answer any text with settings and
// issues, never a crash; an edit that is accepted must read back as valid.
import Appliance
import FuzzSupport

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzConfig(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let result = ConfigFile(path: "fuzz.conf", text: text).read()
    for issue in result.issues { _ = issue.description }
    let key = ConfigKey.all[size % ConfigKey.all.count]
    let value = String(text.prefix(40).filter { $0 != "\n" })
    if let edited = try? ConfigEditor.setting(key.name, to: value, in: text, path: "fuzz.conf") {
        precondition(ConfigFile(path: "fuzz.conf", text: edited).read().isValid, "an accepted edit reads back invalid")
    }
    return 0
}

@main
enum FuzzConfig {
    static func main() { runFuzzer(fuzzConfig) }
}
