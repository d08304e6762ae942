/// Injectable clock: production code uses `SystemClock`; tests use `ManualClock`, whose
/// time advances only when told to (`advance(by:)`) or when asked to sleep.
///
/// Monotonic time is for deadlines and pacing; realtime (Unix epoch nanoseconds) is for the
/// timestamps written into events. The two are never mixed.
public protocol EventClock: AnyObject {
    /// Monotonic nanoseconds (arbitrary origin): for deadlines and pacing.
    func monotonicNanoseconds() -> Int64
    /// Nanoseconds since the Unix epoch (UTC): for timestamps.
    func realtimeNanoseconds() -> Int64
    /// Returns once `monotonicNanoseconds() >= deadline`. A deadline in the past returns at once.
    func sleep(untilMonotonic deadline: Int64)
}

/// The real clocks: CLOCK_MONOTONIC and CLOCK_REALTIME.
public final class SystemClock: EventClock {
    public init() {}

    @inline(__always)
    public func monotonicNanoseconds() -> Int64 { Platform.monotonicNanoseconds() }

    @inline(__always)
    public func realtimeNanoseconds() -> Int64 {
        let now = Platform.realtime()
        return now.seconds &* 1_000_000_000 &+ now.nanoseconds
    }

    /// Sleeps until the monotonic deadline (Platform.sleep: absolute, robust to signals).
    public func sleep(untilMonotonic deadline: Int64) {
        Platform.sleep(untilMonotonic: deadline)
    }
}

/// A clock for tests: it stands still until `advance(by:)` is called, and `sleep(untilMonotonic:)`
/// jumps both clocks forward to the deadline instead of waiting.
public final class ManualClock: EventClock {
    private var monotonic: Int64
    private var realtime: Int64
    /// Number of `sleep(untilMonotonic:)` calls whose deadline lay in the future (real sleeps).
    public private(set) var sleeps: Int = 0

    /// The default realtime is 2026-01-06T12:00:00Z.
    public init(monotonic: Int64 = 0, realtime: Int64 = 1_767_700_800_000_000_000) {
        self.monotonic = monotonic
        self.realtime = realtime
    }

    /// Moves both clocks forward by `ns` nanoseconds.
    public func advance(by ns: Int64) {
        monotonic += ns
        realtime += ns
    }

    public func monotonicNanoseconds() -> Int64 { monotonic }
    public func realtimeNanoseconds() -> Int64 { realtime }

    public func sleep(untilMonotonic deadline: Int64) {
        guard deadline > monotonic else { return }
        sleeps += 1
        advance(by: deadline - monotonic)
    }
}
