/// Signals turned into readable bytes on a pipe (the self-pipe trick), so a tool's poll loop
/// wakes on them and handles them as ordinary events: no work is ever done inside a handler.
public enum SignalPipe {
    nonisolated(unsafe) private static var writeEnd: Int32 = -1
    nonisolated(unsafe) private static var readEnd: Int32 = -1

    /// Installs handlers for `signals` and returns the descriptor to poll. Idempotent.
    public static func install(_ signals: [Int32]) throws(SystemError) -> FileDescriptor {
        if readEnd < 0 {
            let pipe = try FileDescriptor.pipe()
            try pipe.read.setNonBlocking()
            try pipe.write.setNonBlocking()
            readEnd = pipe.read.rawValue
            writeEnd = pipe.write.rawValue
        }
        for signo in signals {
            _ = signal(signo) { received in
                // Only async-signal-safe work: one write of one byte, errno preserved.
                let saved = errno
                var byte = UInt8(truncatingIfNeeded: received)
                _ = write(SignalPipe.writeEnd, &byte, 1)
                errno = saved
            }
        }
        return FileDescriptor(rawValue: readEnd, name: "signal pipe")
    }

    /// Signals received since the last call, in order.
    public static func drain() -> [Int32] {
        var received: [Int32] = []
        var buffer = [UInt8](repeating: 0, count: 64)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(readEnd, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            received.append(contentsOf: buffer[0..<n].map { Int32($0) })
        }
        return received
    }

    /// Broken pipes and oversized files become errors (EPIPE, EFBIG) instead of killing us.
    public static func ignoreWriteSignals() {
        _ = signal(SIGPIPE, SIG_IGN)
        _ = signal(SIGXFSZ, SIG_IGN)
    }
}
