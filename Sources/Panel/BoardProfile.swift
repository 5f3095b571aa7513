import Platform

/// A GPIO line as a board profile names it: "GPIO17", its polarity, and the header pin (for
/// people wiring; never used to find the line).
public struct LineSpec: Equatable, Sendable {
    public var line: String
    public var activeLow: Bool
    public var pin: Int?

    public init(line: String, activeLow: Bool, pin: Int? = nil) {
        self.line = line
        self.activeLow = activeLow
        self.pin = pin
    }

    /// "GPIO17 (pin 11, active-high)".
    public var summary: String {
        "\(line) (\(pin.map { "pin \($0), " } ?? "")\(activeLow ? "active-low" : "active-high"))"
    }
}

/// A board: how to recognise it, which chip carries its header, and where each LED and button
/// is wired. Boards are data: one file each in Board/boards (installed to
/// /usr/share/wikichime/boards), read by `BoardProfile(parsing:file:)`.
public struct BoardProfile: Equatable, Sendable {
    /// The profile's name (`board = rpi4`): lower-case letters, digits and '-'.
    public var name: String
    public var description: String
    /// Device-tree model prefixes that mean this board ("Raspberry Pi 4 Model B").
    public var models: [String]
    /// The label of the GPIO chip with the header's lines ("pinctrl-bcm2711").
    public var chipLabel: String
    public var leds: [LED: LineSpec]
    public var buttons: [Button: LineSpec]

    public init(name: String, description: String = "", models: [String] = [], chipLabel: String,
                leds: [LED: LineSpec] = [:], buttons: [Button: LineSpec] = [:]) {
        self.name = name
        self.description = description
        self.models = models
        self.chipLabel = chipLabel
        self.leds = leds
        self.buttons = buttons
    }

    /// Lines no profile may use on a Raspberry Pi header: GPIO0/1 read the HAT EEPROM at boot,
    /// GPIO2/3 carry I²C with fixed 1.8 kΩ pull-ups (a button there never reads released).
    public static let reservedLines: Set<String> = ["GPIO0", "GPIO1", "GPIO2", "GPIO3"]

    /// Reads a profile:
    ///
    ///     # comment
    ///     name = rpi4
    ///     description = Raspberry Pi 4 Model B, Pi 400, Compute Module 4
    ///     model = Raspberry Pi 4 Model B          (repeatable: a prefix of the device-tree model)
    ///     chip = pinctrl-bcm2711
    ///     led additions = GPIO17 active-high pin 11
    ///     button volume-down = GPIO26 active-low pin 37
    ///
    /// Comments as in the config file (`KeyValueLine`). Polarity defaults to active-high for LEDs
    /// and active-low for buttons (wired to ground). Errors name the file and the line.
    public init(parsing text: String, file: String) throws(PanelError) {
        var name: String?
        var description = ""
        var models: [String] = []
        var chip: String?
        var leds: [LED: LineSpec] = [:]
        var buttons: [Button: LineSpec] = [:]
        var usedLines: [String: Int] = [:]

        for line in KeyValueText.lines(text, trailingComments: true) {
            let lineNumber = line.number
            func fail(_ message: String) -> PanelError { .badFile(file: file, line: lineNumber, message: message) }
            let key: String, value: String
            switch line.content {
            case .blank, .comment: continue
            case .other: throw fail("expected `key = value`, found '\(line.text)'")
            case let .pair(pairKey, pairValue): (key, value) = (String(pairKey), String(pairValue))
            }
            let keyWords = key.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            guard !value.isEmpty else { throw fail("`\(key)` has no value") }
            switch keyWords.first {
            case "name" where keyWords.count == 1:
                guard value.utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }) else {
                    throw fail("name '\(value)' must be lower-case letters, digits and '-' (e.g. rpi4)")
                }
                name = value
            case "description" where keyWords.count == 1:
                description = value
            case "model" where keyWords.count == 1:
                models.append(value)
            case "chip" where keyWords.count == 1:
                chip = value
            case "led" where keyWords.count == 2:
                guard let led = LED(rawValue: keyWords[1]) else {
                    throw fail("unknown LED '\(keyWords[1])'; LEDs are \(LED.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                guard leds[led] == nil else { throw fail("LED \(led.rawValue) is given twice") }
                leds[led] = try Self.lineSpec(value, activeLowByDefault: false, fail: fail)
                try Self.claim(leds[led]!.line, at: lineNumber, in: &usedLines, fail: fail)
            case "button" where keyWords.count == 2:
                guard let button = Button(rawValue: keyWords[1]) else {
                    throw fail("unknown button '\(keyWords[1])'; buttons are \(Button.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                guard buttons[button] == nil else { throw fail("button \(button.rawValue) is given twice") }
                buttons[button] = try Self.lineSpec(value, activeLowByDefault: true, fail: fail)
                try Self.claim(buttons[button]!.line, at: lineNumber, in: &usedLines, fail: fail)
            default:
                throw fail("unknown key '\(key)'; keys are name, description, model, chip, led NAME, button NAME")
            }
        }
        guard let name else { throw .badFile(file: file, line: nil, message: "no `name = …` line") }
        guard let chip else { throw .badFile(file: file, line: nil, message: "no `chip = …` line (the GPIO chip's label)") }
        self.init(name: name, description: description, models: models, chipLabel: chip, leds: leds, buttons: buttons)
    }

    /// "GPIO17 active-low pin 11": the line name, then optional words in any order.
    private static func lineSpec(_ value: String, activeLowByDefault: Bool,
                                 fail: (String) -> PanelError) throws(PanelError) -> LineSpec {
        let words = value.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        var spec = LineSpec(line: words[0], activeLow: activeLowByDefault)
        if reservedLines.contains(spec.line) {
            throw fail("\(spec.line) is reserved (GPIO0/1: HAT EEPROM; GPIO2/3: I²C with fixed pull-ups): choose another line")
        }
        var index = 1
        while index < words.count {
            switch words[index] {
            case "active-low": spec.activeLow = true
            case "active-high": spec.activeLow = false
            case "pin":
                guard index + 1 < words.count, let pin = Int(words[index + 1]), (1...40).contains(pin) else {
                    throw fail("`pin` needs a header pin number, 1-40")
                }
                spec.pin = pin
                index += 1
            default:
                throw fail("unexpected '\(words[index])' after the line name; allowed: active-low, active-high, pin N")
            }
            index += 1
        }
        return spec
    }

    private static func claim(_ line: String, at lineNumber: Int, in used: inout [String: Int],
                              fail: (String) -> PanelError) throws(PanelError) {
        if let first = used[line] { throw fail("\(line) is already used on line \(first)") }
        used[line] = lineNumber
    }
}
