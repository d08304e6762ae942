/// Wakes a poll loop when watched files or directories change: inotify(7) on Linux, nothing
/// elsewhere (callers keep polling on a timer, which stays the ground truth everywhere: the
/// watcher only makes changes visible sooner, it never decides what changed).
///
/// Watches are reference-counted by watch descriptor, because inotify hands out one descriptor
/// per inode: two followers watching one directory share it, and one of them letting go must
/// not silence the other.
public final class FileWatcher {
    /// The descriptor to poll for POLLIN; nil when notification is unavailable or disabled.
    public private(set) var descriptor: FileDescriptor?
    private var references: [Int32: Int] = [:]

    /// `enabled: false` (or a platform without inotify, or running out of inotify instances)
    /// leaves the watcher inert: every call is a no-op and `descriptor` is nil.
    public init(enabled: Bool = true) {
        guard enabled, let fd = Platform.inotifyInit() else { return }
        descriptor = FileDescriptor(rawValue: fd, name: "inotify")
    }

    deinit { descriptor?.close() }

    public var isActive: Bool { descriptor != nil }

    /// Starts watching `path` (a file: writes, truncation, attribute changes, its own move or
    /// deletion; a directory: also entries created, moved in or out, or deleted). Returns the
    /// watch to hand back to `unwatch`, or nil (not watchable, or no inotify).
    public func watch(_ path: String) -> Int32? {
        guard let fd = descriptor?.rawValue, let wd = Platform.inotifyAddWatch(fd, path) else { return nil }
        references[wd, default: 0] += 1
        return wd
    }

    /// Releases one reference to a watch; the kernel watch goes when the last one does.
    public func unwatch(_ wd: Int32) {
        guard let fd = descriptor?.rawValue, let count = references[wd] else { return }
        if count > 1 {
            references[wd] = count - 1
        } else {
            references[wd] = nil
            Platform.inotifyRemoveWatch(fd, wd)
        }
    }

    /// Reads and discards the pending notifications (their content does not matter: the caller
    /// re-examines its files). Returns whether there were any.
    @discardableResult
    public func drain() -> Bool {
        guard let fd = descriptor else { return false }
        var any = false
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc_read(fd.rawValue, $0.baseAddress, $0.count) }
            if n > 0 { any = true; continue }
            if n < 0 && errno == EINTR { continue }
            break
        }
        return any
    }
}
