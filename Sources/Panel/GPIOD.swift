import CGPIOD
#if canImport(Glibc)
import Glibc
#endif
import Platform

/// libgpiod (v1 or v2) through the CGPIOD shim: every call into it goes through this file.
public enum GPIOLibrary {
    /// "1.6.3 (API v1)". The corresponding C functions are `gpiod_version_string` (v1) and
    /// `gpiod_api_version` (v2).
    public static var version: String {
        "\(String(cString: wc_gpio_library_version())) (API v\(wc_gpio_api()))"
    }

    /// The GPIO chips under /dev with their labels: "/dev/gpiochip0 [pinctrl-bcm2711]".
    public static func chips() -> [String] {
        var buffer = [CChar](repeating: 0, count: 4096)
        wc_gpio_chip_paths(&buffer, buffer.count)
        let paths = text(buffer).split(separator: "\n").map(String.init)
        return paths.map { path in
            var label = [CChar](repeating: 0, count: 128)
            guard wc_gpio_chip_label_at(path, &label, label.count) == 0 else {
                return "\(path) [cannot open: \(SystemCallError.reason(errno))]"
            }
            return "\(path) [\(text(label))]"
        }
    }
}

/// An open GPIO chip. Closed when released.
public final class GPIOChip {
    let handle: OpaquePointer

    /// Opens the chip labelled `label` ("pinctrl-bcm2711"), wherever it is numbered.
    /// The corresponding C function is `wc_gpio_chip_open_by_label` (libgpiod's `gpiod_chip_open`).
    public init(label: String) throws(PanelError) {
        var failedPath = [CChar](repeating: 0, count: 128)
        guard let handle = wc_gpio_chip_open_by_label(label, &failedPath, failedPath.count) else {
            let code = errno
            if code == ENOENT { throw .chipNotFound(label: label, available: GPIOLibrary.chips()) }
            let path = failedPath[0] == 0 ? "/dev" : text(failedPath)
            throw .chipUnavailable(label: label, path: path, errno: code)
        }
        self.handle = handle
    }

    deinit {
        wc_gpio_chip_close(handle)
    }

    public var label: String { String(cString: wc_gpio_chip_label(handle)) }
    public var name: String { String(cString: wc_gpio_chip_name(handle)) }
    public var path: String { String(cString: wc_gpio_chip_path(handle)) }
    public var lineCount: Int { Int(wc_gpio_chip_num_lines(handle)) }

    /// The offset of the line named `name`, or nil when the chip has none.
    /// The corresponding C functions are `gpiod_chip_find_line` (v1) and
    /// `gpiod_chip_get_line_offset_from_name` (v2).
    public func offset(ofLine name: String) throws(PanelError) -> UInt32? {
        let offset = wc_gpio_chip_line_offset(handle, name)
        if offset >= 0 { return UInt32(offset) }
        let code = errno
        if code == ENOENT { return nil }
        throw .call(function: "wc_gpio_chip_line_offset", what: "looking up line \(name) on '\(label)'", errno: code)
    }

    /// Who holds the line: nil when it is free, "" when used by an unnamed consumer.
    public func consumer(ofLine offset: UInt32) -> String? {
        var consumer = [CChar](repeating: 0, count: 64)
        return wc_gpio_chip_line_used(handle, offset, &consumer, consumer.count) == 1 ? text(consumer) : nil
    }
}

/// One line to request: its offset and polarity (and, for an output, its first value).
public struct GPIOLineSettings: Equatable, Sendable {
    public var offset: UInt32
    public var activeLow: Bool
    public var initial: Bool

    public init(offset: UInt32, activeLow: Bool, initial: Bool = false) {
        self.offset = offset
        self.activeLow = activeLow
        self.initial = initial
    }
}

/// An edge on an input: its index in the request, the logical level after it (true: active,
/// i.e. a button pressed), and the kernel's time in seconds (CLOCK_MONOTONIC).
public struct GPIOEdge: Equatable, Sendable {
    public var index: Int
    public var active: Bool
    public var time: Double
}

