// Finding values by field path in JSON that has already been validated.

/// A skipper for input known to be valid JSON: no checks, just fast boundaries.
struct _JSONTrustedCursor {
    let p: UnsafeRawPointer
    let end: Int

    /// The byte at `i`, or 0 past the end (so invalid input cannot make us read out of bounds).
    @inline(__always)
    func byte(_ i: Int) -> UInt8 { i < end ? p.load(fromByteOffset: i, as: UInt8.self) : 0 }

    @inline(__always)
    func skipWhitespace(_ i: Int) -> Int {
        var i = i
        while i < end {
            let c = byte(i)
            if c > 0x20 || !JSONScanner._isWhitespace(c) { break }
            i &+= 1
        }
        return i
    }

    /// `start` is at an opening quote; returns the index past the closing quote and whether a
    /// backslash occurred.
    @inline(__always)
    func skipString(_ start: Int) -> (end: Int, escaped: Bool) {
        var i = start &+ 1
        var escaped = false
        while true {
            while i &+ 8 <= end {
                let m = _JSONSWAR.quoteOrBackslash(_JSONSWAR.load(p, i))
                if m != 0 { i &+= m.trailingZeroBitCount &>> 3; break }
                i &+= 8
            }
            guard i < end else { return (end, escaped) }
            let c = byte(i)
            if c == 0x22 { return (i &+ 1, escaped) }
            if c == 0x5C { escaped = true; i &+= 2 } else { i &+= 1 }
        }
    }

    /// `start` is at the first byte of a value; returns the index past it.
    func skipValue(_ start: Int) -> Int {
        guard start < end else { return end }
        let c = byte(start)
        if c == 0x22 { return skipString(start).end }
        if c == 0x7B || c == 0x5B {
            var depth = 0
            var i = start
            while i < end {
                let d = byte(i)
                if d == 0x22 {
                    i = skipString(i).end
                    continue
                }
                if d == 0x7B || d == 0x5B {
                    depth &+= 1
                } else if d == 0x7D || d == 0x5D {
                    depth &-= 1
                    if depth == 0 { return i &+ 1 }
                }
                i &+= 1
            }
            return end
        }
        // number or literal: up to the next delimiter
        var i = start &+ 1
        while i < end {
            let d = byte(i)
            if d == 0x2C || d == 0x5D || d == 0x7D || d <= 0x20 { break }
            i &+= 1
        }
        return i
    }

    /// Whether the raw key between `start` (past the opening quote) and `stop` (at the closing
    /// quote) decodes to `key`.
    @inline(__always)
    func keyEquals(_ start: Int, _ stop: Int, escaped: Bool, _ key: [UInt8]) -> Bool {
        let n = stop &- start
        if !escaped {
            guard n == key.count else { return false }
            return key.withUnsafeBytes { k in n == 0 || memcmp(p + start, k.baseAddress!, n) == 0 }
        }
        guard n >= key.count else { return false }  // escapes only ever shrink
        var decoded: [UInt8] = []
        JSONString.decode(UnsafeRawBufferPointer(start: p + (start &- 1), count: n &+ 2), into: &decoded)
        return decoded == key
    }
}

public enum JSONValueLocator {
    /// `buffer` holds one valid JSON text (optionally surrounded by whitespace). Returns the byte
    /// range of the raw value at `path`, or nil if it is absent or a component does not apply
    /// (a key into a non-object, an index into a non-array or out of range).
    /// An empty path selects the whole text. With duplicate keys, the first occurrence wins.
    public static func find(_ path: FieldPath, in buffer: UnsafeRawBufferPointer) -> Range<Int>? {
        guard let base = buffer.baseAddress else { return nil }
        let cur = _JSONTrustedCursor(p: base, end: buffer.count)
        var i = cur.skipWhitespace(0)
        guard i < cur.end else { return nil }
        for component in path.components {
            switch component {
            case .key(let key):
                guard cur.byte(i) == 0x7B else { return nil }
                i = cur.skipWhitespace(i &+ 1)
                var found = false
                while cur.byte(i) == 0x22 {
                    let (after, escaped) = cur.skipString(i)
                    let match = cur.keyEquals(i &+ 1, after &- 1, escaped: escaped, key)
                    i = cur.skipWhitespace(after)          // at ':'
                    i = cur.skipWhitespace(i &+ 1)         // at the value
                    if match { found = true; break }
                    i = cur.skipWhitespace(cur.skipValue(i))  // at ',' or '}'
                    guard cur.byte(i) == 0x2C else { return nil }
                    i = cur.skipWhitespace(i &+ 1)
                }
                if !found { return nil }
            case .index(let index):
                guard cur.byte(i) == 0x5B else { return nil }
                i = cur.skipWhitespace(i &+ 1)
                if cur.byte(i) == 0x5D { return nil }
                var k = 0
                while k < index {
                    i = cur.skipWhitespace(cur.skipValue(i))  // at ',' or ']'
                    guard cur.byte(i) == 0x2C else { return nil }
                    i = cur.skipWhitespace(i &+ 1)
                    k &+= 1
                }
            }
        }
        return i..<cur.skipValue(i)
    }

