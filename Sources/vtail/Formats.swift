import VCore

/// Turns one valid event (a JSON object on one line) into one line of output, in the chosen
/// format, appended to a byte buffer. Works on bytes only: values are located by byte range
/// and copied; strings are decoded only for TSV and text.
final class EventFormatter {
    let format: TailOptions.Format
    let selections: [FieldSelection]?
    let paths: [FieldPath]
    let color: Bool
    /// `"name":` for each selection, JSON-encoded once.
    private let keyPrefixes: [[UInt8]]
    private var ranges: [Range<Int>?] = []
    /// Locators for `paths` and for `textPaths`, prepared once.
    private let locator: JSONFieldLocator
    private let textLocator = JSONFieldLocator(EventFormatter.textPaths)
    private var scratch: [UInt8] = []
    private var decoded: [UInt8] = []

    static let textPaths: [FieldPath] = ["timestamp", "category", "name", "topic", "data"].map { try! FieldPath(parsing: $0) }

    init(format: TailOptions.Format, fields: [FieldSelection]?, color: Bool) {
        self.format = format
        selections = fields
        paths = fields?.map(\.path) ?? []
        locator = JSONFieldLocator(paths)
        self.color = color
        keyPrefixes = (fields ?? []).map { selection in
            var bytes: [UInt8] = []
            JSONString.encode(Array(selection.name.utf8), into: &bytes)
            bytes.append(UInt8(ascii: ":"))
            return bytes
        }
    }

    /// The TSV header row (with a newline).
    func header(withFilename: Bool) -> [UInt8] {
        var out: [UInt8] = []
        if withFilename { out.append(contentsOf: "file\t".utf8) }
        for (k, selection) in (selections ?? []).enumerated() {
            if k > 0 { out.append(0x09) }
            DisplayText.appendEscaped(Array(selection.name.utf8), to: &out)
        }
        out.append(0x0A)
        return out
    }

    /// Appends the formatted event and a newline. `label` (the file, for --with-filename) is
    /// passed already encoded for the format by `encodeLabel`.
    @inline(__always)
    func append(_ event: UnsafeRawBufferPointer, label: [UInt8]?, to out: inout [UInt8]) {
        switch format {
        case .json:
            if selections != nil { appendProjection(event, label: label, to: &out) } else { appendWhole(event, label: label, to: &out) }
        case .tsv: appendTSV(event, label: label, to: &out)
        case .text: appendText(event, label: label, to: &out)
        }
        out.append(0x0A)
    }

    /// The label as the format wants it: `"file":"PATH",` for JSON, `PATH\t` for TSV,
    /// `PATH: ` for text.
    func encodeLabel(_ name: String) -> [UInt8] {
        var bytes: [UInt8] = []
        switch format {
        case .json:
            bytes.append(contentsOf: #""file":"#.utf8)
            var encoded: [UInt8] = []
            JSONString.encode(Array(name.utf8), into: &encoded)
            encoded.withUnsafeBytes { Sanitizer.appendJSON($0, to: &bytes) }
        case .tsv:
            DisplayText.appendEscaped(Array(name.utf8), to: &bytes)
            bytes.append(0x09)
        case .text:
            DisplayText.appendEscaped(Array(name.utf8), to: &bytes)
            bytes.append(contentsOf: ": ".utf8)
        }
        return bytes
    }

    // MARK: JSON

    private func appendWhole(_ event: UnsafeRawBufferPointer, label: [UInt8]?, to out: inout [UInt8]) {
        guard let label else {
            Sanitizer.appendJSON(event, to: &out)
            return
        }
        // Insert the label as the first member: after the opening brace.
        var i = 0
        while i < event.count && event[i] != UInt8(ascii: "{") { i += 1 }
        var j = i + 1
        while j < event.count && isJSONSpace(event[j]) { j += 1 }
        out.append(UInt8(ascii: "{"))
        out.append(contentsOf: label)
        if j < event.count && event[j] != UInt8(ascii: "}") { out.append(UInt8(ascii: ",")) }
        Sanitizer.appendJSON(UnsafeRawBufferPointer(rebasing: event[(i + 1)...]), to: &out)
    }

    private func appendProjection(_ event: UnsafeRawBufferPointer, label: [UInt8]?, to out: inout [UInt8]) {
        locator.find(in: event, into: &ranges)
        out.append(UInt8(ascii: "{"))
        if let label {
            out.append(contentsOf: label)
            if !paths.isEmpty { out.append(UInt8(ascii: ",")) }
        }
        let base = event.baseAddress!
        for k in 0..<keyPrefixes.count {
            if k > 0 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: keyPrefixes[k])
            guard let range = ranges[k] else {
                out.append(contentsOf: Self.null)
                continue
            }
            let raw = UnsafeRawBufferPointer(start: base + range.lowerBound, count: range.count)
            let first = raw[0]
            if first == UInt8(ascii: "{") || first == UInt8(ascii: "[") {
                scratch.removeAll(keepingCapacity: true)
                _ = JSONScanner.compact(raw, into: &scratch)
                scratch.withUnsafeBytes { Sanitizer.appendJSON($0, to: &out) }
            } else {
                Sanitizer.appendJSON(raw, to: &out)
            }
        }
        out.append(UInt8(ascii: "}"))
    }

