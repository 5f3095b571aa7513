#if canImport(Glibc)
import Glibc
#endif

/// A value behind a pthread mutex. Hand-written instead of Synchronization's `Mutex` because
/// that one locks with raw futex calls inside the uninstrumented standard library, which
/// ThreadSanitizer cannot see: every use then showed as a race in `Tests/sanitizers.sh`,
/// hiding real ones. pthread locks are intercepted by TSan, so its reports mean something.
public final class Locked<Value>: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private var value: Value

    public init(_ value: Value) {
        self.value = value
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// Runs `body` with the value, holding the lock.
    public func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value)
    }
}
