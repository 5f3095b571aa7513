/// The `type` of a `mediawiki/recentchange` event.
public enum ChangeType: Equatable, Sendable {
    case edit, new, log, categorize, external
    case other(String)

    init(_ raw: String) {
        switch raw {
        case "edit": self = .edit
        case "new": self = .new
        case "log": self = .log
        case "categorize": self = .categorize
        case "external": self = .external
        default: self = .other(raw)
        }
    }

    public var name: String {
        switch self {
        case .edit: "edit"
        case .new: "new"
        case .log: "log"
        case .categorize: "categorize"
        case .external: "external"
        case .other(let raw): raw
        }
    }
}

/// Who made a change, as Listen to Wikipedia colours it.
public enum UserClass: String, Sendable {
    case registered, anonymous, bot
}

/// The fields of a `mediawiki/recentchange` event that the box uses. The schema requires only
/// `$schema` and `meta`: every field here is optional, and unknown fields are skipped.
public struct RecentChange: Equatable, Sendable {
    public var id: String?          // meta.id, a UUID; duplicates happen
    public var domain: String?      // meta.domain; "canary" marks test events
    public var type: ChangeType?
    public var namespace: Int?
    public var title: String?
    public var user: String?        // may be absent (redacted)
    public var bot = false
    public var lengthOld: Int?
    public var lengthNew: Int?
    public var logType: String?
    public var logAction: String?
    public var serverName: String?
    public var wiki: String?        // database name, e.g. "enwiki"

    public init() {}

    /// Canary events are injected by Wikimedia to check the pipeline; they are never real edits.
    public var isCanary: Bool { domain == "canary" }

    public var userClass: UserClass {
        if bot { return .bot }
        if let user, UserName.isAnonymous(user) { return .anonymous }
        return .registered
    }

    /// Decodes one event's JSON. Throws `JSONScanError` on malformed JSON or a non-object.
    public init(json bytes: UnsafeRawBufferPointer) throws {
        self.init()
        var scanner = JSONScanner(bytes)
        try scanner.readObject { key, value in
            switch key {
            case "meta":
                try value.readOptionalObject { key, value in
                    switch key {
                    case "id": self.id = try value.readOptionalString()
                    case "domain": self.domain = try value.readOptionalString()
                    default: try value.skipValue()
                    }
                }
            case "type": self.type = try value.readOptionalString().map(ChangeType.init)
            case "namespace": self.namespace = try value.readOptionalInt()
            case "title": self.title = try value.readOptionalString()
            case "user": self.user = try value.readOptionalString()
            case "bot": self.bot = try value.readOptionalBool() ?? false
            case "length": try readLength(&value)
            case "log_type": self.logType = try value.readOptionalString()
            case "log_action": self.logAction = try value.readOptionalString()
            case "server_name": self.serverName = try value.readOptionalString()
            case "wiki": self.wiki = try value.readOptionalString()
            default: try value.skipValue()
            }
        }
        try scanner.expectEnd()
    }

    public init(json bytes: [UInt8]) throws {
        self = try bytes.withUnsafeBytes { try RecentChange(json: $0) }
    }

    private mutating func readLength(_ value: inout JSONScanner) throws {
        // `length` is an object {old, new}; `old` is null (2018) or absent (2026) on a new page.
        guard value.nextIsObject else {
            try value.skipValue()  // null or an unexpected shape: no sizes, not fatal
            return
        }
        try value.readOptionalObject { key, value in
            switch key {
            case "old": self.lengthOld = try value.readOptionalInt()
            case "new": self.lengthNew = try value.readOptionalInt()
            default: try value.skipValue()
            }
        }
    }
}