/// Lines requested together: all outputs or all inputs. Values are logical (polarity applied
/// by the kernel). Released when released.
public final class GPIOLineRequest {
    private let handle: OpaquePointer
    /// Requests hold their chip open (v1 frees lines with the chip).
    private let chip: GPIOChip
    public let count: Int

    private init(handle: OpaquePointer, chip: GPIOChip) {
        self.handle = handle
        self.chip = chip
        count = wc_gpio_lines_count(handle)
    }

    deinit {
        wc_gpio_lines_release(handle)
    }

    /// Requests outputs. The corresponding C functions are `gpiod_line_request` (v1) and
    /// `gpiod_chip_request_lines` (v2). Throws the errno: EBUSY when a line is held elsewhere.
    public static func outputs(on chip: GPIOChip, consumer: String, lines: [GPIOLineSettings]) throws(SystemCallError) -> GPIOLineRequest {
        let offsets = lines.map(\.offset)
        let activeLow = lines.map { UInt8($0.activeLow ? 1 : 0) }
        let initial = lines.map { UInt8($0.initial ? 1 : 0) }
        guard let handle = wc_gpio_request_outputs(chip.handle, consumer, offsets, activeLow, initial, lines.count) else {
            throw SystemCallError(code: errno, operation: "request outputs on", path: chip.path)
        }
        return GPIOLineRequest(handle: handle, chip: chip)
    }

    /// Requests inputs with both-edge events and pull-up bias; the kernel debounces for
    /// `debounce` seconds where it can (v2; see `debouncedInKernel`).
    public static func inputs(on chip: GPIOChip, consumer: String, lines: [GPIOLineSettings], pullUp: Bool,
                              debounce: Double) throws(SystemCallError) -> GPIOLineRequest {
        let offsets = lines.map(\.offset)
        let activeLow = lines.map { UInt8($0.activeLow ? 1 : 0) }
        let microseconds = UInt32(max(0, debounce) * 1_000_000)
        guard let handle = wc_gpio_request_inputs(chip.handle, consumer, offsets, activeLow, lines.count,
                                                  pullUp ? 1 : 0, microseconds) else {
            throw SystemCallError(code: errno, operation: "request inputs on", path: chip.path)
        }
        return GPIOLineRequest(handle: handle, chip: chip)
    }

    public var debouncedInKernel: Bool { wc_gpio_lines_debounced_in_kernel(handle) == 1 }

    /// Sets the line at `index` (in request order) active or inactive.
    public func set(_ index: Int, _ active: Bool) throws(SystemCallError) {
        if wc_gpio_lines_set(handle, index, active ? 1 : 0) != 0 {
            throw SystemCallError(code: errno, operation: "set line \(index) of", path: chip.path)
        }
    }

    /// Whether the line at `index` is active.
    public func get(_ index: Int) throws(SystemCallError) -> Bool {
        let value = wc_gpio_lines_get(handle, index)
        if value < 0 { throw SystemCallError(code: errno, operation: "read line \(index) of", path: chip.path) }
        return value == 1
    }

    /// The descriptors to poll for edges.
    public var descriptors: [Int32] {
        (0..<wc_gpio_lines_fd_count(handle)).map { wc_gpio_lines_fd(handle, $0) }
    }

    /// Reads the edges waiting on descriptor number `descriptorIndex`; only after poll said it is
    /// readable. The corresponding C functions are `gpiod_line_event_read_multiple` (v1) and
    /// `gpiod_line_request_read_edge_events` (v2).
    public func readEdges(descriptorIndex: Int) throws(SystemCallError) -> [GPIOEdge] {
        var buffer = [wc_gpio_event](repeating: wc_gpio_event(), count: 16)
        var read: Int32
        repeat {
            read = wc_gpio_lines_read_events(handle, descriptorIndex, &buffer, buffer.count)
        } while read < 0 && errno == EINTR
        guard read >= 0 else { throw SystemCallError(code: errno, operation: "read edges from", path: chip.path) }
        return buffer.prefix(Int(read)).map {
            GPIOEdge(index: $0.index, active: $0.active != 0, time: Double($0.timestamp_ns) / 1e9)
        }
    }
}

/// A NUL-terminated C buffer as a string.
private func text(_ buffer: [CChar]) -> String {
    String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}
