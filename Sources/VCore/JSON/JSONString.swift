// Decoding and encoding of JSON string literals.

public enum JSONString {
    /// Decodes a raw JSON string token (with its quotes, already valid) to UTF-8 bytes, appending
    /// them to `output`. Escapes are resolved; a `\u` surrogate pair becomes one 4-byte sequence.
    /// (Given invalid input it does not crash: a lone surrogate escape becomes U+FFFD.)
    public static func decode(_ raw: UnsafeRawBufferPointer, into output: inout [UInt8]) {
        guard raw.count >= 2, let base = raw.baseAddress else { return }
        let p = base
        let end = raw.count &- 1  // the closing quote
        var i = 1
        var runStart = 1
        @inline(__always) func flush(_ upTo: Int) {
            if upTo > runStart {
                output.append(contentsOf: UnsafeBufferPointer<UInt8>(
                    start: (p + runStart).assumingMemoryBound(to: UInt8.self), count: upTo &- runStart))
            }
        }
        while i < end {
            // Skip to the next backslash, 8 bytes at a time.
            while i &+ 8 <= end {
                let w = _JSONSWAR.load(p, i)
                let x = w ^ (_JSONSWAR.ones &* 0x5C)
                let m = (x &- _JSONSWAR.ones) & ~x & _JSONSWAR.highs
                if m != 0 { i &+= m.trailingZeroBitCount &>> 3; break }
                i &+= 8
            }
            while i < end && p.load(fromByteOffset: i, as: UInt8.self) != 0x5C { i &+= 1 }
            guard i < end else { break }
            flush(i)
            guard i &+ 1 < end else { i = end; runStart = end; break }
            let e = p.load(fromByteOffset: i &+ 1, as: UInt8.self)
            i &+= 2
            switch e {
            case 0x62: output.append(0x08)
            case 0x66: output.append(0x0C)
            case 0x6E: output.append(0x0A)
            case 0x72: output.append(0x0D)
            case 0x74: output.append(0x09)
            case 0x75:
                var scalar = hex4(p, i, end) ?? 0xFFFD
                i = Swift.min(i &+ 4, end)
                if scalar & 0xFC00 == 0xD800 {
                    if i &+ 6 <= end, p.load(fromByteOffset: i, as: UInt8.self) == 0x5C,
                       p.load(fromByteOffset: i &+ 1, as: UInt8.self) == 0x75,
                       let low = hex4(p, i &+ 2, end), low & 0xFC00 == 0xDC00 {
                        scalar = 0x10000 &+ ((scalar &- 0xD800) &<< 10) &+ (low &- 0xDC00)
                        i &+= 6
                    } else {
                        scalar = 0xFFFD
                    }
                } else if scalar & 0xFC00 == 0xDC00 {
                    scalar = 0xFFFD
                }
                appendUTF8(scalar, to: &output)
            default: output.append(e)  // " \ /
            }
            runStart = i
        }
        flush(end)
    }

    @inline(__always)
    static func hex4(_ p: UnsafeRawPointer, _ at: Int, _ end: Int) -> UInt32? {
        guard at &+ 4 <= end else { return nil }
        var v: UInt32 = 0
        for k in 0..<4 {
            guard let h = _hexValue(p.load(fromByteOffset: at &+ k, as: UInt8.self)) else { return nil }
            v = v &<< 4 | h
        }
        return v
    }

    @inline(__always)
    static func appendUTF8(_ scalar: UInt32, to output: inout [UInt8]) {
        switch scalar {
        case 0..<0x80:
            output.append(UInt8(scalar))
        case 0x80..<0x800:
            output.append(UInt8(0xC0 | scalar &>> 6))
            output.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            output.append(UInt8(0xE0 | scalar &>> 12))
            output.append(UInt8(0x80 | (scalar &>> 6) & 0x3F))
            output.append(UInt8(0x80 | scalar & 0x3F))
        default:
            output.append(UInt8(0xF0 | scalar &>> 18))
            output.append(UInt8(0x80 | (scalar &>> 12) & 0x3F))
            output.append(UInt8(0x80 | (scalar &>> 6) & 0x3F))
            output.append(UInt8(0x80 | scalar & 0x3F))
        }
    }

