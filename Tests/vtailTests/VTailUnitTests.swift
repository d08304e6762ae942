import XCTest
import Foundation
import VCore
@testable import vtail

final class VTailOptionsTests: XCTestCase {
    func parse(_ arguments: [String], stdinTerminal: Bool = false, stdoutTerminal: Bool = false,
               environment: [String: String] = [:]) throws -> TailOptions {
        let parsed = try OptionParser.parse(arguments, spec: VTailCommand.spec)
        return try VTailCommand.options(from: parsed, standardInputIsTerminal: stdinTerminal,
                                        standardOutputIsTerminal: stdoutTerminal, environment: { environment[$0] })
    }

    func testStartForms() throws {
        XCTAssertEqual(try VTailCommand.parseStart("10"), .last(10))
        XCTAssertEqual(try VTailCommand.parseStart("-3"), .last(3))
        XCTAssertEqual(try VTailCommand.parseStart("0"), .last(0))
        XCTAssertEqual(try VTailCommand.parseStart("+1"), .fromLine(1))
        XCTAssertEqual(try VTailCommand.parseStart("+0"), .fromLine(1))
        XCTAssertThrowsError(try VTailCommand.parseStart("x"))
        XCTAssertThrowsError(try VTailCommand.parseStart("+"))
    }

    func testDefaultInput() throws {
        XCTAssertEqual(try parse([]).files, ["-"])
        XCTAssertEqual(try parse([], stdinTerminal: true, environment: ["VICTOR_EVENTS_FILE": "/x/e.jsonl"]).files, ["/x/e.jsonl"])
        XCTAssertEqual(try parse(["a", "-"]).files, ["a", "-"])
    }

    func testColourDecision() throws {
        XCTAssertFalse(try parse(["--format", "text"]).color)
        XCTAssertTrue(try parse(["--format", "text"], stdoutTerminal: true).color)
        XCTAssertFalse(try parse(["--format", "text"], stdoutTerminal: true, environment: ["NO_COLOR": "1"]).color)
        XCTAssertTrue(try parse(["--format", "text"], stdoutTerminal: true, environment: ["NO_COLOR": ""]).color)
        XCTAssertFalse(try parse(["--color=never"], stdoutTerminal: true).color)
        XCTAssertTrue(try parse(["--color=always"]).color)
    }

    func testUsageErrors() {
        XCTAssertThrowsError(try parse(["--format", "tsv"]))
        XCTAssertThrowsError(try parse(["--header"]))
        XCTAssertThrowsError(try parse(["--no-follow", "-f"]))
        XCTAssertThrowsError(try parse(["--interval", "0"]))
        XCTAssertThrowsError(try parse(["--pid", "-4"]))
        XCTAssertThrowsError(try parse(["--format", "xml"]))
        XCTAssertNoThrow(try parse(["-fF", "-n", "+5", "--where", "a=b", "-w", "c!=d*"]))
        XCTAssertEqual(try parse(["-w", "a=b", "-w", "c!=d*"]).filters.count, 2)
    }
}

final class VTailLastEventsTests: XCTestCase {
    func offset(_ content: String, count: Int, unterminated: Bool = false, isEvent: (String) -> Bool = { _ in true }) -> Int64 {
        let path = NSTemporaryDirectory() + "vtail-last-\(UUID().uuidString)"
        precondition(FileManager.default.createFile(atPath: path, contents: Data(content.utf8)), "cannot create \(path)")
        defer { unlink(path) }
        let fd = try! FileDescriptor.open(path, O_RDONLY)
        defer { fd.close() }
        return LastEvents.startOffset(fd, size: Int64(content.utf8.count), count: count, includeUnterminated: unterminated) {
            isEvent(String(decoding: $0, as: UTF8.self))
        }
    }

    func testCounts() {
        let text = "a\nbb\n\nccc\n"
        XCTAssertEqual(offset(text, count: 1), 6)
        XCTAssertEqual(offset(text, count: 2), 2)   // the blank line does not count
        XCTAssertEqual(offset(text, count: 3), 0)
        XCTAssertEqual(offset(text, count: 9), 0)
        XCTAssertEqual(offset(text, count: 0), 10)
        XCTAssertEqual(offset(text, count: 1, isEvent: { $0 != "ccc" }), 2)
    }

