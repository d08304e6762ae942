import VCore

/// When the next `--every` snapshot is due: on an absolute schedule (start + k × interval)
/// from an injectable clock, so a slow snapshot does not make later ones drift, and a stall
/// longer than an interval skips the missed ones instead of printing a burst.
struct SnapshotSchedule {
    let interval: Int64
    let clock: EventClock
    private(set) var next: Int64

    init(interval: Int64, clock: EventClock) {
        self.interval = interval
        self.clock = clock
        next = clock.monotonicNanoseconds() + interval
    }

    /// Milliseconds poll(2) may wait before the next snapshot (rounded up, at least 0).
    func timeoutMilliseconds() -> Int32 {
        let remaining = next - clock.monotonicNanoseconds()
        if remaining <= 0 { return 0 }
        return Int32(clamping: (remaining + 999_999) / 1_000_000)
    }

    var isDue: Bool { clock.monotonicNanoseconds() >= next }

    /// Call after taking a snapshot: moves the deadline to the next one in the future.
    mutating func advance() {
        let now = clock.monotonicNanoseconds()
        next += interval
        if next <= now { next += ((now - next) / interval + 1) * interval }
    }
}

/// Reads the inputs, feeds the counter, reports malformed lines per input and writes the
/// counts: once at the end, and with `--every` as snapshots while reading.
final class CountRunner {
    let options: CountOptions
    let counter: Counter
    let output: OutputBuffer
    let clock: EventClock
    /// Whether snapshots redraw in place (stdout is a terminal).
    let redraw: Bool
    private var status = ExitStatus.success
    private var schedule: SnapshotSchedule?
    private var signals: FileDescriptor?
    private var stopRequested = false
    private var snapshots = 0
    private var previousLines = 0

    init(options: CountOptions, output: OutputBuffer = OutputBuffer(), clock: EventClock = SystemClock(),
         redraw: Bool? = nil) {
        self.options = options
        self.counter = Counter(options: options)
        self.output = output
        self.clock = clock
        self.redraw = redraw ?? output.descriptor.isTerminal
    }

    func run() -> ExitStatus {
        if let every = options.every {
            schedule = SnapshotSchedule(interval: every, clock: clock)
            signals = try? SignalPipe.install([SIGINT, SIGTERM])
        }
        for input in options.inputs {
            if stopRequested { break }
            read(input)
        }
        if counter.untimed > 0 && options.per != nil {
            let n = counter.untimed
            Diagnostics.error("\(n) \(n == 1 ? "event" : "events") without a usable timestamp left out of the buckets")
        }
        emit(final: true)
        return status
    }

    private func read(_ input: CountOptions.Input) {
        let descriptor: FileDescriptor
        switch input {
        case .standardInput:
            descriptor = .standardInput
        case .path(let path):
            do {
                descriptor = try FileDescriptor.open(path, O_RDONLY)
            } catch {
                Diagnostics.error("\(path): \(error.reason)")
                status = .failure
                return
            }
        }
        defer { if input != .standardInput { descriptor.close() } }
        if options.every == nil, let info = try? descriptor.status(), (info.st_mode & S_IFMT) == S_IFREG {
            let size = Int64(info.st_size)
            let threads = ParallelCount.threads(forSize: size)
            if threads > 1 {
                let path: String
                switch input {
                case .standardInput: path = "/proc/self/fd/0"
                case .path(let name): path = name
                }
                switch ParallelCount.count(path: path, descriptor: descriptor, size: size, threads: threads, into: counter) {
                case .success(let malformed):
                    if let message = malformed.message(for: input.name) {
                        Diagnostics.error(message)
                        self.status = .failure
                    }
                case .failure(let error):
                    Diagnostics.error("\(input.name): \(error.reason)")
                    self.status = .failure
                }
                return
            }
        }
        let reader = LineReader(descriptor)
        var malformed = MalformedTally()
        let counter = self.counter
        let handle: (LineReader.Record) -> Void = { record in
            switch record {
            case .line(let line, let number):
                if counter.count(line: line) == .malformed { malformed.record(line: number) }
            case .overlong(let number, _):
                malformed.record(line: number)
            }
        }
        do {
            while true {
                if schedule != nil {
                    guard waitForInput(descriptor) else { break }
                }
                if try reader.readAvailable(handle) == 0 && reader.reachedEnd { break }
            }
            let pending = reader.pendingBytes
            if pending.count > 0 && !stopRequested {
                if counter.count(line: pending) == .malformed { malformed.record(line: reader.lineNumber + 1) }
                reader.discardPending()
            }
        } catch let error as SystemError {
            Diagnostics.error("\(input.name): \(error.reason)")
            status = .failure
        } catch {
            Diagnostics.error("\(input.name): \(error)")
            status = .failure
        }
        if let message = malformed.message(for: input.name) {
            Diagnostics.error(message)
            status = .failure
        }
    }

    /// With --every: waits until the input is readable, taking snapshots when due.
    /// Returns false when a signal asked us to stop.
    private func waitForInput(_ descriptor: FileDescriptor) -> Bool {
        while true {
            if schedule!.isDue {
                emit(final: false)
                schedule!.advance()
            }
            var fds = [pollfd(fd: descriptor.rawValue, events: Int16(POLLIN), revents: 0)]
            if let signals { fds.append(pollfd(fd: signals.rawValue, events: Int16(POLLIN), revents: 0)) }
            let ready: Int
            do {
                ready = try pollDescriptors(&fds, timeoutMilliseconds: schedule!.timeoutMilliseconds())
            } catch {
                return true  // let read(2) report the problem
            }
            if fds.count > 1 && fds[1].revents != 0 && !SignalPipe.drain().isEmpty {
                stopRequested = true
                return false
            }
            if ready > 0 && fds[0].revents != 0 { return true }
        }
    }

    /// Writes the counts: a snapshot, or the final counts.
    func emit(final: Bool) {
        let report: Report
        do {
            report = try Report(counter)
        } catch {
            if case .tooManyBuckets(let count) = error {
                Diagnostics.error("the timestamps span \(count) buckets of \(Units.formatDuration(options.per!)), more than \(Report.maximumBuckets); choose a longer --per")
            }
            status = .failure
            if final { return }
            return
        }
        var bytes: [UInt8] = []
        ReportRenderer(options: options).render(report, into: &bytes)
        if options.every != nil {
            if redraw {
                if snapshots > 0 && previousLines > 0 {
                    // Back to the start of the previous snapshot, then clear to the end of the screen.
                    output.append("\u{1B}[\(previousLines)A\r\u{1B}[J")
                }
                previousLines = bytes.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
            } else if snapshots > 0 {
                output.append(0x0A)
            }
        }
        snapshots += 1
        output.bytes.append(contentsOf: bytes)
        do {
            try output.flush()
        } catch {
            // A reader that went away (`vcount | head -n 1`) ends us quietly with status 0, as
            // every vtools tool does; a full or closed stdout is an error (`vcount: stdout: …`).
            error.exitTool()
        }
    }
}
