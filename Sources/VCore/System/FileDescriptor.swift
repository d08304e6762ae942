/// A thin typed wrapper over a file descriptor. Every call retries on EINTR and throws a
/// SystemError naming the call and the path it was opened with.
public struct FileDescriptor: Sendable, Equatable {
    public let rawValue: Int32
    /// The name used in diagnostics ("stdin", a path, …).
    public var name: String

    public init(rawValue: Int32, name: String) {
        self.rawValue = rawValue
        self.name = name
    }

    public static let standardInput = FileDescriptor(rawValue: 0, name: "stdin")
    public static let standardOutput = FileDescriptor(rawValue: 1, name: "stdout")
    public static let standardError = FileDescriptor(rawValue: 2, name: "stderr")

    public static func open(_ path: String, _ flags: Int32, mode: mode_t = 0o644) throws(SystemError) -> FileDescriptor {
        let fd = try retryingOnInterrupt("open", path: path) { Glibc_open(path, flags | O_CLOEXEC, mode) }
        return FileDescriptor(rawValue: fd, name: path)
    }

    public func close() {
        // Not retried: on Linux the descriptor is released even when close reports EINTR.
        _ = Glibc_close(rawValue)
    }

    /// One read(2); 0 means end of file.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(SystemError) -> Int {
        try retryingOnInterrupt("read", path: name) { Glibc_read(rawValue, buffer.baseAddress, buffer.count) }
    }

    /// One read(2) at an offset, leaving the file position alone.
    public func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int64) throws(SystemError) -> Int {
        try retryingOnInterrupt("pread", path: name) { pread(rawValue, buffer.baseAddress, buffer.count, off_t(offset)) }
    }

    /// One write(2); may be short.
    public func write(_ bytes: UnsafeRawBufferPointer) throws(SystemError) -> Int {
        try retryingOnInterrupt("write", path: name) { Glibc_write(rawValue, bytes.baseAddress, bytes.count) }
    }

    /// Writes every byte, continuing after short writes. On failure the error says how much
    /// had been written already, so a caller can repair a partial record.
    public func writeAll(_ bytes: UnsafeRawBufferPointer) throws(PartialWriteError) {
        var done = 0
        while done < bytes.count {
            let n = Glibc_write(rawValue, bytes.baseAddress! + done, bytes.count - done)
            if n > 0 { done += n; continue }
            let code = n == 0 ? EIO : errno
            if code == EINTR { continue }
            throw PartialWriteError(written: done, error: SystemError("write", path: name, code: code))
        }
    }

    public func writeAll(_ bytes: [UInt8]) throws(PartialWriteError) {
        // withUnsafeBytes only rethrows untyped errors, so carry the typed one out by hand.
        let failure: PartialWriteError? = bytes.withUnsafeBytes { buffer in
            do throws(PartialWriteError) { try writeAll(buffer); return nil } catch { return error }
        }
        if let failure { throw failure }
    }

    public func status() throws(SystemError) -> stat {
        var st = stat()
        try retryingOnInterrupt("fstat", path: name) { fstat(rawValue, &st) }
        return st
    }

    public func seek(to offset: Int64, whence: Int32 = SEEK_SET) throws(SystemError) -> Int64 {
        Int64(try retryingOnInterrupt("lseek", path: name) { lseek(rawValue, off_t(offset), whence) })
    }

    public func truncate(to length: Int64) throws(SystemError) {
        try retryingOnInterrupt("ftruncate", path: name) { ftruncate(rawValue, off_t(length)) }
    }

    public func synchronize() throws(SystemError) {
        try retryingOnInterrupt("fsync", path: name) { fsync(rawValue) }
    }

    /// An exclusive advisory lock (flock(2)), waiting for it.
    public func lockExclusive() throws(SystemError) {
        try retryingOnInterrupt("flock", path: name) { flock(rawValue, LOCK_EX) }
    }

    public func unlock() {
        _ = flock(rawValue, LOCK_UN)
    }

    public var isTerminal: Bool { isatty(rawValue) == 1 }

    public func setNonBlocking() throws(SystemError) {
        let flags = try retryingOnInterrupt("fcntl", path: name) { fcntl(rawValue, F_GETFL) }
        try retryingOnInterrupt("fcntl", path: name) { fcntl(rawValue, F_SETFL, flags | O_NONBLOCK) }
    }

    public static func pipe() throws(SystemError) -> (read: FileDescriptor, write: FileDescriptor) {
        var fds: [Int32] = [0, 0]
        try retryingOnInterrupt("pipe") { Glibc_pipe(&fds) }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        return (FileDescriptor(rawValue: fds[0], name: "pipe"), FileDescriptor(rawValue: fds[1], name: "pipe"))
    }
}

/// A write that failed after `written` bytes had already gone out.
public struct PartialWriteError: Error, Sendable {
    public var written: Int
    public var error: SystemError
}

/// Waits on descriptors with poll(2). `timeoutMilliseconds` < 0 waits forever.
/// Returns the number of ready descriptors; 0 on timeout or when a signal interrupted the wait
/// (the caller's loop then looks at its signal flags and deadlines again).
public func pollDescriptors(_ fds: inout [pollfd], timeoutMilliseconds: Int32) throws(SystemError) -> Int {
    let result = fds.withUnsafeMutableBufferPointer { Glibc_poll($0.baseAddress, nfds_t($0.count), timeoutMilliseconds) }
    if result < 0 {
        if errno == EINTR { return 0 }
        throw SystemError("poll")
    }
    return Int(result)
}

/// Creates every missing directory of `path`'s parent with `mode` (like `mkdir -p`).
public func createParentDirectories(of path: String, mode: mode_t = 0o700) throws(SystemError) {
    var bytes = Array(path.utf8)
    guard let slash = bytes.lastIndex(of: UInt8(ascii: "/")), slash > 0 else { return }
    bytes.removeSubrange(slash...)
    var prefix = [UInt8]()
    for (i, byte) in bytes.enumerated() {
        prefix.append(byte)
        let atEnd = i == bytes.count - 1
        guard atEnd || bytes[i + 1] == UInt8(ascii: "/"), byte != UInt8(ascii: "/") else { continue }
        let dir = String(decoding: prefix, as: UTF8.self)
        if mkdir(dir, mode) != 0 && errno != EEXIST { throw SystemError("mkdir", path: dir) }
    }
}
