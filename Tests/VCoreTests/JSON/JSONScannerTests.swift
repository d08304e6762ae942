import XCTest
@testable import VCore

/// Helpers shared by the JSON tests.
enum JT {
    static func validate(_ bytes: [UInt8]) -> JSONSyntaxError? {
        bytes.withUnsafeBytes { JSONScanner.validate($0) }
    }
    static func validate(_ text: String) -> JSONSyntaxError? { validate(Array(text.utf8)) }

    static func compact(_ bytes: [UInt8]) -> (String?, JSONSyntaxError?) {
        var out: [UInt8] = []
        let error = bytes.withUnsafeBytes { JSONScanner.compact($0, into: &out) }
        return (error == nil ? String(decoding: out, as: UTF8.self) : nil, error)
    }
    static func compact(_ text: String) -> String? { compact(Array(text.utf8)).0 }

    static func scan(_ bytes: [UInt8], from start: Int = 0, atEnd: Bool, maximumDepth: Int = 512) -> JSONScanResult {
        bytes.withUnsafeBytes { JSONScanner.scanText($0, from: start, atEndOfInput: atEnd, maximumDepth: maximumDepth) }
    }
    static func scan(_ text: String, atEnd: Bool) -> JSONScanResult { scan(Array(text.utf8), atEnd: atEnd) }
}

final class JSONScannerTests: XCTestCase {
    // MARK: Valid / invalid tables

    let validTexts: [String] = [
        // numbers
        "0", "-0", "1", "-1", "1e5", "1E5", "1E+5", "1e-5", "0.5", "-0.5", "1.50E+3", "123456789012345678901234567890",
        "1e999999", "-1.0e-999999", "0e0", "0E-0", "10", "100.001",
        // strings
        "\"\"", "\"abc\"", "\"a b c\"", #""\"\\\/\b\f\n\r\t""#, #""\u0000\u001f\u00e9\uABCD\uabcd""#,
        #""\ud83d\ude00""#, #""\uD834\uDD1E""#, "\"é日本語😀\"", "\"\u{7F}\"", "\"\u{10FFFF}\"", "\"\u{FFFF}\"",
        "\"0123456789abcdefghijklmnopqrstuvwxyz\"",
        // literals
        "true", "false", "null",
        // structure
        "[]", "{}", "[ ]", "{ }", "[1]", "[1,2,3]", "[[],[[]],{}]", "{\"a\":1}", "{\"a\":{\"b\":[true,false,null]}}",
        " \t\r\n[ 1 , 2 ] \n", "{ \"a\" : 1 , \"b\" : [ ] }", "{\"\":\"\"}", "{\"a\":1,\"a\":2}",
    ]

