import VCore

/// The unconsumed part of standard input, with the line and column bookkeeping that error
/// messages need. Line numbers are kept up to date cheaply: whitespace between texts is
/// counted as it is skipped, and a text is searched for newlines only when compacting it
/// removed bytes (a compact one-line event cannot contain one).
final class InputWindow {
    private var storage: UnsafeMutableRawBufferPointer
    /// Unconsumed bytes are storage[start..<end].
    var start = 0
    private(set) var end = 0
    /// Absolute input offset of storage[0].
    private var base: Int64 = 0
    /// The line (1-based) that `start` is on, and the absolute offset where that line begins.
    private(set) var line = 1
    private var lineStart: Int64 = 0
    /// Discarding input up to the next newline (after an oversized record).
    var skipping = false

    init(capacity: Int) {
        storage = .allocate(byteCount: capacity, alignment: 16)
    }

    deinit { storage.deallocate() }

    var isEmpty: Bool { start == end }
    /// The bytes read so far (up to `end`): the scanner must never see past them.
    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: storage[0..<end]) }

    /// One read(2) after making room; returns the bytes read (0 at end of input).
    func read(from descriptor: FileDescriptor) throws(SystemError) -> Int {
        if start > 0 {
            let count = end - start
            if count > 0 { storage.baseAddress!.copyMemory(from: storage.baseAddress! + start, byteCount: count) }
            base += Int64(start)
            start = 0
            end = count
        }
        if end == storage.count {
            // A text longer than the buffer: grow (the caller bounds this by --max-record).
            let bigger = UnsafeMutableRawBufferPointer.allocate(byteCount: storage.count * 2, alignment: 16)
            bigger.baseAddress!.copyMemory(from: storage.baseAddress!, byteCount: end)
            storage.deallocate()
            storage = bigger
        }
        let n = try descriptor.read(into: UnsafeMutableRawBufferPointer(rebasing: storage[end...]))
        end += n
        return n
    }

    /// Skips whitespace between texts (and a byte order mark at the very start of input),
    /// counting lines.
    func skipWhitespace(_ buffer: UnsafeRawBufferPointer, from position: Int, to end: Int) -> Int {
        var index = position
        while index < end {
            switch buffer[index] {
            case 0x20, 0x09, 0x0D:
                index += 1
            case 0x0A:
                advanceLine(at: index)
                index += 1
            case 0xEF where base + Int64(index) == 0:
                guard end - index >= 3 else { return index }
                if buffer[index + 1] == 0xBB && buffer[index + 2] == 0xBF {
                    index += 3
                    lineStart = base + Int64(index)
                } else {
                    return index
                }
            default:
                return index
            }
        }
        return index
    }

    func advanceLine(at newline: Int) {
        line += 1
        lineStart = base + Int64(newline) + 1
    }

    /// Accounts for the newlines inside a consumed text. `compacted` is the size of its
    /// compact form: the same size means it had no whitespace, hence no newline.
    func countLines(_ buffer: UnsafeRawBufferPointer, _ range: Range<Int>, compacted: Int) {
        guard compacted != range.count else { return }
        var index = range.lowerBound
        while let newline = buffer.firstIndex(of: 0x0A, from: index, to: range.upperBound) {
            advanceLine(at: newline)
            index = newline + 1
        }
    }

    func column(of index: Int) -> Int { Int(base + Int64(index) - lineStart) + 1 }

    /// Line and column of `offset`, inside a text that starts at `textStart` on the current line.
    func location(_ buffer: UnsafeRawBufferPointer, of offset: Int, textStart: Int) -> (line: Int, column: Int) {
        var lineNumber = line
        var lastNewline: Int?
        var index = textStart
        while let newline = buffer.firstIndex(of: 0x0A, from: index, to: offset) {
            lineNumber += 1
            lastNewline = newline
            index = newline + 1
        }
        if let lastNewline { return (lineNumber, offset - lastNewline) }
        return (lineNumber, column(of: offset))
    }

    /// Where a rejected text ends: normally the end of the line the error is on. When the
    /// error is an object starting a later line, the text before was cut off (a writer died
    /// mid-line) and the new line is a new text: only the part before it is rejected.
    /// nil: the line's end has not been read yet.
    func rejectionEnd(_ buffer: UnsafeRawBufferPointer, textStart: Int, errorAt: Int, end: Int, atEnd: Bool) -> Int? {
        let errorAt = min(errorAt, end)
        var lineBegin: Int?
        var index = textStart
        while let newline = buffer.firstIndex(of: 0x0A, from: index, to: errorAt) {
            lineBegin = newline + 1
            index = newline + 1
        }
        if let lineBegin, errorAt < end, buffer[errorAt] == UInt8(ascii: "{") {
            var first = lineBegin
            while first < errorAt, buffer[first] == 0x20 || buffer[first] == 0x09 || buffer[first] == 0x0D { first += 1 }
            if first == errorAt { return lineBegin }
        }
        if let newline = buffer.firstIndex(of: 0x0A, from: errorAt, to: end) { return newline + 1 }
        return atEnd ? end : nil
    }
}

/// The --rejects file: every rejected record appended raw, one write per record.
final class RejectsFile {
    let path: String
    private var descriptor: FileDescriptor?
    private var failed = false
    private(set) var pendingRecord = false

    init(path: String) { self.path = path }

    /// Appends bytes of a record; `endRecord` closes it with a newline if it has none.
    func append(_ bytes: UnsafeRawBufferPointer, endRecord: Bool) {
        var record = Array(bytes)
        if endRecord && record.last != 0x0A && !(record.isEmpty && !pendingRecord) { record.append(0x0A) }
        pendingRecord = !endRecord
        append(record)
    }

    /// Appends `record`; returns how many of its bytes reached the file (all of them unless
    /// the rejects file failed, now or before).
    @discardableResult
    func append(_ record: [UInt8], quiet: Bool = false) -> Int {
        guard !record.isEmpty else { return 0 }
        guard !failed else { return 0 }
        do {
            if descriptor == nil {
                try createParentDirectories(of: path, mode: 0o700)
                descriptor = try FileDescriptor.open(path, O_WRONLY | O_APPEND | O_CREAT, mode: 0o600)
            }
            try descriptor!.writeAll(record)
            return record.count
        } catch let error as SystemError {
            failed = true
            if !quiet { Diagnostics.error("\(error); rejected records are lost") }
            return 0
        } catch let error as PartialWriteError {
            failed = true
            if !quiet { Diagnostics.error("\(error.error); rejected records are lost") }
            return error.written
        } catch {
            failed = true
            return 0
        }
    }

    var hasFailed: Bool { failed }
}
