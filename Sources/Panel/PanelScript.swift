/// A timed script for `wikichime test-gpio --script`: drives the panel as the player would, so
/// a system test (or a person) can watch flashes, merging and status patterns on real lines.
///
///     # seconds after start, then a command
///     0.0  status connecting
///     0.5  addition 593          a note: flashes the additions LED for a +593-byte edit
///     0.6  deletion -20
///     0.7  newuser
///     1.0  status connected      connected | connecting | muted | off
///     2.0  dim on                on | off (quiet hours)
///     3.0  leds additions,status exactly these LEDs lit; `leds none`, `leds normal`
///     4.0  end                   stop here
public struct PanelScript: Equatable, Sendable {
    public enum Command: Equatable, Sendable {
        case note(NoteKind, delta: Int?)
        case status(StatusPattern)
        case dim(Bool)
        case leds(Set<LED>?)
        case end
    }

    public var steps: [(time: Double, command: Command)]

    public static func == (a: PanelScript, b: PanelScript) -> Bool {
        a.steps.elementsEqual(b.steps) { $0.time == $1.time && $0.command == $1.command }
    }

    static let help = "commands: addition DELTA, deletion DELTA, newuser, status connected|connecting|muted|off, "
        + "dim on|off, leds LIST|none|normal, end"

    /// Reads a script; errors name the file and the line. Times must not go backwards.
    public init(parsing text: String, file: String) throws(PanelError) {
        steps = []
        for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            func fail(_ message: String) -> PanelError { .badFile(file: file, line: number + 1, message: message) }
            let content = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let words = content.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" }).map(String.init)
            if words.isEmpty { continue }
            guard let time = Double(words[0]), time >= 0, time.isFinite else {
                throw fail("a line starts with its time in seconds, found '\(words[0])'")
            }
            if let last = steps.last, time < last.time { throw fail("time \(words[0]) is before the line above") }
            guard words.count >= 2 else { throw fail("no command after the time; " + Self.help) }
            let argument = words.count > 2 ? words[2] : nil
            let command: Command
            switch (words[1], argument) {
            case ("addition", let delta?) where Int(delta) != nil: command = .note(.addition, delta: Int(delta)!)
            case ("deletion", let delta?) where Int(delta) != nil: command = .note(.deletion, delta: Int(delta)!)
            case ("newuser", nil): command = .note(.newUser, delta: nil)
            case ("status", let name?) where StatusPattern(rawValue: name) != nil: command = .status(StatusPattern(rawValue: name)!)
            case ("dim", "on"): command = .dim(true)
            case ("dim", "off"): command = .dim(false)
            case ("leds", "normal"): command = .leds(nil)
            case ("leds", "none"): command = .leds([])
            case ("leds", let list?):
                var leds: Set<LED> = []
                for name in list.split(separator: ",") {
                    guard let led = LED(rawValue: String(name)) else {
                        throw fail("unknown LED '\(name)'; LEDs are \(LED.allCases.map(\.rawValue).joined(separator: ", "))")
                    }
                    leds.insert(led)
                }
                command = .leds(leds)
            case ("end", nil): command = .end
            default:
                throw fail("cannot read '\(words[1...].joined(separator: " "))'; " + Self.help)
            }
            guard words.count <= 3 else { throw fail("too many words; " + Self.help) }
            steps.append((time, command))
        }
    }
}
