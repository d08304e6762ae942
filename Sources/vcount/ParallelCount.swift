import VCore

/// Counts a large regular file on several threads: the file is cut into ranges at line
/// boundaries, each range is read through its own descriptor by its own `Counter`, and the
/// counters are merged at the end (a merge costs the number of groups, not of events).
/// Line numbers of malformed lines stay exact: each range's are offset by the lines before it.
enum ParallelCount {
    /// Files smaller than this are read on one thread.
    static let minimumSize: Int64 = 16 << 20

    /// How many threads to use for a file of `size` bytes (1: do not bother).
    static func threads(forSize size: Int64) -> Int {
        guard size >= minimumSize else { return 1 }
        return max(1, min(Platform.onlineProcessors, 4, Int(size / (8 << 20))))
    }

    /// One range of the file, counted on its own thread.
    final class Worker: @unchecked Sendable {
        let path: String
        let start: Int64
        let length: Int64
        let isLast: Bool
        let counter: Counter
        var malformed = MalformedTally()
        var lines = 0
        var failure: SystemError?

        init(path: String, start: Int64, length: Int64, isLast: Bool, options: CountOptions) {
            self.path = path
            self.start = start
            self.length = length
            self.isLast = isLast
            counter = Counter(options: options)
        }

        func run() {
            let descriptor: FileDescriptor
            do {
                descriptor = try FileDescriptor.open(path, O_RDONLY)
                _ = try descriptor.seek(to: start)
            } catch {
                failure = error
                return
            }
            defer { descriptor.close() }
            let reader = LineReader(descriptor, chunkSize: 1 << 20)
            var position: Int64 = 0
            var done = false
            let counter = self.counter
            var malformed = MalformedTally()
            var lines = 0
            do {
                while !done {
                    let n = try reader.readAvailable { record in
                        guard !done, position < length else { done = true; return }
                        lines += 1
                        switch record {
                        case .line(let line, _):
                            position += Int64(line.count + 1)
                            if counter.count(line: line) == .malformed { malformed.record(line: lines) }
                        case .overlong(_, let count):
                            position += Int64(count + 1)
                            malformed.record(line: lines)
                        }
                    }
                    if n == 0 && reader.reachedEnd { break }
                }
                if isLast && !done {
                    let pending = reader.pendingBytes
                    if pending.count > 0 {
                        lines += 1
                        if counter.count(line: pending) == .malformed { malformed.record(line: lines) }
                    }
                }
            } catch let error as SystemError {
                failure = error
            } catch {
                failure = SystemError("read", path: path, code: EIO)
            }
            self.malformed = malformed
            self.lines = lines
        }
    }

    /// Counts the regular file behind `descriptor` (opened as `path`, which may be
    /// `/proc/self/fd/0` for standard input) of `size` bytes into `counter` on `threads` threads.
    /// Returns the malformed lines (numbered in the whole file) or the first read error.
    static func count(path: String, descriptor: FileDescriptor, size: Int64, threads: Int,
                      into counter: Counter) -> Result<MalformedTally, SystemError> {
        // Range boundaries just after a newline near each k/threads of the file.
        var boundaries: [Int64] = [0]
        var probe = [UInt8](repeating: 0, count: 1 << 16)
        for k in 1..<threads {
            var at = max(size * Int64(k) / Int64(threads), boundaries.last!)
            var boundary = size
            search: while at < size {
                let n: Int
                do {
                    n = try probe.withUnsafeMutableBytes { try descriptor.read(into: $0, at: at) }
                } catch {
                    return .failure(error as! SystemError)
                }
                if n <= 0 { break }
                if let newline = probe[0..<n].firstIndex(of: 0x0A) {
                    boundary = at + Int64(newline) + 1
                    break search
                }
                at += Int64(n)
            }
            boundaries.append(boundary)
        }
        boundaries.append(size)
        let workers = (0..<threads).map { k in
            Worker(path: path, start: boundaries[k], length: boundaries[k + 1] - boundaries[k],
                   isLast: k == threads - 1, options: counter.options)
        }
        var threads: [JoinableThread] = []
        for worker in workers.dropFirst() {
            if let thread = Platform.startThread({ worker.run() }) {
                threads.append(thread)
            } else {
                worker.run()  // no thread to be had: do it here
            }
        }
        workers[0].run()
        for thread in threads { thread.join() }

        var malformed = MalformedTally()
        var linesBefore = 0
        for worker in workers {
            if let failure = worker.failure { return .failure(failure) }
            counter.merge(worker.counter)
            if worker.malformed.count > 0 {
                if malformed.count == 0 { malformed.firstLine = linesBefore + worker.malformed.firstLine }
                malformed.count += worker.malformed.count
            }
            linesBefore += worker.lines
        }
        return .success(malformed)
    }
}
