// `--where PATH=VALUE` / `--where PATH!=VALUE` event filters.

public struct FieldFilter: Sendable {
    public var path: FieldPath
    /// `!=` rather than `=`.
    public var isNegated: Bool
    /// The value pattern as written (after the operator).
    public var pattern: String

    /// The pattern split at unescaped `*`: `pieces.count == stars + 1`.
    var pieces: [[UInt8]]

    /// Parses `PATH=VALUE` or `PATH!=VALUE`. The operator is the first `=` outside quotes and
    /// brackets in the path. In VALUE, `*` matches any run of bytes, `\*` is a literal star and
    /// `\\` a backslash (any other backslash is literal).
    public init(parsing expression: String) throws(FieldPathError) {
        let b = Array(expression.utf8)
        let equals = FieldList.topLevelIndices(of: [UInt8(ascii: "=")], in: b).first
        guard let eq = equals else {
            throw FieldPathError(message: "filter '\(expression)': expected PATH=VALUE or PATH!=VALUE")
        }
        isNegated = eq > 0 && b[eq - 1] == UInt8(ascii: "!")
        let pathEnd = isNegated ? eq - 1 : eq
        let pathText = FieldList.trimmed(b, 0, pathEnd)
        if pathText.isEmpty { throw FieldPathError(message: "filter '\(expression)': empty field path") }
        path = try FieldPath(parsing: pathText)
        let valueBytes = Array(b[(eq + 1)...])
        pattern = String(decoding: valueBytes, as: UTF8.self)
        var pieces: [[UInt8]] = [[]]
        var k = 0
        while k < valueBytes.count {
            let c = valueBytes[k]
            if c == UInt8(ascii: "\\"), k + 1 < valueBytes.count,
               valueBytes[k + 1] == UInt8(ascii: "*") || valueBytes[k + 1] == UInt8(ascii: "\\") {
                pieces[pieces.count - 1].append(valueBytes[k + 1])
                k += 2
                continue
            }
            if c == UInt8(ascii: "*") { pieces.append([]) } else { pieces[pieces.count - 1].append(c) }
            k += 1
        }
        self.pieces = pieces
    }

    /// `event` must be one valid JSON text. A string field compares by its decoded content, any
    /// other value by its JSON text (numbers as written, `true`/`false`/`null`, objects and arrays
    /// in compact form); a missing field compares as `null`. `!=` is the exact negation of `=`.
    public func matches(_ event: UnsafeRawBufferPointer) -> Bool {
        matchesEquality(event) != isNegated
    }

    func matchesEquality(_ event: UnsafeRawBufferPointer) -> Bool {
        guard let range = JSONValueLocator.find(path, in: event), let base = event.baseAddress else {
            return Self.nullText.withUnsafeBytes { glob($0) }
        }
        let first = base.load(fromByteOffset: range.lowerBound, as: UInt8.self)
        if first == 0x22 {
            let raw = UnsafeRawBufferPointer(start: base + range.lowerBound, count: range.count)
            if raw.firstIndex(of: 0x5C) == nil {
                return glob(UnsafeRawBufferPointer(rebasing: raw[1..<(raw.count - 1)]))
            }
            var decoded: [UInt8] = []
            JSONString.decode(raw, into: &decoded)
            return decoded.withUnsafeBytes { glob($0) }
        }
        let raw = UnsafeRawBufferPointer(start: base + range.lowerBound, count: range.count)
        if first == 0x7B || first == 0x5B {
            var compacted: [UInt8] = []
            if JSONScanner.compact(raw, into: &compacted) == nil {
                return compacted.withUnsafeBytes { glob($0) }
            }
        }
        return glob(raw)
    }

    static let nullText: [UInt8] = Array("null".utf8)

    /// Whether `subject` matches the pattern (all of it).
    func glob(_ subject: UnsafeRawBufferPointer) -> Bool {
        let n = subject.count
        if pieces.count == 1 { return Self.equal(subject, 0, pieces[0]) && pieces[0].count == n }
        let head = pieces[0], tail = pieces[pieces.count - 1]
        guard head.count + tail.count <= n, Self.equal(subject, 0, head), Self.equal(subject, n - tail.count, tail) else {
            return false
        }
        // Middle pieces leftmost-first within the part between head and tail.
        var at = head.count
        let limit = n - tail.count
        var k = 1
        while k < pieces.count - 1 {
            let piece = pieces[k]
            var found = false
            while at + piece.count <= limit {
                if Self.equal(subject, at, piece) { found = true; break }
                at += 1
            }
            if !found { return false }
            at += piece.count
            k += 1
        }
        return true
    }

    @inline(__always)
    static func equal(_ subject: UnsafeRawBufferPointer, _ at: Int, _ piece: [UInt8]) -> Bool {
        guard at >= 0, at + piece.count <= subject.count else { return false }
        if piece.isEmpty { return true }
        return piece.withUnsafeBytes { memcmp(subject.baseAddress! + at, $0.baseAddress!, piece.count) == 0 }
    }
}
