// Strict RFC 8259 scanner: validation, compaction and top-level key detection in one pass.
//
// Design notes
// - Works on raw bytes through an UnsafeRawPointer; no bounds-checked Array indexing in loops.
// - Nesting is tracked without recursion: a bit stack (1 = object, 0 = array) in a temporary
//   allocation sized by the depth limit, so absurdly deep input is rejected, never a stack overflow.
// - String content is skipped 8 bytes at a time (SWAR); UTF-8 is validated only for bytes >= 0x80.
// - Compaction copies the runs of bytes *between* insignificant whitespace, so compacting
//   already-compact text is a single memcpy. Whitespace inside a text is rare and handled out
//   of line, so validating and compacting share one non-generic scanner: the only difference
//   is an output pointer that is nil when validating.

/// A syntax error found while scanning JSON.
public struct JSONSyntaxError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Byte offset in the scanned buffer where the problem was detected.
    public var offset: Int
    /// Short, lower-case description, e.g. "trailing comma".
    public var message: String

    public init(offset: Int, message: String) {
        self.offset = offset
        self.message = message
    }

    /// 1-based line and column (column counts bytes) of `offset` in `buffer`.
    /// Lines are separated by LF; an offset past the end is clamped to the end.
    public func location(in buffer: UnsafeRawBufferPointer) -> (line: Int, column: Int) {
        let limit = Swift.min(Swift.max(offset, 0), buffer.count)
        var line = 1
        var lineStart = 0
        if limit > 0, let base = buffer.baseAddress {
            var i = 0
            while i < limit {
                if base.load(fromByteOffset: i, as: UInt8.self) == 0x0A {
                    line &+= 1
                    lineStart = i &+ 1
                }
                i &+= 1
            }
        }
        return (line, limit - lineStart + 1)
    }

    public var description: String { "\(message) at byte \(offset)" }
}

/// What a successful scan learned about the JSON text.
public struct JSONTextInfo: Sendable, Equatable {
    /// Index just past the text's last byte.
    public var end: Int
    /// The top-level value is an object.
    public var isObject: Bool
    /// The top-level object has a member whose decoded key is exactly "id".
    public var hasID: Bool
    /// The top-level object has a member whose decoded key is exactly "timestamp".
    public var hasTimestamp: Bool

    public init(end: Int, isObject: Bool, hasID: Bool, hasTimestamp: Bool) {
        self.end = end
        self.isObject = isObject
        self.hasID = hasID
        self.hasTimestamp = hasTimestamp
    }
}

public enum JSONScanResult: Sendable, Equatable {
    case complete(JSONTextInfo)
    /// The buffer ended inside the text and `atEndOfInput` was false.
    case incomplete
    case invalid(JSONSyntaxError)
}

public enum JSONScanner {
    public static let defaultMaximumDepth = 512

    /// Scans exactly one JSON text beginning at `start` (the first byte of the value; the caller
    /// skips leading whitespace). Bytes after the text are not looked at.
    ///
    /// Strict RFC 8259: UTF-8 validated (overlongs, UTF-8-encoded surrogates and code points above
    /// U+10FFFF rejected), no trailing commas, no NaN/Infinity, no leading zeros, no control
    /// characters in strings, valid escapes only, no lone surrogate `\u` escapes.
    ///
    /// When the buffer ends inside the text the result is `.incomplete` unless `atEndOfInput`, in
    /// which case it is `.invalid("unexpected end of input")`. A top-level number that reaches the
    /// very end of the buffer is `.incomplete` unless `atEndOfInput` (more digits might follow).
    public static func scanText(_ buffer: UnsafeRawBufferPointer, from start: Int, atEndOfInput: Bool,
                                maximumDepth: Int = defaultMaximumDepth) -> JSONScanResult {
        _scan(buffer, from: start, atEndOfInput: atEndOfInput, maximumDepth: maximumDepth, output: nil)
    }

