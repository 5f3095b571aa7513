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

/// `seconds` with a fixed number of decimals, without Foundation's formatters.
public func formatFixed(_ value: Double, decimals: Int) -> String {
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    let scaled = Int((abs(value) * scale).rounded())
    let whole = scaled / Int(scale)
    let sign = value < 0 && scaled != 0 ? "-" : ""
    guard decimals > 0 else { return sign + "\(whole)" }
    let fraction = String(scaled % Int(scale))
    return sign + "\(whole)." + String(repeating: "0", count: decimals - fraction.count) + fraction
}