    func testUnterminatedTail() {
        let text = "a\nbb\ncc"
        XCTAssertEqual(offset(text, count: 1), 2)                       // still being written
        XCTAssertEqual(offset(text, count: 1, unterminated: true), 5)   // --no-follow
        XCTAssertEqual(offset(text, count: 0), 5)                       // -n 0 waits for its end
    }

    func testLinesAcrossChunks() {
        let long = String(repeating: "x", count: LastEvents.chunkSize + 100)
        let text = "first\n" + long + "\n" + "last\n"
        var seen: [Int] = []
        XCTAssertEqual(offset(text, count: 2, isEvent: { seen.append($0.count); return true }), 6)
        XCTAssertEqual(seen, [4, long.count])
        XCTAssertEqual(offset(text, count: 3), 0)
    }
}

final class VTailFormatTests: XCTestCase {
    func format(_ event: String, _ format: TailOptions.Format = .json, fields: String? = nil, label: String? = nil) -> String {
        let formatter = EventFormatter(format: format, fields: fields.map { try! FieldList.parse($0) }, color: false)
        var out: [UInt8] = []
        let labelBytes = label.map { formatter.encodeLabel($0) }
        Array(event.utf8).withUnsafeBytes { formatter.append($0, label: labelBytes, to: &out) }
        return String(decoding: out, as: UTF8.self)
    }

    func testProjection() {
        XCTAssertEqual(format(#"{"b":2,"a":"x"}"#, fields: "a,b,c"), #"{"a":"x","b":2,"c":null}"# + "\n")
        XCTAssertEqual(format(#"{"b":2}"#, fields: "n=b"), #"{"n":2}"# + "\n")
        XCTAssertEqual(format(#"{"b":2}"#, fields: "b", label: "f"), #"{"file":"f","b":2}"# + "\n")
        XCTAssertEqual(format(#" { } "#, label: "f"), #"{"file":"f" } "# + "\n")
    }

    func testSanitizer() {
        var out: [UInt8] = []
        Array("\"a\u{9B}b\u{7F}\"".utf8).withUnsafeBytes { Sanitizer.appendJSON($0, to: &out) }
        XCTAssertEqual(String(decoding: out, as: UTF8.self), #""a\u009bb\u007f""#)
        out = []
        DisplayText.appendEscaped(Array("\u{1B}[2J\t\\\u{85}é".utf8), to: &out)
        XCTAssertEqual(String(decoding: out, as: UTF8.self), #"\x1b[2J\t\\\u0085é"#)
        let clean = Array(String(repeating: "abcdefgh", count: 5).utf8)
        XCTAssertFalse(clean.withUnsafeBytes { Sanitizer.containsControls($0.baseAddress!, $0.count) })
        for position in 0..<clean.count {
            var dirty = clean
            dirty[position] = 0xC2
            XCTAssertTrue(dirty.withUnsafeBytes { Sanitizer.containsControls($0.baseAddress!, $0.count) })
        }
    }

    func testTSVAndText() {
        XCTAssertEqual(format(#"{"a":"x\ty","b":null,"c":[1, 2]}"#, .tsv, fields: "a,b,c,d"), "x\\ty\t\t[1,2]\t\n")
        XCTAssertEqual(format(#"{"topic":"tool.end","data":{"seq":1,"k":"v"}}"#, .text),
                       "-                       tool      tool.end              k=v\n")
    }
}

final class FileFollowerParentTests: XCTestCase {
    func testParent() {
        XCTAssertEqual(FileFollower.parent(of: "a/b"), "a")
        XCTAssertEqual(FileFollower.parent(of: "b"), ".")
        XCTAssertEqual(FileFollower.parent(of: "/b"), "/")
        XCTAssertEqual(FileFollower.parent(of: "/a/b/"), "/a")
    }
}