    /// Appends a JSON string literal (with quotes) for arbitrary bytes: `"` and `\` are escaped,
    /// control characters become `\n \t \r \b \f` or `\u00XX`, and invalid UTF-8 is replaced with
    /// U+FFFD (one per maximal invalid subsequence, as Unicode recommends).
    public static func encode(_ bytes: some Collection<UInt8>, into output: inout [UInt8]) {
        if let done: Void = bytes.withContiguousStorageIfAvailable({ buffer in
            encode(UnsafeRawBufferPointer(buffer), into: &output)
        }) {
            return done
        }
        let copy = Array(bytes)
        copy.withUnsafeBytes { encode($0, into: &output) }
    }

    static func encode(_ raw: UnsafeRawBufferPointer, into output: inout [UInt8]) {
        output.reserveCapacity(output.count &+ raw.count &+ 2)
        output.append(0x22)
        guard let p = raw.baseAddress else { output.append(0x22); return }
        let end = raw.count
        var i = 0
        var runStart = 0
        @inline(__always) func flush(_ upTo: Int) {
            if upTo > runStart {
                output.append(contentsOf: UnsafeBufferPointer<UInt8>(
                    start: (p + runStart).assumingMemoryBound(to: UInt8.self), count: upTo &- runStart))
            }
        }
        while true {
            while i &+ 8 <= end {
                let m = _JSONSWAR.stringSpecials(_JSONSWAR.load(p, i))
                if m != 0 { i &+= m.trailingZeroBitCount &>> 3; break }
                i &+= 8
            }
            guard i < end else { break }
            let c = p.load(fromByteOffset: i, as: UInt8.self)
            if c >= 0x80 {
                let n = validUTF8Length(p, i, end)
                if n > 0 {
                    i &+= n
                } else {
                    flush(i)
                    output.append(0xEF); output.append(0xBF); output.append(0xBD)
                    i &+= Swift.max(1, -n)
                    runStart = i
                }
            } else if c == 0x22 || c == 0x5C || c < 0x20 {
                flush(i)
                output.append(0x5C)
                switch c {
                case 0x22, 0x5C: output.append(c)
                case 0x0A: output.append(0x6E)
                case 0x09: output.append(0x74)
                case 0x0D: output.append(0x72)
                case 0x08: output.append(0x62)
                case 0x0C: output.append(0x66)
                default:
                    let low = c & 0xF
                    output.append(0x75); output.append(0x30); output.append(0x30)
                    output.append(0x30 &+ (c &>> 4))
                    output.append(low < 10 ? 0x30 &+ low : 0x57 &+ low)
                }
                i &+= 1
                runStart = i
            } else {
                i &+= 1
            }
        }
        flush(end)
        output.append(0x22)
    }

    /// The shape of a UTF-8 sequence from its lead byte (RFC 3629, table 3-7 of Unicode): how many
    /// continuation bytes follow, and the range allowed for the first of them (which rules out
    /// overlongs, UTF-16 surrogates and code points past U+10FFFF). nil: not a lead byte.
    @inline(__always)
    static func utf8SequenceShape(_ lead: UInt8) -> (continuations: Int, low: UInt8, high: UInt8)? {
        switch lead {
        case 0xC2...0xDF: return (1, 0x80, 0xBF)
        case 0xE0: return (2, 0xA0, 0xBF)
        case 0xE1...0xEC, 0xEE, 0xEF: return (2, 0x80, 0xBF)
        case 0xED: return (2, 0x80, 0x9F)
        case 0xF0: return (3, 0x90, 0xBF)
        case 0xF1...0xF3: return (3, 0x80, 0xBF)
        case 0xF4: return (3, 0x80, 0x8F)
        default: return nil
        }
    }

    /// Length of the valid UTF-8 sequence starting at `i` (lead byte >= 0x80), or the negated
    /// length of the maximal invalid subpart (0 means one byte).
    static func validUTF8Length(_ p: UnsafeRawPointer, _ i: Int, _ end: Int) -> Int {
        guard let shape = utf8SequenceShape(p.load(fromByteOffset: i, as: UInt8.self)) else { return 0 }
        var lo = shape.low, hi = shape.high
        var k = 1
        while k <= shape.continuations {
            guard i &+ k < end else { return -k }
            let b = p.load(fromByteOffset: i &+ k, as: UInt8.self)
            if b < lo || b > hi { return -k }
            lo = 0x80; hi = 0xBF
            k &+= 1
        }
        return shape.continuations &+ 1
    }
}
