import Foundation
import XCTest

/// Standard output failing, for every tool: a full device and a closed descriptor are loud
/// failures (exit 1, a message naming stdout); a reader that goes away is a quiet exit 0.
final class OutputFaultTests: XCTestCase {
    /// Each tool writing enough to stdout to notice any failure. Run in a directory holding
    /// in.jsonl (1000 events) and big.jsonl (20000).
    static let commands = [
        "vexport": "vexport -o - --give-up 200ms < in.jsonl",
        "vtail": "vtail --no-follow -n +1 big.jsonl",
        "vcount": "vcount --by data.seq big.jsonl",
        "vgen": "vgen --rate max --count 20000 --seed 3",
    ]

    private func inputs() -> TemporaryDirectory {
        let directory = TemporaryDirectory()
        let made = ToolRunner.run("vgen --rate max --count 1000 --seed 11 > in.jsonl && vgen --rate max --count 20000 --seed 2 > big.jsonl",
                                  directory: directory.path)
        XCTAssertEqual(made.status, 0, made.description)
        return directory
    }

    /// The tool's messages, without the events vexport copies to stderr.
    private func messages(_ stderr: String) -> [String] {
        stderr.split(separator: "\n").filter { !$0.hasPrefix("{") }.map(String.init)
    }

    /// Every tool, its stdout redirected as `redirection` says, exits 1 and first says `reason`.
    private func assertEveryToolFailsLoudly(_ redirection: String, _ reason: String, line: UInt = #line) {
        let directory = inputs()
        for (tool, command) in Self.commands.sorted(by: { $0.key < $1.key }) {
            let result = ToolRunner.run(command + " " + redirection, directory: directory.path)
            XCTAssertEqual(result.status, 1, "\(tool): \(messages(result.stderr))", line: line)
            let first = messages(result.stderr).first ?? ""
            XCTAssertTrue(first.hasPrefix("\(tool): stdout: \(reason)"), "\(tool): \(first)", line: line)
        }
    }

    func testFullStdoutIsALoudFailure() throws {
        assertEveryToolFailsLoudly("> /dev/full", "No space left on device")
        Reliability.report("stdout on /dev/full", pushed: 0, faults: Self.commands.count, lost: 0)
    }

    func testClosedStdoutIsALoudFailure() throws {
        assertEveryToolFailsLoudly(">&-", "Bad file descriptor")
    }

    /// vexport to a closed stdout: the events it could not write are all in the rejects file,
    /// once (the rejects file must not be opened on descriptor 1 and receive them twice).
    func testVexportToClosedStdoutKeepsEveryEventInRejects() throws {
        let directory = inputs()
        let result = ToolRunner.run("vexport -o - -b 10 --give-up 200ms --rejects rejects.jsonl < in.jsonl >&-", directory: directory.path)
        XCTAssertEqual(result.status, 1, result.description)
        XCTAssertTrue(result.stderr.contains("1000 events not written, appended to rejects.jsonl"), result.stderr)
        let rejects = CheckedLines(file: directory.file("rejects.jsonl"))
        XCTAssertEqual(rejects.bad, [])
        let lost = assertExactlyOnce([rejects.sequence], count: 1000, "vexport -o - >&-")
        Reliability.report("vexport -o - >&-", pushed: 1000, faults: 1, lost: lost)
    }

    /// `| head -n 1`: the reader leaves after one line; the tool (PIPESTATUS[0]) ends with 0 and
    /// says nothing. vtail is also tried following (it must notice even while idle) and vgen
    /// unbounded.
    func testReaderThatLeavesEarlyEndsEveryToolQuietly() throws {
        let directory = inputs()
        var commands = Self.commands
        commands["vexport"] = "vexport -o - -b 1 < big.jsonl"
        commands["vtail (following)"] = "vtail -n +1 big.jsonl"
        commands["vgen (unbounded)"] = "vgen --rate max"
        for (tool, command) in commands.sorted(by: { $0.key < $1.key }) {
            let result = ToolRunner.run("bash -c '\(command) 2>err | head -n 1 > first; echo ${PIPESTATUS[0]}'", directory: directory.path, timeout: 30)
            XCTAssertEqual(result.stdout, "0\n", "\(tool): \(directory.read("err"))")
            XCTAssertEqual(directory.read("err"), "", tool)
            XCTAssertEqual(directory.lines("first").count, 1, tool)
        }
    }

    /// The same with a pipe whose reader is gone before the tool starts, so that EPIPE is
    /// certain (head may or may not have left before a small output is written).
    func testPipeWithoutReaderEndsEveryToolQuietly() throws {
        let directory = inputs()
        let commands: [(String, [String], String?)] = [
            ("vexport", ["-o", "-", "-b", "1"], "in.jsonl"),
            ("vtail", ["--no-follow", "-n", "+1", "in.jsonl"], nil),
            ("vtail", ["-n", "+1", "in.jsonl"], nil),
            ("vcount", ["in.jsonl"], nil),
            ("vcount", ["--by", "category"], "in.jsonl"),
            ("vgen", ["--rate", "max", "--count", "1"], nil),
        ]
        for (tool, arguments, input) in commands {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: ToolRunner.binDirectory + "/" + tool)
            process.arguments = arguments
            process.currentDirectoryURL = URL(fileURLWithPath: directory.path)
            process.environment = ToolRunner.environment
            let output = Pipe(), errors = Pipe()
            if let input { process.standardInput = FileHandle(forReadingAtPath: directory.file(input)) }
            process.standardOutput = output
            process.standardError = errors
            try output.fileHandleForReading.close()
            try process.run()
            let exited = Deadline.waitFor(timeout: 20) { !process.isRunning }
            if !exited { process.terminate(); XCTFail("\(tool) \(arguments): still running with no reader"); continue }
            process.waitUntilExit()
            XCTAssertEqual(process.terminationReason, .exit, "\(tool) \(arguments)")
            XCTAssertEqual(process.terminationStatus, 0, "\(tool) \(arguments)")
            let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            XCTAssertEqual(message, "", "\(tool) \(arguments)")
        }
    }
}