    let invalidTexts: [(String, String)] = [
        // numbers
        ("01", "leading zero in number"), ("-01", "leading zero in number"), ("00", "leading zero in number"),
        ("1.", "unexpected end of input"), ("1.e5", "expected digit after decimal point"),
        (".5", "expected value"), ("-", "unexpected end of input"), ("+1", "expected value"),
        ("-a", "expected digit after '-'"), ("1e", "unexpected end of input"), ("1e+", "unexpected end of input"),
        ("1ea", "expected digit in exponent"), ("[1.]", "expected digit after decimal point"),
        ("NaN", "expected value"), ("Infinity", "expected value"), ("-Infinity", "expected digit after '-'"),
        ("[01]", "leading zero in number"), ("0x10", "unexpected data after JSON text"),
        ("1 2", "unexpected data after JSON text"),
        // strings
        ("\"abc", "unexpected end of input"), ("\"\\x\"", "invalid escape"), ("\"\\u12\"", "invalid \\u escape"),
        ("\"\\u12G4\"", "invalid \\u escape"), (#""\ud800""#, "lone surrogate escape"),
        (#""\ud800x""#, "lone surrogate escape"), (#""\ud800\n""#, "lone surrogate escape"),
        (#""\ud800\u0041""#, "lone surrogate escape"), (#""\udc00""#, "lone surrogate escape"),
        (#""\ud800\ud800""#, "lone surrogate escape"), ("\"a\tb\"", "control character in string"),
        ("\"a\nb\"", "control character in string"), ("\"\u{0}\"", "control character in string"),
        ("\"\u{1F}\"", "control character in string"), ("'a'", "expected value"), ("\"\\", "unexpected end of input"),
        // literals
        ("tru", "unexpected end of input"), ("nul", "unexpected end of input"), ("fals", "unexpected end of input"),
        ("trUe", "invalid literal"), ("nulls", "unexpected data after JSON text"), ("True", "expected value"),
        ("[nulll]", "expected ',' or ']' after array element"), ("truefalse", "unexpected data after JSON text"),
        // structure
        ("", "unexpected end of input"), ("   ", "unexpected end of input"), ("[", "unexpected end of input"),
        ("{", "unexpected end of input"), ("[1,]", "trailing comma"), ("[1, ]", "trailing comma"),
        ("{\"a\":1,}", "trailing comma"), ("{\"a\":1 , }", "trailing comma"), ("[,1]", "expected value"),
        ("[1,,2]", "expected value"), ("[1 2]", "expected ',' or ']' after array element"),
        ("{\"a\" 1}", "expected ':' after object key"), ("{\"a\"}", "expected ':' after object key"),
        ("{\"a\":}", "expected value"), ("{a:1}", "expected string key in object"), ("{1:1}", "expected string key in object"),
        ("{\"a\":1 \"b\":2}", "expected ',' or '}' after object member"), ("{,}", "expected string key in object"),
        ("[}", "expected value"), ("{]", "expected string key in object"), ("[1}", "expected ',' or ']' after array element"),
        ("{\"a\":1]", "expected ',' or '}' after object member"), ("]", "expected value"), ("[]]", "unexpected data after JSON text"),
        ("{}{}", "unexpected data after JSON text"), ("[1,2", "unexpected end of input"),
        ("\u{FEFF}{}", "expected value"), ("[\u{B}]", "expected value"), ("[\u{C}]", "expected value"),
    ]

    func testValidTable() {
        for text in validTexts {
            XCTAssertNil(JT.validate(text), "should be valid: \(text.debugDescription)")
        }
    }

    func testInvalidTable() {
        for (text, message) in invalidTexts {
            let error = JT.validate(text)
            XCTAssertNotNil(error, "should be invalid: \(text.debugDescription)")
            XCTAssertEqual(error?.message, message, "for \(text.debugDescription)")
        }
    }

    func testErrorOffsets() {
        XCTAssertEqual(JT.validate("[1,]")?.offset, 2)
        XCTAssertEqual(JT.validate("[01]")?.offset, 1)
        XCTAssertEqual(JT.validate("\"ab\u{1}\"")?.offset, 3)
        XCTAssertEqual(JT.validate("{\"a\":1 \"b\":2}")?.offset, 7)
        XCTAssertEqual(JT.validate("[1,2")?.offset, 4)
        XCTAssertEqual(JT.validate("  nulls ")?.offset, 6)
        XCTAssertEqual(JT.validate(#"["\q"]"#)?.offset, 2)
        XCTAssertEqual(JT.validate([0x22, 0x61, 0xC0, 0x80, 0x22])?.offset, 2)
    }

    // MARK: UTF-8

    func testInvalidUTF8() {
        let cases: [[UInt8]] = [
            [0xC0, 0x80],              // overlong NUL
            [0xC1, 0xBF],              // overlong
            [0xE0, 0x80, 0x80],        // overlong 3-byte
            [0xE0, 0x9F, 0xBF],        // overlong 3-byte
            [0xED, 0xA0, 0x80],        // UTF-8-encoded high surrogate
            [0xED, 0xBF, 0xBF],        // UTF-8-encoded low surrogate
            [0xF0, 0x80, 0x80, 0x80],  // overlong 4-byte
            [0xF0, 0x8F, 0xBF, 0xBF],  // overlong 4-byte
            [0xF4, 0x90, 0x80, 0x80],  // > U+10FFFF
            [0xF5, 0x80, 0x80, 0x80],  // invalid lead
            [0xFF], [0xFE], [0x80], [0xBF],  // stray bytes
            [0xC3],                    // truncated, followed by the closing quote
            [0xE2, 0x82],              // truncated
            [0xF0, 0x9F, 0x98],        // truncated
            [0xC3, 0x28],              // bad continuation
            [0xE2, 0x28, 0xA1],
            [0xF0, 0x9F, 0x28, 0x80],
        ]
        for seq in cases {
            for (prefix, suffix) in [([], []), (Array("abcdefghij".utf8), []), ([], Array("klmnopqrstuv".utf8))] as [([UInt8], [UInt8])] {
                let text = [0x22] + prefix + seq + suffix + [0x22]
                let error = JT.validate(text)
                XCTAssertEqual(error?.message, "invalid UTF-8", "for \(text)")
                XCTAssertEqual(error?.offset, 1 + prefix.count, "for \(text)")
            }
        }
        // Outside strings, any byte >= 0x80 is simply unexpected.
        XCTAssertEqual(JT.validate([0x5B, 0xC3, 0xA9, 0x5D])?.message, "expected value")
    }

    func testValidUTF8Boundaries() {
        let cases: [[UInt8]] = [
            [0xC2, 0x80], [0xDF, 0xBF], [0xE0, 0xA0, 0x80], [0xEC, 0xBF, 0xBF], [0xED, 0x9F, 0xBF],
            [0xEE, 0x80, 0x80], [0xEF, 0xBF, 0xBF], [0xF0, 0x90, 0x80, 0x80], [0xF3, 0xBF, 0xBF, 0xBF],
            [0xF4, 0x8F, 0xBF, 0xBF],
        ]
        for seq in cases {
            for pad in 0..<10 {
                let text = [0x22] + Array(repeating: 0x61, count: pad) + seq + seq + Array(repeating: 0x62, count: pad) + [0x22]
                XCTAssertNil(JT.validate(text), "for \(text)")
            }
        }
    }

    /// Every special byte at every lane position of the SWAR loop.
    func testSWARLanes() {
        for pad in 0..<17 {
            let a = String(repeating: "a", count: pad)
            XCTAssertNil(JT.validate("\"\(a)\\n\(a)\""))
            XCTAssertNil(JT.validate("\"\(a)\""))
            XCTAssertNil(JT.validate("\"\(a)é\(a)\""))
            XCTAssertEqual(JT.validate("\"\(a)\u{1}\(a)\"")?.offset, 1 + pad)
            XCTAssertEqual(JT.validate("\"\(a)\u{1F}\(a)\"")?.message, "control character in string")
            XCTAssertNil(JT.validate("\"\(a) !#[]\u{7F}~\(a)\""))
            // the string ends exactly at lane boundaries
            XCTAssertEqual(JT.validate("[\"\(a)\"]\(a)")?.offset, pad == 0 ? nil : 4 + pad)
        }
    }

    // MARK: Depth

    func testDeepNestingIsRejectedWithoutCrash() {
        let deep = [UInt8](repeating: 0x5B, count: 100_000)
        let error = JT.validate(deep)
        XCTAssertEqual(error?.message, "nesting deeper than 512")
        XCTAssertEqual(error?.offset, 512)
        let deepObjects = [UInt8](Array(repeating: Array("{\"a\":".utf8), count: 100_000).joined())
        XCTAssertEqual(JT.validate(deepObjects)?.message, "nesting deeper than 512")
        // Also not at end of input: still invalid, not incomplete.
        XCTAssertEqual(JT.scan(deep, atEnd: false), .invalid(JSONSyntaxError(offset: 512, message: "nesting deeper than 512")))
    }

    func testDepthLimitBoundary() {
        let ok = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        XCTAssertNil(JT.validate(ok))
        let tooDeep = String(repeating: "[", count: 513) + String(repeating: "]", count: 513)
        XCTAssertEqual(JT.validate(tooDeep)?.message, "nesting deeper than 512")
        // mixed objects and arrays, across bit-stack word boundaries
        var mixed = ""
        for k in 0..<300 { mixed += k % 3 == 0 ? "{\"k\":" : "[" }
        mixed += "1"
        for k in (0..<300).reversed() { mixed += k % 3 == 0 ? "}" : "]" }
        XCTAssertNil(JT.validate(mixed))
        XCTAssertEqual(JT.compact(mixed), mixed)
        let bytes = Array(mixed.utf8)
        XCTAssertEqual(JT.scan(bytes, atEnd: true, maximumDepth: 299), .invalid(JSONSyntaxError(offset: offsetOfOpener(bytes, 300), message: "nesting deeper than 299")))
        if case .complete = JT.scan(bytes, atEnd: true, maximumDepth: 300) {} else { XCTFail("depth 300 must pass") }
        // mismatched closer deep inside
        var wrong = Array(mixed.utf8)
        let idx = wrong.count - 2  // second-to-last closer is ']' (k == 1), make it '}'
        XCTAssertEqual(wrong[idx], 0x5D)
        wrong[idx] = 0x7D
        XCTAssertEqual(JT.validate(wrong)?.message, "expected ',' or ']' after array element")
        XCTAssertEqual(JT.scan(Array("[[]]".utf8), atEnd: true, maximumDepth: 0),
                       .invalid(JSONSyntaxError(offset: 0, message: "nesting deeper than 0")))
    }

    private func offsetOfOpener(_ bytes: [UInt8], _ n: Int) -> Int {
        var seen = 0
        for (i, b) in bytes.enumerated() where b == 0x5B || b == 0x7B {
            seen += 1
            if seen == n { return i }
        }
        return -1
    }

    // MARK: Locations

    func testLineColumn() {
        let text = "{\n  \"a\": 1,\n  \"b\": [1, 2,]\n}\n"
        let bytes = Array(text.utf8)
        let error = JT.validate(bytes)
        XCTAssertEqual(error?.message, "trailing comma")
        let loc = bytes.withUnsafeBytes { error!.location(in: $0) }
        XCTAssertEqual(loc.line, 3)
        XCTAssertEqual(loc.column, 13)

        let text2 = "[\n1,\n\"é\u{1}\"]"
        let bytes2 = Array(text2.utf8)
        let error2 = JT.validate(bytes2)!
        XCTAssertEqual(error2.message, "control character in string")
        let loc2 = bytes2.withUnsafeBytes { error2.location(in: $0) }
        XCTAssertEqual(loc2.line, 3)
        XCTAssertEqual(loc2.column, 4)  // bytes: '"', 0xC3, 0xA9, then 0x01

        let first = JSONSyntaxError(offset: 0, message: "x")
        XCTAssertTrue(bytes.withUnsafeBytes { first.location(in: $0) } == (1, 1))
        let eof = JT.validate("[1,\n")!
        XCTAssertEqual(eof.message, "unexpected end of input")
        XCTAssertTrue(Array("[1,\n".utf8).withUnsafeBytes { eof.location(in: $0) } == (2, 1))
    }

    // MARK: Compaction

    func testCompaction() {
        let cases: [(String, String)] = [
            (" { \"a b\" : \"x  y\\n \\u0041\" ,\n\t\"n\" : [ 1.50E+3 , -0 , 1e5 , true , false , null ] } ",
             "{\"a b\":\"x  y\\n \\u0041\",\"n\":[1.50E+3,-0,1e5,true,false,null]}"),
            ("[ ]", "[]"), ("{ }", "{}"), ("  \"  \"  ", "\"  \""), ("\r\n7\r\n", "7"),
            ("[\n  [\n    {}\n  ]\n]", "[[{}]]"),
            ("{\"é\" : \"😀\"}", "{\"é\":\"😀\"}"),
            ("{\"a\":[1,2,3],\"b\":{\"c\":null}}", "{\"a\":[1,2,3],\"b\":{\"c\":null}}"),
        ]
        for (input, expected) in cases {
            let once = JT.compact(input)
            XCTAssertEqual(once, expected, "for \(input.debugDescription)")
            if let once { XCTAssertEqual(JT.compact(once), once, "idempotence") }
        }
    }

    func testCompactAppendsAndRestores() {
        var out: [UInt8] = Array("prefix".utf8)
        let bad = Array("[1, 2,]".utf8)
        let error = bad.withUnsafeBytes { JSONScanner.compact($0, into: &out) }
        XCTAssertEqual(error?.message, "trailing comma")
        XCTAssertEqual(out, Array("prefix".utf8))
        let trailing = Array("[1, 2] x".utf8)
        XCTAssertNotNil(trailing.withUnsafeBytes { JSONScanner.compact($0, into: &out) })
        XCTAssertEqual(out, Array("prefix".utf8))
        let good = Array("[1, 2]".utf8)
        XCTAssertNil(good.withUnsafeBytes { JSONScanner.compact($0, into: &out) })
        XCTAssertEqual(String(decoding: out, as: UTF8.self), "prefix[1,2]")

        // scanText overloads
        var opt: [UInt8]? = Array("z".utf8)
        let partial = Array("{ \"a\" : [1, ".utf8)
        XCTAssertEqual(partial.withUnsafeBytes { JSONScanner.scanText($0, from: 0, atEndOfInput: false, compactInto: &opt) }, .incomplete)
        XCTAssertEqual(opt, Array("z".utf8))
        let two = Array("{ \"a\" : [1, 2] }\n{ \"b\" : 3 }\n".utf8)
        let r1 = two.withUnsafeBytes { JSONScanner.scanText($0, from: 0, atEndOfInput: false, compactInto: &opt) }
        guard case .complete(let info1) = r1 else { return XCTFail("\(r1)") }
        XCTAssertEqual(info1.end, 16)
        let r2 = two.withUnsafeBytes { JSONScanner.scanText($0, from: 17, atEndOfInput: false, into: &out) }
        guard case .complete(let info2) = r2 else { return XCTFail("\(r2)") }
        XCTAssertEqual(info2.end, 28)
        XCTAssertEqual(String(decoding: opt!, as: UTF8.self), "z{\"a\":[1,2]}")
        XCTAssertEqual(String(decoding: out, as: UTF8.self), "prefix[1,2]{\"b\":3}")
        var none: [UInt8]? = nil
        XCTAssertEqual(two.withUnsafeBytes { JSONScanner.scanText($0, from: 0, atEndOfInput: false, compactInto: &none) }, r1)
        XCTAssertNil(none)
    }

    func testCompactAccumulatesAcrossManyCalls() {
        let lines = Array("{ \"a\" : [ 1 , 2 ] }\n[ true ]\n{ \"b\" : \"x y\" }\n".utf8)
        var out: [UInt8] = []
        lines.withUnsafeBytes { buf in
            for _ in 0..<500 {
                var at = 0
                while at < buf.count {
                    guard case .complete(let info) = JSONScanner.scanText(buf, from: at, atEndOfInput: true, compactInto: &out) else {
                        return XCTFail("scan failed at \(at)")
                    }
                    at = info.end + 1
                }
                // a failing scan in between leaves the accumulated output alone
                XCTAssertEqual(JSONScanner.scanText(buf, from: 6, atEndOfInput: true, compactInto: &out),
                               .invalid(JSONSyntaxError(offset: 6, message: "expected value")))
                let bad = Array("{ \"a\" : [ 1 , ] }".utf8)  // runs get copied before the error is found
                XCTAssertEqual(bad.withUnsafeBytes { JSONScanner.scanText($0, from: 0, atEndOfInput: true, compactInto: &out) },
                               .invalid(JSONSyntaxError(offset: 12, message: "trailing comma")))
            }
        }
        let expected = Array(String(repeating: "{\"a\":[1,2]}[true]{\"b\":\"x y\"}", count: 500).utf8)
        XCTAssertEqual(out, expected)
    }

    // MARK: Incomplete vs complete

    func testEveryPrefixIsIncomplete() {
        let texts = [
            "{\"id\":\"5b0e\",\"n\":[1.5e+10,-0.25,true,false,null],\"s\":\"é😀\\u00e9\\ud83d\\ude00\\n\",\"o\":{}}",
            "[ 1 , { \"a\" : [ ] } ]", "\"abc\"", "true", "-12.5E-3", "\"\\ud83d\\ude00\"", "\"😀\"",
        ]
        for text in texts {
            let bytes = Array(text.utf8)
            for n in 1..<bytes.count {
                let prefix = Array(bytes[0..<n])
                XCTAssertEqual(JT.scan(prefix, atEnd: false), .incomplete, "prefix \(n) of \(text)")
                if case .invalid(let e) = JT.scan(prefix, atEnd: true) {
                    if !(text.first!.isNumber || text.first == "-") {
                        XCTAssertEqual(e.message, "unexpected end of input", "prefix \(n) of \(text)")
                        XCTAssertEqual(e.offset, n)
                    }
                } else if !(text.first!.isNumber || text.first == "-") {
                    XCTFail("prefix \(n) of \(text) should be invalid at end of input")
                }
            }
            guard case .complete(let info) = JT.scan(bytes, atEnd: true) else { return XCTFail(text) }
            XCTAssertEqual(info.end, bytes.count)
        }
        XCTAssertEqual(JT.scan([], atEnd: false), .incomplete)
    }

    func testTopLevelNumberAtBufferEnd() {
        XCTAssertEqual(JT.scan("12", atEnd: false), .incomplete)
        XCTAssertEqual(JT.scan("0", atEnd: false), .incomplete)
        XCTAssertEqual(JT.scan("1.5e3", atEnd: false), .incomplete)
        XCTAssertEqual(JT.scan("12", atEnd: true), .complete(JSONTextInfo(end: 2, isObject: false, hasID: false, hasTimestamp: false)))
        XCTAssertEqual(JT.scan("12 ", atEnd: false), .complete(JSONTextInfo(end: 2, isObject: false, hasID: false, hasTimestamp: false)))
        XCTAssertEqual(JT.scan("12\n3", atEnd: false), .complete(JSONTextInfo(end: 2, isObject: false, hasID: false, hasTimestamp: false)))
        XCTAssertEqual(JT.scan("true", atEnd: false), .complete(JSONTextInfo(end: 4, isObject: false, hasID: false, hasTimestamp: false)))
        XCTAssertEqual(JT.scan("[12]", atEnd: false), .complete(JSONTextInfo(end: 4, isObject: false, hasID: false, hasTimestamp: false)))
        // an invalid prefix is invalid even when more input may come
        XCTAssertEqual(JT.scan("[1,]", atEnd: false), .invalid(JSONSyntaxError(offset: 2, message: "trailing comma")))
        XCTAssertEqual(JT.scan("trx", atEnd: false), .invalid(JSONSyntaxError(offset: 0, message: "invalid literal")))
        XCTAssertEqual(JT.scan("01", atEnd: false), .invalid(JSONSyntaxError(offset: 0, message: "leading zero in number")))
    }

    func testScanFromOffset() {
        let bytes = Array("xx{\"timestamp\":1,\"id\":2}yy".utf8)
        XCTAssertEqual(JT.scan(bytes, from: 2, atEnd: false),
                       .complete(JSONTextInfo(end: 24, isObject: true, hasID: true, hasTimestamp: true)))
        XCTAssertEqual(JT.scan(bytes, from: 26, atEnd: false), .incomplete)
        XCTAssertEqual(JT.scan(bytes, from: 26, atEnd: true), .invalid(JSONSyntaxError(offset: 26, message: "unexpected end of input")))
    }

    // MARK: Key detection

    func testHasIDAndTimestamp() {
        func info(_ text: String) -> JSONTextInfo? {
            if case .complete(let i) = JT.scan(text, atEnd: true) { return i }
            return nil
        }
        XCTAssertEqual(info("{\"id\":1,\"timestamp\":\"t\"}"), JSONTextInfo(end: 24, isObject: true, hasID: true, hasTimestamp: true))
        XCTAssertEqual(info("{\"ids\":1,\"timestamps\":2,\"i\":3,\"Id\":4}")?.hasID, false)
        XCTAssertEqual(info("{\"ids\":1,\"timestamps\":2,\"timestam\":3}")?.hasTimestamp, false)
        XCTAssertEqual(info("{\"a\":{\"id\":1,\"timestamp\":2}}"), JSONTextInfo(end: 28, isObject: true, hasID: false, hasTimestamp: false))
        XCTAssertEqual(info("[{\"id\":1}]")?.hasID, false)
        XCTAssertEqual(info("[{\"id\":1}]")?.isObject, false)
        XCTAssertEqual(info(#"{"\u0069d":1}"#)?.hasID, true)
        XCTAssertEqual(info(#"{"\u0069\u0064":1}"#)?.hasID, true)
        XCTAssertEqual(info(#"{"time\u0073tamp":1}"#)?.hasTimestamp, true)
        XCTAssertEqual(info(#"{"i\"d":1}"#)?.hasID, false)
        XCTAssertEqual(info(#"{"\u0069d\n":1}"#)?.hasID, false)
        XCTAssertEqual(info("{ \"x\" : { \"y\" : [ ] } , \"id\" : null }")?.hasID, true)
        XCTAssertEqual(info("{\"timestamp\":{\"id\":1}}"), JSONTextInfo(end: 22, isObject: true, hasID: false, hasTimestamp: true))
        XCTAssertEqual(info("{}"), JSONTextInfo(end: 2, isObject: true, hasID: false, hasTimestamp: false))
        XCTAssertEqual(info("\"id\""), JSONTextInfo(end: 4, isObject: false, hasID: false, hasTimestamp: false))
    }

    // MARK: Randomised round trip against Foundation

    func testAgreesWithFoundationOnGeneratedDocuments() throws {
        var rng = SeededRandom(seed: 42)
        for _ in 0..<300 {
            let value = randomValue(&rng, depth: 0)
            let data = try JSONSerialization.data(withJSONObject: value, options: [.prettyPrinted, .fragmentsAllowed])
            let bytes = [UInt8](data)
            XCTAssertNil(JT.validate(bytes), String(decoding: bytes, as: UTF8.self))
            let (compacted, error) = JT.compact(bytes)
            XCTAssertNil(error)
            let reparsed = try JSONSerialization.jsonObject(with: Data(compacted!.utf8), options: [.fragmentsAllowed])
            let original = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
            let sorted: JSONSerialization.WritingOptions = [.sortedKeys, .fragmentsAllowed]
            XCTAssertEqual(try JSONSerialization.data(withJSONObject: reparsed, options: sorted),
                           try JSONSerialization.data(withJSONObject: original, options: sorted))
            XCTAssertFalse(compacted!.contains("\n"))
            // mutate one byte: our verdict must agree with Foundation whenever Foundation rejects
            var mutated = bytes
            let at = Int(rng.next() % UInt64(mutated.count))
            mutated[at] = [0x2C, 0x5D, 0x7D, 0x22, 0x00, 0x30, 0xFF][Int(rng.next() % 7)]
            let foundationOK = (try? JSONSerialization.jsonObject(with: Data(mutated), options: [.fragmentsAllowed])) != nil
            if !foundationOK {
                XCTAssertNotNil(JT.validate(mutated), String(decoding: mutated, as: UTF8.self))
            }
        }
    }

    private func randomValue(_ rng: inout SeededRandom, depth: Int) -> Any {
        switch rng.next() % (depth > 4 ? 4 : 6) {
        case 0: return Int(truncatingIfNeeded: rng.next() % 2_000_000) - 1_000_000
        case 1: return ["plain", "with \"quotes\"", "tab\there", "é日本😀", "back\\slash", "", "\u{1}\u{1F}"][Int(rng.next() % 7)]
        case 2: return [true, false][Int(rng.next() % 2)]
        case 3: return NSNull()
        case 4: return (0..<Int(rng.next() % 5)).map { _ in randomValue(&rng, depth: depth + 1) }
        default:
            var d: [String: Any] = [:]
            for k in 0..<Int(rng.next() % 5) { d["k\(k)"] = randomValue(&rng, depth: depth + 1) }
            return d
        }
    }
}

