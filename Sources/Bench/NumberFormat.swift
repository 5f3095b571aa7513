import Platform

/// Numbers as text without printf (Swift cannot pass a Double to a C variadic cleanly) and without
/// Foundation.
public enum NumberFormat {
    /// `value` with a fixed number of decimals: `fixed(3.14159, 2)` is "3.14".
    public static func fixed(_ value: Double, _ decimals: Int) -> String {
        formatFixed(value, decimals: decimals)
    }

    /// A figure for people: three significant digits, thousands grouped with spaces
    /// ("1 720 000", "242 000", "77.3", "0.0815").
    public static func readable(_ value: Double) -> String {
        guard value.isFinite, value != 0 else { return fixed(value, 0) }
        var digits = 0
        var probe = abs(value)
        while probe < 100 && digits < 6 { probe *= 10; digits += 1 }
        if digits > 0 { return fixed(value, digits) }
        var scale = 1.0
        while abs(value) / scale >= 1000 { scale *= 10 }
        return grouped(Int((value / scale).rounded()) * Int(scale))
    }

    /// A JSON number: finite, with up to `decimals` decimals (a non-finite figure would make the
    /// whole document unreadable, so it becomes 0; no figure here can be one).
    public static func json(_ value: Double, _ decimals: Int = 3) -> String {
        guard value.isFinite else { return "0" }
        return fixed(value, decimals)
    }

    /// An integer with its thousands separated by spaces: 1720000 → "1 720 000".
    public static func grouped(_ value: Int) -> String {
        let digits = Array(String(abs(value)))
        var text = ""
        for (i, digit) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { text.append(" ") }
            text.append(digit)
        }
        return (value < 0 ? "-" : "") + text
    }

    /// `text` right-aligned in `width` columns.
    public static func padLeft(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }

    /// `text` left-aligned in `width` columns.
    public static func padRight(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - text.count))
    }
}
