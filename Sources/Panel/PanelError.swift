#if canImport(Glibc)
import Glibc
#endif
import Platform

/// Everything that can go wrong with the panel, each saying what, where, and the likely fix.
public enum PanelError: Error, Equatable, CustomStringConvertible {
    /// No chip with this label. `available` lists what the machine has ("/dev/gpiochip0 [pinctrl-rp1]").
    case chipNotFound(label: String, available: [String])
    /// A chip (or /dev itself) could not be opened: usually EACCES, not in the gpio group.
    case chipUnavailable(label: String, path: String, errno: Int32)
    /// The chip has no line of this name. `role` is e.g. "LED additions".
    case lineNotFound(line: String, role: String, chip: String)
    /// Another program holds the line.
    case lineBusy(line: String, role: String, chip: String, consumer: String?)
    /// Any other failed call: the libgpiod shim function, what it was doing, errno.
    case call(function: String, what: String, errno: Int32)
    /// A board profile (or a test-gpio script) that cannot be read or used.
    case badFile(file: String, line: Int?, message: String)
    /// No profile matches: `board = auto` on an unknown board, or an unknown name.
    case noProfile(wanted: String, model: String?, directories: [String], known: [String])

    public var description: String {
        switch self {
        case let .chipNotFound(label, available):
            let has = available.isEmpty ? "no GPIO chips at all (no /dev/gpiochip*)" : "only " + available.joined(separator: ", ")
            return "no GPIO chip labelled '\(label)': this machine has \(has). "
                + "Is the board profile right? Set `board` in /etc/wikichime.conf (or --board, --chip-label); "
                + "`gpiodetect` lists the chips"
        case let .chipUnavailable(label, path, code) where code == EACCES || code == EPERM:
            return "cannot open \(path) (looking for GPIO chip '\(label)'): \(SystemCallError.reason(code)). "
                + "Add the user to the gpio group (sudo usermod -aG gpio $USER, then log in again); "
                + "the service gets it from SupplementaryGroups=gpio"
        case let .chipUnavailable(label, path, code):
            return "cannot open \(path) (looking for GPIO chip '\(label)'): \(SystemCallError.reason(code))"
        case let .lineNotFound(line, role, chip):
            return "\(role): no line named \(line) on GPIO chip '\(chip)'. "
                + "Check the line name in the board profile (`gpioinfo` lists the names)"
        case let .lineBusy(line, role, chip, consumer):
            let by = consumer.map { $0.isEmpty ? "" : " by '\($0)'" } ?? ""
            return "\(role): line \(line) on GPIO chip '\(chip)' is busy (used\(by)). "
                + "Another program holds it: stop it (is wikichime already running? sudo systemctl stop wikichime), "
                + "or wire it to another line and change the board profile"
        case let .call(function, what, code):
            return "\(what) failed (\(function): \(SystemCallError.reason(code)))"
        case let .badFile(file, line, message):
            return "\(file)\(line.map { ":\($0)" } ?? ""): \(message)"
        case let .noProfile(wanted, model, directories, known):
            let where_ = directories.isEmpty ? "no profile directory" : directories.joined(separator: ", ")
            let list = known.isEmpty ? "none found" : known.joined(separator: ", ")
            if wanted == "auto" {
                let seen = model.map { "model '\($0)'" } ?? "no device-tree model: not a Raspberry Pi?"
                return "no board profile matches this board (\(seen)); profiles in \(where_): \(list). "
                    + "Set `board` to one of them, or to `none` for sound only"
            }
            return "no board profile '\(wanted)' in \(where_) (profiles: \(list))"
        }
    }
}
