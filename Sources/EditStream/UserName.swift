#if canImport(Glibc)
import Glibc
#endif

/// Rules about MediaWiki user names.
public enum UserName {
    /// Anonymous editors are shown by their IP address (v4 or v6) or, since November 2025, by a
    /// temporary account name of the form `~2026-93757-24` (`^~\d{4}-\d+-\d+$`).
    public static func isAnonymous(_ name: String) -> Bool {
        isTemporaryAccount(name) || isIPAddress(name)
    }

    public static func isTemporaryAccount(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard bytes.first == UInt8(ascii: "~") else { return false }
        let groups = bytes.dropFirst().split(separator: UInt8(ascii: "-"), omittingEmptySubsequences: false)
        guard groups.count == 3, groups[0].count == 4 else { return false }
        return groups.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }
    }

    public static func isIPAddress(_ name: String) -> Bool {
        guard name.utf8.count <= 45 else { return false }
        var buffer = (UInt64(0), UInt64(0))
        return withUnsafeMutableBytes(of: &buffer) { raw in
            inet_pton(AF_INET, name, raw.baseAddress) == 1 || inet_pton(AF_INET6, name, raw.baseAddress) == 1
        }
    }
}
