/// Appends whole batches of lines to a file: O_APPEND (never seeks), one write(2) per batch
/// under an exclusive flock(2), so concurrent writers never interleave lines. A write that
/// fails half-way is cut back to the last whole line, so the file never holds a torn line.
public final class BatchWriter {
    /// Where the batch goes: a path (appended to, created 0600 with 0700 parents) or stdout.
    public enum Destination: Sendable, Equatable {
        case path(String)
        case standardOutput
    }

    /// A failed write: `writtenBytes` of the batch (whole lines) did reach the file.
    public struct Failure: Error, Sendable {
        public var writtenBytes: Int
        public var error: SystemError
    }

    public let destination: Destination
    public let synchronize: Bool
    public private(set) var descriptor: FileDescriptor?
    private var isRegularFile = false
    private var canRead = false

    public init(destination: Destination, synchronize: Bool = false) {
        self.destination = destination
        self.synchronize = synchronize
    }

    public var displayName: String {
        switch destination {
        case .path(let path): path
        case .standardOutput: "stdout"
        }
    }

    /// Opens the destination (again, after logrotate moved it away: SIGHUP).
    public func open() throws(SystemError) {
        close()
        switch destination {
        case .standardOutput:
            descriptor = .standardOutput
            isRegularFile = false
        case .path(let path):
            try createParentDirectories(of: path, mode: 0o700)
            // Read access too, to look at the last byte (see endTornLine); a file we may only
            // write to is still written.
            let fd: FileDescriptor
            do {
                fd = try FileDescriptor.open(path, O_RDWR | O_APPEND | O_CREAT, mode: 0o600)
                canRead = true
            } catch where error.code == EACCES {
                fd = try FileDescriptor.open(path, O_WRONLY | O_APPEND | O_CREAT, mode: 0o600)
                canRead = false
            }
            descriptor = fd
            isRegularFile = (try fd.status().st_mode & S_IFMT) == S_IFREG
        }
    }

    public func close() {
        releaseLock()
        if let descriptor, destination != .standardOutput { descriptor.close() }
        descriptor = nil
    }

    /// Writes `batch` (whole lines) with one write(2) when the system allows. On failure, the
    /// file holds a prefix of whole lines of the batch, whose length the error reports.
    /// `keepLock`: the lock taken is kept for the next write: a caller writing several batches
    /// in a row (from one read of its input) pays for one lock instead of one per batch; other
    /// writers wait at most that long. Call `releaseLock()` when the run is over.
    public func write(_ batch: UnsafeRawBufferPointer, keepLock: Bool = false) throws(Failure) {
        guard !batch.isEmpty else { return }
        if descriptor == nil {
            do { try open() } catch { throw Failure(writtenBytes: 0, error: error) }
        }
        guard let fd = descriptor else { return }
        if isRegularFile && !isLocked {
            do { try fd.lockExclusive() } catch { throw Failure(writtenBytes: 0, error: error) }
            isLocked = true
            endTornLine(fd)
        }
        defer { if !keepLock { releaseLock() } }
        do {
            try fd.writeAll(batch)
        } catch {
            throw Failure(writtenBytes: repairTornLine(fd, batch: batch, written: error.written), error: error.error)
        }
        if synchronize {
            do { try fd.synchronize() } catch { throw Failure(writtenBytes: batch.count, error: error) }
        }
    }

    public func write(_ batch: [UInt8], keepLock: Bool = false) throws(Failure) {
        // withUnsafeBytes rethrows untyped errors only: carry the typed one out by hand.
        let failure: Failure? = batch.withUnsafeBytes { bytes in
            do throws(Failure) { try write(bytes, keepLock: keepLock); return nil } catch { return error }
        }
        if let failure { throw failure }
    }

    private var isLocked = false

    public func releaseLock() {
        guard isLocked, let descriptor else { return }
        descriptor.unlock()
        isLocked = false
    }

    /// A writer killed during its write(2) (SIGKILL, the OOM killer: Linux stops a large write
    /// to a file between pages) leaves a partial last line, which no one can cut back. Under the
    /// lock, before appending, such a fragment is ended with a newline: it stays one malformed
    /// line (readers report it) instead of swallowing the first event of this batch. Not
    /// truncated: a reader following the file would take a shrinking file for a new one.
    private func endTornLine(_ fd: FileDescriptor) {
        guard canRead, let size = try? fd.status().st_size, size > 0 else { return }
        var last: UInt8 = 0
        guard pread(fd.rawValue, &last, 1, off_t(size - 1)) == 1, last != UInt8(ascii: "\n") else { return }
        try? fd.writeAll([UInt8(ascii: "\n")])
    }

    /// After a short write, cuts the file back to the end of the last whole line of the batch
    /// (we still hold the lock, so those bytes are at the end of the file). Returns the whole
    /// bytes that remain written.
    private func repairTornLine(_ fd: FileDescriptor, batch: UnsafeRawBufferPointer, written: Int) -> Int {
        guard written > 0 else { return 0 }
        var whole = written
        while whole > 0 && batch[whole - 1] != UInt8(ascii: "\n") { whole -= 1 }
        guard whole < written else { return whole }
        guard isRegularFile, let size = try? fd.status().st_size else {
            // A pipe or device cannot be cut back; the reader has the fragment already.
            return written
        }
        let torn = Int64(written - whole)
        if (try? fd.truncate(to: Int64(size) - torn)) != nil { return whole }
        return written
    }
}
