/// Absolute-schedule pacing. Event k (0-based) is due at `start + k * period` (even arrivals) or
/// at `start + (sum of k exponential gaps with mean period)` (poisson arrivals). Due times are
/// computed from the start, never from "now", so a late wake-up or a slow writer never shifts the
/// schedule: the pacer catches up (events come due immediately) instead of drifting.
///
/// Rate: `eventsPerSecond` may be fractional (0.5/s, 5/min = 5/60). A rate that is not a positive
/// finite number (0, negative, `.infinity`) means *unpaced*: every event is due at once.
///
/// Bursts: with `burst`, time is cut into windows `[start + w*every, start + (w+1)*every)`. Each
/// window holds exactly `burst.size` events, the first due at the window start, then nothing until
/// the next window. Inside the window:
/// - unpaced (no rate): all `size` events are due at the window start, i.e. emitted back-to-back;
///   e.g. size 50 every 10 s = a spike of 50 events every 10 seconds;
/// - with a rate: they are spaced at that rate (evenly or with exponential gaps), so rate 10,
///   burst 50, every 60 s = 5 s of activity at 10/s, then 55 s quiet, per minute.
/// If a paced burst does not fit in its window (size / rate > every), its tail spills into the next
/// window; due times never go backwards, and the next window's burst starts as soon as the previous
/// one is done (at the latest of the two), so windows that overrun catch up rather than drift.
public struct Pacer: Sendable {
    public enum Arrivals: Sendable { case even, poisson }

    public struct Burst: Sendable {
        /// Events per window (>= 1).
        public var size: Int
        /// Window length in nanoseconds (> 0).
        public var every: Int64
        public init(size: Int, every: Int64) {
            self.size = size
            self.every = every
        }
    }

    public let eventsPerSecond: Double
    public let arrivals: Arrivals
    public let startMonotonic: Int64
    public let burst: Burst?
    /// True when events are spaced at a rate (a positive, finite `eventsPerSecond`).
    public let isPaced: Bool

    /// Index of the next event (0-based, counting all events).
    public private(set) var index: Int = 0
    private let meanGap: Double          // nanoseconds; 0 when unpaced
    private var poissonOffset: Double = 0 // ns since the start (or the window start, with bursts)
    private var lastDue: Int64 = .min

    public init(eventsPerSecond: Double, arrivals: Arrivals, startMonotonic: Int64, burst: Burst? = nil) {
        precondition(!eventsPerSecond.isNaN, "Pacer: rate is NaN")
        if let burst {
            precondition(burst.size >= 1 && burst.every > 0, "Pacer: burst needs size >= 1 and every > 0")
        }
        self.eventsPerSecond = eventsPerSecond
        self.arrivals = arrivals
        self.startMonotonic = startMonotonic
        self.burst = burst
        self.isPaced = eventsPerSecond > 0 && eventsPerSecond.isFinite
        self.meanGap = isPaced ? 1e9 / eventsPerSecond : 0
    }

    /// The monotonic time (ns) at which the next event is due; advances the schedule by one event.
    /// `rng` is only consumed for poisson arrivals.
    public mutating func nextDue<R: RandomNumberGenerator>(using rng: inout R) -> Int64 {
        var due: Int64
        if let burst {
            let window = index / burst.size
            let inWindow = index % burst.size
            let windowStart = startMonotonic &+ Int64(window) &* burst.every
            if !isPaced {
                due = windowStart
            } else if arrivals == .even {
                due = windowStart &+ Int64(Double(inWindow) * 1e9 / eventsPerSecond)
            } else {
                if inWindow == 0 { poissonOffset = 0 } else { poissonOffset += rng.nextExponential(mean: meanGap) }
                due = windowStart &+ Int64(poissonOffset)
            }
        } else if !isPaced {
            due = startMonotonic
        } else if arrivals == .even {
            // k * 1e9 / rate, rounded once: exact whenever the true value is an integer.
            due = startMonotonic &+ Int64(Double(index) * 1e9 / eventsPerSecond)
        } else {
            if index > 0 { poissonOffset += rng.nextExponential(mean: meanGap) }
            due = startMonotonic &+ Int64(poissonOffset)
        }
        if due < lastDue { due = lastDue }
        lastDue = due
        index += 1
        return due
    }
}