    /// Like `scanText(_:from:atEndOfInput:maximumDepth:)`, and on `.complete` also appends the text
    /// to `output` with insignificant whitespace removed (strings and numbers byte-for-byte as
    /// written). On `.incomplete` / `.invalid`, `output` is restored to its original count.
    public static func scanText(_ buffer: UnsafeRawBufferPointer, from start: Int, atEndOfInput: Bool,
                                maximumDepth: Int = defaultMaximumDepth,
                                compactInto output: inout [UInt8]) -> JSONScanResult {
        let originalCount = output.count
        let result = withUnsafeMutablePointer(to: &output) {
            _scan(buffer, from: start, atEndOfInput: atEndOfInput, maximumDepth: maximumDepth, output: $0)
        }
        if case .complete = result {} else if output.count > originalCount {
            output.removeLast(output.count - originalCount)
        }
        return result
    }

    /// Same as above with `into:` as the label (alias, for callers that prefer it).
    @inline(__always)
    public static func scanText(_ buffer: UnsafeRawBufferPointer, from start: Int, atEndOfInput: Bool,
                                maximumDepth: Int = defaultMaximumDepth,
                                into output: inout [UInt8]) -> JSONScanResult {
        scanText(buffer, from: start, atEndOfInput: atEndOfInput, maximumDepth: maximumDepth, compactInto: &output)
    }

    /// Optional-output form: compacts into `output` when it is non-nil, otherwise only validates.
    public static func scanText(_ buffer: UnsafeRawBufferPointer, from start: Int, atEndOfInput: Bool,
                                maximumDepth: Int = defaultMaximumDepth,
                                compactInto output: inout [UInt8]?) -> JSONScanResult {
        guard var bytes = output else {
            return scanText(buffer, from: start, atEndOfInput: atEndOfInput, maximumDepth: maximumDepth)
        }
        output = nil
        let result = scanText(buffer, from: start, atEndOfInput: atEndOfInput, maximumDepth: maximumDepth,
                              compactInto: &bytes)
        output = bytes
        return result
    }

    /// Checks that `buffer` holds exactly one JSON text with optional surrounding whitespace
    /// (space, tab, CR, LF). Returns nil when valid.
    public static func validate(_ buffer: UnsafeRawBufferPointer) -> JSONSyntaxError? {
        let start = _skipWhitespace(buffer, from: 0)
        switch scanText(buffer, from: start, atEndOfInput: true) {
        case .complete(let info):
            return _checkTrailing(buffer, from: info.end)
        case .invalid(let error):
            return error
        case .incomplete:  // unreachable with atEndOfInput
            return JSONSyntaxError(offset: buffer.count, message: "unexpected end of input")
        }
    }

    /// `validate`, and on success appends the compact form of the text to `output`.
    /// Returns nil on success; on failure `output` is left as it was.
    public static func compact(_ buffer: UnsafeRawBufferPointer, into output: inout [UInt8]) -> JSONSyntaxError? {
        let originalCount = output.count
        let start = _skipWhitespace(buffer, from: 0)
        switch scanText(buffer, from: start, atEndOfInput: true, compactInto: &output) {
        case .complete(let info):
            if let error = _checkTrailing(buffer, from: info.end) {
                output.removeLast(output.count - originalCount)
                return error
            }
            return nil
        case .invalid(let error):
            return error
        case .incomplete:
            return JSONSyntaxError(offset: buffer.count, message: "unexpected end of input")
        }
    }

    // MARK: - Internals

    @inline(__always)
    static func _isWhitespace(_ c: UInt8) -> Bool {
        c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09
    }

    /// Index of the first non-whitespace byte at or after `from` (or `buffer.count`).
    static func _skipWhitespace(_ buffer: UnsafeRawBufferPointer, from: Int) -> Int {
        guard let p = buffer.baseAddress else { return 0 }
        var i = from
        let end = buffer.count
        while i < end && _isWhitespace(p.load(fromByteOffset: i, as: UInt8.self)) { i &+= 1 }
        return i
    }

    static func _checkTrailing(_ buffer: UnsafeRawBufferPointer, from: Int) -> JSONSyntaxError? {
        let i = _skipWhitespace(buffer, from: from)
        if i < buffer.count {
            return JSONSyntaxError(offset: i, message: "unexpected data after JSON text")
        }
        return nil
    }

