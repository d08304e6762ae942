// Strict RFC 8259 scanner: validation, compaction and top-level key detection in one pass.
//
// Design notes
// - Works on raw bytes through an UnsafeRawPointer; no bounds-checked Array indexing in loops.
// - Nesting is tracked without recursion: a bit stack (1 = object, 0 = array) in a temporary
//   allocation sized by the depth limit, so absurdly deep input is rejected, never a stack overflow.
// - String content is skipped 8 bytes at a time (SWAR); UTF-8 is validated only for bytes >= 0x80.
// - Compaction is a sink that copies the runs of bytes *between* insignificant whitespace, so
//   compacting already-compact text is a single memcpy, and the validating path uses a no-op
//   sink that the optimizer removes entirely (the scanner is generic over the sink and
//   specialized for both).

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
        var sink = _JSONNullSink()
        return _scan(buffer, from: start, atEndOfInput: atEndOfInput, maximumDepth: maximumDepth, sink: &sink)
    }

    /// Like `scanText(_:from:atEndOfInput:maximumDepth:)`, and on `.complete` also appends the text
    /// to `output` with insignificant whitespace removed (strings and numbers byte-for-byte as
    /// written). On `.incomplete` / `.invalid`, `output` is restored to its original count.
    public static func scanText(_ buffer: UnsafeRawBufferPointer, from start: Int, atEndOfInput: Bool,
                                maximumDepth: Int = defaultMaximumDepth,
                                compactInto output: inout [UInt8]) -> JSONScanResult {
        let originalCount = output.count
        var sink = _JSONCompactSink(bytes: output, runStart: start)
        output = []  // keep the storage uniquely referenced by the sink (no copy-on-write)
        let result = _scan(buffer, from: start, atEndOfInput: atEndOfInput, maximumDepth: maximumDepth, sink: &sink)
        output = sink.take().bytes
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

    static func _scan<Sink: _JSONSink>(_ buffer: UnsafeRawBufferPointer, from start: Int, atEndOfInput: Bool,
                                       maximumDepth: Int, sink: inout Sink) -> JSONScanResult {
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
            // The sink moves into the core and back (take() leaves an empty one behind), so a
            // compaction buffer stays uniquely referenced and appends never copy it.
            var core = _JSONScanCore(p: base, end: end, atEndOfInput: atEndOfInput,
                                     maximumDepth: maximumDepth, depthLimit: depthLimit,
                                     stack: stack.baseAddress!, sink: sink.take())
            let result: JSONScanResult
            do throws(_JSONScanStop) {
                let info = try core.run(start)
                core.sink.finish(base, end: info.end)
                result = .complete(info)
            } catch {
                switch error {
                case .incomplete: result = .incomplete
                case .invalid(let offset, let message):
                    result = .invalid(JSONSyntaxError(offset: offset, message: message))
                }
            }
            sink = core.sink.take()
            return result
        }
    }
}

// MARK: - Sinks

protocol _JSONSink {
    /// Bytes `[from, to)` are insignificant whitespace: keep what came before, drop these.
    mutating func drop(_ base: UnsafeRawPointer, from: Int, to: Int)
    /// The text ended at `end`: keep the bytes since the last drop.
    mutating func finish(_ base: UnsafeRawPointer, end: Int)
    /// Returns the sink, leaving an empty one in its place (a move, so storage stays unique).
    mutating func take() -> Self
}

struct _JSONNullSink: _JSONSink {
    @inline(__always) init() {}
    @inline(__always) mutating func drop(_ base: UnsafeRawPointer, from: Int, to: Int) {}
    @inline(__always) mutating func finish(_ base: UnsafeRawPointer, end: Int) {}
    @inline(__always) mutating func take() -> Self { self }
}

struct _JSONCompactSink: _JSONSink {
    var bytes: [UInt8]
    var runStart: Int

    @inline(__always)
    mutating func copy(_ base: UnsafeRawPointer, upTo end: Int) {
        if end > runStart {
            let run = UnsafeBufferPointer<UInt8>(
                start: (base + runStart).assumingMemoryBound(to: UInt8.self), count: end - runStart)
            bytes.append(contentsOf: run)
        }
    }