    static let null: [UInt8] = Array("null".utf8)

    // MARK: TSV

    private func appendTSV(_ event: UnsafeRawBufferPointer, label: [UInt8]?, to out: inout [UInt8]) {
        locator.find(in: event, into: &ranges)
        if let label { out.append(contentsOf: label) }
        for k in 0..<paths.count {
            if k > 0 { out.append(0x09) }
            guard let range = ranges[k] else { continue }
            appendPlain(UnsafeRawBufferPointer(rebasing: event[range]), to: &out, limit: Int.max)
        }
    }

    /// A value for people: strings decoded, `null` empty, objects and arrays compact; every
    /// control character escaped. At most `limit` bytes of it (cut at a character boundary, `…`).
    private func appendPlain(_ raw: UnsafeRawBufferPointer, to out: inout [UInt8], limit: Int) {
        decoded.removeAll(keepingCapacity: true)
        switch raw[0] {
        case UInt8(ascii: "\""):
            JSONString.decode(raw, into: &decoded)
        case UInt8(ascii: "n"):
            return
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            _ = JSONScanner.compact(raw, into: &decoded)
        default:
            decoded.append(contentsOf: raw)
        }
        if decoded.count > limit {
            var cut = limit
            while cut > 0 && decoded[cut] & 0xC0 == 0x80 { cut -= 1 }
            decoded.removeSubrange(cut...)
            decoded.append(contentsOf: [0xE2, 0x80, 0xA6])
        }
        DisplayText.appendEscaped(decoded, to: &out)
    }

    // MARK: Text

