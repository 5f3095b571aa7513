/// Counts of what happened to the events that arrived, for logs, `status` and tests.
public struct EditCounters: Equatable, Sendable {
    public var received = 0     // every `message` event
    public var malformed = 0    // not a JSON object, or broken JSON
    public var canary = 0       // Wikimedia's test events
    public var otherWikis = 0   // not in the selection
    public var silent = 0       // selected wiki, but an event that does not sound
    public var duplicates = 0   // seen before (same meta.id)
    public var sounding = 0     // passed everything

    public init() {}
}

/// Turns event payloads into sounding edits: a cheap byte test for the selected wikis, then the
/// decoder, canary and wiki checks, the sound rules, and de-duplication on `meta.id`.
/// One instance per stream; not thread-safe (it runs on the thread that reads the stream).
public struct EditPipeline {
    public var selection: WikiSelection
    public var rules: SoundRules
    public private(set) var counters = EditCounters()
    private var seen: RecentIDs

    /// What the last malformed event was rejected for, for a log line.
    public private(set) var lastMalformedReason: String?

    public init(selection: WikiSelection, rules: SoundRules = SoundRules(), dedupCapacity: Int = 4096) {
        self.selection = selection
        self.rules = rules
        self.seen = RecentIDs(capacity: dedupCapacity)
    }

    public mutating func process(_ json: UnsafeRawBufferPointer) -> SoundingEdit? {
        counters.received += 1
        guard selection.mightMatch(json: json) else {
            counters.otherWikis += 1
            return nil
        }
        let change: RecentChange
        do {
            change = try RecentChange(json: json)
        } catch {
            counters.malformed += 1
            lastMalformedReason = "\(error)"
            return nil
        }
        if change.isCanary {
            counters.canary += 1
            return nil
        }
        guard selection.matches(change) else {
            counters.otherWikis += 1
            return nil
        }
        guard let (kind, delta) = rules.classify(change) else {
            counters.silent += 1
            return nil
        }
        if let id = change.id, !seen.insert(id) {
            counters.duplicates += 1
            return nil
        }
        counters.sounding += 1
        return SoundingEdit(change: change, kind: kind, delta: delta)
    }

    public mutating func process(_ json: [UInt8]) -> SoundingEdit? {
        json.withUnsafeBytes { process($0) }
    }
}
