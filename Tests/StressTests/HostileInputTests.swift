import Foundation
import XCTest

/// Input meant to break a parser: 100,000-deep nesting, a 100 MB line, NUL bytes, invalid
/// UTF-8, lone surrogate escapes, a byte order mark in mid-stream. Through vexport, vtail
/// --no-follow and vcount (from a file and from a pipe): rejected with a message (exit 1) or
/// handled, never a crash (a signal), never a hang (a deadline), memory bounded (peak RSS
/// under 64 MiB, measured with /usr/bin/time), and the valid events around them kept.
final class HostileInputTests: XCTestCase {
    static let memoryLimitKiB = 64 * 1024

    /// name, python expression for the hostile bytes (one or more lines), and whether every
    /// tool must reject it (false: a valid or arguable text, which may also be accepted).
    static let cases: [(name: String, bytes: String, mustReject: Bool)] = [
        ("deep object", #"b'{"a":' * 100000 + b'1' + b'}' * 100000"#, false),
        ("deep array", #"b'{"a":' + b'[' * 100000 + b']' * 100000 + b'}'"#, false),
        ("deep unclosed", #"b'{"a":' + b'[{"b":' * 100000"#, true),
        ("100 MB line", #"b'{"a":"' + b'x' * 100_000_000 + b'"}'"#, true),
        ("100 MB unterminated string", #"b'{"a":"' + b'x' * 100_000_000"#, true),
        ("NUL in a string", #"b'{"a":"x\x00y"}'"#, true),
        ("NUL bytes alone", #"b'\x00\x00\x00\x00'"#, true),
        ("NUL after an object", #"b'{"a":1}\x00'"#, true),
        ("invalid UTF-8 byte", #"b'{"a":"\xff\xfe"}'"#, true),
        ("overlong UTF-8", #"b'{"a":"\xc0\xaf"}'"#, true),
        ("UTF-8 encoded surrogate", #"b'{"a":"\xed\xa0\x80"}'"#, true),
        ("truncated UTF-8 in a key", #"b'{"\xe2\x82":1}'"#, true),
        ("code point past U+10FFFF", #"b'{"a":"\xf4\x90\x80\x80"}'"#, true),
        ("lone high surrogate escape", #"b'{"a":"\\ud800"}'"#, false),
        ("lone low surrogate escape", #"b'{"a":"\\udc00x"}'"#, false),
        ("high surrogate then a letter", #"b'{"a":"\\ud800\\u0041"}'"#, false),
        ("BOM mid-stream", #"b'\xef\xbb\xbf{"bom":1}'"#, false),
    ]

    /// How each tool reads the file `F` (a placeholder): from the file and through a pipe.
    static let commands: [(name: String, command: String, output: String)] = [
        ("vexport", "vexport -o out.jsonl --no-stamp --rejects rejects.jsonl < F", "out.jsonl"),
        ("vtail -n +1", "vtail --no-follow -n +1 F > out.jsonl", "out.jsonl"),
        ("vtail -n 10", "vtail --no-follow F > out.jsonl", "out.jsonl"),
        ("vtail pipe", "cat F | vtail --no-follow -n +1 - > out.jsonl", "out.jsonl"),
        ("vcount", "vcount F > count", "count"),
        ("vcount pipe", "cat F | vcount --by a > count", "count"),
    ]

    func testHostileInputIsRejectedOrHandledInBoundedMemory() throws {
        let directory = TemporaryDirectory()
        // Valid events around each hostile text; they must all come through.
        directory.write("validate.py", """
            import json, sys
            # Too deep for Python's parser: then it must be one of the input's lines, unchanged.
            given = set(line.rstrip(b"\\n") for line in open(sys.argv[2], "rb"))
            bad = 0
            for line in open(sys.argv[1], "rb"):
                try:
                    if not isinstance(json.loads(line), dict): bad += 1
                except RecursionError:
                    if line.rstrip(b"\\n") not in given: bad += 1
                except Exception:
                    bad += 1
            print(bad)
            """)
        var faults = 0, pushed = 0
        for (index, hostile) in Self.cases.enumerated() {
            let file = "case\(index).jsonl"
            let made = ToolRunner.run("""
                python3 -c 'import sys; sys.stdout.buffer.write(b"{\\"ok\\":1}\\n" + \(hostile.bytes.replacingOccurrences(of: "'", with: "'\\''")) + b"\\n{\\"ok\\":2}\\n")' > \(file)
                """, directory: directory.path)
            XCTAssertEqual(made.status, 0, "\(hostile.name): \(made.stderr)")
            for tool in Self.commands {
                let context = "\(tool.name) on \(hostile.name)"
                try? FileManager.default.removeItem(atPath: directory.file("out.jsonl"))
                // time(1) measures the tool itself: the pipe's cat runs outside it.
                let command = tool.command.replacingOccurrences(of: "F", with: file)
                    .replacingOccurrences(of: "vexport ", with: "/usr/bin/time -f %M -o mem vexport ")
                    .replacingOccurrences(of: "vtail ", with: "/usr/bin/time -f %M -o mem vtail ")
                    .replacingOccurrences(of: "vcount ", with: "/usr/bin/time -f %M -o mem vcount ")
                let result = ToolRunner.run(command, directory: directory.path, timeout: 60)
                faults += 1
                pushed += 2
                let memory = directory.read("mem")
                XCTAssertLessThan(result.status, 128, "\(context): crashed\n\(memory)\(result.stderr.prefix(500))")
                XCTAssertFalse(memory.contains("signal"), "\(context): \(memory)")
                XCTAssertTrue(result.status == 0 || result.status == 1, "\(context): status \(result.status)\n\(result.stderr.prefix(500))")
                if result.status == 1 {
                    XCTAssertFalse(result.stderr.isEmpty, "\(context): exit 1 without a message")
                } else if hostile.mustReject {
                    XCTFail("\(context): accepted\n\(directory.read(tool.output).prefix(300))")
                }
                let kib = Int(memory.split(separator: "\n").last ?? "") ?? Int.max
                print("hostile: \(context): exit \(result.status), peak RSS \(kib) KiB")
                XCTAssertLessThan(kib, Self.memoryLimitKiB, "\(context): peak RSS \(kib) KiB")
                if tool.output == "count" {
                    // The two valid events are counted (alone, or with an accepted text).
                    let counted = directory.read("count")
                    if tool.name == "vcount" {
                        let n = Int(counted.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
                        XCTAssertTrue(n == 2 || (n == 3 && !hostile.mustReject), "\(context): counted \(counted)")
                    } else {
                        XCTAssertFalse(counted.isEmpty, context)
                    }
                } else {
                    // Every line written is a whole JSON object; both valid events are there.
                    let check = ToolRunner.run("python3 validate.py out.jsonl \(file)", directory: directory.path)
                    XCTAssertEqual(check.stdout, "0\n", "\(context): invalid output lines")
                    let text = directory.read("out.jsonl")
                    XCTAssertTrue(text.contains(#"{"ok":1}"#) && text.contains(#"{"ok":2}"#), "\(context): lost the valid events\n\(text.prefix(300))")
                }
            }
            try? FileManager.default.removeItem(atPath: directory.file(file))
        }
        Reliability.report("hostile input", pushed: pushed, faults: faults, lost: 0)
    }
}