    private func appendText(_ event: UnsafeRawBufferPointer, label: [UInt8]?, to out: inout [UInt8]) {
        textLocator.find(in: event, into: &ranges)
        let timestamp = ranges[0], category = ranges[1], name = ranges[2], topic = ranges[3], data = ranges[4]
        if let label { out.append(contentsOf: label) }
        // Local time.
        if color { out.append(contentsOf: Colors.dim) }
        var shown = false
        if let timestamp, event[timestamp.lowerBound] == UInt8(ascii: "\"") {
            let inner = UnsafeRawBufferPointer(rebasing: event[(timestamp.lowerBound + 1)..<(timestamp.upperBound - 1)])
            if let ns = Timestamp.parse(inner) {
                let offset = Timestamp.localOffsetSeconds(atEpochSeconds: ns / 1_000_000_000)
                scratch.removeAll(keepingCapacity: true)
                Timestamp.appendISO8601(epochNanoseconds: ns, offsetSeconds: offset, fractionDigits: 3, into: &scratch)
                // 2026-01-06T12:00:00.123+01:00 → 2026-01-06 12:00:00.123
                if scratch.count >= 23 {
                    scratch[10] = UInt8(ascii: " ")
                    out.append(contentsOf: scratch[0..<23])
                    shown = true
                }
            }
        }
        if !shown { out.append(contentsOf: "-                      ".utf8) }
        if color { out.append(contentsOf: Colors.reset) }
        out.append(0x20)

        // Category and name: `category`/`name`, else derived from `topic`.
        var categoryText: [UInt8] = []
        var nameText: [UInt8] = []
        if let category { plain(event, category, into: &categoryText) }
        if let name { plain(event, name, into: &nameText) }
        if let topic {
            var topicText: [UInt8] = []
            plain(event, topic, into: &topicText)
            if nameText.isEmpty { nameText = topicText }
            if categoryText.isEmpty {
                categoryText = Array(topicText.prefix { $0 != UInt8(ascii: ".") })
            }
        }
        if categoryText.isEmpty { categoryText = Array("-".utf8) }
        if nameText.isEmpty { nameText = Array("-".utf8) }
        let paint = color ? Colors.forEvent(category: categoryText, name: nameText) : []
        out.append(contentsOf: paint)
        let categoryStart = out.count
        DisplayText.appendEscaped(categoryText, to: &out)
        pad(&out, from: categoryStart, to: 10)
        let nameStart = out.count
        DisplayText.appendEscaped(nameText, to: &out)
        if color { out.append(contentsOf: Colors.reset) }
        pad(&out, from: nameStart, to: 21)

        // The data that matters: the --fields, else the members of `data` (but `seq`).
        if let selections {
            locator.find(in: event, into: &ranges)
            for (k, selection) in selections.enumerated() {
                out.append(0x20)
                DisplayText.appendEscaped(Array(selection.name.utf8), to: &out)
                out.append(UInt8(ascii: "="))
                if let range = ranges[k] {
                    appendPlain(UnsafeRawBufferPointer(rebasing: event[range]), to: &out, limit: 200)
                } else {
                    out.append(contentsOf: Self.null)
                }
            }
        } else if let data, event[data.lowerBound] == UInt8(ascii: "{") {
            var budget = 160
            ObjectMembers.forEach(UnsafeRawBufferPointer(rebasing: event[data])) { key, value in
                if key.elementsEqual("seq".utf8) { return true }
                if budget <= 0 {
                    out.append(contentsOf: " …".utf8)
                    return false
                }
                out.append(0x20)
                let start = out.count
                DisplayText.appendEscaped(key, to: &out)
                out.append(UInt8(ascii: "="))
                appendPlain(value, to: &out, limit: 60)
                budget -= out.count - start + 1
                return true
            }
        }
        // Trailing padding is noise.
        while out.last == 0x20 { out.removeLast() }
    }

    private func plain(_ event: UnsafeRawBufferPointer, _ range: Range<Int>, into bytes: inout [UInt8]) {
        let raw = UnsafeRawBufferPointer(rebasing: event[range])
        if raw[0] == UInt8(ascii: "\"") { JSONString.decode(raw, into: &bytes) } else { bytes.append(contentsOf: raw) }
    }

    /// Pads with spaces to `width` columns (counting UTF-8 lead bytes, good enough for names).
    private func pad(_ out: inout [UInt8], from start: Int, to width: Int) {
        var columns = 0
        for byte in out[start...] where byte & 0xC0 != 0x80 && byte != 0x1B { columns += 1 }
        out.append(0x20)
        columns += 1
        while columns < width {
            out.append(0x20)
            columns += 1
        }
    }
}

