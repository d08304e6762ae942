import VCore

/// What to generate and how fast: the decoded command line.
struct GeneratorOptions: Sendable {
    var rate: Rate = .perSecond(10)
    var arrivals: Pacer.Arrivals = .even
    /// `size` events at the start of every `every` window (spaced at `rate` unless it is max).
    var burst: Pacer.Burst?
    /// Stop after this many events.
    var count: Int?
    /// Stop before the first event due this long (nanoseconds) after the start.
    var duration: Int64?
    /// nil: a random seed (reported by `--stats`).
    var seed: UInt64?
    /// Simulated clock starting at this instant (Unix epoch ns): no sleeping, timestamps follow the schedule.
    var start: Int64?
    var categories: CategoryWeights?
    var printStatistics = false
}

/// The run loop: Pacer (absolute schedule) → EventGenerator → writes.
///
/// Three modes:
/// - paced, real time (a finite rate, or bursts): sleep until the next event is due on the injected
///   clock, then write what is due — one write(2) per event, or per group of events due at the same
///   instant (a burst, or catching up after a late wake-up). Timestamps are the time of writing.
/// - unpaced, real time (`--rate max` without bursts): generate as fast as possible into a
///   256 KiB block buffer; timestamps come from the clock, read every 16th event.
/// - simulated (`--start`): the clock is never read nor slept on; event k is stamped
///   `start + due(k)`, so with a seed the output is byte-for-byte reproducible. Block-buffered.
///
/// `--count` stops after N events; `--duration` before the first event due at or after
/// start + DURATION (in real time also when the clock passes that point while catching up); a
/// real-time run then sleeps until the end, so it lasts the full duration.
struct Generator {
    struct Summary: Equatable {
        enum Ending: String { case count, duration, readerClosed = "reader closed" }
        var events = 0
        var bytes = 0
        var ending: Ending = .count
        /// Monotonic (simulated: schedule) nanoseconds from the start to the end.
        var elapsed: Int64 = 0
    }

    static let blockSize = 256 * 1024

    let options: GeneratorOptions
    let clock: any EventClock
    let writer: any EventWriter
    private(set) var events: EventGenerator
    /// The pacer's own random stream (poisson gaps), derived from the seed but separate from the
    /// generator's, so event contents do not depend on the timing options.
    private var pacingRandom: SeededRandom

    var seed: UInt64 { events.seed }

    init(options: GeneratorOptions, clock: any EventClock, writer: any EventWriter) {
        self.options = options
        self.clock = clock
        self.writer = writer
        events = EventGenerator(seed: options.seed, categories: options.categories)
        pacingRandom = SeededRandom(seed: events.seed ^ 0x7061_6365_7061_6365)   // "pacepace"
    }

    /// Whether the loop sleeps between events (and so writes each event as soon as it is due).
    var isPaced: Bool {
        options.start == nil && (!options.rate.isMax || options.burst != nil)
    }

    /// Generates until `--count`, `--duration` or the reader going away. Throws only when the
    /// output fails for another reason (a full disk, a closed descriptor).
    mutating func run() throws(OutputBuffer.Failure) -> Summary {
        var summary = Summary()
        do {
            if let start = options.start {
                try runSimulated(from: start, &summary)
            } else {
                try runRealTime(&summary)
            }
        } catch .readerClosed {
            summary.ending = .readerClosed
        }
        return summary
    }

    private mutating func makePacer(startMonotonic: Int64) -> Pacer {
        Pacer(eventsPerSecond: options.rate.eventsPerSecond, arrivals: options.arrivals,
              startMonotonic: startMonotonic, burst: options.burst)
    }

    private func write(_ buffer: inout [UInt8], _ summary: inout Summary) throws(OutputBuffer.Failure) {
        guard !buffer.isEmpty else { return }
        let failure: OutputBuffer.Failure? = buffer.withUnsafeBytes { bytes in
            do throws(OutputBuffer.Failure) { try writer.write(bytes); return nil } catch { return error }
        }
        if let failure { throw failure }
        summary.bytes += buffer.count
        buffer.removeAll(keepingCapacity: true)
    }

    private mutating func runSimulated(from start: Int64, _ summary: inout Summary) throws(OutputBuffer.Failure) {
        var pacer = makePacer(startMonotonic: 0)
        let limit = options.count ?? .max
        let end = options.duration ?? .max
        var buffer = [UInt8]()
        buffer.reserveCapacity(Self.blockSize + ScratchBuffer.capacity)
        summary.ending = .duration
        var due: Int64 = 0
        while summary.events < limit {
            due = pacer.nextDue(using: &pacingRandom)
            if due >= end { due = end; break }
            let (timestamp, overflow) = start.addingReportingOverflow(due)
            if overflow { break }   // past 2262-04-11, the end of Int64 nanoseconds
            events.appendEvent(timestampNanoseconds: timestamp, into: &buffer)
            summary.events += 1
            if buffer.count >= Self.blockSize { try write(&buffer, &summary) }
        }
        if summary.events == limit { summary.ending = .count }
        summary.elapsed = due
        try write(&buffer, &summary)
    }

    private mutating func runRealTime(_ summary: inout Summary) throws(OutputBuffer.Failure) {
        let startMonotonic = clock.monotonicNanoseconds()
        let startRealtime = clock.realtimeNanoseconds()
        var pacer = makePacer(startMonotonic: startMonotonic)
        let paced = isPaced
        let limit = options.count ?? .max
        let end = options.duration.map { startMonotonic &+ $0 } ?? .max
        var buffer = [UInt8]()
        buffer.reserveCapacity((paced ? 16 * 1024 : Self.blockSize) + ScratchBuffer.capacity)
        summary.ending = .count
        defer { summary.elapsed = clock.monotonicNanoseconds() - startMonotonic }
        var now = startMonotonic
        while summary.events < limit {
            let due = pacer.nextDue(using: &pacingRandom)
            if due >= end { summary.ending = .duration; break }
            // Unpaced, the clock (for timestamps and --duration) is read every 16th event only:
            // at millions of events a second that is every few microseconds, and twice as fast.
            if paced || summary.events & 15 == 0 { now = clock.monotonicNanoseconds() }
            if due > now {
                // Nothing else is due before this one: what was due goes out now, then wait.
                try write(&buffer, &summary)
                clock.sleep(untilMonotonic: due)
                now = clock.monotonicNanoseconds()
            }
            if now >= end { summary.ending = .duration; break }
            events.appendEvent(timestampNanoseconds: startRealtime &+ (now &- startMonotonic), into: &buffer)
            summary.events += 1
            if buffer.count >= Self.blockSize { try write(&buffer, &summary) }
        }
        try write(&buffer, &summary)
        if summary.ending == .duration && end != .max {
            clock.sleep(untilMonotonic: end)   // a timed run lasts its full duration
        }
    }
}

extension Generator.Summary {
    /// `1000 events, 412345 bytes in 2.000s (500 events/s), ended by count`.
    var statisticsLine: String {
        let seconds = Double(elapsed) / 1e9
        let millis = elapsed / 1_000_000
        let perSecond = seconds > 0 ? Int((Double(events) / seconds).rounded()) : events
        let fraction = String(millis % 1000)
        let padded = String(repeating: "0", count: 3 - fraction.count) + fraction
        return "\(events) events, \(bytes) bytes in \(millis / 1000).\(padded)s (\(perSecond) events/s), ended by \(ending.rawValue)"
    }
}
