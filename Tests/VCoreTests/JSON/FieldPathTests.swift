import XCTest
@testable import VCore

final class FieldPathTests: XCTestCase {
    func k(_ s: String) -> FieldPath.Component { .key(Array(s.utf8)) }

    func testParsingValidPaths() throws {
        let cases: [(String, [FieldPath.Component])] = [
            ("category", [k("category")]),
            (".category", [k("category")]),
            ("data.tool_name", [k("data"), k("tool_name")]),
            ("data.items[0]", [k("data"), k("items"), .index(0)]),
            ("data.items[12][3]", [k("data"), k("items"), .index(12), .index(3)]),
            ("data[\"key.with.dots\"]", [k("data"), k("key.with.dots")]),
            ("[\"weird key\"].x", [k("weird key"), k("x")]),
            (".[0]", [.index(0)]),
            ("[0].a", [.index(0), k("a")]),
            ("a.[1]", [k("a"), .index(1)]),
            ("[\"a\\\"b\\\\c\\u00e9\\n\"]", [k("a\"b\\cé\n")]),
            ("[\"\"]", [k("")]),
            ("[\"]\"].x", [k("]"), k("x")]),
            ("é.ü-x:y", [k("é"), k("ü-x:y")]),
            ("a.b.c.d", [k("a"), k("b"), k("c"), k("d")]),
        ]
        for (text, components) in cases {
            let path = try FieldPath(parsing: text)
            XCTAssertEqual(path.components, components, text)
            XCTAssertEqual(path.description, text)
        }
        XCTAssertEqual(try FieldPath(parsing: "a"), try FieldPath(parsing: ".a"))
        XCTAssertEqual(Set([try FieldPath(parsing: "a"), try FieldPath(parsing: ".a")]).count, 1)
    }

    func testParsingInvalidPaths() {
        let cases: [(String, String)] = [
            ("", "empty field path"), (".", "empty field path"), ("a..b", "empty key"), ("a.", "ends with '.'"),
            ("..a", "empty key"), ("a[", "unterminated '['"), ("a[1", "expected ']'"), ("a[x]", "expected an index or a quoted key"),
            ("a[-1]", "negative indices"), ("a[\"x]", "unterminated quoted key"), ("a[\"x\"", "expected ']'"),
            ("a[\"\\q\"]", "invalid quoted key"), ("a[1]b", "expected '.' or '['"), ("a b", "whitespace"), ("a]", "unexpected ']'"),
            ("a\"b", "unexpected '\"'"), ("a[99999999999999999999]", "index too large"), ("[]", "expected an index"),
        ]
        for (text, fragment) in cases {
            do {
                _ = try FieldPath(parsing: text)
                XCTFail("should fail: \(text)")
            } catch {
                XCTAssertTrue(error.message.contains(fragment), "\(text): \(error.message)")
            }
        }
    }

    func testFieldList() throws {
        let list = try FieldList.parse("tool=data.tool_name, data[\"a,b\"] ,category,x = [\"p=q\"][0]")
        XCTAssertEqual(list.map(\.name), ["tool", "data[\"a,b\"]", "category", "x"])
        XCTAssertEqual(list.map(\.path.components), [
            [k("data"), k("tool_name")], [k("data"), k("a,b")], [k("category")], [k("p=q"), .index(0)],
        ])
        XCTAssertEqual(try FieldList.parse("category,name").map(\.name), ["category", "name"])
        XCTAssertEqual(try FieldList.parse("a[\"x\\\",y\"]").map(\.path.components), [[k("a"), k("x\",y")]])
        for bad in ["", "a,", ",a", "a,,b", "=a", "n=", "a,b.", " , "] {
            XCTAssertThrowsError(try FieldList.parse(bad), bad)
        }
    }
}

final class JSONValueLocatorTests: XCTestCase {
    let event = #"{"id":"e1","category":"tool","data":{"tool_name":"read_file","args":{"path":"a.py","n":[10,20,{"x":null}]},"k.d":1,"e\u0073c":"yes"},"list":[ "a" , [ 1 , 2 ] , { "z" : true } ],"n":-1.5E+3,"empty":{},"ea":[]}"#

