import Platform

/// What `wikichime status` shows: the running box writes it to `/run/wikichime/status` (tmpfs,
/// not the SD card) every few seconds, as `key = value` lines in a fixed order.
public struct StatusReport: Equatable, Sendable {
    public var pid: Int32 = 0
    public var updatedAt: Double = 0          // seconds since the epoch
    public var uptime: Double = 0
    public var languages = ""
    public var volume = 0
    public var muted = false
    public var quietHours = false
    public var streamState = "starting"       // connected, connecting, replaying, stopped
    public var reconnects = 0
    public var eventsReceived = 0
    public var editsSelected = 0
    public var editsPlayed = 0
    public var editsDropped = 0
    public var editsPerMinute = 0.0
    public var audioState = "starting"        // playing, no device, …
    public var audioDevice = ""
    public var underruns = 0
    public var configPath = ""
    public var configState = "ok"             // ok, "kept last good: …"
    public var parts: [String: String] = [:]  // part → ok / not responding
    public var lastError = ""

    public init() {}

    /// The one line for systemd's `STATUS=` (shown by `systemctl status`).
    public var statusLine: String {
        var line = "\(streamState), \(formatFixed(editsPerMinute, decimals: 0)) edits/min, \(languages), volume \(volume)"
        if muted { line += " (muted)" }
        if quietHours { line += " (quiet hours)" }
        if audioState != "playing" { line += ", sound: \(audioState)" }
        if configState != "ok" { line += ", config: \(configState)" }
        if !lastError.isEmpty { line += ", last error: \(lastError)" }
        return line
    }

    public var fields: [(String, String)] {
        var list: [(String, String)] = [
            ("pid", "\(pid)"), ("updated_at", formatFixed(updatedAt, decimals: 3)), ("uptime", formatFixed(uptime, decimals: 0)),
            ("languages", languages), ("volume", "\(volume)"), ("muted", muted ? "yes" : "no"),
            ("quiet_hours", quietHours ? "yes" : "no"), ("stream", streamState), ("reconnects", "\(reconnects)"),
            ("events_received", "\(eventsReceived)"), ("edits_selected", "\(editsSelected)"),
            ("edits_played", "\(editsPlayed)"), ("edits_dropped", "\(editsDropped)"),
            ("edits_per_minute", formatFixed(editsPerMinute, decimals: 1)), ("audio", audioState),
            ("audio_device", audioDevice), ("underruns", "\(underruns)"), ("config", configPath),
            ("config_state", configState),
        ]
        for (part, state) in parts.sorted(by: { $0.key < $1.key }) { list.append(("part_\(part)", state)) }
        list.append(("last_error", lastError))
        return list
    }

    public var text: String {
        fields.map { "\($0.0) = \($0.1.filter { $0 != "\n" })" }.joined(separator: "\n") + "\n"
    }

    /// The fields of a status file, in order (for `wikichime status`).
    public static func parse(_ text: String) -> [(String, String)] {
        // Values are free text (a last error may hold " #"): no trailing comments.
        KeyValueText.pairs(text, trailingComments: false).map { (String($0.key), String($0.value)) }
    }

    /// The same fields as one JSON object (numbers where they are numbers).
    public static func json(_ fields: [(String, String)]) -> String {
        let numeric: Set<String> = ["pid", "updated_at", "uptime", "volume", "reconnects", "events_received", "edits_selected",
                                    "edits_played", "edits_dropped", "edits_per_minute", "underruns"]
        let members = fields.map { key, value -> String in
            let raw: String
            if numeric.contains(key), Double(value) != nil { raw = value }
            else if value == "yes" || value == "no", ["muted", "quiet_hours"].contains(key) { raw = value == "yes" ? "true" : "false" }
            else { raw = JSONText.quoted(value) }
            return JSONText.quoted(key) + ":" + raw
        }
        return "{" + members.joined(separator: ",") + "}"
    }
}