    /// Finds several paths in one pass over the shared prefixes: every object or array on the
    /// way is walked at most once (plus one extra skip of a value that is both selected and
    /// descended into). On return `ranges.count == paths.count`; `ranges[k]` is the result for
    /// `paths[k]`, the same as `find(paths[k], in:)`.
    public static func find(_ paths: [FieldPath], in buffer: UnsafeRawBufferPointer, into ranges: inout [Range<Int>?]) {
        if ranges.count != paths.count {
            ranges.removeAll(keepingCapacity: true)
            ranges.append(contentsOf: repeatElement(nil, count: paths.count))
        } else {
            for k in ranges.indices { ranges[k] = nil }
        }
        guard let base = buffer.baseAddress, !paths.isEmpty else { return }
        let cur = _JSONTrustedCursor(p: base, end: buffer.count)
        let start = cur.skipWhitespace(0)
        guard start < cur.end else { return }
        var group = 0
        while group < paths.count {
            // 64 paths per pass (a bit mask of live paths)
            let count = Swift.min(64, paths.count &- group)
            var mask: UInt64 = count == 64 ? ~0 : (1 &<< UInt64(count)) &- 1
            // paths that end at the root
            var m = mask
            while m != 0 {
                let bit = m.trailingZeroBitCount
                m &= m &- 1
                if paths[group &+ bit].components.isEmpty {
                    ranges[group &+ bit] = start..<cur.skipValue(start)
                    mask &= ~(1 &<< UInt64(bit))
                }
            }
            if mask != 0 {
                var walker = _MultiWalker(cur: cur, paths: paths, offset: group)
                _ = walker.descend(start, mask: mask, level: 0, ranges: &ranges)
            }
            group &+= 64
        }
    }
}

struct _MultiWalker {
    let cur: _JSONTrustedCursor
    let paths: [FieldPath]
    let offset: Int

    /// Resolves the paths in `mask` (all of which have more than `level` components and matched
    /// the first `level` ones) inside the value at `i`. Returns the end of that value if it was
    /// walked completely, or nil if it stopped early because every path was resolved.
    mutating func descend(_ i: Int, mask: UInt64, level: Int, ranges: inout [Range<Int>?]) -> Int? {
        let c = cur.byte(i)
        if c == 0x7B {
            var remaining = mask
            var j = cur.skipWhitespace(i &+ 1)
            while cur.byte(j) == 0x22 {
                let (after, escaped) = cur.skipString(j)
                let keyStart = j &+ 1, keyStop = after &- 1
                var here: UInt64 = 0     // paths selecting this member
                var m = remaining
                while m != 0 {
                    let bit = m.trailingZeroBitCount
                    m &= m &- 1
                    let components = paths[offset &+ bit].components
                    if case .key(let key) = components[level] {
                        if cur.keyEquals(keyStart, keyStop, escaped: escaped, key) { here |= 1 &<< UInt64(bit) }
                    } else {
                        remaining &= ~(1 &<< UInt64(bit))  // an index into an object: absent
                    }
                }
                j = cur.skipWhitespace(after)
                j = cur.skipWhitespace(j &+ 1)
                var valueEnd: Int? = nil
                if here != 0 {
                    remaining &= ~here
                    valueEnd = visit(j, here, level: level &+ 1, ranges: &ranges)
                }
                if remaining == 0 { return nil }
                j = cur.skipWhitespace(valueEnd ?? cur.skipValue(j))
                guard cur.byte(j) == 0x2C else { return j &+ 1 }
                j = cur.skipWhitespace(j &+ 1)
            }
            return j &+ 1  // empty object
        }
        if c == 0x5B {
            var remaining: UInt64 = 0
            var maxIndex = -1
            var m = mask
            while m != 0 {
                let bit = m.trailingZeroBitCount
                m &= m &- 1
                if case .index(let index) = paths[offset &+ bit].components[level] {
                    remaining |= 1 &<< UInt64(bit)
                    maxIndex = Swift.max(maxIndex, index)
                }
            }
            if remaining == 0 { return nil }
            var j = cur.skipWhitespace(i &+ 1)
            if cur.byte(j) == 0x5D { return j &+ 1 }
            var k = 0
            while true {
                var here: UInt64 = 0
                var m = remaining
                while m != 0 {
                    let bit = m.trailingZeroBitCount
                    m &= m &- 1
                    if case .index(let index) = paths[offset &+ bit].components[level], index == k {
                        here |= 1 &<< UInt64(bit)
                    }
                }
                var valueEnd: Int? = nil
                if here != 0 {
                    remaining &= ~here
                    valueEnd = visit(j, here, level: level &+ 1, ranges: &ranges)
                }
                if remaining == 0 || k >= maxIndex { return nil }
                j = cur.skipWhitespace(valueEnd ?? cur.skipValue(j))
                guard cur.byte(j) == 0x2C else { return j &+ 1 }
                j = cur.skipWhitespace(j &+ 1)
                k &+= 1
            }
        }
        return nil  // a scalar: nothing inside
    }

