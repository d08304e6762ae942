import VCore

/// vexport's settings, decoded from the command line.
struct ExportOptions {
    var destination: BatchWriter.Destination
    var bufferSize = 10
    var flushInterval: Int64 = 60_000_000_000
    var stamp = true
    var rejectsPath: String?
    var maximumRecord = 1 << 20
    var synchronize = false
    var giveUp: Int64 = 10_000_000_000
    var printStatistics = false
}

/// Counters for --stats and the exit status.
struct ExportStatistics {
    var read = 0
    var written = 0
    var rejected = 0
    var unwritten = 0
    var bytes: Int64 = 0
    var flushes: [FlushPolicy.Trigger: Int] = [:]

    var line: String {
        let triggers = FlushPolicy.Trigger.allCases.map { "\($0.rawValue) \(flushes[$0, default: 0])" }.joined(separator: ", ")
        let total = flushes.values.reduce(0, +)
        var text = "events read \(read), written \(written), rejected \(rejected)"
        if unwritten > 0 { text += ", unwritten \(unwritten)" }
        return text + "; flushes \(total) (\(triggers)); bytes \(bytes)"
    }
}

/// The export loop: stdin → validated, compacted, stamped events → batches → BatchWriter.
/// One poll(2) loop around stdin, the signal pipe and the next deadline; large batches bound for
/// a file are handed to a writer thread (see `startBackgroundWrite`).
final class Exporter {
    /// Past this many buffered bytes (while writes fail) input is no longer read, so a
    /// producer blocks instead of our memory growing.
    static let pendingLimit = 8 << 20
    static let readSize = 1 << 18

    let options: ExportOptions
    let input: FileDescriptor
    let writer: BatchWriter
    private(set) var statistics = ExportStatistics()
    private var policy: FlushPolicy
    private var rejects: RejectsFile?
    private var errors = ErrorSummary(limit: 10)

    /// Lines waiting to be written, each ending in a newline.
    private var batch: [UInt8] = []
    private var window: InputWindow
    private var inputEnded = false
    /// Reading standard input failed: what was read is written, but the status is 1.
    private var inputFailed = false
    private var stopRequested = false

    private var random = SeededRandom()

    /// A large batch bound for a file is written by a helper thread while this one reads and
    /// validates the next: at most one at a time, and its result is taken in here ("settled")
    /// before anything else touches the writer, so failures are handled exactly as for a write
    /// made here. Small batches, the usual case of a live agent, are written here directly.
    static let backgroundWriteMinimum = 64 << 10
    private final class BackgroundWrite: @unchecked Sendable {  // handed over by start/wait
        let bytes: [UInt8]
        let events: Int
        let oldestArrival: Int64?
        let trigger: FlushPolicy.Trigger
        var failure: BatchWriter.Failure?
        init(bytes: [UInt8], events: Int, oldestArrival: Int64?, trigger: FlushPolicy.Trigger) {
            self.bytes = bytes
            self.events = events
            self.oldestArrival = oldestArrival
            self.trigger = trigger
        }
    }
    private var writeThread: HelperThread?
    private var inFlight: BackgroundWrite?
    /// The buffer of the last background write, kept for its capacity.
    private var spareBatch: [UInt8] = []
    private let writesInBackground: Bool
    /// Writes made while taking in one read keep the file locked until its end.
    private var keepLock = false
    private var stampTime: [UInt8] = []

    private struct WriteFailure {
        var error: SystemError
        var retryAt: Int64
        var backoff: Int64
        var trigger: FlushPolicy.Trigger
    }
    private var failure: WriteFailure?
    /// Standard output failed for good (full, closed): nothing more is written to it.
    private var outputBroken = false

    init(options: ExportOptions, input: FileDescriptor = .standardInput) {
        self.options = options
        self.input = input
        writer = BatchWriter(destination: options.destination, synchronize: options.synchronize)
        policy = FlushPolicy(maximumEvents: options.bufferSize, interval: options.flushInterval)
        window = InputWindow(capacity: Self.readSize)
        rejects = options.rejectsPath.map { RejectsFile(path: $0) }
        batch.reserveCapacity(1 << 16)
        if case .path = options.destination {
            writesInBackground = Platform.onlineProcessors > 1
        } else {
            writesInBackground = false  // a failing stdout ends the output at once: keep it simple
        }
    }