    /// Scans one text; with `output`, appends its compact form (and only part of it when the
    /// result is not `.complete`: the caller restores the count).
    static func _scan(_ buffer: UnsafeRawBufferPointer, from start: Int, atEndOfInput: Bool,
                      maximumDepth: Int, output: UnsafeMutablePointer<[UInt8]>?) -> JSONScanResult {
        let end = buffer.count
        guard start >= 0, start < end, let base = buffer.baseAddress else {
            if atEndOfInput || start > end {
                return .invalid(JSONSyntaxError(offset: Swift.max(0, Swift.min(start, end)), message: "unexpected end of input"))
            }
            return .incomplete
        }
        // Depth can never exceed the number of bytes left, which bounds the stack for huge limits.
        let depthLimit = Swift.max(0, Swift.min(maximumDepth, end - start))
        let words = (depthLimit >> 6) &+ 1
        return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: words) { stack -> JSONScanResult in
            var core = _JSONScanCore(p: base, end: end, atEndOfInput: atEndOfInput,
                                     maximumDepth: maximumDepth, depthLimit: depthLimit,
                                     stack: stack.baseAddress!, output: output, runStart: start)
            do throws(_JSONScanStop) {
                let info = try core.run(start)
                core.keepRun(upTo: info.end)
                return .complete(info)
            } catch {
                switch error {
                case .incomplete: return .incomplete
                case .invalid(let offset, let message):
                    return .invalid(JSONSyntaxError(offset: offset, message: message))
                }
            }
        }
    }
}

// MARK: - Core

enum _JSONScanStop: Error {
    case incomplete
    case invalid(Int, String)
}

/// SWAR helpers shared by the scanner and the trusted skipper.
enum _JSONSWAR {
    static let ones: UInt64 = 0x0101_0101_0101_0101
    static let highs: UInt64 = 0x8080_8080_8080_8080

    /// High bit set in each byte of `w` (little-endian lanes) that is `"`, `\`, < 0x20 or >= 0x80.
    /// Only the lowest flagged lane is exact (borrows can flag lanes above a true hit).
    @inline(__always)
    static func stringSpecials(_ w: UInt64) -> UInt64 {
        let q = w ^ (ones &* 0x22)
        let b = w ^ (ones &* 0x5C)
        return ((q &- ones) | (b &- ones) | (w &- ones &* 0x20) | w) & highs
    }

    /// Like `stringSpecials` but only `"` and `\` (for input already known to be valid).
    @inline(__always)
    static func quoteOrBackslash(_ w: UInt64) -> UInt64 {
        let q = w ^ (ones &* 0x22)
        let b = w ^ (ones &* 0x5C)
        return (((q &- ones) & ~q) | ((b &- ones) & ~b)) & highs
    }

    @inline(__always)
    static func load(_ p: UnsafeRawPointer, _ i: Int) -> UInt64 {
        UInt64(littleEndian: p.loadUnaligned(fromByteOffset: i, as: UInt64.self))
    }
}

@inline(__always)
func _hexValue(_ c: UInt8) -> UInt32? {
    switch c {
    case 0x30...0x39: return UInt32(c &- 0x30)
    case 0x41...0x46: return UInt32(c &- 0x41 &+ 10)
    case 0x61...0x66: return UInt32(c &- 0x61 &+ 10)
    default: return nil
    }
}

/// 16-byte vector helpers (SSE2 on x86_64, NEON on arm64): the wrapping arithmetic and bitwise
/// operators of `SIMD16<UInt8>` compile to single vector instructions, while its comparison
/// operators do not (they are scalarized), so lanes are classified with arithmetic alone.
enum _JSONSIMD {
    /// Offset (0...15) of the first byte in `p[i..<i+16]` that is `"`, `\`, < 0x20 or >= 0x80;
    /// 16 if there is none. Exact in every lane (lanes cannot borrow from each other).
    @inline(__always)
    static func firstStringSpecial(_ p: UnsafeRawPointer, _ i: Int) -> Int {
        let v = p.loadUnaligned(fromByteOffset: i, as: SIMD16<UInt8>.self)
        let one = SIMD16<UInt8>(repeating: 1)
        // Per lane: c ^ 0x22 - 1 has the high bit set iff c == '"' (or c >= 0x80, flagged anyway),
        // likewise for '\'; c - 0x20 has it iff c < 0x20 (or c >= 0xA0); c itself iff c >= 0x80.
        let q = (v ^ SIMD16(repeating: 0x22)) &- one
        let b = (v ^ SIMD16(repeating: 0x5C)) &- one
        let m = (q | b | (v &- SIMD16(repeating: 0x20)) | v) & SIMD16(repeating: 0x80)
        let lanes = unsafeBitCast(m, to: SIMD2<UInt64>.self)
        let lo = UInt64(littleEndian: lanes[0]), hi = UInt64(littleEndian: lanes[1])
        // Branch-free (a select): which half holds the first hit varies from string to string.
        let bit = lo != 0 ? lo.trailingZeroBitCount : 64 &+ hi.trailingZeroBitCount
        return bit &>> 3  // 16 when none
    }
}

