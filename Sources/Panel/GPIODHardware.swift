#if canImport(Glibc)
import Glibc
#endif
import Platform

/// The panel on real GPIO lines through libgpiod: the chip named by the board profile, each LED
/// and button found by its line name, never by number.
public enum GPIODHardware {
    /// Opens the profile's chip (or `chipLabel` instead) and requests its LEDs (all dark) and
    /// buttons. Every failure names the line, the chip and the likely fix.
    public static func open(_ profile: BoardProfile, chipLabel: String? = nil, consumer: String = "wikichime",
                            timing: PanelTiming = .standard) throws(PanelError) -> (leds: GPIODLEDs, buttons: GPIODButtons) {
        let chip = try GPIOChip(label: chipLabel ?? profile.chipLabel)
        let leds = try GPIODLEDs(chip: chip, lines: profile.leds, consumer: consumer)
        let buttons = try GPIODButtons(chip: chip, lines: profile.buttons, consumer: consumer, debounce: timing.debounce)
        return (leds, buttons)
    }

    /// Finds each line by name: (what, its settings) in order.
    static func settings<Part: RawRepresentable & Comparable>(
        _ lines: [Part: LineSpec], kind: String, on chip: GPIOChip
    ) throws(PanelError) -> [(Part, GPIOLineSettings)] where Part.RawValue == String {
        var result: [(Part, GPIOLineSettings)] = []
        for (part, spec) in lines.sorted(by: { $0.key < $1.key }) {
            guard let offset = try chip.offset(ofLine: spec.line) else {
                throw .lineNotFound(line: spec.line, role: "\(kind) \(part.rawValue)", chip: chip.label)
            }
            result.append((part, GPIOLineSettings(offset: offset, activeLow: spec.activeLow)))
        }
        return result
    }

    /// Turns a failed request into a message naming the line that is held, if one is.
    static func requestFailed<Part: RawRepresentable>(
        _ error: SystemCallError, lines: [(Part, GPIOLineSettings)], specs: [Part: LineSpec], kind: String, chip: GPIOChip
    ) -> PanelError where Part.RawValue == String {
        if error.code == EBUSY {
            for (part, settings) in lines {
                if let consumer = chip.consumer(ofLine: settings.offset) {
                    return .lineBusy(line: specs[part]!.line, role: "\(kind) \(part.rawValue)", chip: chip.label,
                                     consumer: consumer)
                }
            }
        }
        let names = lines.map { specs[$0.0]!.line }.joined(separator: ", ")
        return .call(function: "wc_gpio_request_\(kind == "LED" ? "outputs" : "inputs")",
                     what: "requesting the \(kind)s (\(names)) on '\(chip.label)'", errno: error.code)
    }
}

/// The LEDs on GPIO outputs, polarity in the request: the panel only says on or off.
public final class GPIODLEDs: LEDDriver {
    public let leds: [LED]
    private let request: GPIOLineRequest?
    private let specs: [LED: LineSpec]
    private let chipLabel: String

    init(chip: GPIOChip, lines specs: [LED: LineSpec], consumer: String) throws(PanelError) {
        let lines = try GPIODHardware.settings(specs, kind: "LED", on: chip)
        leds = lines.map(\.0)
        self.specs = specs
        chipLabel = chip.label
        if lines.isEmpty {
            request = nil
            return
        }
        do {
            request = try GPIOLineRequest.outputs(on: chip, consumer: consumer, lines: lines.map(\.1))
        } catch {
            throw GPIODHardware.requestFailed(error, lines: lines, specs: specs, kind: "LED", chip: chip)
        }
    }

    public func set(_ led: LED, on: Bool) throws(PanelError) {
        guard let index = leds.firstIndex(of: led), let request else { return }
        do {
            try request.set(index, on)
        } catch {
            throw .call(function: "wc_gpio_lines_set", what: "switching LED \(led.rawValue) (\(specs[led]!.line) on '\(chipLabel)')",
                        errno: error.code)
        }
    }
}

/// The buttons on GPIO inputs: pull-up, both edges, debounced by the kernel where libgpiod v2
/// can ask for it.
public final class GPIODButtons: ButtonSource {
    public let buttons: [Button]
    public let descriptors: [Int32]
    public let debouncedInKernel: Bool
    private let request: GPIOLineRequest?
    private let specs: [Button: LineSpec]
    private let chipLabel: String

    init(chip: GPIOChip, lines specs: [Button: LineSpec], consumer: String, debounce: Double) throws(PanelError) {
        let lines = try GPIODHardware.settings(specs, kind: "button", on: chip)
        buttons = lines.map(\.0)
        self.specs = specs
        chipLabel = chip.label
        if lines.isEmpty {
            request = nil
            descriptors = []
            debouncedInKernel = false
            return
        }
        do {
            let request = try GPIOLineRequest.inputs(on: chip, consumer: consumer, lines: lines.map(\.1), pullUp: true,
                                                     debounce: debounce)
            self.request = request
            descriptors = request.descriptors
            debouncedInKernel = request.debouncedInKernel
        } catch {
            throw GPIODHardware.requestFailed(error, lines: lines, specs: specs, kind: "button", chip: chip)
        }
    }

    public func readEdges(ready: [Int32], now: Double) throws(PanelError) -> [ButtonEdge] {
        guard let request else { return [] }
        var edges: [ButtonEdge] = []
        for (index, descriptor) in descriptors.enumerated() where ready.contains(descriptor) {
            do {
                for edge in try request.readEdges(descriptorIndex: index) where edge.index < buttons.count {
                    // Kernels before 5.7 stamp v1 events with the wall clock: fall back to now.
                    let time = abs(edge.time - now) < 1 ? edge.time : now
                    edges.append(ButtonEdge(buttons[edge.index], pressed: edge.active, at: time))
                }
            } catch {
                throw .call(function: "wc_gpio_lines_read_events", what: "reading button edges on '\(chipLabel)'",
                            errno: error.code)
            }
        }
        return edges.sorted { $0.time < $1.time }
    }

    public func isPressed(_ button: Button) throws(PanelError) -> Bool {
        guard let index = buttons.firstIndex(of: button), let request else { return false }
        do {
            return try request.get(index)
        } catch {
            throw .call(function: "wc_gpio_lines_get", what: "reading button \(button.rawValue) (\(specs[button]!.line))",
                        errno: error.code)
        }
    }
}
