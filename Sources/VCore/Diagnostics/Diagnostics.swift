/// Exit statuses shared by every tool.
public enum ExitStatus: Int32, Sendable {
    case success = 0
    /// A failure, including rejected input.
    case failure = 1
    /// The command line was wrong.
    case usage = 2
}

/// `prog: context: reason` messages on standard error, written with one unbuffered write(2)
/// each so that lines from concurrent processes do not interleave.
public enum Diagnostics {
    nonisolated(unsafe) public static var programName = "vtools"

    public static func error(_ message: String) {
        writeLine("\(programName): \(message)")
    }

    /// Writes a line to stderr. Failure to report is not itself reportable, so it is ignored.
    public static func writeLine(_ line: String) {
        var bytes = Array(line.utf8)
        bytes.append(UInt8(ascii: "\n"))
        try? FileDescriptor.standardError.writeAll(bytes)
    }

    /// Prints the message and exits with `status`.
    public static func fail(_ message: String, status: ExitStatus = .failure) -> Never {
        error(message)
        exit(status.rawValue)
    }
}

/// Summarises a stream of similar errors: the first `limit` are printed in full, the rest
/// only counted, so a file of bad lines does not flood the terminal.
public struct ErrorSummary: Sendable {
    public private(set) var count = 0
    public let limit: Int

    public init(limit: Int = 10) { self.limit = limit }

    /// Records one error; prints it if still under the limit.
    public mutating func report(_ message: @autoclosure () -> String) {
        count += 1
        if count <= limit {
            Diagnostics.error(message())
        } else if count == limit + 1 {
            Diagnostics.error("further errors of this kind are counted, not shown")
        }
    }

    /// The closing line, if some were not shown.
    public func finish(_ what: String) {
        if count > limit { Diagnostics.error("\(count) \(what) in all (\(count - limit) not shown)") }
    }
}