    /// Runs until end of input or SIGTERM/SIGINT; returns the exit status.
    func run() -> ExitStatus {
        do {
            try writer.open()
        } catch {
            Diagnostics.fail("\(error)")
        }
        let signals: FileDescriptor
        do {
            signals = try SignalPipe.install([SIGTERM, SIGINT, SIGHUP, SIGUSR1])
        } catch {
            Diagnostics.fail("\(error)")
        }
        Platform.enlargePipe(input.rawValue, to: Int32(Self.readSize))
        var endTrigger = FlushPolicy.Trigger.end
        while !inputEnded && !stopRequested {
            // Standard output failed for good: read on only to account for the events (into
            // the rejects file or stderr), and only as far as the memory bound.
            if outputBroken && batch.count >= Self.pendingLimit { break }
            if inFlight != nil && !writeThread!.isBusy { settleWrite() }
            let now = Platform.monotonicNanoseconds()
            if let failure {
                if now >= failure.retryAt { flush(failure.trigger) }
            } else if policy.isDue(at: now) {
                flush(.interval)
            }
            var timeout = failure == nil ? policy.pollTimeout(at: now) : milliseconds(until: failure!.retryAt, from: now)
            let acceptingInput = batch.count < Self.pendingLimit
            if !acceptingInput && failure == nil { timeout = 0 }
            // A background write is settled soon after it ends, even with no input.
            if inFlight != nil && (timeout < 0 || timeout > 10) { timeout = 10 }
            var fds = [pollfd(fd: signals.rawValue, events: Int16(POLLIN), revents: 0)]
            if acceptingInput { fds.append(pollfd(fd: input.rawValue, events: Int16(POLLIN), revents: 0)) }
            do {
                _ = try pollDescriptors(&fds, timeoutMilliseconds: timeout)
            } catch {
                Diagnostics.fail("\(error)")
            }
            if fds[0].revents != 0 {
                for signo in SignalPipe.drain() { handleSignal(signo, endTrigger: &endTrigger) }
            }
            if acceptingInput && !stopRequested && fds[1].revents != 0 {
                readInput()
            }
        }
        finish(endTrigger)
        if options.printStatistics { Diagnostics.error("stats: " + statistics.line) }
        let rejectsLost = rejects?.hasFailed ?? false
        let failed = statistics.rejected > 0 || statistics.unwritten > 0 || rejectsLost || inputFailed
        return failed ? .failure : .success
    }

    private func milliseconds(until deadline: Int64, from now: Int64) -> Int32 {
        deadline <= now ? 0 : Int32(clamping: (deadline - now + 999_999) / 1_000_000)
    }

    private func handleSignal(_ signo: Int32, endTrigger: inout FlushPolicy.Trigger) {
        switch signo {
        case SIGTERM, SIGINT:
            stopRequested = true
            endTrigger = .signal
        case SIGHUP:
            flush(.signal)
            settleWrite()
            do {
                try writer.open()
            } catch {
                Diagnostics.error("\(error)")
            }
        case SIGUSR1:
            flush(.signal)
        default:
            break
        }
    }

    // MARK: Input

    private func readInput() {
        let n: Int
        do {
            n = try window.read(from: input)
        } catch {
            Diagnostics.error("\(SystemError(error.call, path: "stdin", code: error.code))")
            inputFailed = true
            inputEnded = true
            return
        }
        if n == 0 { inputEnded = true }
        consumeBuffered(atEnd: inputEnded)
    }

    /// On SIGTERM/SIGINT: takes in what the producer already wrote into the pipe (without
    /// waiting for more), so events handed over before the signal are not lost. Bounded, so a
    /// producer that never pauses cannot keep us from stopping.
    private func drainAvailableInput() {
        // O_NONBLOCK belongs to the open file description, which a terminal shares with the
        // shell: put the flags back afterwards.
        let flags = fcntl(input.rawValue, F_GETFL)
        guard flags >= 0, fcntl(input.rawValue, F_SETFL, flags | O_NONBLOCK) == 0 else { return }
        defer { _ = fcntl(input.rawValue, F_SETFL, flags) }
        var drained = 0
        while drained < Self.pendingLimit && !inputEnded {
            let n: Int
            do {
                n = try window.read(from: input)
            } catch {
                break // EAGAIN: nothing more is waiting
            }
            if n == 0 { inputEnded = true }
            drained += n
            consumeBuffered(atEnd: false)
        }
    }

