/// Follows one file by name, as `tail -F` does, handing out each complete line exactly once.
///
/// States (per path):
///  - waiting: the path does not exist (yet, or any more with nothing left open); checked on
///    every refresh, and when it appears it is read from its first byte.
///  - reading: `current` is open; each refresh first checks it in place (a size below what was
///    read means truncation; a changed first-bytes fingerprint means the file was rewritten,
///    even if it has already grown past the old offset), then reads it to its end.
///  - replaced: the path now names another file (rename rotation, delete and recreate). The old
///    file is read to its end, then kept open and read on every refresh in `retiring` until it
///    has stayed idle for `retireAfter`, so a writer that still appends to the renamed file
///    loses nothing; the new file is read from its first byte.
/// A file that disappears without a successor stays open and is read (a writer may hold it).
///
/// A line is handed out only once its newline has been read; the bytes after the last newline
/// wait in the reader. `finish` hands out such an unterminated final line, for callers that
/// stop (end of `--no-follow`, the followed process exited).
public final class FileFollower {
    public enum Kind: Equatable, Sendable {
        /// A complete line, without its newline.
        case complete
        /// The unterminated end of a file, handed out by `finish` or when a file is retired.
        case unterminated
        /// A line longer than the reader's limit, skipped; `bytes` is empty.
        case overlong(length: Int)
    }

    public struct Line {
        public var bytes: UnsafeRawBufferPointer
        /// 1-based line number relative to where reading of this file started; see `lineNumber`.
        public var relativeNumber: Int
        public var kind: Kind
    }

    /// Where the first reading of an existing file starts.
    public enum StartPosition: Sendable, Equatable {
        /// A byte offset (the start of a line).
        case offset(Int64)
        /// The start of the file, handing out lines from `line` on (1-based).
        case line(Int)
    }

    public let path: String
    /// The name used in notices and in `lineNumber` contexts.
    public let displayName: String
    /// How long a replaced file must stay idle before it is closed.
    public var retireAfter: Int64
    public let maximumLineLength: Int
    /// Print a notice on standard error when the file is truncated, rewritten, replaced,
    /// missing or appears.
    public var reportsChanges = true

    private let watcher: FileWatcher?
    private var current: Source?
    private var retiring: [Source] = []
    /// The source whose lines are being handed out (for `lineNumber`).
    private var reading: Source?
    private var started = false
    private var reportedMissing = false
    private var reportedError: Int32 = 0
    private var directoryWatch: (path: String, device: UInt64, inode: UInt64, wd: Int32)?
    /// The lines of one read held back by `drain` until the read is verified (copies, reused).
    private var held: [(start: Int, count: Int, number: Int, kind: Kind)] = []
    private var heldBytes: [UInt8] = []

    static let fingerprintLength = 128

    final class Source {
        let descriptor: FileDescriptor
        let device: UInt64
        let inode: UInt64
        var reader: LineReader
        /// File offset where the reader started, and bytes read since.
        var startOffset: Int64
        var bytesRead: Int64 = 0
        /// The file's first bytes (up to fingerprintLength) as read. When reading started at
        /// offset 0 they are taken from the bytes the reader got, not read again: a second read
        /// could see a file truncated and rewritten in between, and the stale position would then
        /// pass for the new file's (a torn line and lost lines).
        var fingerprint: [UInt8] = []
        /// With startOffset 0: the first bytes of the complete lines read (newlines included);
        /// it stops growing at an overlong line, whose bytes are not kept.
        var head: [UInt8] = []
        var lastSize: Int64 = -1
        var lastModified: Int64 = -1
        /// Lines before startOffset, counted when first needed.
        var lineBase: Int?
        var skipBefore: Int
        var lastGrowth: Int64
        var watch: Int32?

        init(descriptor: FileDescriptor, status: stat, startOffset: Int64, skipBefore: Int, now: Int64, maximumLineLength: Int) {
            self.descriptor = descriptor
            device = UInt64(status.st_dev)
            inode = UInt64(status.st_ino)
            self.startOffset = startOffset
            self.skipBefore = skipBefore
            lastGrowth = now
            reader = LineReader(descriptor, maximumLineLength: maximumLineLength)
            lineBase = startOffset == 0 ? 0 : nil
        }

        var offset: Int64 { startOffset + bytesRead }
    }

    public init(path: String, displayName: String? = nil, watcher: FileWatcher?, retireAfter: Int64 = 2_000_000_000,
                maximumLineLength: Int = 8 << 20) {
        self.path = path
        self.displayName = displayName ?? path
        self.watcher = watcher
        self.retireAfter = retireAfter
        self.maximumLineLength = maximumLineLength
    }

