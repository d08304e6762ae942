import Foundation
import XCTest

/// vcount on live pipes: --every snapshots while input keeps coming, the final counts at the end
/// of input or on SIGTERM, and a reader that goes away.
final class VCountLiveTests: XCTestCase {
    func event(_ category: String) -> String { #"{"category":"\#(category)","name":"x"}"# + "\n" }

    func testEverySnapshotsAppendWhileInputContinuesThenFinalCounts() {
        let tool = BackgroundTool("vcount --every 100ms --by category --format tsv")
        tool.write(event("tool") + event("tool") + event("model"))
        XCTAssertTrue(tool.waitFor { tool.stdout.contains("category\tcount\ntool\t2\nmodel\t1\n") }, tool.stdout)
        // Input stays open: the tool must keep taking snapshots, and pick up new events.
        tool.write(event("model") + event("model") + event("audit"))
        XCTAssertTrue(tool.waitFor { tool.stdout.contains("category\tcount\nmodel\t3\ntool\t2\naudit\t1\n") }, tool.stdout)
        // Snapshots are separated by an empty line when stdout is not a terminal.
        XCTAssertTrue(tool.stdout.contains("\n\ncategory\tcount\n"), tool.stdout)
        tool.write(event("error"))
        tool.closeInput()
        XCTAssertEqual(tool.waitForExit(), 0, tool.stderr)
        let snapshots = tool.stdout.components(separatedBy: "\n\n")
        XCTAssertEqual(snapshots.last, "category\tcount\nmodel\t3\ntool\t2\naudit\t1\nerror\t1\n")
        XCTAssertEqual(tool.stderr, "")
    }

    func testEveryPrintsTheFinalCountsOnSIGTERM() {
        let tool = BackgroundTool("vcount --every 1h --format json")
        tool.write(event("a") + event("b") + "oops\n")
        // The first snapshot is an hour away: nothing until the signal.
        XCTAssertTrue(tool.waitFor(timeout: 1) { !tool.stdout.isEmpty } == false)
        tool.signal(SIGTERM)
        XCTAssertEqual(tool.waitForExit(), 1, tool.stderr)  // 1: a malformed line was read
        XCTAssertEqual(tool.stdout, "{\"count\":2}\n")
        XCTAssertEqual(tool.stderr, "vcount: stdin: 1 malformed line, first at line 3\n")
    }

    func testEveryWithPerShowsBucketsAsTheyGrow() {
        let tool = BackgroundTool("vcount --every 50ms --per minute --format json")
        tool.write(#"{"timestamp":"2026-01-06T12:00:01Z"}"# + "\n")
        XCTAssertTrue(tool.waitFor { tool.stdout.contains(#"{"start":"2026-01-06T12:00:00+00:00","count":1}"#) }, tool.stdout)
        tool.write(#"{"timestamp":"2026-01-06T12:02:01+00:00"}"# + "\n")
        tool.closeInput()
        XCTAssertEqual(tool.waitForExit(), 0, tool.stderr)
        XCTAssertTrue(tool.stdout.hasSuffix("""
        {"start":"2026-01-06T12:00:00+00:00","count":1}
        {"start":"2026-01-06T12:01:00+00:00","count":0}
        {"start":"2026-01-06T12:02:00+00:00","count":1}

        """), tool.stdout)
    }

    /// A reader that has gone away (EPIPE) ends vcount quietly with status 0, as it does every
    /// tool (`vcount | head -n 1`); a full or closed stdout is still an error (vcount.test).
    func testClosedPipeOnStdoutEndsQuietly() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ToolRunner.binDirectory + "/vcount")
        process.arguments = ["--by", "a"]
        process.environment = ToolRunner.environment
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try output.fileHandleForReading.close()  // no reader before the tool even starts
        try process.run()
        input.fileHandleForWriting.write(Data("{\"a\":1}\n".utf8))
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        XCTAssertEqual(message, "")
    }

    /// Large regular files are counted on several threads: the figures and the line number
    /// of the first malformed line must be those of a single-threaded count through a pipe.
    func testLargeFileCountsMatchAPipeExactly() throws {
        let directory = TemporaryDirectory()
        var text = ""
        let categories = ["tool", "model", "state", "audit"]
        for i in 0..<120_000 {
            text += #"{"timestamp":"2026-01-06T12:\#(String(format: "%02d", i / 2000)):00Z","category":"\#(categories[i % 4 == 3 ? (i / 7) % 4 : i % 3])","data":{"pad":"\#(String(repeating: "x", count: 100))"}}"# + "\n"
            if i == 90_001 || i == 100_000 { text += "{broken\n" }
        }
        try text.write(toFile: directory.file("big.jsonl"), atomically: true, encoding: .utf8)
        let file = ToolRunner.run("vcount --by category --per 10m --rate --format tsv big.jsonl", directory: directory.path)
        let pipe = ToolRunner.run("cat big.jsonl | vcount --by category --per 10m --rate --format tsv", directory: directory.path)
        XCTAssertEqual(file.status, 1)
        XCTAssertEqual(file.stdout, pipe.stdout)
        XCTAssertEqual(file.stderr, "vcount: big.jsonl: 2 malformed lines, first at line 90003\n")
        XCTAssertEqual(pipe.stderr, "vcount: stdin: 2 malformed lines, first at line 90003\n")
        XCTAssertTrue(file.stdout.hasPrefix("start\tcategory\tcount\tper_second\tper_minute\n"), file.stdout)
        let total = file.stdout.split(separator: "\n").dropFirst().compactMap { Int($0.split(separator: "\t")[2]) }.reduce(0, +)
        XCTAssertEqual(total, 120_000)
    }
}
