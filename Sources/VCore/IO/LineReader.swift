/// Reads newline-terminated records from a descriptor with large reads, handing out each line
/// as a view into its buffer (no copy, no allocation per line). A line split across two reads
/// is joined; a line longer than `maximumLineLength` is reported and skipped without being held
/// in memory, so memory stays bounded whatever the input.
public final class LineReader {
    public enum Record {
        /// A complete line without its newline (a trailing CR is left for the caller).
        case line(UnsafeRawBufferPointer, number: Int)
        /// A line longer than the limit: skipped; `length` counts its bytes.
        case overlong(number: Int, length: Int)
    }

    public let descriptor: FileDescriptor
    public let maximumLineLength: Int
    private var buffer: UnsafeMutableRawBufferPointer
    /// Valid bytes are buffer[start..<end].
    private var start = 0
    private var end = 0
    /// Lines handed out so far.
    public private(set) var lineNumber = 0
    /// Bytes consumed as whole lines (including their newlines).
    public private(set) var consumedBytes: Int64 = 0
    private var skippingOverlong = false
    private var overlongLength = 0
    public private(set) var reachedEnd = false

    public init(_ descriptor: FileDescriptor, chunkSize: Int = 1 << 18, maximumLineLength: Int = 8 << 20) {
        self.descriptor = descriptor
        self.maximumLineLength = maximumLineLength
        buffer = .allocate(byteCount: max(chunkSize, 4096), alignment: 16)
    }

    deinit { buffer.deallocate() }

    /// The bytes after the last newline (an unterminated final line, or one still being written).
    public var pendingBytes: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: buffer[start..<end])
    }

    /// Drops the pending partial line (after the caller handled it at end of input).
    public func discardPending() {
        consumedBytes += Int64(end - start)
        start = end
    }

    /// Performs one read(2) and hands every complete line to `body`. Returns the number of
    /// bytes read; 0 means end of input (or nothing available on a non-blocking descriptor).
    @discardableResult
    public func readAvailable(_ body: (Record) throws -> Void) throws -> Int {
        makeRoom()
        let n: Int
        do {
            n = try descriptor.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[end...]))
        } catch let error where error.code == EAGAIN {
            return 0
        }
        if n == 0 {
            reachedEnd = true
            if skippingOverlong {
                lineNumber += 1
                skippingOverlong = false
                try body(.overlong(number: lineNumber, length: overlongLength + (end - start)))
                consumedBytes += Int64(end - start)
                start = end
            }
            return 0
        }
        end += n
        try splitLines(body)
        return n
    }

    /// Hands out the complete lines already buffered.
    private func splitLines(_ body: (Record) throws -> Void) throws {
        let base = buffer.baseAddress!
        while start < end {
            guard let newline = memchr(base + start, 0x0A, end - start) else { break }
            let lineEnd = base.distance(to: newline)
            lineNumber += 1
            if skippingOverlong {
                skippingOverlong = false
                try body(.overlong(number: lineNumber, length: overlongLength + lineEnd - start))
            } else {
                try body(.line(UnsafeRawBufferPointer(start: base + start, count: lineEnd - start), number: lineNumber))
            }
            consumedBytes += Int64(lineEnd + 1 - start)
            start = lineEnd + 1
        }
        if skippingOverlong || end - start > maximumLineLength {
            // Too long to hold: count it and let the buffer go.
            if !skippingOverlong { overlongLength = 0 }
            skippingOverlong = true
            overlongLength += end - start
            consumedBytes += Int64(end - start)
            start = end
        }
    }

    /// Moves the partial line to the front, growing the buffer when the line fills it.
    private func makeRoom() {
        if start == end {
            start = 0
            end = 0
            return
        }
        if start > 0 && (end == buffer.count || start >= buffer.count / 2) {
            let count = end - start
            buffer.baseAddress!.copyMemory(from: buffer.baseAddress! + start, byteCount: count)
            start = 0
            end = count
        }
        if end == buffer.count {
            let bigger = UnsafeMutableRawBufferPointer.allocate(byteCount: buffer.count * 2, alignment: 16)
            bigger.baseAddress!.copyMemory(from: buffer.baseAddress! + start, byteCount: end - start)
            buffer.deallocate()
            buffer = bigger
            end -= start
            start = 0
        }
    }
}
