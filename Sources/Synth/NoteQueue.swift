/// Notes waiting for their start frame, in start order (notes for the same frame keep the order
/// they were played in). Starting a note at its exact frame, inside `render`, is what makes
/// starts *and* steals sample-accurate, and the output independent of how the rendering is cut
/// into `render` calls. Fixed capacity, reserved up front: queueing never allocates.
struct NoteQueue {
    struct Entry {
        var note: Note
        /// Absolute frame (frames rendered since the synthesiser was made).
        var frame: Int
    }

    let capacity: Int
    private var entries: [Entry] = []

    init(capacity: Int) {
        self.capacity = capacity
        entries.reserveCapacity(capacity)
    }

    var isEmpty: Bool { entries.isEmpty }
    var count: Int { entries.count }

    /// The frame of the next note due, if any.
    var nextFrame: Int? { entries.first?.frame }

    /// Queues `note` for `frame`; false (and dropped) when the queue is full.
    mutating func insert(_ note: Note, at frame: Int) -> Bool {
        guard entries.count < capacity else { return false }
        // Usually appended: notes arrive in time order. Otherwise after every note due no later.
        var i = entries.count
        while i > 0, entries[i - 1].frame > frame { i -= 1 }
        entries.insert(Entry(note: note, frame: frame), at: i)
        return true
    }

    /// Removes and returns the next note if it is due at or before `frame`.
    mutating func popDue(at frame: Int) -> Note? {
        guard let first = entries.first, first.frame <= frame else { return nil }
        return entries.removeFirst().note
    }
}