    /// The value at `j` is selected by the paths in `mask` up to `level` components: record
    /// those that end here, descend for the rest. Returns the end of the value if known.
    mutating func visit(_ j: Int, _ mask: UInt64, level: Int, ranges: inout [Range<Int>?]) -> Int? {
        var deeper: UInt64 = 0
        var valueEnd: Int? = nil
        var m = mask
        while m != 0 {
            let bit = m.trailingZeroBitCount
            m &= m &- 1
            if paths[offset &+ bit].components.count == level {
                let e = valueEnd ?? cur.skipValue(j)
                valueEnd = e
                ranges[offset &+ bit] = j..<e
            } else {
                deeper |= 1 &<< UInt64(bit)
            }
        }
        if deeper != 0 {
            let e = descend(j, mask: deeper, level: level, ranges: &ranges)
            if valueEnd == nil { valueEnd = e }
        }
        return valueEnd
    }
}

/// `JSONValueLocator.find(_:in:into:)` for a fixed list of paths, prepared once: when every path
/// is a single key (`category`, `name`: the usual --fields and --by), the top-level object is
/// walked once with the keys compared from flat storage (length first), without touching the
/// path arrays per member. Other path lists use the general walker. Results are identical.
public final class JSONFieldLocator {
    public let paths: [FieldPath]
    /// Every path is one `.key` component (and there are at most 64).
    private let topLevelKeys: Bool
    /// The keys' bytes back to back; key k is keyBytes[keyStart[k] ..< keyStart[k + 1]].
    private let keyBytes: UnsafeMutableRawPointer
    private let keyStart: UnsafeMutablePointer<Int>
    private let keys: [[UInt8]]

    public init(_ paths: [FieldPath]) {
        self.paths = paths
        var keys: [[UInt8]] = []
        var simple = paths.count <= 64
        for path in paths {
            if path.components.count == 1, case .key(let key) = path.components[0] {
                keys.append(key)
            } else {
                simple = false
            }
        }
        topLevelKeys = simple && !paths.isEmpty
        self.keys = keys
        let total = keys.reduce(0) { $0 + $1.count }
        keyBytes = .allocate(byteCount: Swift.max(total, 1), alignment: 8)
        keyStart = .allocate(capacity: keys.count + 1)
        var offset = 0
        for (k, key) in keys.enumerated() {
            keyStart[k] = offset
            key.withUnsafeBytes { if !$0.isEmpty { (keyBytes + offset).copyMemory(from: $0.baseAddress!, byteCount: $0.count) } }
            offset += key.count
        }
        keyStart[keys.count] = offset
    }

    deinit {
        keyBytes.deallocate()
        keyStart.deallocate()
    }

    /// Same contract as `JSONValueLocator.find(_:in:into:)` with this locator's paths.
    public func find(in buffer: UnsafeRawBufferPointer, into ranges: inout [Range<Int>?]) {
        guard topLevelKeys else {
            JSONValueLocator.find(paths, in: buffer, into: &ranges)
            return
        }
        let count = paths.count
        if ranges.count != count {
            ranges.removeAll(keepingCapacity: true)
            ranges.append(contentsOf: repeatElement(nil, count: count))
        } else {
            for k in 0..<count { ranges[k] = nil }
        }
        guard let base = buffer.baseAddress else { return }
        let cur = _JSONTrustedCursor(p: base, end: buffer.count)
        let start = cur.skipWhitespace(0)
        guard cur.byte(start) == 0x7B else { return }
        var remaining: UInt64 = count == 64 ? ~0 : (1 &<< UInt64(count)) &- 1
        var j = cur.skipWhitespace(start &+ 1)
        while cur.byte(j) == 0x22 {
            let (after, escaped) = cur.skipString(j)
            let keyFrom = j &+ 1, n = after &- 1 &- keyFrom
            var here: UInt64 = 0
            var m = remaining
            while m != 0 {
                let bit = m.trailingZeroBitCount
                m &= m &- 1
                let from = keyStart[bit], length = keyStart[bit &+ 1] &- from
                if escaped {
                    if cur.keyEquals(keyFrom, after &- 1, escaped: true, keys[bit]) { here |= 1 &<< UInt64(bit) }
                } else if length == n && (n == 0 || memcmp(base + keyFrom, keyBytes + from, n) == 0) {
                    here |= 1 &<< UInt64(bit)
                }
            }
            j = cur.skipWhitespace(after)       // at ':'
            j = cur.skipWhitespace(j &+ 1)      // at the value
            let valueEnd = cur.skipValue(j)
            if here != 0 {
                var m = here
                while m != 0 {
                    let bit = m.trailingZeroBitCount
                    m &= m &- 1
                    ranges[bit] = j..<valueEnd
                }
                remaining &= ~here
                if remaining == 0 { return }
            }
            j = cur.skipWhitespace(valueEnd)    // at ',' or '}'
            guard cur.byte(j) == 0x2C else { return }
            j = cur.skipWhitespace(j &+ 1)
        }
    }
}