    deinit {
        for source in retiring { close(source) }
        if let current { close(current) }
        if let wd = directoryWatch?.wd { watcher?.unwatch(wd) }
    }

    /// Whether a file is open (being read) now.
    public var isOpen: Bool { current != nil }

    /// The absolute 1-based line number of a line being handed out (counting the lines before
    /// the start offset the first time it is needed: only error messages need it).
    public func lineNumber(_ line: Line) -> Int {
        guard let source = reading else { return line.relativeNumber }
        if source.lineBase == nil { source.lineBase = countLines(source.descriptor, upTo: source.startOffset) }
        return source.lineBase! + line.relativeNumber
    }

    /// Opens the file if it exists, positioned by `position(descriptor, size)`. Returns the
    /// errno of a failed open (ENOENT: not there yet), or 0. Does not read.
    public func start(_ position: (FileDescriptor, Int64) throws -> StartPosition) rethrows -> Int32 {
        started = true
        let now = Platform.monotonicNanoseconds()
        let descriptor: FileDescriptor
        do {
            descriptor = try FileDescriptor.open(path, O_RDONLY | O_NONBLOCK)
        } catch {
            updateWatches()
            return error.code
        }
        guard let status = try? descriptor.status() else {
            descriptor.close()
            return EIO
        }
        if status.st_mode & S_IFMT == S_IFDIR {
            descriptor.close()
            return EISDIR
        }
        let place = try position(descriptor, Int64(status.st_size))
        let source: Source
        switch place {
        case .offset(let offset):
            _ = try? descriptor.seek(to: offset)
            source = Source(descriptor: descriptor, status: status, startOffset: offset, skipBefore: 0, now: now,
                            maximumLineLength: maximumLineLength)
        case .line(let line):
            source = Source(descriptor: descriptor, status: status, startOffset: 0, skipBefore: line, now: now,
                            maximumLineLength: maximumLineLength)
        }
        adopt(source, status: status)
        return 0
    }

    /// One round: checks the open file in place, reads everything new, drains replaced files,
    /// and looks at the path for a replacement or a late appearance. `body` gets every new line.
    public func refresh(_ body: (Line) throws -> Void) throws {
        let now = Platform.monotonicNanoseconds()
        if !started {
            _ = start { _, _ in .offset(0) }
        }
        if let source = current {
            try checkInPlace(source)
            try drain(source, now: now, verified: true, body)
        }
        var index = 0
        while index < retiring.count {
            let source = retiring[index]
            try drain(source, now: now, body)
            if now - source.lastGrowth >= retireAfter {
                try finish(source, body)
                close(source)
                retiring.remove(at: index)
            } else {
                index += 1
            }
        }
        var status = stat()
        let found = stat(path, &status) == 0
        let lookupError = found ? EISDIR : errno
        if found && status.st_mode & S_IFMT != S_IFDIR {
            reportedError = 0
            if let source = current {
                if UInt64(status.st_dev) != source.device || UInt64(status.st_ino) != source.inode {
                    // Replaced: finish reading the old file first, keep it for late writes.
                    try drain(source, now: now, verified: true, body)
                    source.lastGrowth = now
                    retiring.append(source)
                    current = nil
                    notice("\(displayName): replaced; following the new file")
                    try openAppeared(now: now, body)
                }
            } else {
                if reportedMissing { notice("\(displayName): appeared; following it") }
                try openAppeared(now: now, body)
            }
        } else if current == nil {
            let code = lookupError
            if !reportedMissing || (code != reportedError && code != ENOENT) {
                reportedMissing = true
                reportedError = code
                notice("\(displayName): \(String(cString: strerror(code))); waiting for it to appear")
            }
        }
        updateWatches()
    }

    /// Hands out what is left unterminated in every open file (end of reading).
    public func finish(_ body: (Line) throws -> Void) throws {
        for source in retiring { try finish(source, body) }
        if let current { try finish(current, body) }
    }

    /// Reads the open file to its end once (for `--no-follow`): no checks, no path lookups.
    public func readToEnd(_ body: (Line) throws -> Void) throws {
        guard let current else { return }
        try drain(current, now: Platform.monotonicNanoseconds(), body)
    }

    // MARK: Internals

    private func notice(_ text: String) {
        if reportsChanges { Diagnostics.error(text) }
    }

