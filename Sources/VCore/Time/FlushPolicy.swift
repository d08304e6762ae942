/// Hybrid flushing: a batch is written when `maximumEvents` are buffered, or when the oldest
/// buffered event has waited `interval`, whichever comes first. Pure bookkeeping on times the
/// caller passes in (monotonic nanoseconds), so it is tested without sleeping.
public struct FlushPolicy: Sendable, Equatable {
    public enum Trigger: String, Sendable, CaseIterable {
        case size, interval, end, signal
    }

    public let maximumEvents: Int
    public let interval: Int64
    public private(set) var pendingEvents = 0
    /// When the oldest buffered event arrived.
    public private(set) var oldestArrival: Int64?

    public init(maximumEvents: Int, interval: Int64) {
        precondition(maximumEvents >= 1 && interval >= 0)
        self.maximumEvents = maximumEvents
        self.interval = interval
    }

    /// Records an event; returns true when the batch is now full.
    public mutating func eventAdded(at now: Int64) -> Bool {
        if pendingEvents == 0 { oldestArrival = now }
        pendingEvents += 1
        return pendingEvents >= maximumEvents
    }

    /// When the interval trigger fires, if anything is buffered.
    public var deadline: Int64? { oldestArrival.map { $0 &+ interval } }

    public func isDue(at now: Int64) -> Bool {
        guard let deadline else { return false }
        return now >= deadline
    }

    /// Milliseconds to wait in poll(2) before the deadline (rounded up, so we never wake early
    /// and spin), or -1 when nothing is buffered.
    public func pollTimeout(at now: Int64) -> Int32 {
        guard let deadline else { return -1 }
        let remaining = deadline - now
        if remaining <= 0 { return 0 }
        return Int32(clamping: (remaining + 999_999) / 1_000_000)
    }

    /// The batch was written (or handed over): start a new one.
    public mutating func flushed() {
        pendingEvents = 0
        oldestArrival = nil
    }

    /// Events handed over by `flushed()` come back (their write failed): they are buffered again,
    /// ahead of any added since, with their own arrival time.
    public mutating func putBack(events: Int, oldestArrival arrival: Int64?) {
        guard events > 0 else { return }
        pendingEvents += events
        if let arrival { oldestArrival = min(arrival, oldestArrival ?? arrival) }
    }

    /// Some events of the batch were written: `remaining` are still buffered, and they keep
    /// their original arrival time, so a retry never makes an event wait longer.
    public mutating func partiallyFlushed(remaining: Int) {
        pendingEvents = remaining
        if remaining == 0 { oldestArrival = nil }
    }
}
