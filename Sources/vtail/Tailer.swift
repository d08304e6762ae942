import VCore

/// Why reading stopped early.
enum TailStop: Error {
    /// `--strict` and a malformed line.
    case strict
}

/// An input read to its end and never followed: standard input or a pipe. With `-n N` on
/// input that cannot be read backwards, the last N events are kept (copied) until the end.
final class StreamInput {
    let descriptor: FileDescriptor
    let label: String
    let reader: LineReader
    var done = false
    /// The last events, oldest first, when they can only be printed at the end.
    var ring: [[UInt8]] = []
    var ringStart = 0
    let keepLast: Int?
    let skipBefore: Int

    init(descriptor: FileDescriptor, label: String, keepLast: Int?, skipBefore: Int) {
        self.descriptor = descriptor
        self.label = label
        reader = LineReader(descriptor)
        self.keepLast = keepLast
        self.skipBefore = skipBefore
    }

    func keep(_ line: UnsafeRawBufferPointer) {
        guard let keepLast, keepLast > 0 else { return }
        if ring.count < keepLast {
            ring.append(Array(line))
        } else {
            ring[ringStart] = Array(line)
            ringStart = (ringStart + 1) % keepLast
        }
    }

    var kept: [[UInt8]] { Array(ring[ringStart...] + ring[..<ringStart]) }
}

/// The tail loop: files followed by name, streams read to their end, every complete line
/// validated, filtered, formatted into one output buffer written once per batch. One thread,
/// one poll(2) on the signal pipe, inotify, the streams and (for a pipe) standard output,
/// with the check interval as timeout.
final class Tailer {
    enum Input {
        case file(FileFollower, label: [UInt8]?)
        case stream(StreamInput, label: [UInt8]?)
    }

    let options: TailOptions
    let output: OutputBuffer
    let formatter: EventFormatter
    let watcher: FileWatcher
    private var inputs: [Input] = []
    private var errors = ErrorSummary(limit: 10)
    private(set) var sawError = false

    init(options: TailOptions, output: OutputBuffer = OutputBuffer()) {
        self.options = options
        self.output = output
        formatter = EventFormatter(format: options.format, fields: options.fields, color: options.color)
        watcher = FileWatcher(enabled: options.follow && options.useInotify)
        if FileDescriptor.standardOutput.isTerminal { output.flushEachLine = true }
    }

    func run() -> ExitStatus {
        do {
            try runLoop()
        } catch let failure as OutputBuffer.Failure {
            failure.exitTool()
        } catch TailStop.strict {
            flushOrExit()
            return .failure
        } catch {
            Diagnostics.error("\(error)")
            sawError = true
        }
        flushOrExit()
        errors.finish("malformed lines")
        return sawError ? .failure : .success
    }

    private func flushOrExit() {
        do { try output.flush() } catch { error.exitTool() }
    }

    // MARK: Setup

    private func setUp() throws {
        if options.header {
            output.bytes.append(contentsOf: formatter.header(withFilename: options.withFilename))
        }
        for name in options.files {
            let label = options.withFilename ? formatter.encodeLabel(name == "-" ? "stdin" : name) : nil
            if name == "-" {
                try addStream(.standardInput, label: label)
                continue
            }
            var status = stat()
            if stat(name, &status) == 0 && status.st_mode & S_IFMT != S_IFREG && status.st_mode & S_IFMT != S_IFDIR {
                // A pipe, a device: read it to its end like standard input.
                do throws(SystemError) {
                    let descriptor = try FileDescriptor.open(name, O_RDONLY)
                    try addStream(descriptor, label: label)
                } catch {
                    report(error)
                }
                continue
            }
            let follower = FileFollower(path: name, watcher: watcher,
                                        retireAfter: max(2_000_000_000, 4 * options.interval))
            let code = try follower.start { descriptor, size in
                try self.bulkRead(descriptor, size: size, from: self.position(descriptor, size: size), name: name, label: label)
            }
            if code != 0 {
                if !options.follow || code != ENOENT && code != ENOTDIR {
                    report(SystemError("open", path: name, code: code))
                    if !options.follow { continue }
                }
                follower.reportsChanges = options.follow
            }
            inputs.append(.file(follower, label: label))
        }
    }

    private func addStream(_ descriptor: FileDescriptor, label: [UInt8]?) throws(SystemError) {
        let status = try? descriptor.status()
        let seekable = status.map { $0.st_mode & S_IFMT == S_IFREG } ?? false
        var keepLast: Int? = nil
        var skipBefore = 0
        switch options.start {
        case .fromLine(let line):
            skipBefore = line
        case .last(let count):
            if seekable, let status, let here = try? descriptor.seek(to: 0, whence: SEEK_CUR) {
                // A regular file on standard input: read backwards from its end like a FILE.
                let offset = position(descriptor, size: Int64(status.st_size))
                if case .offset(let start) = offset { _ = try? descriptor.seek(to: max(start, here)) }
            } else {
                keepLast = count
            }
        }
        inputs.append(.stream(StreamInput(descriptor: descriptor, label: descriptor == .standardInput ? "stdin" : descriptor.name,
                                          keepLast: keepLast, skipBefore: skipBefore), label: label))
    }

