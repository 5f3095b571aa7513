/// One reading of the process during the soak.
struct SoakSample {
    var events: Int
    var virtualSeconds: Double
    var wallSeconds: Double
    var residentBytes: Int
    var descriptors: Int
    var notesPlayed: Int
    var activeVoices: Int
}

/// The readings, with room for all of them reserved up front, and what they say about memory:
/// the level after warm-up, the peak, and the growth after warm-up (least-squares slope against
/// events, and max − min).
struct SoakSamples {
    private(set) var all: [SoakSample] = []
    /// Samples taken before this many events are warm-up: caches and pools filling, first connections.
    let warmupEvents: Int

    init(capacity: Int, warmupEvents: Int) {
        all.reserveCapacity(capacity)
        self.warmupEvents = warmupEvents
    }

    mutating func append(_ sample: SoakSample) {
        all.append(sample)
    }

    struct Memory {
        var startBytes = 0
        var warmupBytes = 0
        var warmupAtEvents = 0
        var maxBytes = 0
        var endBytes = 0
        /// Least-squares slope of RSS against events after warm-up, in bytes per million events.
        var growthPerMillion = 0.0
        /// Max − min RSS after warm-up.
        var spreadAfterWarmup = 0
        var samplesAfterWarmup = 0
        var descriptorsAtStart = 0
        var descriptorsMin = 0
        var descriptorsMax = 0
    }

    var memory: Memory {
        var result = Memory()
        guard let first = all.first, let last = all.last else { return result }
        result.startBytes = first.residentBytes
        result.endBytes = last.residentBytes
        result.maxBytes = all.map(\.residentBytes).max() ?? 0
        result.descriptorsAtStart = first.descriptors
        // While streaming: the first sample is taken before the client connects.
        let streaming = all.filter { $0.events > 0 }
        result.descriptorsMin = streaming.map(\.descriptors).min() ?? 0
        result.descriptorsMax = streaming.map(\.descriptors).max() ?? 0
        let settled = all.filter { $0.events >= warmupEvents }
        guard let warm = settled.first else { return result }
        result.warmupBytes = warm.residentBytes
        result.warmupAtEvents = warm.events
        result.samplesAfterWarmup = settled.count
        let sizes = settled.map(\.residentBytes)
        result.spreadAfterWarmup = (sizes.max() ?? 0) - (sizes.min() ?? 0)
        result.growthPerMillion = Self.slope(settled.map { (Double($0.events), Double($0.residentBytes)) }) * 1e6
        return result
    }

    /// Least-squares slope of y against x; 0 with fewer than two distinct x.
    static func slope(_ points: [(x: Double, y: Double)]) -> Double {
        guard points.count >= 2 else { return 0 }
        let n = Double(points.count)
        let meanX = points.reduce(0) { $0 + $1.x } / n
        let meanY = points.reduce(0) { $0 + $1.y } / n
        var covariance = 0.0, variance = 0.0
        for point in points {
            covariance += (point.x - meanX) * (point.y - meanY)
            variance += (point.x - meanX) * (point.x - meanX)
        }
        return variance > 0 ? covariance / variance : 0
    }
}