    private func openAppeared(now: Int64, _ body: (Line) throws -> Void) throws {
        guard let descriptor = try? FileDescriptor.open(path, O_RDONLY | O_NONBLOCK),
              let status = try? descriptor.status() else { return }
        reportedMissing = false
        let source = Source(descriptor: descriptor, status: status, startOffset: 0, skipBefore: 0, now: now,
                            maximumLineLength: maximumLineLength)
        adopt(source, status: status)
        try drain(source, now: now, verified: true, body)
    }

    private func adopt(_ source: Source, status: stat) {
        source.lastSize = Int64(status.st_size)
        source.lastModified = Platform.modificationNanoseconds(status)
        // From offset 0 the fingerprint comes from what is read (see `updateFingerprint`).
        if source.startOffset != 0 { takeFingerprint(source) }
        source.watch = watcher?.watch(path)
        current = source
    }

    private func close(_ source: Source) {
        if let wd = source.watch { watcher?.unwatch(wd) }
        source.descriptor.close()
    }

    /// Truncation (size below what was read) or rewrite (the first bytes changed).
    private func checkInPlace(_ source: Source) throws {
        guard let status = try? source.descriptor.status() else { return }
        let size = Int64(status.st_size)
        let modified = Platform.modificationNanoseconds(status)
        guard size != source.lastSize || modified != source.lastModified else { return }
        source.lastSize = size
        source.lastModified = modified
        if size < source.offset {
            notice("\(displayName): file truncated; reading from the top")
            restart(source)
        } else if !source.fingerprint.isEmpty && !fingerprintMatches(source) {
            notice("\(displayName): file rewritten; reading from the top")
            restart(source)
        }
    }

    private func restart(_ source: Source) {
        _ = try? source.descriptor.seek(to: 0)
        source.reader = LineReader(source.descriptor, maximumLineLength: maximumLineLength)
        source.startOffset = 0
        source.bytesRead = 0
        source.lineBase = 0
        source.skipBefore = 0
        source.fingerprint = []
        source.head = []
    }

    private func takeFingerprint(_ source: Source) {
        var bytes = [UInt8](repeating: 0, count: Self.fingerprintLength)
        let n = bytes.withUnsafeMutableBytes { (try? source.descriptor.read(into: $0, at: 0)) ?? 0 }
        source.fingerprint = Array(bytes[0..<n])
    }

    private func fingerprintMatches(_ source: Source) -> Bool {
        let count = source.fingerprint.count
        var bytes = [UInt8](repeating: 0, count: count)
        let n = bytes.withUnsafeMutableBytes { (try? source.descriptor.read(into: $0, at: 0)) ?? 0 }
        return n == count && bytes == source.fingerprint
    }

    /// Reads a file to its end, handing out its complete lines.
    ///
    /// With `verified` (the file under the name, including one just opened), the lines of each read are held back until
    /// the file is seen to still start with its fingerprint: `checkInPlace` runs before reading,
    /// so a truncation and rewrite between the two would otherwise let the read return the new
    /// file from the old position (a torn line, and the lines before it lost, then printed
    /// twice once the rewrite is noticed). When the fingerprint no longer matches, what was
    /// read is dropped and the file is read again from the top.
    private func drain(_ source: Source, now: Int64, verified: Bool = false, _ body: (Line) throws -> Void) throws {
        reading = source
        defer { reading = nil }
        while true {
            let skip = source.skipBefore
            let hold = verified && !source.fingerprint.isEmpty
            held.removeAll(keepingCapacity: true)
            heldBytes.removeAll(keepingCapacity: true)
            let n = try source.reader.readAvailable { record in
                switch record {
                case .line(let bytes, let number):
                    if source.head.count < Self.fingerprintLength && source.startOffset == 0
                        && source.reader.consumedBytes == Int64(source.head.count) {
                        source.head.append(contentsOf: bytes.prefix(Self.fingerprintLength - source.head.count))
                        if source.head.count < Self.fingerprintLength { source.head.append(0x0A) }
                    }
                    guard number >= skip else { return }
                    if hold {
                        held.append((heldBytes.count, bytes.count, number, .complete))
                        heldBytes.append(contentsOf: bytes)
                    } else {
                        try body(Line(bytes: bytes, relativeNumber: number, kind: .complete))
                    }
                case .overlong(let number, let length):
                    guard number >= skip else { return }
                    if hold {
                        held.append((heldBytes.count, 0, number, .overlong(length: length)))
                    } else {
                        try body(Line(bytes: UnsafeRawBufferPointer(start: nil, count: 0), relativeNumber: number,
                                      kind: .overlong(length: length)))
                    }
                }
            }
            if n == 0 { break }
            if hold && !fingerprintMatches(source) {
                let size = (try? source.descriptor.status()).map { Int64($0.st_size) } ?? 0
                notice("\(displayName): file \(size < source.offset ? "truncated" : "rewritten"); reading from the top")
                restart(source)
                continue
            }
            source.bytesRead += Int64(n)
            source.lastGrowth = now
            // After each read: the next read of this loop is then verified against it too.
            updateFingerprint(source)
            if hold && !held.isEmpty {
                try heldBytes.withUnsafeBytes { all in
                    for line in held {
                        let bytes = line.count == 0 ? UnsafeRawBufferPointer(start: nil, count: 0)
                            : UnsafeRawBufferPointer(rebasing: all[line.start..<line.start + line.count])
                        try body(Line(bytes: bytes, relativeNumber: line.number, kind: line.kind))
                    }
                }
            }
        }
    }