    /// Where reading of an existing file starts, from `-n`.
    private func position(_ descriptor: FileDescriptor, size: Int64) -> FileFollower.StartPosition {
        switch options.start {
        case .fromLine(let line):
            return .line(line)
        case .last(let count):
            return .offset(LastEvents.startOffset(descriptor, size: size, count: count,
                                                  includeUnterminated: !options.follow) { self.isSelected($0) })
        }
    }

    /// Reads the bulk of what a file already holds on two threads (see ParallelScan); the
    /// follower then goes on from where this stopped.
    private func bulkRead(_ descriptor: FileDescriptor, size: Int64, from position: FileFollower.StartPosition,
                          name: String, label: [UInt8]?) throws -> FileFollower.StartPosition {
        let offset: Int64
        switch position {
        case .offset(let start): offset = start
        case .line(let line) where line <= 1: offset = 0
        case .line: return position
        }
        guard !options.strict, size - offset >= ParallelScan.threshold else { return position }
        var linesBeforeOffset: Int?
        let scan = ParallelScan(options: options, label: label)
        let reached = try scan.run(descriptor, from: offset, upTo: size, emit: { chunk in
            self.output.bytes.append(contentsOf: chunk)
            try self.output.flushIfFull()
        }, report: { linesBefore, problems in
            if linesBeforeOffset == nil { linesBeforeOffset = countLines(descriptor, upTo: offset) }
            for problem in problems {
                try self.malformed("\(name):\(linesBeforeOffset! + linesBefore + problem.line): \(problem.message)")
            }
        })
        return .offset(reached)
    }

    // MARK: Loop

    private func runLoop() throws {
        let signals = try SignalPipe.install([SIGTERM, SIGINT, SIGHUP])
        try setUp()
        if !options.follow {
            for input in inputs {
                switch input {
                case .file(let follower, let label):
                    try follower.readToEnd { try handle($0, follower: follower, label: label) }
                    try follower.finish { try handle($0, follower: follower, label: label) }
                case .stream(let stream, let label):
                    while !stream.done { try read(stream, label: label) }
                }
                try output.flush()
            }
            return
        }
        let stdoutIsPipe: Bool = {
            guard let status = try? FileDescriptor.standardOutput.status() else { return false }
            let type = status.st_mode & S_IFMT
            return type == S_IFIFO || type == S_IFSOCK
        }()
        let timeout = Int32(clamping: (options.interval + 999_999) / 1_000_000)
        var pollSet: [pollfd] = []
        var streamIndex: [Int] = []
        while true {
            try refreshFiles()
            try output.flush()
            if inputs.allSatisfy({ if case .stream(let s, _) = $0 { return s.done } else { return false } }) {
                return
            }
            if let pid = options.pid, !Self.isAlive(pid) {
                try refreshFiles()
                try finishFiles()
                return
            }
            pollSet.removeAll(keepingCapacity: true)
            streamIndex.removeAll(keepingCapacity: true)
            pollSet.append(pollfd(fd: signals.rawValue, events: Int16(POLLIN), revents: 0))
            if let fd = watcher.descriptor { pollSet.append(pollfd(fd: fd.rawValue, events: Int16(POLLIN), revents: 0)) }
            let stdoutSlot = pollSet.count
            if stdoutIsPipe { pollSet.append(pollfd(fd: 1, events: 0, revents: 0)) }
            for (index, input) in inputs.enumerated() {
                if case .stream(let stream, _) = input, !stream.done {
                    streamIndex.append(index)
                    pollSet.append(pollfd(fd: stream.descriptor.rawValue, events: Int16(POLLIN), revents: 0))
                }
            }
            let ready = try pollDescriptors(&pollSet, timeoutMilliseconds: timeout)
            if ready == 0 { continue }
            if pollSet[0].revents != 0 {
                let received = SignalPipe.drain()
                if received.contains(where: { $0 == SIGTERM || $0 == SIGINT || $0 == SIGHUP }) { return }
            }
            if watcher.descriptor != nil { watcher.drain() }
            if stdoutIsPipe && pollSet[stdoutSlot].revents & Int16(POLLERR | POLLHUP) != 0 {
                // The reader went away while we were idle.
                throw OutputBuffer.Failure.readerClosed
            }
            let firstStream = pollSet.count - streamIndex.count
            for (k, index) in streamIndex.enumerated() where pollSet[firstStream + k].revents != 0 {
                if case .stream(let stream, let label) = inputs[index] { try read(stream, label: label) }
            }
        }
    }