    func find(_ path: String, in text: String) -> String? {
        let bytes = Array(text.utf8)
        let p = try! FieldPath(parsing: path)
        return bytes.withUnsafeBytes { buf in
            JSONValueLocator.find(p, in: buf).map { String(decoding: buf[$0], as: UTF8.self) }
        }
    }

    let expectations: [(String, String?)] = [
        ("id", "\"e1\""), ("category", "\"tool\""), ("data.tool_name", "\"read_file\""),
        ("data.args.path", "\"a.py\""), ("data.args.n", "[10,20,{\"x\":null}]"), ("data.args.n[0]", "10"),
        ("data.args.n[1]", "20"), ("data.args.n[2].x", "null"), ("data.args.n[3]", nil), ("data[\"k.d\"]", "1"),
        ("data.k", nil), ("data.esc", "\"yes\""), ("list[0]", "\"a\""), ("list[1]", "[ 1 , 2 ]"), ("list[1][1]", "2"),
        ("list[2].z", "true"), ("list[3]", nil), ("n", "-1.5E+3"), ("empty", "{}"), ("empty.x", nil), ("ea", "[]"),
        ("ea[0]", nil), ("missing", nil), ("id.x", nil), ("id[0]", nil), ("data[0]", nil), ("list.a", nil),
        ("n.x", nil), ("data.args.n[2].x.y", nil), ("[0]", nil),
    ]

    func testFindSingle() {
        for (path, expected) in expectations {
            XCTAssertEqual(find(path, in: event), expected, path)
        }
        XCTAssertEqual(find("a", in: "  {\"a\" : 1 }  "), "1")
        XCTAssertEqual(find("[1]", in: " [ 5 , 6 ] "), "6")
        XCTAssertEqual(find("a", in: "{\"a\":1,\"a\":2}"), "1")  // first occurrence wins
        XCTAssertEqual(find("a", in: "7"), nil)
        XCTAssertEqual(find("a", in: "\"a\""), nil)
        XCTAssertEqual(find("a", in: "{\"b\":\"{\\\"a\\\":1}\",\"a\":2}"), "2")  // quotes inside strings
        XCTAssertEqual(find("b", in: "{\"a\":\"x\\\\\",\"b\":3}"), "3")  // escaped backslash before closing quote
        XCTAssertEqual(find("b", in: "{\"a\":\"]}]}\",\"b\":[\"[[\"]}"), "[\"[[\"]")
    }

    func testFindMultiAgreesWithSingle() throws {
        let paths = try expectations.map { try FieldPath(parsing: $0.0) }
        var ranges: [Range<Int>?] = [nil]
        let bytes = Array(event.utf8)
        bytes.withUnsafeBytes { JSONValueLocator.find(paths, in: $0, into: &ranges) }
        XCTAssertEqual(ranges.count, paths.count)
        for (k, (path, expected)) in expectations.enumerated() {
            XCTAssertEqual(ranges[k].map { String(decoding: bytes[$0], as: UTF8.self) }, expected, path)
        }
        // every subset of a few, in different orders, plus duplicates and the empty path
        let some = try ["data.args", "data.args.n[1]", "data", "list[2].z", "list[1]", "n", "data.args", "zzz", "data.esc"]
            .map { try FieldPath(parsing: $0) } + [FieldPath(components: [], description: "")]
        var rng = SeededRandom(seed: 7)
        for _ in 0..<200 {
            let chosen = some.filter { _ in rng.next() % 2 == 0 }.shuffled(using: &rng)
            var r: [Range<Int>?] = []
            bytes.withUnsafeBytes { JSONValueLocator.find(chosen, in: $0, into: &r) }
            for (k, p) in chosen.enumerated() {
                let single = bytes.withUnsafeBytes { JSONValueLocator.find(p, in: $0) }
                XCTAssertEqual(r[k], single, p.description)
            }
        }
        // more than 64 paths
        let many = (0..<150).map { FieldPath(components: [.key(Array("k\($0 % 75)".utf8))], description: "") }
        var obj = "{"
        for j in 0..<70 { obj += "\"k\(j)\":\(j)," }
        obj += "\"end\":0}"
        var r: [Range<Int>?] = []
        Array(obj.utf8).withUnsafeBytes { JSONValueLocator.find(many, in: $0, into: &r) }
        for (k, range) in r.enumerated() {
            let j = k % 75
            XCTAssertEqual(range.map { String(decoding: Array(obj.utf8)[$0], as: UTF8.self) }, j < 70 ? "\(j)" : nil)
        }
    }
}