    /// Turns every complete text in the window into a buffered event (or a rejection).
    private func consumeBuffered(atEnd: Bool) {
        stampTime.removeAll(keepingCapacity: true)
        // Events taken from one read arrived together: one clock reading serves them all.
        let arrival = Platform.monotonicNanoseconds()
        let buffer = window.bytes
        // Batches completed from this one read share one flock(2).
        keepLock = true
        defer {
            keepLock = false
            // A background write releases the lock itself when it is done.
            if inFlight == nil { writer.releaseLock() }
        }
        do {
            var position = window.start
            let end = window.end
            scan: while position < end {
                if window.skipping {
                    if let newline = buffer.firstIndex(of: 0x0A, from: position, to: end) {
                        streamReject(buffer, position..<newline + 1, final: true)
                        window.advanceLine(at: newline)
                        window.skipping = false
                        position = newline + 1
                        continue
                    }
                    streamReject(buffer, position..<end, final: atEnd)
                    position = end
                    break
                }
                position = window.skipWhitespace(buffer, from: position, to: end)
                if position >= end { break }
                let textStart = position
                let before = batch.count
                switch JSONScanner.scanText(buffer, from: textStart, atEndOfInput: atEnd, into: &batch) {
                case .complete(let info):
                    window.countLines(buffer, textStart..<info.end, compacted: batch.count - before)
                    if !info.isObject {
                        batch.removeSubrange(before...)
                        reject(buffer, textStart..<info.end, reason: "not an object", at: textStart)
                    } else if info.end - textStart > options.maximumRecord {
                        batch.removeSubrange(before...)
                        reject(buffer, textStart..<info.end, reason: "record larger than --max-record (\(options.maximumRecord) bytes)", at: textStart)
                    } else {
                        if options.stamp && !(info.hasID && info.hasTimestamp) {
                            stamp(at: before, hasID: info.hasID, hasTimestamp: info.hasTimestamp)
                        }
                        batch.append(0x0A)
                        statistics.read += 1
                        if policy.eventAdded(at: arrival) && failure == nil {
                            flush(.size)
                        }
                    }
                    position = info.end
                case .incomplete:
                    if end - textStart > options.maximumRecord {
                        errors.report("stdin:\(window.line):\(window.column(of: textStart)): record larger than --max-record (\(options.maximumRecord) bytes)")
                        statistics.rejected += 1
                        window.skipping = true
                        position = textStart
                        continue
                    }
                    break scan
                case .invalid(let error):
                    guard let rejectEnd = window.rejectionEnd(buffer, textStart: textStart, errorAt: error.offset, end: end, atEnd: atEnd) else {
                        if end - textStart > options.maximumRecord {
                            report(buffer, error, textStart: textStart)
                            statistics.rejected += 1
                            window.skipping = true
                            position = textStart
                            continue
                        }
                        break scan // wait for the rest of the line
                    }
                    report(buffer, error, textStart: textStart)
                    statistics.rejected += 1
                    rejectRaw(buffer, textStart..<rejectEnd)
                    window.countLines(buffer, textStart..<rejectEnd, compacted: 0)
                    position = rejectEnd
                }
            }
            window.start = position
        }
        // --flush-interval 0: what was read together is written at once.
        if options.flushInterval == 0 && failure == nil { flush(.interval) }
    }

    private func report(_ buffer: UnsafeRawBufferPointer, _ error: JSONSyntaxError, textStart: Int) {
        let (line, column) = window.location(buffer, of: error.offset, textStart: textStart)
        errors.report("stdin:\(line):\(column): invalid JSON: \(error.message)")
    }

    private func reject(_ buffer: UnsafeRawBufferPointer, _ range: Range<Int>, reason: String, at offset: Int) {
        let (line, column) = window.location(buffer, of: offset, textStart: offset)
        errors.report("stdin:\(line):\(column): \(reason)")
        statistics.rejected += 1
        rejectRaw(buffer, range)
    }

    private func rejectRaw(_ buffer: UnsafeRawBufferPointer, _ range: Range<Int>) {
        rejects?.append(UnsafeRawBufferPointer(rebasing: buffer[range]), endRecord: true)
    }

    private func streamReject(_ buffer: UnsafeRawBufferPointer, _ range: Range<Int>, final: Bool) {
        rejects?.append(UnsafeRawBufferPointer(rebasing: buffer[range]), endRecord: final)
    }

