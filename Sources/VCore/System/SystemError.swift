/// A failed system call: which call, on what, and the errno it returned.
/// Rendered BSD-style as `path: reason` with the call in parentheses, e.g.
/// `events.jsonl: No space left on device (write)`.
public struct SystemError: Error, Equatable, CustomStringConvertible, Sendable {
    public var call: String
    public var path: String?
    public var code: Int32

    public init(_ call: String, path: String? = nil, code: Int32 = errno) {
        self.call = call
        self.path = path
        self.code = code
    }

    public var reason: String { String(cString: strerror(code)) }

    public var description: String {
        if let path { return "\(path): \(reason) (\(call))" }
        return "\(call): \(reason)"
    }
}

/// Runs a system call, retrying while it fails with EINTR. Returns the non-negative result
/// or throws a SystemError that carries the call's name.
@inline(__always)
@discardableResult
public func retryingOnInterrupt<T: BinaryInteger>(_ call: String, path: String? = nil, _ body: () -> T) throws(SystemError) -> T {
    while true {
        let result = body()
        if result >= 0 { return result }
        let code = errno
        if code == EINTR { continue }
        throw SystemError(call, path: path, code: code)
    }
}
