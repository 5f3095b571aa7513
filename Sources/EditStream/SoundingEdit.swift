/// What an event sounds as. Listen to Wikipedia: bells for additions, plucked strings for
/// deletions, a swell for a new account.
public enum EditKind: String, Sendable {
    case addition, deletion, newuser
}

/// Which events sound at all, beyond the wiki selection.
public struct SoundRules: Equatable, Sendable {
    /// Namespaces whose edits sound; Listen to Wikipedia plays articles only (namespace 0).
    /// Empty means every namespace (for quiet wikis).
    public var namespaces: Set<Int> = [0]
    /// Listen to Wikipedia plays bots like everyone else (only the colour differs).
    public var includeBots = true

    public init(namespaces: Set<Int> = [0], includeBots: Bool = true) {
        self.namespaces = namespaces
        self.includeBots = includeBots
    }

    /// New-account log actions that play a swell. `byemail` (an account made for someone else and
    /// mailed to them) does not, as in the original.
    static let newUserActions: Set<String> = ["create", "autocreate", "create2"]

    /// The kind of sound for an event, or nil when it is silent.
    ///
    /// Zero-byte edits count as deletions, as in the original (they play the soft, high clav
    /// note of the smallest size); an edit without `length.new` is silent, since its size is unknown.
    public func classify(_ change: RecentChange) -> (kind: EditKind, delta: Int?)? {
        switch change.type {
        case .edit?, .new?:
            guard let namespace = change.namespace, namespaces.isEmpty || namespaces.contains(namespace),
                  includeBots || !change.bot,
                  let new = change.lengthNew else { return nil }
            // A missing or null old length counts as 0, as in the original (new pages have none).
            let delta = change.type == .new ? new : new - (change.lengthOld ?? 0)
            return (delta > 0 ? .addition : .deletion, delta)
        case .log?:
            guard change.logType == "newusers", let action = change.logAction,
                  Self.newUserActions.contains(action) else { return nil }
            return (.newuser, nil)
        default:
            return nil
        }
    }
}

/// An event that passed the selection and will sound.
public struct SoundingEdit: Sendable {
    public var change: RecentChange
    public var kind: EditKind
    /// Bytes added (negative: removed); nil for new accounts.
    public var delta: Int?

    public init(change: RecentChange, kind: EditKind, delta: Int?) {
        self.change = change
        self.kind = kind
        self.delta = delta
    }
}