/// The scanner's lexical helpers. Static, with the buffer passed explicitly, so the hot loop
/// keeps everything in registers (methods on the core struct made it copy itself per call).
enum _JSONLex {
    @inline(__always)
    static func byte(_ p: UnsafeRawPointer, _ i: Int) -> UInt8 { p.load(fromByteOffset: i, as: UInt8.self) }

    /// The buffer ended inside the text.
    @inline(__always)
    static func endOfBuffer(_ end: Int, _ atEnd: Bool) -> _JSONScanStop {
        atEnd ? .invalid(end, "unexpected end of input") : .incomplete
    }

    @inline(__always)
    static func isDigit(_ c: UInt8) -> Bool { c &- 0x30 < 10 }

    /// Index of the first byte at or after `i` that is `"`, `\`, < 0x20 or >= 0x80 (or `end`).
    @inline(__always)
    static func nextStringSpecial(_ p: UnsafeRawPointer, _ from: Int, _ end: Int) -> Int {
        var i = from
        while i &+ 16 <= end {
            let k = _JSONSIMD.firstStringSpecial(p, i)
            if k < 16 { return i &+ k }
            i &+= 16
        }
        if i &+ 8 <= end {
            let m = _JSONSWAR.stringSpecials(_JSONSWAR.load(p, i))
            if m != 0 { return i &+ (m.trailingZeroBitCount &>> 3) }
            i &+= 8
        }
        while i < end {
            let c = byte(p, i)
            if c == 0x22 || c == 0x5C || c < 0x20 || c >= 0x80 { return i }
            i &+= 1
        }
        return end
    }

    /// `i` is just past an opening quote; returns the index past the closing quote and whether
    /// the string contains a backslash escape. Short plain strings are done inline.
    @inline(__always)
    static func scanString(_ p: UnsafeRawPointer, _ i: Int, _ end: Int, _ atEnd: Bool) throws(_JSONScanStop) -> (end: Int, escaped: Bool) {
        if i &+ 16 <= end {
            let k = _JSONSIMD.firstStringSpecial(p, i)
            if k < 16 {
                let j = i &+ k
                if byte(p, j) == 0x22 { return (j &+ 1, false) }
                return try scanStringRest(p, j, end, atEnd)
            }
            return try scanStringRest(p, i &+ 16, end, atEnd)
        }
        return try scanStringRest(p, i, end, atEnd)
    }

    /// The rest of a string from `from` (inside it, no escape seen before).
    @inline(never)
    static func scanStringRest(_ p: UnsafeRawPointer, _ from: Int, _ end: Int, _ atEnd: Bool) throws(_JSONScanStop) -> (end: Int, escaped: Bool) {
        var i = from
        var escaped = false
        while true {
            i = nextStringSpecial(p, i, end)
            guard i < end else { throw endOfBuffer(end, atEnd) }
            let c = byte(p, i)
            if c == 0x22 { return (i &+ 1, escaped) }
            if c == 0x5C {
                escaped = true
                i = try scanEscape(p, i, end, atEnd)
            } else if c >= 0x80 {
                i = try scanUTF8(p, i, c, end, atEnd)
                // Runs of non-ASCII text: validate them back to back.
                while i < end {
                    let d = byte(p, i)
                    guard d >= 0x80 else { break }
                    i = try scanUTF8(p, i, d, end, atEnd)
                }
            } else if c < 0x20 {
                throw .invalid(i, "control character in string")
            } else {
                i &+= 1
            }
        }
    }