    /// Adds `"id"` and `"timestamp"` at the front of the object that starts at `objectStart`.
    private func stamp(at objectStart: Int, hasID: Bool, hasTimestamp: Bool) {
        var members: [UInt8] = []
        members.reserveCapacity(96)
        if !hasID {
            members.append(contentsOf: #""id":""#.utf8)
            UUIDv4.append(using: &random, into: &members)
            members.append(UInt8(ascii: "\""))
        }
        if !hasTimestamp {
            if stampTime.isEmpty {
                let (seconds, nanoseconds) = Platform.realtime()
                Timestamp.appendISO8601(epochNanoseconds: seconds * 1_000_000_000 + nanoseconds, into: &stampTime)
            }
            if !members.isEmpty { members.append(UInt8(ascii: ",")) }
            members.append(contentsOf: #""timestamp":""#.utf8)
            members.append(contentsOf: stampTime)
            members.append(UInt8(ascii: "\""))
        }
        let emptyObject = batch[batch.count - 1] == UInt8(ascii: "}") && batch.count - objectStart == 2
        if !emptyObject { members.append(UInt8(ascii: ",")) }
        batch.insert(contentsOf: members, at: objectStart + 1)
    }

    // MARK: Output

    /// Writes the batch. A failure keeps what was not written and schedules a retry.
    private func flush(_ trigger: FlushPolicy.Trigger) {
        guard settleWrite() else { return }  // it just failed: the retry comes later
        guard !batch.isEmpty, !outputBroken else { return }
        let events = policy.pendingEvents
        if writesInBackground && failure == nil && batch.count >= Self.backgroundWriteMinimum {
            return startBackgroundWrite(events: events, trigger: trigger)
        }
        do throws(BatchWriter.Failure) {
            try writeAndWait(keepLock: keepLock)
        } catch let failed {
            writeFailed(failed, events: events, trigger: trigger)
            return
        }
        if failure != nil {
            Diagnostics.error("\(writer.displayName): writing again")
        }
        failure = nil
        writeSucceeded(events: events, bytes: batch.count, trigger: trigger)
        batch.removeAll(keepingCapacity: true)
        policy.flushed()
    }

    private func writeSucceeded(events: Int, bytes: Int, trigger: FlushPolicy.Trigger) {
        statistics.written += events
        statistics.bytes += Int64(bytes)
        statistics.flushes[trigger, default: 0] += 1
    }

    /// Writes the batch and waits for the write: on the writer thread once there is one (from
    /// then on every write of the file is made there, as for any file owned by one thread).
    private func writeAndWait(keepLock: Bool) throws(BatchWriter.Failure) {
        guard let writeThread else { return try writer.write(batch, keepLock: keepLock) }
        var failure: BatchWriter.Failure?
        let writer = self.writer
        batch.withUnsafeBytes { bytes in
            writeThread.start {
                do throws(BatchWriter.Failure) { try writer.write(bytes, keepLock: keepLock) } catch { failure = error }
            }
            writeThread.wait()
        }
        if let failure { throw failure }
    }

    /// Hands the batch to the helper thread; the next one starts in the spare buffer.
    private func startBackgroundWrite(events: Int, trigger: FlushPolicy.Trigger) {
        if writeThread == nil { writeThread = HelperThread() }
        let write = BackgroundWrite(bytes: batch, events: events, oldestArrival: policy.oldestArrival, trigger: trigger)
        swap(&batch, &spareBatch)
        batch.removeAll(keepingCapacity: true)
        policy.flushed()
        inFlight = write
        // It unlocks when done (keepLock false): a lock is never left held by a write in flight.
        let writer = self.writer
        writeThread!.start {
            do throws(BatchWriter.Failure) {
                try writer.write(write.bytes)
            } catch {
                write.failure = error
            }
        }
    }

    /// Waits for the background write, if any, and takes in its result. A failure puts its
    /// unwritten events back in front of those buffered since, then is handled as if the
    /// write had been made here. Returns false when it failed.
    @discardableResult
    private func settleWrite() -> Bool {
        guard let write = inFlight else { return true }
        writeThread!.wait()
        inFlight = nil
        guard let failed = write.failure else {
            writeSucceeded(events: write.events, bytes: write.bytes.count, trigger: write.trigger)
            spareBatch = write.bytes
            return true
        }
        let bufferedSince = policy.pendingEvents
        batch.insert(contentsOf: write.bytes, at: 0)
        policy.putBack(events: write.events, oldestArrival: write.oldestArrival)
        writeFailed(failed, events: write.events + bufferedSince, trigger: write.trigger)
        return false
    }

    /// A write of `batch` (holding `events`) failed: drops the part that was written and
    /// schedules a retry of the rest (or, for standard output, stops writing).
    private func writeFailed(_ failed: BatchWriter.Failure, events: Int, trigger: FlushPolicy.Trigger) {
        if failed.error.code == EPIPE && options.destination == .standardOutput {
            // The reader went away (`vexport -o - | head`): end quietly, as a pipeline expects.
            exit(ExitStatus.success.rawValue)
        }
        let written = failed.writtenBytes
        let writtenEvents = batch[..<written].count(of: 0x0A)
        batch.removeSubrange(..<written)
        statistics.written += writtenEvents
        statistics.bytes += Int64(written)
        policy.partiallyFlushed(remaining: events - writtenEvents)
        if options.destination == .standardOutput {
            // A full or closed standard output does not heal: stop reading, and account for
            // what was read (rejects file or stderr) instead of retrying forever.
            Diagnostics.error("stdout: \(failed.error.reason)")
            failure = WriteFailure(error: failed.error, retryAt: .max, backoff: 0, trigger: trigger)
            outputBroken = true
            return
        }
        let now = Platform.monotonicNanoseconds()
        if let previous = failure {
            if previous.error != failed.error { Diagnostics.error("\(failed.error); retrying") }
            let backoff = min(previous.backoff * 2, 5_000_000_000)
            failure = WriteFailure(error: failed.error, retryAt: now + backoff, backoff: backoff, trigger: previous.trigger)
        } else {
            Diagnostics.error("\(failed.error); keeping \(events - writtenEvents) events and retrying")
            failure = WriteFailure(error: failed.error, retryAt: now + 100_000_000, backoff: 100_000_000, trigger: trigger)
        }
    }

    /// End of input or a stop signal: take in what was read, write it, and account for
    /// anything that could not be written.
    private func finish(_ trigger: FlushPolicy.Trigger) {
        if stopRequested && !inputEnded && !outputBroken { drainAvailableInput() }
        if outputBroken && !inputEnded {
            // Stopped at the memory bound with input left: only complete texts count. A text cut
            // off by our stopping is not invalid input: give its bytes back to a seekable input,
            // or else keep them raw with the unwritten events.
            Diagnostics.error("stopped reading standard input: \(Self.pendingLimit >> 20) MiB of events could not be written")
            consumeBuffered(atEnd: false)
            let tail = window.bytes[window.start...]
            if !tail.isEmpty && lseek(input.rawValue, -off_t(tail.count), SEEK_CUR) < 0 {
                batch.append(contentsOf: tail)
                if batch.last != 0x0A { batch.append(0x0A) }
            }
        } else if stopRequested || !window.isEmpty {
            consumeBuffered(atEnd: true)
        }
        flush(failure?.trigger ?? trigger)
        settleWrite()
        let giveUpAt = outputBroken ? 0 : Platform.monotonicNanoseconds() + options.giveUp
        while let current = failure {
            let now = Platform.monotonicNanoseconds()
            if now >= giveUpAt { break }
            let wait = min(current.retryAt, giveUpAt)
            var fds = [pollfd(fd: -1, events: 0, revents: 0)]
            _ = try? pollDescriptors(&fds, timeoutMilliseconds: milliseconds(until: wait, from: now))
            if Platform.monotonicNanoseconds() >= current.retryAt { flush(current.trigger) }
        }
        errors.finish("rejected records")
        guard let failure, !batch.isEmpty else { return }
        let unwritten = batch.count(of: 0x0A)
        let cause = options.destination == .standardOutput ? "stdout: \(failure.error.reason)" : "\(failure.error)"
        statistics.unwritten = unwritten
        if let rejects {
            let saved = rejects.append(batch, quiet: true)
            if saved == batch.count {
                Diagnostics.error("\(cause); \(unwritten) events not written, appended to \(rejects.path)")
                return
            }
            // The rejects file failed too (the same full disk or file-size limit): what did not
            // reach it goes to standard error, from the start of the line it was cut in, so every
            // event is still somewhere whole.
            var from = saved
            while from > 0 && batch[from - 1] != 0x0A { from -= 1 }
            let inRejects = batch[..<from].count(of: 0x0A)
            Diagnostics.error("\(cause); \(unwritten) events not written: \(inRejects) appended to \(rejects.path), which then failed; \(unwritten - inRejects) copied to standard error:")
            try? FileDescriptor.standardError.writeAll(Array(batch[from...]))
        } else {
            Diagnostics.error("\(cause); \(unwritten) events not written, copied to standard error:")
            try? FileDescriptor.standardError.writeAll(batch)
        }
    }
}

extension Collection where Element == UInt8 {
    func count(of byte: UInt8) -> Int {
        var count = 0
        for element in self where element == byte { count += 1 }
        return count
    }
}

extension UnsafeRawBufferPointer {
    func firstIndex(of byte: UInt8, from start: Int, to end: Int) -> Int? {
        guard start < end, let found = memchr(baseAddress! + start, Int32(byte), end - start) else { return nil }
        return baseAddress!.distance(to: UnsafeRawPointer(found))
    }
}
