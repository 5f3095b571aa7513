#if canImport(Glibc)
import Glibc
#endif
import Platform

/// Turns SIGINT, SIGTERM and SIGHUP (and SIGUSR2, a test hook enabled by WIKICHIME_TEST_HOOKS=1)
/// into calls on a thread of its own (`sigwait`), where ordinary code may run: no work in a
/// signal handler. A second SIGINT or SIGTERM ends the program at once.
enum SignalWatcher {
    /// Call first, before any other thread starts, so that every thread inherits the blocked mask.
    static func start(_ onSignal: @escaping @Sendable (Int32) -> Void) {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        sigaddset(&set, SIGHUP)
        sigaddset(&set, SIGUSR2)
        pthread_sigmask(SIG_BLOCK, &set, nil)
        // A closed pipe or socket is an error to handle where it happens, not a reason to die.
        signal(SIGPIPE, SIG_IGN)
        let signals = set
        let hooks = getenv("WIKICHIME_TEST_HOOKS").map { String(cString: $0) } == "1"
        let watcher = spawnThread {
            var set = signals
            var received = 0
            while true {
                var signal: Int32 = 0
                guard sigwait(&set, &signal) == 0 else { continue }
                if signal == SIGUSR2 && !hooks { continue }
                if signal == SIGINT || signal == SIGTERM {
                    received += 1
                    if received > 1 { _exit(128 + signal) }
                }
                onSignal(signal)
            }
        }
        pthread_detach(watcher)
    }
}