    /// `i` is at a backslash; returns the index past the escape.
    static func scanEscape(_ p: UnsafeRawPointer, _ i: Int, _ end: Int, _ atEnd: Bool) throws(_JSONScanStop) -> Int {
        guard i &+ 1 < end else { throw endOfBuffer(end, atEnd) }
        switch byte(p, i &+ 1) {
        case 0x22, 0x5C, 0x2F, 0x62, 0x66, 0x6E, 0x72, 0x74:
            return i &+ 2
        case 0x75:
            let unit = try hex4(p, i &+ 2, end, atEnd)
            if unit & 0xFC00 == 0xD800 {
                let j = i &+ 6
                guard j < end else { throw endOfBuffer(end, atEnd) }
                guard byte(p, j) == 0x5C else { throw .invalid(i, "lone surrogate escape") }
                guard j &+ 1 < end else { throw endOfBuffer(end, atEnd) }
                guard byte(p, j &+ 1) == 0x75 else { throw .invalid(i, "lone surrogate escape") }
                let low = try hex4(p, j &+ 2, end, atEnd)
                guard low & 0xFC00 == 0xDC00 else { throw .invalid(i, "lone surrogate escape") }
                return j &+ 6
            }
            if unit & 0xFC00 == 0xDC00 { throw .invalid(i, "lone surrogate escape") }
            return i &+ 6
        default:
            throw .invalid(i, "invalid escape")
        }
    }

    static func hex4(_ p: UnsafeRawPointer, _ at: Int, _ end: Int, _ atEnd: Bool) throws(_JSONScanStop) -> UInt32 {
        var value: UInt32 = 0
        var k = at
        while k < at &+ 4 {
            guard k < end else { throw endOfBuffer(end, atEnd) }
            guard let h = _hexValue(byte(p, k)) else { throw .invalid(k, "invalid \\u escape") }
            value = value &<< 4 | h
            k &+= 1
        }
        return value
    }

    /// `i` is at a lead byte >= 0x80; returns the index past the validated sequence.
    @inline(__always)
    static func scanUTF8(_ p: UnsafeRawPointer, _ i: Int, _ c: UInt8, _ end: Int, _ atEnd: Bool) throws(_JSONScanStop) -> Int {
        // The common, complete cases first: 2- and 3-byte sequences with plain continuations.
        if c &- 0xC2 < 0x1E, i &+ 1 < end, byte(p, i &+ 1) & 0xC0 == 0x80 { return i &+ 2 }
        if c &- 0xE1 < 0x0C, i &+ 2 < end,
           UInt16(littleEndian: p.loadUnaligned(fromByteOffset: i &+ 1, as: UInt16.self)) & 0xC0C0 == 0x8080 {
            return i &+ 3
        }
        return try scanUTF8Checked(p, i, c, end, atEnd)
    }

    static func scanUTF8Checked(_ p: UnsafeRawPointer, _ i: Int, _ c: UInt8, _ end: Int, _ atEnd: Bool) throws(_JSONScanStop) -> Int {
        guard let shape = JSONString.utf8SequenceShape(c) else { throw .invalid(i, "invalid UTF-8") }
        var lo = shape.low, hi = shape.high
        var k = 1
        while k <= shape.continuations {
            guard i &+ k < end else { throw endOfBuffer(end, atEnd) }
            let b = byte(p, i &+ k)
            if b < lo || b > hi { throw .invalid(i, "invalid UTF-8") }
            lo = 0x80; hi = 0xBF
            k &+= 1
        }
        return i &+ shape.continuations &+ 1
    }

    /// `start` is at '-' or a digit; returns the index past the number. Plain integers that
    /// are followed by another byte are done inline.
    @inline(__always)
    static func scanNumber(_ p: UnsafeRawPointer, _ start: Int, _ end: Int, _ atEnd: Bool, topLevel: Bool) throws(_JSONScanStop) -> Int {
        if byte(p, start) &- 0x31 < 9 {
            var i = start &+ 1
            while i < end && isDigit(byte(p, i)) { i &+= 1 }
            if i < end {
                let c = byte(p, i)
                if c != 0x2E && c | 0x20 != 0x65 { return i }
            }
        }
        return try scanNumberChecked(p, start, end, atEnd, topLevel: topLevel)
    }

