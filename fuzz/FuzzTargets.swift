// libFuzzer entry for the core's parsers. Built by `make fuzz` with swiftc together with the
// VCore sources (one module, so no import), `-sanitize=fuzzer,address`; no top-level code.
// The target is chosen by $VFUZZ_TARGET: json, fieldpath, filter, timestamp, duration.
// Each checks an invariant, not only "does not crash".

enum FuzzTarget: String {
    case json, fieldpath, filter, timestamp, duration

    static let selected: FuzzTarget = {
        guard let name = getenv("VFUZZ_TARGET").map({ String(cString: $0) }), let target = FuzzTarget(rawValue: name) else {
            fatalError("set VFUZZ_TARGET to json, fieldpath, filter, timestamp or duration")
        }
        return target
    }()
}

@_cdecl("LLVMFuzzerTestOneInput")
public func vtoolsFuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = UnsafeRawBufferPointer(start: data, count: size)
    switch FuzzTarget.selected {
    case .json: fuzzJSON(input)
    case .fieldpath: fuzzFieldPath(input)
    case .filter: fuzzFilter(input)
    case .timestamp: fuzzTimestamp(input)
    case .duration: fuzzDuration(input)
    }
    return 0
}

/// Validation and compaction agree; compacting twice equals compacting once; every proper
/// prefix of a valid text is incomplete (so reading a stream in pieces gives the same events
/// as reading it whole); located values are themselves valid JSON.
func fuzzJSON(_ input: UnsafeRawBufferPointer) {
    var once: [UInt8] = []
    let compactError = JSONScanner.compact(input, into: &once)
    let validateError = JSONScanner.validate(input)
    precondition((compactError == nil) == (validateError == nil), "validate and compact disagree")
    guard compactError == nil else { return }
    var twice: [UInt8] = []
    precondition(once.withUnsafeBytes { JSONScanner.compact($0, into: &twice) } == nil, "compact output invalid")
    precondition(once == twice, "compact is not idempotent")
    once.withUnsafeBytes { text in
        guard case .complete(let info) = JSONScanner.scanText(text, from: 0, atEndOfInput: true) else {
            preconditionFailure("scanText disagrees with validate")
        }
        precondition(info.end == text.count)
        for cut in stride(from: 1, to: text.count, by: max(1, text.count / 7)) {
            let prefix = UnsafeRawBufferPointer(rebasing: text[0..<cut])
            precondition(JSONScanner.scanText(prefix, from: 0, atEndOfInput: false) == .incomplete, "prefix of \(cut) bytes not incomplete")
        }
        for path in ["category", "data.tool_name", "data.items[0]", "[0]", "a.b.c"] {
            guard let range = JSONValueLocator.find(try! FieldPath(parsing: path), in: text) else { continue }
            precondition(JSONScanner.validate(UnsafeRawBufferPointer(rebasing: text[range])) == nil, "located value invalid")
        }
    }
}

/// A parsed path keeps its text, and parsing that text again gives the same path.
func fuzzFieldPath(_ input: UnsafeRawBufferPointer) {
    let text = String(decoding: input, as: UTF8.self)
    if let path = try? FieldPath(parsing: text) {
        precondition(path.description == text)
        precondition((try? FieldPath(parsing: path.description)) == path)
    }
    if let selections = try? FieldList.parse(text) {
        precondition(!selections.isEmpty)
    }
}

let sampleEvents: [[UInt8]] = [
    #"{"category":"tool","name":"tool.start","data":{"tool_name":"read_file","seq":3,"x":[1,"a",null]}}"#,
    #"{"topic":"tool.end","data":{"ok":true,"n":1.5E+3,"s":"a*b\\c\u00e9"}}"#,
    #"[1,2,{"a":"b"}]"#,
    #""just a string""#,
].map { Array($0.utf8) }

/// `PATH!=VALUE` is exactly the negation of `PATH=VALUE`, on any event.
func fuzzFilter(_ input: UnsafeRawBufferPointer) {
    let text = String(decoding: input, as: UTF8.self)
    guard let equals = try? FieldFilter(parsing: text), !equals.isNegated else { return }
    guard let negated = try? FieldFilter(parsing: "\(equals.path.description)!=\(equals.pattern)"),
          negated.isNegated, negated.path == equals.path, negated.pattern == equals.pattern else { return }
    for event in sampleEvents {
        event.withUnsafeBytes { bytes in
            precondition(equals.matches(bytes) != negated.matches(bytes), "!= is not the negation of =")
        }
    }
}

/// Whatever parses, formats back to an instant that parses to the same nanosecond.
func fuzzTimestamp(_ input: UnsafeRawBufferPointer) {
    guard let nanoseconds = Timestamp.parse(input) else { return }
    var formatted: [UInt8] = []
    Timestamp.appendISO8601(epochNanoseconds: nanoseconds, fractionDigits: 9, into: &formatted)
    let again = formatted.withUnsafeBytes { Timestamp.parse($0) }
    precondition(again == nanoseconds, "round trip changed the instant")
}

/// Durations and sizes never crash and are never negative.
func fuzzDuration(_ input: UnsafeRawBufferPointer) {
    let text = String(decoding: input, as: UTF8.self)
    if let duration = Units.parseDuration(text) { precondition(duration >= 0) }
    if let size = Units.parseSize(text) { precondition(size >= 0) }
}
