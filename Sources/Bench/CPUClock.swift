#if canImport(Glibc)
import Glibc
#endif

/// CPU time of the calling thread, in seconds: what the benchmarks time, so that other work on the
/// machine (the box's own service, a build) does not count. The corresponding C function is
/// `clock_gettime(CLOCK_THREAD_CPUTIME_ID)`.
public func threadCPUSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

/// The fastest of `repeats` runs (at least one), by `time` (seconds): how every benchmark here
/// keeps the best of N.
func fastest<Result>(of repeats: Int, by time: (Result) -> Double, _ run: () -> Result) -> Result {
    var best = run()
    for _ in 1..<max(1, repeats) {
        let next = run()
        if time(next) < time(best) { best = next }
    }
    return best
}