    static func scanNumberChecked(_ p: UnsafeRawPointer, _ start: Int, _ end: Int, _ atEnd: Bool, topLevel: Bool) throws(_JSONScanStop) -> Int {
        var i = start
        if byte(p, i) == 0x2D {
            i &+= 1
            guard i < end else { throw endOfBuffer(end, atEnd) }
        }
        let first = byte(p, i)
        if first == 0x30 {
            i &+= 1
            if i < end && isDigit(byte(p, i)) { throw .invalid(i &- 1, "leading zero in number") }
        } else if isDigit(first) {
            i &+= 1
            while i < end && isDigit(byte(p, i)) { i &+= 1 }
        } else {
            throw .invalid(i, "expected digit after '-'")
        }
        if i < end && byte(p, i) == 0x2E {
            i &+= 1
            guard i < end else { throw endOfBuffer(end, atEnd) }
            guard isDigit(byte(p, i)) else { throw .invalid(i, "expected digit after decimal point") }
            i &+= 1
            while i < end && isDigit(byte(p, i)) { i &+= 1 }
        }
        if i < end && byte(p, i) | 0x20 == 0x65 {
            i &+= 1
            guard i < end else { throw endOfBuffer(end, atEnd) }
            let s = byte(p, i)
            if s == 0x2B || s == 0x2D {
                i &+= 1
                guard i < end else { throw endOfBuffer(end, atEnd) }
            }
            guard isDigit(byte(p, i)) else { throw .invalid(i, "expected digit in exponent") }
            i &+= 1
            while i < end && isDigit(byte(p, i)) { i &+= 1 }
        }
        if i == end && topLevel && !atEnd { throw .incomplete }
        return i
    }

    /// `start` is at 't', 'f' or 'n'.
    @inline(__always)
    static func scanLiteral(_ p: UnsafeRawPointer, _ start: Int, _ c: UInt8, _ end: Int, _ atEnd: Bool) throws(_JSONScanStop) -> Int {
        // Little-endian words of "true", "fals"+"e", "null".
        let word: UInt32
        let length: Int
        switch c {
        case 0x74: word = 0x6575_7274; length = 4
        case 0x66: word = 0x736C_6166; length = 5
        default: word = 0x6C6C_756E; length = 4
        }
        if start &+ length <= end {
            let w = UInt32(littleEndian: p.loadUnaligned(fromByteOffset: start, as: UInt32.self))
            if w == word && (length == 4 || byte(p, start &+ 4) == 0x65) { return start &+ length }
        }
        return try scanLiteralSlow(p, start, word, length, end, atEnd)
    }

    /// Finds the first mismatch, or runs out of buffer.
    static func scanLiteralSlow(_ p: UnsafeRawPointer, _ start: Int, _ word: UInt32, _ length: Int, _ end: Int, _ atEnd: Bool) throws(_JSONScanStop) -> Int {
        var k = 0
        while k < length {
            guard start &+ k < end else { throw endOfBuffer(end, atEnd) }
            let expected: UInt8 = k == 4 ? 0x65 : UInt8(truncatingIfNeeded: word &>> (UInt32(k) &* 8))
            if byte(p, start &+ k) != expected { throw .invalid(start, "invalid literal") }
            k &+= 1
        }
        return start &+ length
    }

