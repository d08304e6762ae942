import VCore

/// Where the generator's bytes go: one call per write(2). Standard output in production; a
/// recorder in tests, which notes when (on the injected clock) each write happened.
protocol EventWriter: AnyObject {
    /// Writes every byte. A reader that went away is `.readerClosed`; anything else `.failed`.
    func write(_ bytes: UnsafeRawBufferPointer) throws(OutputBuffer.Failure)
}

/// Checked writes to a descriptor (FileDescriptor.writeAll: short writes continued, EINTR retried).
final class DescriptorWriter: EventWriter {
    let descriptor: FileDescriptor

    init(_ descriptor: FileDescriptor = .standardOutput) { self.descriptor = descriptor }

    func write(_ bytes: UnsafeRawBufferPointer) throws(OutputBuffer.Failure) {
        do {
            try descriptor.writeAll(bytes)
        } catch {
            if error.error.code == EPIPE { throw .readerClosed }
            throw .failed(error.error)
        }
    }
}