    /// Extends a short fingerprint after reading: from the bytes read when reading started at
    /// offset 0 (the complete lines, then the partial line after them), else by reading the
    /// file's first bytes again (reading started further on, or an overlong line was skipped).
    private func updateFingerprint(_ source: Source) {
        guard source.fingerprint.count < Self.fingerprintLength,
              source.offset > Int64(source.fingerprint.count) else { return }
        if source.startOffset == 0 {
            if source.head.count == Self.fingerprintLength {
                source.fingerprint = source.head
                return
            }
            if Int64(source.head.count) == source.reader.consumedBytes {
                let pending = source.reader.pendingBytes
                source.fingerprint = source.head + pending.prefix(Self.fingerprintLength - source.head.count)
                return
            }
        }
        takeFingerprint(source)
    }

    private func finish(_ source: Source, _ body: (Line) throws -> Void) throws {
        let pending = source.reader.pendingBytes
        guard !pending.isEmpty else { return }
        reading = source
        defer { reading = nil }
        let number = source.reader.lineNumber + 1
        if number >= source.skipBefore {
            try body(Line(bytes: pending, relativeNumber: number, kind: .unterminated))
        }
        source.reader.discardPending()
    }

    /// Watches the file's directory (or, while it is missing, its nearest existing ancestor,
    /// so a late `mkdir` wakes us too).
    private func updateWatches() {
        guard let watcher, watcher.isActive else { return }
        var directory = FileFollower.parent(of: path)
        var status = stat()
        while true {
            if stat(directory, &status) == 0 && status.st_mode & S_IFMT == S_IFDIR { break }
            let up = FileFollower.parent(of: directory)
            if up == directory { return }
            directory = up
        }
        if let watched = directoryWatch, watched.path == directory, watched.device == UInt64(status.st_dev),
           watched.inode == UInt64(status.st_ino) {
            return
        }
        if let old = directoryWatch?.wd { watcher.unwatch(old) }
        directoryWatch = nil
        if let wd = watcher.watch(directory) {
            directoryWatch = (directory, UInt64(status.st_dev), UInt64(status.st_ino), wd)
        }
    }

    /// The parent directory of a path, textually (`a/b` → `a`, `b` → `.`, `/b` → `/`).
    public static func parent(of path: String) -> String {
        var bytes = Array(path.utf8)
        while bytes.count > 1 && bytes.last == UInt8(ascii: "/") { bytes.removeLast() }
        guard let slash = bytes.lastIndex(of: UInt8(ascii: "/")) else {
            return "."
        }
        if slash == 0 { return "/" }
        return String(decoding: bytes[0..<slash], as: UTF8.self)
    }
}

/// Counts the newlines in the first `limit` bytes of a file (pread, leaving the position alone).
public func countLines(_ descriptor: FileDescriptor, upTo limit: Int64) -> Int {
    let chunk = 1 << 16
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunk, alignment: 16)
    defer { buffer.deallocate() }
    var offset: Int64 = 0
    var lines = 0
    while offset < limit {
        let want = Int(min(Int64(chunk), limit - offset))
        guard let n = try? descriptor.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<want]), at: offset),
              n > 0 else { break }
        var p = buffer.baseAddress!
        var left = n
        while left > 0, let hit = memchr(p, 0x0A, left) {
            lines += 1
            let advance = p.distance(to: hit) + 1
            p += advance
            left -= advance
        }
        offset += Int64(n)
    }
    return lines
}
