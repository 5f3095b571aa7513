#if canImport(Glibc)
import Glibc
#endif
import EditStream
import Logging
import Platform
import Synchronization

/// One soak run: the real `StreamClient` on this thread delivering to the ledger (the proof of
/// no loss or duplication) and to the rig (the box's parts), a sample of the process every
/// `sampleEvery` events, and a watchdog thread that stops the client when deliveries stall.
final class Soak {
    let options: SoakOptions
    private let logger: Logger
    private let rig: SoakRig
    private let client: StreamClient
    private var ledger: DeliveryLedger
    private var samples: SoakSamples
    private var startedAt = 0.0
    private var connections = 0

    init(options: SoakOptions, logger: Logger) throws {
        self.options = options
        self.logger = logger
        let selection = try WikiSelection(parsing: options.languages)
        rig = SoakRig(selection: selection, sampleRate: options.sampleRate, logger: logger)
        client = try StreamClient(
            settings: StreamClientSettings(url: options.url, userAgent: UserAgent.make(contact: "wikichime-soak")),
            logger: logger)
        ledger = DeliveryLedger(expected: options.events)
        samples = SoakSamples(capacity: options.events / options.sampleEvery + 4,
                              warmupEvents: Int(Double(options.events) * options.warmupFraction))
    }

    func run() -> SoakResult {
        let watchdog = Watchdog()
        let client = client, timeout = options.stallTimeout
        let watcher = spawnThread { watchdog.watch(timeout: timeout) { client.stop() } }
        startedAt = MonotonicClock.now()
        sample()
        report(SoakResult.header)
        client.run { [self] event in
            deliver(event)
            watchdog.delivered.store(ledger.delivered, ordering: .relaxed)
        }
        watchdog.finished.store(true, ordering: .sequentiallyConsistent)
        joinThread(watcher)
        let wall = MonotonicClock.now() - startedAt
        rig.finish(at: Double(options.events) / options.rate)
        return result(wall: wall, stalled: watchdog.stalled.load(ordering: .sequentiallyConsistent))
    }

    private func deliver(_ event: SSEDispatch) {
        let sequence = DeliveryLedger.sequence(in: event.lastEventID)
        ledger.record(sequence)
        let connection = client.statistics.connections
        if connection != connections {
            connections = connection
            rig.connected()
        }
        if let sequence, sequence < options.events {
            rig.handle(event.data, at: Double(sequence) / options.rate)
        }
        if ledger.delivered % options.sampleEvery == 0 || sequence == options.events - 1 {
            sample()
            if let last = samples.all.last { report(SoakResult.row(last)) }
        }
        // The server sends nothing after the last event: the stream is done.
        if sequence == options.events - 1 { client.stop() }
    }

    /// The table goes to stdout, or to stderr as progress when stdout carries the JSON.
    private func report(_ line: String) {
        if options.json {
            printError(line)
        } else {
            print(line)
            fflush(nil)  // a row as it comes, also into a file or a pipe
        }
    }

    private func sample() {
        samples.append(SoakSample(
            events: ledger.delivered, virtualSeconds: rig.clock.now(), wallSeconds: MonotonicClock.now() - startedAt,
            residentBytes: ProcessProbe.residentBytes(), descriptors: ProcessProbe.openDescriptors(),
            notesPlayed: rig.notesPlayed, activeVoices: rig.activeVoices))
    }

    private func result(wall: Double, stalled: Bool) -> SoakResult {
        var result = SoakResult(options: options)
        result.ledger = ledger
        result.samples = samples
        result.memory = samples.memory
        result.wallSeconds = wall
        result.stalled = stalled
        let stats = client.statistics
        result.connections = stats.connections
        result.lastError = stats.lastError
        result.server = options.serverStats.flatMap(ServerStats.read)
        result.counters = rig.counters
        result.notesPlayed = rig.notesPlayed
        result.cuesDropped = rig.cuesDropped
        result.audioFailures = rig.audioFailures
        result.audioFrames = rig.sink.framesWritten
        result.stolenVoices = rig.renderer.synth.stolenVoices
        result.flashes = [rig.leds.switchOns(.additions), rig.leds.switchOns(.deletions), rig.leds.switchOns(.newUser)]
        result.statusBlinks = rig.leds.switchOns(.status)
        result.buttonPresses = rig.buttonPresses
        result.buttonActions = rig.buttonActions
        return result
    }
}

/// Stops the client when no event has been delivered for `timeout` seconds (a dead server, a
/// client stuck): the soak then fails instead of hanging.
final class Watchdog: Sendable {
    let delivered = Atomic<Int>(0)
    let finished = Atomic<Bool>(false)
    let stalled = Atomic<Bool>(false)

    func watch(timeout: Double, stop: () -> Void) {
        var seen = -1
        var since = MonotonicClock.now()
        while !finished.load(ordering: .sequentiallyConsistent) {
            sleepSeconds(0.1)
            let now = MonotonicClock.now(), count = delivered.load(ordering: .relaxed)
            if count != seen {
                seen = count
                since = now
            } else if now - since > timeout {
                stalled.store(true, ordering: .sequentiallyConsistent)
                stop()
                return
            }
        }
    }
}
