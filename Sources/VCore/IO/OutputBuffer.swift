/// Buffered output to a descriptor with checked writes: a full disk or a closed descriptor is an
/// error, never silently ignored (unlike `print`). A reader that went away (EPIPE) is reported
/// as `.readerClosed` so tools can end quietly, as `… | head` expects.
public final class OutputBuffer {
    public enum Failure: Error, Sendable {
        case readerClosed
        case failed(SystemError)
    }

    public let descriptor: FileDescriptor
    public var bytes: [UInt8]
    /// Flush when this many bytes are pending.
    public var capacity: Int
    /// Write out after every line (for a terminal, or when each event must be seen at once).
    public var flushEachLine: Bool

    public init(_ descriptor: FileDescriptor = .standardOutput, capacity: Int = 1 << 16, flushEachLine: Bool = false) {
        self.descriptor = descriptor
        self.capacity = capacity
        self.flushEachLine = flushEachLine
        bytes = []
        bytes.reserveCapacity(capacity + 4096)
    }

    @inline(__always)
    public func append(_ byte: UInt8) { bytes.append(byte) }

    @inline(__always)
    public func append(_ buffer: UnsafeRawBufferPointer) { bytes.append(contentsOf: buffer) }

    public func append(_ string: String) { bytes.append(contentsOf: string.utf8) }

    /// Ends a record: flushes when line-buffered or when the buffer is full.
    @inline(__always)
    public func endLine() throws(Failure) {
        bytes.append(UInt8(ascii: "\n"))
        if flushEachLine || bytes.count >= capacity { try flush() }
    }

    public func flushIfFull() throws(Failure) {
        if bytes.count >= capacity { try flush() }
    }

    public func flush() throws(Failure) {
        guard !bytes.isEmpty else { return }
        do {
            try descriptor.writeAll(bytes)
        } catch {
            bytes.removeAll(keepingCapacity: true)
            if error.error.code == EPIPE { throw .readerClosed }
            throw .failed(error.error)
        }
        bytes.removeAll(keepingCapacity: true)
    }
}

extension OutputBuffer.Failure {
    /// The standard ending for a tool whose output failed: quiet exit 0 when the reader left,
    /// `prog: stdout: reason` and exit 1 otherwise.
    public func exitTool() -> Never {
        switch self {
        case .readerClosed: exit(ExitStatus.success.rawValue)
        case .failed(let error): Diagnostics.fail("\(error.path ?? "stdout"): \(error.reason)")
        }
    }
}
