/// An EventStreams response held in memory, for the stream benchmarks: a `:ok` comment, then
/// per event `event: message`, an `id:` line (a JSON array naming its offset, as EventStreams
/// sends), `data: <json>` and a blank line.
public enum SSECorpus {
    /// `events` events cycling through `source` (see `EventLines` for `uniqueIDs`).
    public static func make(events: Int, from source: EventLines, uniqueIDs: Bool = false) -> [UInt8] {
        precondition(source.count > 0, "no events to cycle through")
        let averageLine = source.lines.reduce(0) { $0 + $1.count } / source.count
        var corpus: [UInt8] = []
        corpus.reserveCapacity(events * (averageLine + 120) + 16)
        corpus.append(contentsOf: ":ok\n\n".utf8)
        for n in 0..<events {
            corpus.append(contentsOf: "event: message\nid: [{\"topic\":\"eqiad.mediawiki.recentchange\",\"partition\":0,\"offset\":\(n)}]\ndata: ".utf8)
            source.append(n, uniqueID: uniqueIDs, to: &corpus)
            corpus.append(contentsOf: "\n\n".utf8)
        }
        return corpus
    }
}
