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

/// `0.4 s`, `12 s`: a duration for log lines.
public func formatSeconds(_ seconds: Double) -> String {
    if seconds >= 10 { return "\(Int(seconds.rounded())) s" }
    let tenths = Int((seconds * 10).rounded())
    return "\(tenths / 10).\(tenths % 10) s"
}
