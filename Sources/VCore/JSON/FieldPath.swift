// Field paths (`data.tool_name`, `items[0]`, `data["key.with.dots"]`) and field lists.

public struct FieldPathError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public init(message: String) { self.message = message }
    public var description: String { message }
}

/// A path to a value inside a JSON text.
///
/// Syntax: keys separated by `.`, array indices in brackets, and quoted keys in brackets
/// (JSON string syntax, escapes allowed) for keys containing `.`, `[`, `]`, `"`, spaces, etc.:
/// `category`, `data.tool_name`, `data.items[0]`, `data["key.with.dots"]`, `["weird key"].x`.
/// A leading `.` is allowed (jq habit): `.category`, `.[0]`. A bare key is any run of bytes
/// other than `.`, `[`, `]`, `"`, whitespace and control characters.
///
/// Equality and hashing consider the components only (`a` == `.a`); `description` keeps the
/// text as written.
public struct FieldPath: Hashable, Sendable, CustomStringConvertible {
    public enum Component: Hashable, Sendable {
        case key([UInt8])
        case index(Int)
    }

    public var components: [Component]
    /// The path as the user wrote it.
    public var description: String

    public init(components: [Component], description: String) {
        self.components = components
        self.description = description
    }

    public init(parsing text: String) throws(FieldPathError) {
        description = text
        components = try Self.parse(Array(text.utf8), text: text)
    }

    public static func == (a: FieldPath, b: FieldPath) -> Bool { a.components == b.components }
    public func hash(into hasher: inout Hasher) { hasher.combine(components) }

    static func parse(_ b: [UInt8], text: String) throws(FieldPathError) -> [Component] {
        func fail(_ problem: String) -> FieldPathError {
            FieldPathError(message: text.isEmpty ? problem : "field path '\(text)': \(problem)")
        }
        let n = b.count
        var i = 0
        if n > 0 && b[0] == UInt8(ascii: ".") { i = 1 }
        if i == n { throw fail("empty field path") }
        var components: [Component] = []
        var bareKeyAllowed = true  // at the start and right after '.'
        while i < n {
            let c = b[i]
            if c == UInt8(ascii: "[") {
                i += 1
                guard i < n else { throw fail("unterminated '['") }
                if b[i] == UInt8(ascii: "\"") {
                    let open = i
                    i += 1
                    while i < n && b[i] != UInt8(ascii: "\"") {
                        i += b[i] == UInt8(ascii: "\\") ? 2 : 1
                    }
                    guard i < n else { throw fail("unterminated quoted key") }
                    i += 1
                    let token = Array(b[open..<i])
                    let valid: Bool = token.withUnsafeBytes { raw in
                        if case .complete(let info) = JSONScanner.scanText(raw, from: 0, atEndOfInput: true) {
                            return info.end == raw.count
                        }
                        return false
                    }
                    guard valid else { throw fail("invalid quoted key (JSON string syntax expected)") }
                    var key: [UInt8] = []
                    token.withUnsafeBytes { JSONString.decode($0, into: &key) }
                    components.append(.key(key))
                } else {
                    var value = 0
                    let digitsStart = i
                    while i < n, b[i] >= UInt8(ascii: "0"), b[i] <= UInt8(ascii: "9") {
                        let (m, o1) = value.multipliedReportingOverflow(by: 10)
                        let (s, o2) = m.addingReportingOverflow(Int(b[i] - UInt8(ascii: "0")))
                        if o1 || o2 { throw fail("index too large") }
                        value = s
                        i += 1
                    }
                    if i == digitsStart {
                        if i < n && b[i] == UInt8(ascii: "-") { throw fail("negative indices are not supported") }
                        throw fail("expected an index or a quoted key after '['")
                    }
                    components.append(.index(value))
                }
                guard i < n, b[i] == UInt8(ascii: "]") else { throw fail("expected ']'") }
                i += 1
                bareKeyAllowed = false
            } else if c == UInt8(ascii: ".") {
                if bareKeyAllowed { throw fail("empty key") }
                i += 1
                guard i < n else { throw fail("ends with '.'") }
                bareKeyAllowed = true
            } else {
                guard bareKeyAllowed else { throw fail("expected '.' or '[' after a key or index") }
                let start = i
                while i < n {
                    let d = b[i]
                    if d == UInt8(ascii: ".") || d == UInt8(ascii: "[") { break }
                    if d == UInt8(ascii: "]") || d == UInt8(ascii: "\"") {
                        throw fail("unexpected '\(Character(Unicode.Scalar(d)))' (quote keys like [\"a.b\"])")
                    }
                    if d <= 0x20 || d == 0x7F { throw fail("whitespace or control character in key (quote keys like [\"a b\"])") }
                    i += 1
                }
                components.append(.key(Array(b[start..<i])))
                bareKeyAllowed = false
            }
        }
        if bareKeyAllowed && !components.isEmpty { throw fail("ends with '.'") }
        return components
    }
}