    /// Compares a top-level key with "id" / "timestamp". `start` is past the opening quote,
    /// `stop` at the closing quote. Called only for keys of length 2 or 9 or with escapes.
    static func classifyKey(_ p: UnsafeRawPointer, _ start: Int, _ stop: Int, escaped: Bool, _ info: inout JSONTextInfo) {
        let n = stop &- start
        if !escaped {
            if n == 2 {
                if byte(p, start) == 0x69 && byte(p, start &+ 1) == 0x64 { info.hasID = true }
            } else if n == 9 {
                if p.loadUnaligned(fromByteOffset: start, as: UInt64.self) == UInt64(littleEndian: 0x6D61_7473_656D_6974)
                    && byte(p, start &+ 8) == 0x70 {
                    info.hasTimestamp = true
                }
            }
            return
        }
        // Escaped keys are rare: decode (a key spelling "timestamp" needs at most 9 * 6 raw bytes).
        guard n <= 54 else { return }
        var decoded: [UInt8] = []
        JSONString.decode(UnsafeRawBufferPointer(start: p + (start &- 1), count: n &+ 2), into: &decoded)
        if decoded.count == 2 && decoded[0] == 0x69 && decoded[1] == 0x64 { info.hasID = true }
        if decoded == Array("timestamp".utf8) { info.hasTimestamp = true }
    }
}

struct _JSONScanCore {
    let p: UnsafeRawPointer
    let end: Int
    let atEndOfInput: Bool
    let maximumDepth: Int
    let depthLimit: Int
    let stack: UnsafeMutablePointer<UInt64>
    /// Compaction: where the kept bytes go (nil when only validating).
    let output: UnsafeMutablePointer<[UInt8]>?
    /// Compaction: start of the bytes not yet copied (the run since the last whitespace).
    var runStart: Int

    init(p: UnsafeRawPointer, end: Int, atEndOfInput: Bool, maximumDepth: Int, depthLimit: Int,
         stack: UnsafeMutablePointer<UInt64>, output: UnsafeMutablePointer<[UInt8]>?, runStart: Int) {
        self.p = p
        self.end = end
        self.atEndOfInput = atEndOfInput
        self.maximumDepth = maximumDepth
        self.depthLimit = depthLimit
        self.stack = stack
        self.output = output
        self.runStart = runStart
    }

    /// Compaction: copies the bytes from `runStart` up to `stop` (text that had no whitespace
    /// is copied here in one piece, at its end).
    @inline(__always)
    mutating func keepRun(upTo stop: Int) {
        guard let output else { return }
        if stop > runStart {
            output.pointee.append(contentsOf: UnsafeRawBufferPointer(start: p + runStart, count: stop &- runStart))
        }
        runStart = stop
    }

    /// Skips insignificant whitespace at `i` (dropped from the compact form).
    @inline(__always)
    mutating func skipWhitespace(_ p: UnsafeRawPointer, _ i: inout Int, _ end: Int) {
        if i < end {
            let c = _JSONLex.byte(p, i)
            if c <= 0x20 && JSONScanner._isWhitespace(c) { i = skipWhitespaceRun(p, i, end) }
        }
    }

    /// `from` is at a whitespace byte; returns the index past the run.
    @inline(never)
    mutating func skipWhitespaceRun(_ p: UnsafeRawPointer, _ from: Int, _ end: Int) -> Int {
        var i = from &+ 1
        while true {
            while i &+ 8 <= end && _JSONSWAR.load(p, i) == 0x2020_2020_2020_2020 { i &+= 8 }
            guard i < end, JSONScanner._isWhitespace(_JSONLex.byte(p, i)) else { break }
            i &+= 1
        }
        if output != nil {
            keepRun(upTo: from)
            runStart = i
        }
        return i
    }

    @inline(__always)
    static func isObject(_ stack: UnsafeMutablePointer<UInt64>, atDepth depth: Int) -> Bool {
        (stack[depth &>> 6] &>> UInt64(depth & 63)) & 1 != 0
    }

    @inline(__always)
    static func setKind(_ stack: UnsafeMutablePointer<UInt64>, atDepth depth: Int, object: Bool) {
        let word = depth &>> 6
        let bit: UInt64 = 1 &<< UInt64(depth & 63)
        if object { stack[word] |= bit } else { stack[word] &= ~bit }
    }

