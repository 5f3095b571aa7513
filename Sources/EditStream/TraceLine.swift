/// Builds one line of the `--trace` output (JSON Lines): one object per edit that passed the
/// selection. Later stages add their own fields with `add`.
public struct TraceLine {
    private var text = "{"

    /// - Parameter seconds: time since the program started.
    public init(seconds: Double, edit: SoundingEdit) {
        add("t", raw: formatFixed(seconds, decimals: 3))
        add("wiki", edit.change.wiki)
        add("title", edit.change.title)
        add("type", edit.change.type?.name)
        add("delta", edit.delta)
        add("kind", edit.kind.rawValue)
        add("user_class", edit.change.userClass.rawValue)
    }

    public mutating func add(_ key: String, _ value: String?) {
        add(key, raw: value.map(JSONText.quoted) ?? "null")
    }

    public mutating func add(_ key: String, _ value: Int?) {
        add(key, raw: value.map { String($0) } ?? "null")
    }

    public mutating func add(_ key: String, _ value: Bool) {
        add(key, raw: value ? "true" : "false")
    }

    public mutating func add(_ key: String, raw: String) {
        if text.utf8.count > 1 { text += "," }
        text += JSONText.quoted(key) + ":" + raw
    }

    public var json: String { text + "}" }
}

/// JSON string quoting (RFC 8259: quote, backslash and control characters escaped).
public enum JSONText {
    public static func quoted(_ string: String) -> String {
        var out = "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

/// `value` with a fixed number of decimals, without Foundation's formatters or printf (Swift
/// cannot pass a Double to a C variadic cleanly): `formatFixed(3.14159, decimals: 2)` is "3.14".
public func formatFixed(_ value: Double, decimals: Int) -> String {
    guard value.isFinite else { return value.isNaN ? "nan" : (value < 0 ? "-inf" : "inf") }
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    let magnitude = (abs(value) * scale).rounded()
    // Beyond what Int holds exactly: Swift's own rendering.
    guard magnitude < 9e15 else { return String(value) }
    let scaled = Int(magnitude)
    let unit = Int(scale)
    let sign = value < 0 && scaled != 0 ? "-" : ""
    guard decimals > 0 else { return sign + String(scaled) }
    let fraction = String(scaled % unit)
    return sign + String(scaled / unit) + "." + String(repeating: "0", count: decimals - fraction.count) + fraction
}
