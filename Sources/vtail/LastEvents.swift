import VCore

/// Finds where the last N events of a file start by reading it backwards from the end, so the
/// cost depends on N and the line length, not on the size of the file.
enum LastEvents {
    static let chunkSize = 1 << 16

    /// The offset of the first byte of the `count`-th last line for which `isEvent` holds
    /// (0 when there are fewer). Lines are newline-terminated; the bytes after the last newline
    /// are a line only when `includeUnterminated` (otherwise a writer is still writing them,
    /// and with `count` 0 the result is where they start, so they are read once complete).
    /// Lines longer than `maximumLineLength` are not events.
    static func startOffset(_ descriptor: FileDescriptor, size: Int64, count: Int, includeUnterminated: Bool,
                            maximumLineLength: Int = 8 << 20,
                            isEvent: (UnsafeRawBufferPointer) -> Bool) -> Int64 {
        guard size > 0 else { return 0 }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        /// Bytes of the line being assembled that lie after the current chunk (in file order).
        var tail: [UInt8] = []
        var overlong = false
        var lineEnd = size           // exclusive end of the current line (its newline or EOF)
        var isTrailing = true        // the segment after the last newline
        var found = 0
        var position = size          // bytes [0, position) are not read yet

        // Returns the start offset when the count is reached.
        func consider(_ line: UnsafeRawBufferPointer, start: Int64) -> Int64? {
            defer { isTrailing = false }
            if isTrailing {
                if count == 0 { return includeUnterminated ? size : start }
                if !includeUnterminated || line.isEmpty { return nil }
            }
            if count == 0 { return nil }
            if overlong || line.isEmpty { return nil }
            if isEvent(line) {
                found += 1
                if found == count { return start }
            }
            return nil
        }

        func assembled(_ piece: UnsafeRawBufferPointer, start: Int64) -> Int64? {
            if tail.isEmpty { return consider(piece, start: start) }
            if !overlong { tail.insert(contentsOf: piece, at: 0) }
            return tail.withUnsafeBytes { consider($0, start: start) }
        }

        while position > 0 {
            let chunkStart = max(0, position - Int64(chunkSize))
            let want = Int(position - chunkStart)
            var got = 0
            while got < want {
                guard let n = try? descriptor.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[got..<want]),
                                                   at: chunkStart + Int64(got)), n > 0 else { break }
                got += n
            }
            if got < want { return 0 }  // the file shrank under us: start from the top
            let base = buffer.baseAddress!
            var i = want
            while i > 0 {
                i -= 1
                guard base.load(fromByteOffset: i, as: UInt8.self) == 0x0A else { continue }
                let lineStart = chunkStart + Int64(i) + 1
                let inChunk = Int(min(lineEnd, position) - lineStart)
                let piece = UnsafeRawBufferPointer(start: base + i + 1, count: max(0, inChunk))
                if let start = assembled(piece, start: lineStart) { return start }
                tail.removeAll(keepingCapacity: true)
                overlong = false
                lineEnd = chunkStart + Int64(i)
            }
            // The bytes before the first newline of this chunk belong to a line that starts earlier.
            let inChunk = Int(min(lineEnd, position) - chunkStart)
            if inChunk > 0 && !overlong {
                if tail.count + inChunk > maximumLineLength {
                    overlong = true
                    tail.removeAll()
                } else {
                    tail.insert(contentsOf: UnsafeRawBufferPointer(start: base, count: inChunk), at: 0)
                }
            }
            position = chunkStart
        }
        // The first line of the file.
        if let start = tail.withUnsafeBytes({ consider($0, start: 0) }) { return start }
        return 0
    }
}