    /// `i` is at the opening quote of a member key. Scans key, ':', and the whitespace up to
    /// the value.
    @inline(__always)
    mutating func scanMemberKey(_ p: UnsafeRawPointer, _ i: inout Int, _ end: Int, _ atEnd: Bool, depth: Int,
                                _ info: inout JSONTextInfo) throws(_JSONScanStop) {
        let keyStart = i &+ 1
        let (after, escaped) = try _JSONLex.scanString(p, keyStart, end, atEnd)
        if depth == 1 {
            let n = after &- 1 &- keyStart
            if n == 2 || n == 9 || escaped { _JSONLex.classifyKey(p, keyStart, after &- 1, escaped: escaped, &info) }
        }
        i = after
        if i < end && _JSONLex.byte(p, i) == 0x3A {
            i &+= 1  // the usual compact `"key":`
        } else {
            skipWhitespace(p, &i, end)
            guard i < end else { throw _JSONLex.endOfBuffer(end, atEnd) }
            guard _JSONLex.byte(p, i) == 0x3A else { throw .invalid(i, "expected ':' after object key") }
            i &+= 1
        }
        skipWhitespace(p, &i, end)
        guard i < end else { throw _JSONLex.endOfBuffer(end, atEnd) }
    }

    mutating func run(_ start: Int) throws(_JSONScanStop) -> JSONTextInfo {
        let p = self.p, end = self.end, atEnd = self.atEndOfInput, stack = self.stack, depthLimit = self.depthLimit
        var info = JSONTextInfo(end: start, isObject: _JSONLex.byte(p, start) == 0x7B, hasID: false, hasTimestamp: false)
        var i = start
        var depth = 0
        var inObject = false  // the container at `depth` is an object
        // Invariant at the top of the loop: i < end, byte(i) starts a value (not whitespace).
        value: while true {
            let c = _JSONLex.byte(p, i)
            switch c {
            case 0x22:
                i = try _JSONLex.scanString(p, i &+ 1, end, atEnd).end
            case 0x7B, 0x5B:  // { [
                depth &+= 1
                if depth > depthLimit {
                    if depth > maximumDepth { throw .invalid(i, "nesting deeper than \(maximumDepth)") }
                    throw _JSONLex.endOfBuffer(end, atEnd)  // cannot happen: depthLimit counts bytes left
                }
                let isObject = c == 0x7B
                Self.setKind(stack, atDepth: depth, object: isObject)
                i &+= 1
                skipWhitespace(p, &i, end)
                guard i < end else { throw _JSONLex.endOfBuffer(end, atEnd) }
                let d = _JSONLex.byte(p, i)
                if d == c &+ 2 {  // '}' is '{' + 2, ']' is '[' + 2
                    i &+= 1
                    depth &-= 1
                } else if isObject {
                    guard d == 0x22 else { throw .invalid(i, "expected string key in object") }
                    inObject = true
                    try scanMemberKey(p, &i, end, atEnd, depth: depth, &info)
                    continue value
                } else {
                    inObject = false
                    continue value
                }
            case 0x2D, 0x30...0x39:
                i = try _JSONLex.scanNumber(p, i, end, atEnd, topLevel: depth == 0)
            case 0x74, 0x66, 0x6E:
                i = try _JSONLex.scanLiteral(p, i, c, end, atEnd)
            default:
                throw .invalid(i, "expected value")
            }
            // After a value: close containers until a ',' leads to the next value.
            while true {
                if depth == 0 {
                    info.end = i
                    return info
                }
                skipWhitespace(p, &i, end)
                guard i < end else { throw _JSONLex.endOfBuffer(end, atEnd) }
                let d = _JSONLex.byte(p, i)
                if d == 0x2C {
                    let comma = i
                    i &+= 1
                    skipWhitespace(p, &i, end)
                    guard i < end else { throw _JSONLex.endOfBuffer(end, atEnd) }
                    let e = _JSONLex.byte(p, i)
                    if inObject {
                        if e == 0x7D { throw .invalid(comma, "trailing comma") }
                        guard e == 0x22 else { throw .invalid(i, "expected string key in object") }
                        try scanMemberKey(p, &i, end, atEnd, depth: depth, &info)
                    } else if e == 0x5D {
                        throw .invalid(comma, "trailing comma")
                    }
                    continue value
                }
                if inObject {
                    guard d == 0x7D else { throw .invalid(i, "expected ',' or '}' after object member") }
                } else {
                    guard d == 0x5D else { throw .invalid(i, "expected ',' or ']' after array element") }
                }
                i &+= 1
                depth &-= 1
                inObject = Self.isObject(stack, atDepth: depth)
            }
        }
    }
}
