import VCore

/// What one thread makes of a chunk of whole lines: the formatted output, the malformed lines
/// (numbered within the chunk) and the number of lines.
final class ChunkWork: @unchecked Sendable {
    let input: UnsafeMutableRawBufferPointer
    var count = 0
    var output: [UInt8] = []
    var problems: [(line: Int, message: String)] = []
    var lines = 0
    let formatter: EventFormatter
    let filters: [FieldFilter]
    let label: [UInt8]?

    init(capacity: Int, options: TailOptions, label: [UInt8]?) {
        input = .allocate(byteCount: capacity, alignment: 16)
        formatter = EventFormatter(format: options.format, fields: options.fields, color: options.color)
        filters = options.filters
        self.label = label
        output.reserveCapacity(capacity / 2)
    }

    deinit { input.deallocate() }

    /// Validates, filters and formats every line of input[0..<count] (which ends with a newline).
    func run() {
        output.removeAll(keepingCapacity: true)
        problems.removeAll()
        lines = 0
        let base = UnsafeRawPointer(input.baseAddress!)
        var start = 0
        while start < count {
            guard let hit = memchr(base + start, 0x0A, count - start) else { break }
            let end = base.distance(to: hit)
            lines += 1
            var line = UnsafeRawBufferPointer(start: base + start, count: end - start)
            start = end + 1
            if let last = line.last, last == 0x0D { line = UnsafeRawBufferPointer(rebasing: line[..<(line.count - 1)]) }
            guard let first = line.firstIndex(where: { !isJSONSpace($0) }) else { continue }
            if let error = JSONScanner.validate(line) {
                problems.append((lines, "invalid JSON: \(error.message) at column \(error.location(in: line).column)"))
                continue
            }
            if line[first] != UInt8(ascii: "{") {
                problems.append((lines, "not an object"))
                continue
            }
            var keep = true
            for filter in filters where !filter.matches(line) { keep = false; break }
            if keep { formatter.append(line, label: label, to: &output) }
        }
    }
}

/// Reads a regular file's bulk on two threads: chunks of whole lines alternate between the main
/// thread and a worker, and are written in file order, so output and diagnostics are exactly
/// those of the sequential path. Used for what is already in a file when reading starts.
final class ParallelScan: @unchecked Sendable {
    static let chunkSize = 2 << 20
    /// Below this, a second thread is not worth starting.
    static let threshold: Int64 = 8 << 20

    private let jobs: [ChunkWork]

    init(options: TailOptions, label: [UInt8]?) {
        jobs = [ChunkWork(capacity: Self.chunkSize, options: options, label: label),
                ChunkWork(capacity: Self.chunkSize, options: options, label: label)]
    }

    /// Processes [from, upTo) of `descriptor` (from is the start of a line). Returns the offset
    /// of the first byte not processed (the end of the last whole line read). `emit` gets each
    /// chunk's output in order; `report(lineOffset, problems)` its malformed lines, with the
    /// number of lines of the file before the chunk relative to `from`.
    func run(_ descriptor: FileDescriptor, from: Int64, upTo: Int64,
             emit: ([UInt8]) throws -> Void, report: (Int, [(line: Int, message: String)]) throws -> Void) throws -> Int64 {
        let helper = HelperThread()
        let second = jobs[1]
        var offset = from
        var linesBefore = 0
        while offset < upTo {
            // Fill up to two chunks, each ending at a newline.
            var filled = 0
            for job in jobs {
                job.count = 0
                guard offset < upTo else { break }
                let want = Int(min(Int64(Self.chunkSize), upTo - offset))
                var got = 0
                while got < want {
                    let n = try descriptor.read(into: UnsafeMutableRawBufferPointer(rebasing: job.input[got..<want]),
                                                at: offset + Int64(got))
                    if n <= 0 { break }
                    got += n
                }
                var end = got
                while end > 0 && job.input[end - 1] != 0x0A { end -= 1 }
                if end == 0 { break }  // no newline in a whole chunk: leave it to the line reader
                job.count = end
                offset += Int64(end)
                filled += 1
            }
            if filled == 0 { break }
            if filled == 2 { helper.start { second.run() } }
            jobs[0].run()
            if filled == 2 { helper.wait() }
            for job in jobs.prefix(filled) {
                try emit(job.output)
                if !job.problems.isEmpty { try report(linesBefore, job.problems) }
                linesBefore += job.lines
            }
            if filled < 2 { break }
        }
        return offset
    }
}