/// One selected field: `NAME=PATH`, or a bare `PATH` whose name is the path as written.
public struct FieldSelection: Hashable, Sendable {
    public var name: String
    public var path: FieldPath
    public init(name: String, path: FieldPath) {
        self.name = name
        self.path = path
    }
}

public enum FieldList {
    /// Parses `category,name` or `tool=data.tool_name,data["a,b"]`. Commas and `=` inside
    /// quotes or brackets do not split; spaces around items and around `=` are ignored.
    public static func parse(_ text: String) throws(FieldPathError) -> [FieldSelection] {
        let b = Array(text.utf8)
        let separators = topLevelIndices(of: [UInt8(ascii: ","), UInt8(ascii: "=")], in: b)
        var selections: [FieldSelection] = []
        var start = 0
        var equals: Int? = nil
        for i in separators + [b.count] {
            if i < b.count && b[i] == UInt8(ascii: "=") {
                if equals == nil { equals = i }
                continue
            }
            selections.append(try item(b, start, i, equals, list: text))
            start = i + 1
            equals = nil
        }
        return selections
    }

    /// Where the bytes in `targets` stand outside quoted keys and brackets, i.e. where `,` and
    /// `=` have their list and filter meaning (`data["a,b"]` and `x[0]` are single paths).
    static func topLevelIndices(of targets: [UInt8], in b: [UInt8]) -> [Int] {
        var found: [Int] = []
        var bracketDepth = 0
        var inQuote = false
        var i = 0
        while i < b.count {
            let c = b[i]
            if inQuote {
                if c == UInt8(ascii: "\\") { i += 1 } else if c == UInt8(ascii: "\"") { inQuote = false }
            } else if c == UInt8(ascii: "\"") {
                inQuote = true
            } else if c == UInt8(ascii: "[") {
                bracketDepth += 1
            } else if c == UInt8(ascii: "]") {
                bracketDepth = Swift.max(0, bracketDepth - 1)
            } else if bracketDepth == 0 && targets.contains(c) {
                found.append(i)
            }
            i += 1
        }
        return found
    }

    static func trimmed(_ b: [UInt8], _ from: Int, _ to: Int) -> String {
        var s = from, e = to
        while s < e && (b[s] == 0x20 || b[s] == 0x09) { s += 1 }
        while e > s && (b[e - 1] == 0x20 || b[e - 1] == 0x09) { e -= 1 }
        return String(decoding: b[s..<e], as: UTF8.self)
    }

    static func item(_ b: [UInt8], _ from: Int, _ to: Int, _ equals: Int?, list: String) throws(FieldPathError) -> FieldSelection {
        let whole = trimmed(b, from, to)
        if whole.isEmpty { throw FieldPathError(message: "field list '\(list)': empty field") }
        if let eq = equals {
            let name = trimmed(b, from, eq)
            let pathText = trimmed(b, eq + 1, to)
            if name.isEmpty { throw FieldPathError(message: "field list '\(list)': empty name before '=' in '\(whole)'") }
            if pathText.isEmpty { throw FieldPathError(message: "field list '\(list)': empty path after '=' in '\(whole)'") }
            return FieldSelection(name: name, path: try FieldPath(parsing: pathText))
        }
        return FieldSelection(name: whole, path: try FieldPath(parsing: whole))
    }
}