/// Walks the members of a valid JSON object.
enum ObjectMembers {
    /// Calls `body(decodedKey, rawValue)` for each member until it returns false.
    static func forEach(_ object: UnsafeRawBufferPointer, _ body: ([UInt8], UnsafeRawBufferPointer) -> Bool) {
        var i = 1
        var key: [UInt8] = []
        func skipSpace() { while i < object.count && isJSONSpace(object[i]) { i += 1 } }
        while true {
            skipSpace()
            guard i < object.count, object[i] == UInt8(ascii: "\"") else { return }
            guard case .complete(let keyInfo) = JSONScanner.scanText(object, from: i, atEndOfInput: true) else { return }
            key.removeAll(keepingCapacity: true)
            JSONString.decode(UnsafeRawBufferPointer(rebasing: object[i..<keyInfo.end]), into: &key)
            i = keyInfo.end
            skipSpace()
            guard i < object.count, object[i] == UInt8(ascii: ":") else { return }
            i += 1
            skipSpace()
            guard case .complete(let valueInfo) = JSONScanner.scanText(object, from: i, atEndOfInput: true) else { return }
            if !body(key, UnsafeRawBufferPointer(rebasing: object[i..<valueInfo.end])) { return }
            i = valueInfo.end
            skipSpace()
            guard i < object.count, object[i] == UInt8(ascii: ",") else { return }
            i += 1
        }
    }
}

/// Neutralises what event data could use to drive a terminal.
enum Sanitizer {
    /// Copies valid JSON, writing the raw control characters that JSON allows in strings (DEL
    /// and the C1 controls U+0080...U+009F, which some terminals obey) as `\u` escapes. Those
    /// can only occur inside strings, so the result is the same JSON value.
    @inline(__always)
    static func appendJSON(_ raw: UnsafeRawBufferPointer, to out: inout [UInt8]) {
        guard let p = raw.baseAddress, !raw.isEmpty else { return }
        if !containsControls(p, raw.count) {
            out.append(contentsOf: UnsafeBufferPointer(start: p.assumingMemoryBound(to: UInt8.self), count: raw.count))
            return
        }
        var i = 0
        while i < raw.count {
            let c = raw[i]
            if c == 0x7F {
                out.append(contentsOf: #"\u007f"#.utf8)
            } else if c == 0xC2, i + 1 < raw.count, raw[i + 1] >= 0x80, raw[i + 1] <= 0x9F {
                out.append(contentsOf: #"\u00"#.utf8)
                DisplayText.appendHex(raw[i + 1], to: &out)
                i += 1
            } else {
                out.append(c)
            }
            i += 1
        }
    }

    /// Whether the bytes contain 0x7F or 0xC2 (the lead byte of C1 controls), 8 bytes at a time.
    @inline(__always)
    static func containsControls(_ p: UnsafeRawPointer, _ count: Int) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        var i = 0
        while i &+ 8 <= count {
            let w = p.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            let a = w ^ (ones &* 0x7F)
            let b = w ^ (ones &* 0xC2)
            if ((a &- ones) & ~a & highs) | ((b &- ones) & ~b & highs) != 0 { return true }
            i &+= 8
        }
        while i < count {
            let c = p.load(fromByteOffset: i, as: UInt8.self)
            if c == 0x7F || c == 0xC2 { return true }
            i &+= 1
        }
        return false
    }
}

/// ANSI colours for the text format.
enum Colors {
    static let reset: [UInt8] = Array("\u{1B}[0m".utf8)
    static let dim: [UInt8] = Array("\u{1B}[2m".utf8)
    static let red: [UInt8] = Array("\u{1B}[1;31m".utf8)
    static let palette: [[UInt8]] = ["32", "36", "35", "34", "33", "94", "96", "95"].map { Array("\u{1B}[\($0)m".utf8) }
    static let known: [String: Int] = ["lifecycle": 0, "session": 0, "tool": 1, "model": 2, "llm": 2, "state": 3,
                                       "metric": 4, "audit": 4, "vertical": 5, "custom": 6]

    static func forEvent(category: [UInt8], name: [UInt8]) -> [UInt8] {
        let categoryText = String(decoding: category, as: UTF8.self)
        if categoryText == "error" || String(decoding: name, as: UTF8.self).contains("error") { return red }
        if let index = known[categoryText] { return palette[index] }
        var hash: UInt32 = 2166136261
        for byte in category { hash = (hash ^ UInt32(byte)) &* 16777619 }
        return palette[Int(hash % UInt32(palette.count))]
    }
}

@inline(__always)
func isJSONSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 }
