// The one place that knows which C library we are on. Everything else imports VCore
// and uses the names re-exported here, so a port touches this file only.
#if canImport(Glibc)
@_exported import Glibc
#elseif canImport(Musl)
@_exported import Musl
#elseif canImport(Darwin)
@_exported import Darwin
#else
#error("vtools needs a POSIX C library")
#endif

public enum Platform {
    /// Wall-clock time as seconds and nanoseconds since the Unix epoch.
    @inline(__always)
    public static func realtime() -> (seconds: Int64, nanoseconds: Int64) {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return (Int64(ts.tv_sec), Int64(ts.tv_nsec))
    }

    /// Monotonic time in nanoseconds: for deadlines, never for timestamps.
    @inline(__always)
    public static func monotonicNanoseconds() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Int64(ts.tv_sec) &* 1_000_000_000 &+ Int64(ts.tv_nsec)
    }

    /// Modification time of a stat result, whose field name differs between platforms.
    public static func modificationNanoseconds(_ st: stat) -> Int64 {
        #if canImport(Darwin)
        return Int64(st.st_mtimespec.tv_sec) * 1_000_000_000 + Int64(st.st_mtimespec.tv_nsec)
        #else
        return Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec)
        #endif
    }

    /// Fills `buffer` with random bytes from the kernel.
    public static func randomBytes(_ buffer: UnsafeMutableRawBufferPointer) {
        #if canImport(Darwin)
        arc4random_buf(buffer.baseAddress, buffer.count)
        #else
        // /dev/urandom rather than getrandom(2): the Glibc module map does not export it.
        let fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC)
        precondition(fd >= 0, "cannot open /dev/urandom")
        defer { close(fd) }
        var filled = 0
        while filled < buffer.count {
            let n = read(fd, buffer.baseAddress! + filled, buffer.count - filled)
            if n > 0 { filled += n } else if n < 0 && errno == EINTR { continue } else { fatalError("read /dev/urandom failed") }
        }
        #endif
    }

    /// Sleeps until a CLOCK_MONOTONIC deadline. On Linux the sleep is absolute, so a signal
    /// (EINTR) or an early wake-up simply sleeps again towards the same deadline: no drift.
    public static func sleep(untilMonotonic deadline: Int64) {
        #if os(Linux)
        var ts = timespec()
        ts.tv_sec = Int(deadline / 1_000_000_000)
        ts.tv_nsec = Int(deadline % 1_000_000_000)
        while monotonicNanoseconds() < deadline {
            let rc = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, nil)
            if rc != 0 && rc != EINTR { break }   // EINVAL etc.: nothing sensible to retry
        }
        #else
        // Relative nanosleep, recomputing the remaining time after every interruption.
        while true {
            let remaining = deadline - monotonicNanoseconds()
            if remaining <= 0 { return }
            var ts = timespec(tv_sec: Int(remaining / 1_000_000_000), tv_nsec: Int(remaining % 1_000_000_000))
            _ = nanosleep(&ts, nil)
        }
        #endif
    }

    /// A non-blocking inotify(7) descriptor; nil where there is none (not Linux, or no instance left).
    public static func inotifyInit() -> Int32? {
        #if os(Linux)
        let fd = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        return fd >= 0 ? fd : nil
        #else
        return nil
        #endif
    }

    /// Watches `path` for writes, truncation, attribute changes, its own move or deletion and,
    /// for a directory, entries created, moved or deleted. nil when it cannot be watched.
    public static func inotifyAddWatch(_ fd: Int32, _ path: String) -> Int32? {
        #if os(Linux)
        let mask = UInt32(IN_MODIFY | IN_ATTRIB | IN_CLOSE_WRITE | IN_CREATE | IN_DELETE | IN_MOVED_FROM
                          | IN_MOVED_TO | IN_DELETE_SELF | IN_MOVE_SELF)
        let wd = inotify_add_watch(fd, path, mask)
        return wd >= 0 ? wd : nil
        #else
        return nil
        #endif
    }

    public static func inotifyRemoveWatch(_ fd: Int32, _ wd: Int32) {
        #if os(Linux)
        _ = inotify_rm_watch(fd, wd)
        #endif
    }

    /// Asks for a pipe buffer of `bytes` when `fd` is a pipe (Linux; elsewhere, and when the
    /// limit refuses, nothing changes). A bulk producer then blocks less often, and each read
    /// takes more.
    public static func enlargePipe(_ fd: Int32, to bytes: Int32) {
        #if os(Linux)
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFIFO else { return }
        _ = fcntl(fd, 1031 /* F_SETPIPE_SZ, not exported by Glibc */, bytes)
        #endif
    }

    /// Processors online (at least 1): whether a second thread can run beside this one.
    public static var onlineProcessors: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }

    /// Runs `body` on a new joinable thread; nil when no thread could be created (the caller
    /// then does the work itself). pthread_t is an integer on Linux and a pointer on Darwin.
    public static func startThread(_ body: @escaping () -> Void) -> JoinableThread? {
        let context = Unmanaged.passRetained(ThreadBody(body)).toOpaque()
        #if canImport(Darwin)
        var handle: pthread_t?
        let rc = pthread_create(&handle, nil, { raw in
            Unmanaged<ThreadBody>.fromOpaque(raw).takeRetainedValue().run()
            return nil
        }, context)
        #else
        var handle = pthread_t()
        let rc = pthread_create(&handle, nil, { raw in
            Unmanaged<ThreadBody>.fromOpaque(raw!).takeRetainedValue().run()
            return nil
        }, context)
        #endif
        guard rc == 0 else {
            Unmanaged<ThreadBody>.fromOpaque(context).release()
            return nil
        }
        #if canImport(Darwin)
        return JoinableThread(handle: handle!)
        #else
        return JoinableThread(handle: handle)
        #endif
    }
}

// Unambiguous names for the C calls that FileDescriptor wraps (its methods share their names).
@inline(__always) func Glibc_open(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32 { open(path, flags, mode) }
@inline(__always) func Glibc_close(_ fd: Int32) -> Int32 { close(fd) }
@inline(__always) func Glibc_read(_ fd: Int32, _ buf: UnsafeMutableRawPointer?, _ n: Int) -> Int { read(fd, buf, n) }
@inline(__always) func Glibc_write(_ fd: Int32, _ buf: UnsafeRawPointer?, _ n: Int) -> Int { write(fd, buf, n) }
@inline(__always) func Glibc_pipe(_ fds: UnsafeMutablePointer<Int32>) -> Int32 { pipe(fds) }
@inline(__always) func Glibc_poll(_ fds: UnsafeMutablePointer<pollfd>?, _ n: nfds_t, _ timeout: Int32) -> Int32 { poll(fds, n, timeout) }

/// A thread started by `Platform.startThread`; `join()` waits for it to finish.
public struct JoinableThread {
    let handle: pthread_t

    public func join() {
        _ = pthread_join(handle, nil)
    }
}

/// Carries a thread's closure through pthread_create's context pointer.
private final class ThreadBody {
    let run: () -> Void
    init(_ run: @escaping () -> Void) { self.run = run }
}
