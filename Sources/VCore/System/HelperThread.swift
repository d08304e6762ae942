/// One background thread that runs one job at a time for the thread that owns it: `start`
/// hands over a job, `wait` blocks until it is done, without a thread per job: vtail scans a
/// large file in chunks on two threads with it, and vexport writes a batch while it reads the
/// next. Built on a pthread mutex and condition variable, which
/// (unlike unnamed POSIX semaphores, missing on Darwin) work the same on every platform.
public final class HelperThread {
    private let mailbox = Mailbox()
    private let thread: JoinableThread?

    public init() {
        let mailbox = self.mailbox
        thread = Platform.startThread { mailbox.serve() }
    }

    deinit {
        mailbox.close()
        thread?.join()
    }

    /// Runs `job` on the helper thread (or, when no thread could be created, right here).
    /// The previous job must have been waited for.
    public func start(_ job: @escaping () -> Void) {
        guard thread != nil else { return job() }
        mailbox.post(job)
    }

    /// Blocks until the job given to `start` has finished.
    public func wait() {
        mailbox.waitUntilDone()
    }

    /// Whether a job was started and has not finished yet (it may finish right after).
    public var isBusy: Bool { mailbox.isBusy }
}

/// The state the owner and the helper share, guarded by one mutex. The helper thread holds this,
/// not the HelperThread, so the owner's deinit can stop and join it.
private final class Mailbox: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let changed = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var job: (() -> Void)?
    private var busy = false
    private var closed = false

    init() {
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(changed, nil)
    }

    deinit {
        pthread_cond_destroy(changed)
        pthread_mutex_destroy(mutex)
        changed.deallocate()
        mutex.deallocate()
    }

    func post(_ work: @escaping () -> Void) {
        pthread_mutex_lock(mutex)
        precondition(!busy, "HelperThread.start before the previous job was waited for")
        job = work
        busy = true
        pthread_cond_broadcast(changed)
        pthread_mutex_unlock(mutex)
    }

    func waitUntilDone() {
        pthread_mutex_lock(mutex)
        while busy { pthread_cond_wait(changed, mutex) }
        pthread_mutex_unlock(mutex)
    }

    var isBusy: Bool {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return busy
    }

    func close() {
        pthread_mutex_lock(mutex)
        closed = true
        pthread_cond_broadcast(changed)
        pthread_mutex_unlock(mutex)
    }

    /// The helper thread's loop: run each job posted, until closed.
    func serve() {
        pthread_mutex_lock(mutex)
        while true {
            while job == nil && !closed { pthread_cond_wait(changed, mutex) }
            guard let work = job else { break }
            job = nil
            pthread_mutex_unlock(mutex)
            work()
            pthread_mutex_lock(mutex)
            busy = false
            pthread_cond_broadcast(changed)
        }
        pthread_mutex_unlock(mutex)
    }
}
