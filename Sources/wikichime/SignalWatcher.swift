#if canImport(Glibc)
import Glibc
#endif

/// Turns SIGINT and SIGTERM into a call on a thread of its own (`sigwait`), where ordinary code
/// may run: no work in a signal handler. A second signal ends the program at once.
enum SignalWatcher {
    /// Call first, before any other thread starts, so that every thread inherits the blocked mask.
    static func start(_ onSignal: @escaping @Sendable (Int32) -> Void) {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        pthread_sigmask(SIG_BLOCK, &set, nil)
        // A closed pipe or socket is an error to handle where it happens, not a reason to die.
        signal(SIGPIPE, SIG_IGN)
        let signals = set
        spawnThread {
            var set = signals
            var received = 0
            while true {
                var signal: Int32 = 0
                guard sigwait(&set, &signal) == 0 else { continue }
                received += 1
                if received > 1 { _exit(128 + signal) }
                onSignal(signal)
            }
        }
    }
}

private final class ThreadBody {
    let run: () -> Void
    init(_ run: @escaping () -> Void) { self.run = run }
}

/// Starts a detached POSIX thread running `body`.
func spawnThread(_ body: @escaping @Sendable () -> Void) {
    let context = Unmanaged.passRetained(ThreadBody(body)).toOpaque()
    var thread = pthread_t()
    let result = pthread_create(&thread, nil, { context in
        Unmanaged<ThreadBody>.fromOpaque(context!).takeRetainedValue().run()
        return nil
    }, context)
    precondition(result == 0, "pthread_create failed: \(result)")
    pthread_detach(thread)
}
