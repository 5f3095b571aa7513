import Platform

/// Wikimedia refuses requests without a descriptive User-Agent (HTTP 403), and wants a way to
/// reach the operator: `wikichime/0.1.0 (contact) libcurl/7.88.1`.
public enum UserAgent {
    /// - Parameter contact: a URL or e-mail address of whoever runs the box; the project URL if empty.
    public static func make(contact: String?) -> String {
        let trimmed = (contact ?? "").filter { $0 != "\r" && $0 != "\n" && $0 != "(" && $0 != ")" }
        let who = trimmed.isEmpty ? Wikichime.projectURL : trimmed
        return "wikichime/\(Wikichime.version) (\(who)) libcurl/\(Curl.version)"
    }
}