    static func isAlive(_ pid: Int32) -> Bool {
        kill(pid, 0) == 0 || errno == EPERM
    }

    private func refreshFiles() throws {
        for input in inputs {
            if case .file(let follower, let label) = input {
                do {
                    try follower.refresh { try handle($0, follower: follower, label: label) }
                } catch let error as SystemError {
                    report(error)
                }
            }
        }
    }

    private func finishFiles() throws {
        for input in inputs {
            if case .file(let follower, let label) = input {
                try follower.finish { try handle($0, follower: follower, label: label) }
            }
        }
    }

    /// One read of a stream (to its end when it blocks: --no-follow).
    private func read(_ stream: StreamInput, label: [UInt8]?) throws {
        let n: Int
        do {
            n = try stream.reader.readAvailable { record in
                try handleStream(record, stream: stream, label: label)
            }
        } catch let error as SystemError {
            report(error)
            stream.done = true
            return
        }
        if n == 0 && stream.reader.reachedEnd {
            let pending = stream.reader.pendingBytes
            if !pending.isEmpty {
                let number = stream.reader.lineNumber + 1
                try handleStream(.line(pending, number: number), stream: stream, label: label, unterminated: true)
                stream.reader.discardPending()
            }
            for event in stream.kept {
                try event.withUnsafeBytes { try emit($0, label: label) }
            }
            stream.ring.removeAll()
            stream.done = true
        }
        try output.flush()
    }

    private func handleStream(_ record: LineReader.Record, stream: StreamInput, label: [UInt8]?,
                              unterminated: Bool = false) throws {
        switch record {
        case .line(let bytes, let number):
            guard number >= stream.skipBefore else { return }
            guard let event = try check(bytes, unterminated: unterminated, where: { "\(stream.label):\(number)" }) else { return }
            if stream.keepLast != nil { stream.keep(event) } else { try emit(event, label: label) }
        case .overlong(let number, let length):
            guard number >= stream.skipBefore else { return }
            try malformed("\(stream.label):\(number): line too long (\(length) bytes), skipped")
        }
    }

    // MARK: Lines

    @inline(__always)
    private func handle(_ line: FileFollower.Line, follower: FileFollower, label: [UInt8]?) throws {
        switch line.kind {
        case .complete, .unterminated:
            guard let event = try check(line.bytes, unterminated: line.kind == .unterminated,
                                        where: { "\(follower.displayName):\(follower.lineNumber(line))" }) else { return }
            try emit(event, label: label)
        case .overlong(let length):
            try malformed("\(follower.displayName):\(follower.lineNumber(line)): line too long (\(length) bytes), skipped")
        }
    }

    /// Validates a line. Returns the event (without a trailing CR) when it is one and passes the
    /// filters; nil for blank lines, filtered events and malformed lines (reported).
    @inline(__always)
    private func check(_ raw: UnsafeRawBufferPointer, unterminated: Bool, where place: () -> String) throws -> UnsafeRawBufferPointer? {
        var line = raw
        if let last = line.last, last == 0x0D { line = UnsafeRawBufferPointer(rebasing: line[..<(line.count - 1)]) }
        guard let first = line.firstIndex(where: { !isJSONSpace($0) }) else { return nil }
        if let error = JSONScanner.validate(line) {
            if unterminated {
                Diagnostics.error("\(place()): incomplete last line (no newline), skipped")
                return nil
            }
            let column = error.location(in: line).column
            try malformed("\(place()): invalid JSON: \(error.message) at column \(column)")
            return nil
        }
        if line[first] != UInt8(ascii: "{") {
            try malformed("\(place()): not an object")
            return nil
        }
        for filter in options.filters where !filter.matches(line) { return nil }
        return line
    }

    /// For `-n N`: whether a line counts as one of the last N (a valid event that matches).
    func isSelected(_ raw: UnsafeRawBufferPointer) -> Bool {
        var line = raw
        if let last = line.last, last == 0x0D { line = UnsafeRawBufferPointer(rebasing: line[..<(line.count - 1)]) }
        guard let first = line.firstIndex(where: { !isJSONSpace($0) }), line[first] == UInt8(ascii: "{"),
              JSONScanner.validate(line) == nil else { return false }
        return options.filters.allSatisfy { $0.matches(line) }
    }

    @inline(__always)
    private func emit(_ event: UnsafeRawBufferPointer, label: [UInt8]?) throws {
        formatter.append(event, label: label, to: &output.bytes)
        if output.flushEachLine || output.bytes.count >= output.capacity { try output.flush() }
    }

    private func malformed(_ message: String) throws {
        sawError = true
        errors.report(message)
        if options.strict { throw TailStop.strict }
    }

    private func report(_ error: SystemError) {
        sawError = true
        Diagnostics.error(error.path.map { "\($0): \(error.reason)" } ?? error.description)
    }
}