final class JSONStringTests: XCTestCase {
    func decode(_ raw: String) -> [UInt8] {
        var out: [UInt8] = []
        Array(raw.utf8).withUnsafeBytes { JSONString.decode($0, into: &out) }
        return out
    }

    func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        JSONString.encode(bytes, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    func testDecode() {
        XCTAssertEqual(decode(#""""#), [])
        XCTAssertEqual(decode(#""abc""#), Array("abc".utf8))
        XCTAssertEqual(decode(#""a\"b\\c\/d\be\ff\ng\rh\ti""#), Array("a\"b\\c/d\u{8}e\u{C}f\ng\rh\ti".utf8))
        XCTAssertEqual(decode(#""\u0041\u00e9\u20AC\ud83d\ude00x""#), Array("Aé€😀x".utf8))
        XCTAssertEqual(decode(#""long run of plain text before \n and after it, long again""#),
                       Array("long run of plain text before \n and after it, long again".utf8))
        XCTAssertEqual(decode("\"é😀\""), Array("é😀".utf8))
        XCTAssertEqual(decode(#""\u0000""#), [0])
    }

    func testEncode() {
        XCTAssertEqual(encode(Array("plain".utf8)), "\"plain\"")
        XCTAssertEqual(encode(Array("a\"b\\c\n\t\r\u{8}\u{C}\u{1}\u{1F}\u{7F}é😀".utf8)),
                       "\"a\\\"b\\\\c\\n\\t\\r\\b\\f\\u0001\\u001f\u{7F}é😀\"")
        XCTAssertEqual(encode([0x61, 0xFF, 0x62]), "\"a\u{FFFD}b\"")
        XCTAssertEqual(encode([0xE2, 0x82]), "\"\u{FFFD}\"")            // truncated: one replacement
        XCTAssertEqual(encode([0xED, 0xA0, 0x80]), "\"\u{FFFD}\u{FFFD}\u{FFFD}\"")  // surrogate: per byte
        XCTAssertEqual(encode([0xC0, 0x80]), "\"\u{FFFD}\u{FFFD}\"")
        XCTAssertEqual(encode(Array("0123456789abcdef\"0123456789".utf8)), "\"0123456789abcdef\\\"0123456789\"")
        // non-contiguous collection
        XCTAssertEqual({ var o: [UInt8] = []; JSONString.encode("a\"b".utf8, into: &o); return String(decoding: o, as: UTF8.self) }(), "\"a\\\"b\"")
    }

    func testEncodeDecodeRoundTrip() {
        var rng = SeededRandom(seed: 3)
        for _ in 0..<500 {
            let bytes = (0..<Int(rng.next() % 40)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            var encoded: [UInt8] = []
            JSONString.encode(bytes, into: &encoded)
            XCTAssertNil(JT.validate(encoded), "\(bytes)")
            var decoded: [UInt8] = []
            encoded.withUnsafeBytes { JSONString.decode($0, into: &decoded) }
            // decoding gives the input with invalid UTF-8 repaired
            XCTAssertEqual(decoded, Array(String(decoding: bytes, as: UTF8.self).utf8), "\(bytes)")
        }
    }
}

final class FieldFilterTests: XCTestCase {
    let event = #"{"category":"tool","name":"tool.start","data":{"tool_name":"read_file","n":1.50E+3,"ok":true,"nil":null,"obj":{ "a" : [1, 2] },"esc":"a\"b\u00e9*","star":"x*y","bs":"a\\b"},"list":[1,"two"]}"#

    func m(_ expr: String, _ text: String? = nil) -> Bool {
        let filter = try! FieldFilter(parsing: expr)
        return Array((text ?? event).utf8).withUnsafeBytes { filter.matches($0) }
    }

    func testEquality() {
        let truths = [
            "category=tool", "name=tool.start", "data.tool_name=read_file", "data.n=1.50E+3", "data.ok=true",
            "data.nil=null", "data.missing=null", "zzz=null", "data.obj={\"a\":[1,2]}", "data.esc=a\"bé*",
            "list[1]=two", "list[0]=1", "data.bs=a\\\\b", "category!=tools", "data.n!=1500", "data.ok!=false",
            "data.missing!=", "data.tool_name!=read", "[\"category\"]=tool", "data.star=x\\*y",
        ]
        let falsehoods = [
            "category=Tool", "category=tool ", "data.n=1500", "data.n=\"1.50E+3\"", "data.ok=\"true\"", "data.nil=",
            "data.missing=", "category!=tool", "data.tool_name=\"read_file\"", "data.obj={ \"a\" : [1, 2] }",
            "list[2]=two", "data.star=xay", "data=null",
        ]
        for e in truths { XCTAssertTrue(m(e), e) }
        for e in falsehoods { XCTAssertFalse(m(e), e) }
        // != is the exact negation of =
        for e in truths + falsehoods {
            let neg: String
            if let r = e.range(of: "!=") { neg = e.replacingCharacters(in: r, with: "=") } else {
                neg = e.replacingCharacters(in: e.range(of: "=")!, with: "!=")
            }
            XCTAssertNotEqual(m(e), m(neg), "\(e) vs \(neg)")
        }
    }

    func testGlobs() {
        let truths = [
            "data.tool_name=read_*", "data.tool_name=*_file", "data.tool_name=*", "data.tool_name=r*d*f*e",
            "data.tool_name=read*_file", "data.tool_name=**", "name=tool.*", "data.n=1.5*", "data.missing=nu*",
            "data.star=x\\**", "data.star=*\\*y", "data.esc=*\\*", "category=t*o*o*l", "data.obj={*}",
        ]
        let falsehoods = [
            "data.tool_name=write_*", "data.tool_name=*_files", "data.tool_name=read_*x", "data.star=x\\*",
            "data.star=\\**y*z", "category=to*ol*l", "category=too*ool", "data.tool_name=r*d*f*e*x",
        ]
        for e in truths { XCTAssertTrue(m(e), e) }
        for e in falsehoods { XCTAssertFalse(m(e), e) }
        XCTAssertTrue(m("a=*", "{\"a\":\"\"}"))
        XCTAssertTrue(m("a=", "{\"a\":\"\"}"))
        XCTAssertFalse(m("a=?", "{\"a\":\"\"}"))
        XCTAssertTrue(m("a=ab*ba", "{\"a\":\"aba\"}") == false)
        XCTAssertTrue(m("a=ab*ba", "{\"a\":\"abba\"}"))
    }

    func testParsing() throws {
        let f = try FieldFilter(parsing: "data[\"a=b\"]!=x=y")
        XCTAssertEqual(f.path.components, [.key(Array("data".utf8)), .key(Array("a=b".utf8))])
        XCTAssertTrue(f.isNegated)
        XCTAssertEqual(f.pattern, "x=y")
        XCTAssertEqual(try FieldFilter(parsing: " a =b").path.description, "a")
        for bad in ["", "abc", "=x", "!=x", "a..b=1", " =1"] {
            XCTAssertThrowsError(try FieldFilter(parsing: bad), bad)
        }
    }
}
