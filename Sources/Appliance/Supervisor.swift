import Logging
import Platform
import Synchronization

/// A part of the box the supervisor watches: it must show a heartbeat at least every `limit` s.
public struct PartWatch: Sendable {
    public var name: String
    public var limit: Double
    /// Monotonic time of the part's last sign of life (nil: not started yet).
    public var heartbeat: @Sendable () -> Double?

    public init(name: String, limit: Double, heartbeat: @escaping @Sendable () -> Double?) {
        self.name = name
        self.limit = limit
        self.heartbeat = heartbeat
    }
}

/// The loop that proves the program is alive: it pings systemd's watchdog (`WATCHDOG=1` at half
/// of `WATCHDOG_USEC`) from this loop only, so a wedged loop stops the pings and systemd restarts
/// the box; and nothing here depends on the network, so a Wi-Fi outage never becomes a restart
/// loop. It also publishes the status (`STATUS=` and the status file), watches the parts'
/// heartbeats, and runs reloads (SIGHUP) on its own thread, never in a signal handler.
public final class Supervisor: @unchecked Sendable {
    public struct Hooks {
        public var status: () -> StatusReport
        public var reload: () -> Void
        /// Called every turn (e.g. to write pending state).
        public var tick: () -> Void
        public var stopping: () -> Void

        public init(status: @escaping () -> StatusReport, reload: @escaping () -> Void,
                    tick: @escaping () -> Void = {}, stopping: @escaping () -> Void = {}) {
            self.status = status
            self.reload = reload
            self.tick = tick
            self.stopping = stopping
        }
    }

    private let notifier: SystemdNotifier?
    private let watchdogTimeout: Double?
    private let statusPath: String?
    private let statusInterval: Double
    private let parts: [PartWatch]
    private let hooks: Hooks
    private let logger: Logger
    private let requests = Locked(Requests())
    private var unhealthy: Set<String> = []
    private var statusWriteFailed = false

    private struct Requests {
        var stop = false
        var reload = false
        var wedge = false
    }

    public init(notifier: SystemdNotifier?, watchdogTimeout: Double?, statusPath: String?, statusInterval: Double = 2,
                parts: [PartWatch], hooks: Hooks, logger: Logger) {
        self.notifier = notifier
        self.watchdogTimeout = watchdogTimeout
        self.statusPath = statusPath
        self.statusInterval = statusInterval
        self.parts = parts
        self.hooks = hooks
        self.logger = logger
    }

    public func requestStop() { requests.withLock { $0.stop = true } }
    public func requestReload() { requests.withLock { $0.reload = true } }
    /// For tests of the watchdog: the loop stops turning, as a real hang would.
    public func requestWedge() { requests.withLock { $0.wedge = true } }

    /// Runs until `requestStop`. Sends `READY=1` first and `STOPPING=1` last.
    public func run() {
        notifier?.send("READY=1")
        var lastPing = -Double.infinity
        var lastStatus = -Double.infinity
        while true {
            let now = MonotonicClock.now()
            let pending = requests.withLock { r -> Requests in
                defer { r.reload = false }
                return r
            }
            if pending.stop { break }
            if pending.wedge {
                logger.critical("supervisor wedged on request (test hook): watchdog pings stop")
                while true { sleepSeconds(3600) }
            }
            if pending.reload {
                notifier?.send("RELOADING=1")
                hooks.reload()
                notifier?.send("READY=1")
                lastStatus = -Double.infinity
            }
            if let timeout = watchdogTimeout, now - lastPing >= timeout / 2 {
                notifier?.send("WATCHDOG=1")
                lastPing = now
            }
            checkParts(at: now)
            hooks.tick()
            if now - lastStatus >= statusInterval {
                publish()
                lastStatus = now
            }
            sleepSeconds(min(0.1, (watchdogTimeout ?? 1) / 4))
        }
        notifier?.send("STOPPING=1")
        hooks.stopping()
    }

    private func checkParts(at now: Double) {
        for part in parts {
            guard let beat = part.heartbeat() else { continue }
            let silent = now - beat
            if silent > part.limit {
                if unhealthy.insert(part.name).inserted {
                    logger.error("the \(part.name) part is not responding (no sign of life for \(Int(silent)) s)")
                }
            } else if unhealthy.remove(part.name) != nil {
                logger.notice("the \(part.name) part is responding again")
            }
        }
    }

    /// The part states for the status report.
    public var partStates: [String: String] {
        Dictionary(uniqueKeysWithValues: parts.map { ($0.name, unhealthy.contains($0.name) ? "not responding" : "ok") })
    }

    private func publish() {
        var report = hooks.status()
        for (name, state) in partStates { report.parts[name] = state }
        notifier?.send("STATUS=" + report.statusLine)
        guard let statusPath else { return }
        do {
            try AtomicFile.write(report.text, to: statusPath)
            statusWriteFailed = false
        } catch {
            if !statusWriteFailed { logger.warning("\(error); `wikichime status` will not see this box") }
            statusWriteFailed = true
        }
    }
}