    @inline(__always)
    mutating func drop(_ base: UnsafeRawPointer, from: Int, to: Int) {
        copy(base, upTo: from)
        runStart = to
    }

    @inline(__always)
    mutating func finish(_ base: UnsafeRawPointer, end: Int) {
        copy(base, upTo: end)
        runStart = end
    }

    @inline(__always)
    mutating func take() -> Self {
        var taken = _JSONCompactSink(bytes: [], runStart: runStart)
        swap(&taken.bytes, &bytes)
        return taken
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

struct _JSONScanCore<Sink: _JSONSink> {
    let p: UnsafeRawPointer
    let end: Int
    let atEndOfInput: Bool
    let maximumDepth: Int
    let depthLimit: Int
    let stack: UnsafeMutablePointer<UInt64>
    var sink: Sink

    init(p: UnsafeRawPointer, end: Int, atEndOfInput: Bool, maximumDepth: Int, depthLimit: Int,
         stack: UnsafeMutablePointer<UInt64>, sink: Sink) {
        self.p = p
        self.end = end
        self.atEndOfInput = atEndOfInput
        self.maximumDepth = maximumDepth
        self.depthLimit = depthLimit
        self.stack = stack
        self.sink = sink
    }

    @inline(__always)
    func byte(_ i: Int) -> UInt8 { p.load(fromByteOffset: i, as: UInt8.self) }

    /// The buffer ended inside the text.
    func endOfBuffer() -> _JSONScanStop {
        atEndOfInput ? .invalid(end, "unexpected end of input") : .incomplete
    }

    /// Skips insignificant whitespace at `i`, telling the sink.
    @inline(__always)
    mutating func skipWhitespace(_ i: inout Int) {
        if i < end {
            let c = byte(i)
            if c <= 0x20 && JSONScanner._isWhitespace(c) { skipWhitespaceRun(&i) }
        }
    }

    @inline(never)
    mutating func skipWhitespaceRun(_ i: inout Int) {
        let from = i
        i &+= 1
        while true {
            while i &+ 8 <= end && _JSONSWAR.load(p, i) == 0x2020_2020_2020_2020 { i &+= 8 }
            guard i < end, JSONScanner._isWhitespace(byte(i)) else { break }
            i &+= 1
        }
        sink.drop(p, from: from, to: i)
    }

    /// Scans the string whose opening quote is at `start`; returns the index past the closing
    /// quote and whether the string contains a backslash escape.
    @inline(__always)
    func scanString(_ start: Int) throws(_JSONScanStop) -> (end: Int, escaped: Bool) {
        var i = start &+ 1
        var escaped = false
        while true {
            while i &+ 8 <= end {
                let m = _JSONSWAR.stringSpecials(_JSONSWAR.load(p, i))
                if m != 0 {
                    i &+= m.trailingZeroBitCount &>> 3
                    break
                }
                i &+= 8
            }
            guard i < end else { throw endOfBuffer() }
            let c = byte(i)
            if c == 0x22 { return (i &+ 1, escaped) }
            if c == 0x5C {
                escaped = true
                i = try scanEscape(i)
            } else if c >= 0x80 {
                i = try scanUTF8(i, c)
            } else if c < 0x20 {
                throw .invalid(i, "control character in string")
            } else {
                i &+= 1
            }
        }
    }

    /// `i` is at a backslash; returns the index past the escape.
    func scanEscape(_ i: Int) throws(_JSONScanStop) -> Int {
        guard i &+ 1 < end else { throw endOfBuffer() }
        switch byte(i &+ 1) {
        case 0x22, 0x5C, 0x2F, 0x62, 0x66, 0x6E, 0x72, 0x74:
            return i &+ 2
        case 0x75:
            let unit = try hex4(i &+ 2)
            if unit & 0xFC00 == 0xD800 {
                let j = i &+ 6
                guard j < end else { throw endOfBuffer() }
                guard byte(j) == 0x5C else { throw .invalid(i, "lone surrogate escape") }
                guard j &+ 1 < end else { throw endOfBuffer() }
                guard byte(j &+ 1) == 0x75 else { throw .invalid(i, "lone surrogate escape") }
                let low = try hex4(j &+ 2)
                guard low & 0xFC00 == 0xDC00 else { throw .invalid(i, "lone surrogate escape") }
                return j &+ 6
            }
            if unit & 0xFC00 == 0xDC00 { throw .invalid(i, "lone surrogate escape") }
            return i &+ 6
        default:
            throw .invalid(i, "invalid escape")
        }
    }

    func hex4(_ at: Int) throws(_JSONScanStop) -> UInt32 {
        var value: UInt32 = 0
        var k = at
        while k < at &+ 4 {
            guard k < end else { throw endOfBuffer() }
            guard let h = _hexValue(byte(k)) else { throw .invalid(k, "invalid \\u escape") }
            value = value &<< 4 | h
            k &+= 1
        }
        return value
    }

    /// `i` is at a lead byte >= 0x80; returns the index past the validated sequence.
    func scanUTF8(_ i: Int, _ c: UInt8) throws(_JSONScanStop) -> Int {
        var lo: UInt8 = 0x80, hi: UInt8 = 0xBF
        let count: Int
        switch c {
        case 0xC2...0xDF: count = 1
        case 0xE0: count = 2; lo = 0xA0
        case 0xE1...0xEC, 0xEE, 0xEF: count = 2
        case 0xED: count = 2; hi = 0x9F
        case 0xF0: count = 3; lo = 0x90
        case 0xF1...0xF3: count = 3
        case 0xF4: count = 3; hi = 0x8F
        default: throw .invalid(i, "invalid UTF-8")
        }
        var k = 1
        while k <= count {
            guard i &+ k < end else { throw endOfBuffer() }
            let b = byte(i &+ k)
            if b < lo || b > hi { throw .invalid(i, "invalid UTF-8") }
            lo = 0x80; hi = 0xBF
            k &+= 1
        }
        return i &+ count &+ 1
    }

    @inline(__always)
    static func isDigit(_ c: UInt8) -> Bool { c &- 0x30 < 10 }

    /// `start` is at '-' or a digit; returns the index past the number.
    func scanNumber(_ start: Int, topLevel: Bool) throws(_JSONScanStop) -> Int {
        var i = start
        if byte(i) == 0x2D {
            i &+= 1
            guard i < end else { throw endOfBuffer() }
        }
        let first = byte(i)
        if first == 0x30 {
            i &+= 1
            if i < end && Self.isDigit(byte(i)) { throw .invalid(i &- 1, "leading zero in number") }
        } else if Self.isDigit(first) {
            i &+= 1
            while i < end && Self.isDigit(byte(i)) { i &+= 1 }
        } else {
            throw .invalid(i, "expected digit after '-'")
        }
        if i < end && byte(i) == 0x2E {
            i &+= 1
            guard i < end else { throw endOfBuffer() }
            guard Self.isDigit(byte(i)) else { throw .invalid(i, "expected digit after decimal point") }
            i &+= 1
            while i < end && Self.isDigit(byte(i)) { i &+= 1 }
        }
        if i < end && byte(i) | 0x20 == 0x65 {
            i &+= 1
            guard i < end else { throw endOfBuffer() }
            let s = byte(i)
            if s == 0x2B || s == 0x2D {
                i &+= 1
                guard i < end else { throw endOfBuffer() }
            }
            guard Self.isDigit(byte(i)) else { throw .invalid(i, "expected digit in exponent") }
            i &+= 1
            while i < end && Self.isDigit(byte(i)) { i &+= 1 }
        }
        if i == end && topLevel && !atEndOfInput { throw .incomplete }
        return i
    }

    /// `start` is at 't', 'f' or 'n'.
    func scanLiteral(_ start: Int, _ c: UInt8) throws(_JSONScanStop) -> Int {
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
            if w == word && (length == 4 || byte(start &+ 4) == 0x65) { return start &+ length }
        }
        // Slow path: find the first mismatch, or run out of buffer.
        var k = 0
        while k < length {
            guard start &+ k < end else { throw endOfBuffer() }
            let expected: UInt8 = k == 4 ? 0x65 : UInt8(truncatingIfNeeded: word &>> (UInt32(k) &* 8))
            if byte(start &+ k) != expected { throw .invalid(start, "invalid literal") }
            k &+= 1
        }
        return start &+ length
    }

    @inline(__always)
    func isObject(atDepth depth: Int) -> Bool {
        (stack[depth &>> 6] &>> UInt64(depth & 63)) & 1 != 0
    }

    @inline(__always)
    func setKind(atDepth depth: Int, object: Bool) {
        let word = depth &>> 6
        let bit: UInt64 = 1 &<< UInt64(depth & 63)
        if object { stack[word] |= bit } else { stack[word] &= ~bit }
    }

    /// Compares a top-level key with "id" / "timestamp".
    func classifyKey(_ start: Int, _ stop: Int, escaped: Bool, _ info: inout JSONTextInfo) {
        // start is past the opening quote, stop is at the closing quote.
        let n = stop &- start
        if !escaped {
            if n == 2 {
                if byte(start) == 0x69 && byte(start &+ 1) == 0x64 { info.hasID = true }
            } else if n == 9 {
                if p.loadUnaligned(fromByteOffset: start, as: UInt64.self) == UInt64(littleEndian: 0x6D61_7473_656D_6974)
                    && byte(start &+ 8) == 0x70 {
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

    /// `i` is at the first byte of a member key (already checked to be a quote). Scans key, ':',
    /// and the whitespace up to the value.
    @inline(__always)
    mutating func scanMemberKey(_ i: inout Int, depth: Int, _ info: inout JSONTextInfo) throws(_JSONScanStop) {
        let keyStart = i
        let (after, escaped) = try scanString(i)
        if depth == 1 { classifyKey(keyStart &+ 1, after &- 1, escaped: escaped, &info) }
        i = after
        skipWhitespace(&i)
        guard i < end else { throw endOfBuffer() }
        guard byte(i) == 0x3A else { throw .invalid(i, "expected ':' after object key") }
        i &+= 1
        skipWhitespace(&i)
        guard i < end else { throw endOfBuffer() }
    }

    mutating func run(_ start: Int) throws(_JSONScanStop) -> JSONTextInfo {
        var info = JSONTextInfo(end: start, isObject: byte(start) == 0x7B, hasID: false, hasTimestamp: false)
        var i = start
        var depth = 0
        // Invariant at the top of the loop: i < end, byte(i) starts a value (not whitespace).
        value: while true {
            let c = byte(i)
            switch c {
            case 0x7B, 0x5B:  // { [
                depth &+= 1
                if depth > depthLimit {
                    if depth > maximumDepth { throw .invalid(i, "nesting deeper than \(maximumDepth)") }
                    throw endOfBuffer()  // cannot happen: depthLimit counts bytes left
                }
                let isObject = c == 0x7B
                setKind(atDepth: depth, object: isObject)
                i &+= 1
                skipWhitespace(&i)
                guard i < end else { throw endOfBuffer() }
                let d = byte(i)
                if d == c &+ 2 {  // '}' is '{' + 2, ']' is '[' + 2
                    i &+= 1
                    depth &-= 1
                } else if isObject {
                    guard d == 0x22 else { throw .invalid(i, "expected string key in object") }
                    try scanMemberKey(&i, depth: depth, &info)
                    continue value
                } else {
                    continue value
                }
            case 0x22:
                i = try scanString(i).end
            case 0x2D, 0x30...0x39:
                i = try scanNumber(i, topLevel: depth == 0)
            case 0x74, 0x66, 0x6E:
                i = try scanLiteral(i, c)
            default:
                throw .invalid(i, "expected value")
            }
            // After a value: close containers until a ',' leads to the next value.
            while true {
                if depth == 0 {
                    info.end = i
                    return info
                }
                skipWhitespace(&i)
                guard i < end else { throw endOfBuffer() }
                let d = byte(i)
                let inObject = isObject(atDepth: depth)
                if d == 0x2C {
                    let comma = i
                    i &+= 1
                    skipWhitespace(&i)
                    guard i < end else { throw endOfBuffer() }
                    let e = byte(i)
                    if inObject {
                        if e == 0x7D { throw .invalid(comma, "trailing comma") }
                        guard e == 0x22 else { throw .invalid(i, "expected string key in object") }
                        try scanMemberKey(&i, depth: depth, &info)
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
            }
        }
    }
}
