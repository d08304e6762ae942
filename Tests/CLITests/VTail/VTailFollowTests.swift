import Foundation
import XCTest

/// End-to-end tests of `vtail` following files while a writer in the test changes them.
/// Every wait is against a deadline; short sleeps only separate writer steps.
final class VTailFollowTests: XCTestCase {
    var directory: TemporaryDirectory!

    override func setUp() {
        directory = TemporaryDirectory()
    }

    // MARK: Helpers

    func path(_ name: String) -> String { directory.file(name) }

    /// Appends with O_APPEND, as an agent does.
    func append(_ name: String, _ lines: [String]) {
        let fd = open(path(name), O_WRONLY | O_APPEND | O_CREAT, 0o644)
        XCTAssertGreaterThanOrEqual(fd, 0)
        write(fd, lines.map { $0 + "\n" }.joined())
        close(fd)
    }

    func write(_ fd: Int32, _ text: String) {
        let bytes = Array(text.utf8)
        XCTAssertEqual(bytes.withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }, bytes.count)
    }

    func event(_ n: Int) -> String { #"{"category":"test","name":"e\#(n)"}"# }

    func start(_ arguments: String) -> BackgroundTool {
        BackgroundTool("vtail " + arguments, directory: directory.path)
    }

    func outputLines(_ tool: BackgroundTool) -> [String] {
        tool.stdout.split(separator: "\n").map(String.init)
    }

    /// Waits until the output holds exactly `count` lines, failing with the output otherwise.
    func waitForLines(_ tool: BackgroundTool, _ count: Int, timeout: TimeInterval = 10,
                      file: StaticString = #filePath, line: UInt = #line) {
        let ok = tool.waitFor(timeout: timeout) { outputLines(tool).count >= count }
        XCTAssertTrue(ok, "expected \(count) lines, got:\n\(tool.stdout)\nstderr:\n\(tool.stderr)", file: file, line: line)
    }

    func names(_ tool: BackgroundTool) -> [String] {
        outputLines(tool).map { line in
            line.replacingOccurrences(of: #"{"name":""#, with: "").replacingOccurrences(of: #""}"#, with: "")
        }
    }

    func stop(_ tool: BackgroundTool, expecting status: Int32 = 0, file: StaticString = #filePath, line: UInt = #line) {
        tool.signal(SIGTERM)
        XCTAssertEqual(tool.waitForExit(), status, tool.stderr, file: file, line: line)
    }

    // MARK: Tests

    func testAppendedEventsAppear() {
        append("f.jsonl", [event(1), event(2)])
        let tool = start("--fields name f.jsonl")
        waitForLines(tool, 2)
        append("f.jsonl", [event(3)])
        waitForLines(tool, 3)
        XCTAssertEqual(names(tool), ["e1", "e2", "e3"])
        stop(tool)
    }

    func testRenameRotationWithWriterStillAppendingToOldFile() {
        append("f.jsonl", [event(1), event(2)])
        let tool = start("-n +1 --fields name f.jsonl")
        waitForLines(tool, 2)
        let old = open(path("f.jsonl"), O_WRONLY | O_APPEND)
        write(old, event(3) + "\n")
        XCTAssertEqual(rename(path("f.jsonl"), path("f.jsonl.1")), 0)
        write(old, event(4) + "\n")                 // into the renamed file
        append("f.jsonl", [event(5)])               // the new file
        usleep(50_000)
        write(old, event(6) + "\n")                 // a late write to the old file
        append("f.jsonl", [event(7)])
        close(old)
        waitForLines(tool, 7)
        let seen = names(tool)
        XCTAssertEqual(seen.sorted(), (1...7).map { "e\($0)" }, "each event once:\n\(tool.stdout)")
        // The old file is read to its end before the new one is opened.
        XCTAssertLessThan(seen.firstIndex(of: "e4")!, seen.firstIndex(of: "e5")!)
        XCTAssertTrue(tool.stderr.contains("replaced"), tool.stderr)
        usleep(100_000)
        XCTAssertEqual(outputLines(tool).count, 7, "nothing repeated")
        stop(tool)
    }

    func testCopytruncate() {
        append("f.jsonl", [event(1), event(2), event(3)])
        let tool = start("--fields name f.jsonl")
        waitForLines(tool, 3)
        // logrotate copytruncate: copy, then truncate in place; the writer goes on appending.
        XCTAssertNoThrow(try FileManager.default.copyItem(atPath: path("f.jsonl"), toPath: path("f.jsonl.1")))
        XCTAssertEqual(truncate(path("f.jsonl"), 0), 0)
        XCTAssertTrue(tool.waitFor { tool.stderr.contains("truncated") }, tool.stderr)
        append("f.jsonl", [event(4)])
        waitForLines(tool, 4)
        XCTAssertEqual(names(tool), ["e1", "e2", "e3", "e4"])
        stop(tool)
    }

    func testRewriteThatAlreadyGrewPastTheOldOffset() {
        append("f.jsonl", [event(1)])
        // Polling only, slowly: the rewrite below is complete before vtail looks again, so the
        // size alone cannot reveal it; the first-bytes fingerprint must.
        let tool = start("--no-inotify --interval 300ms --fields name f.jsonl")
        waitForLines(tool, 1)
        let fd = open(path("f.jsonl"), O_WRONLY | O_TRUNC)   // `> f.jsonl`
        write(fd, (10...14).map { event($0) + "\n" }.joined())
        close(fd)
        waitForLines(tool, 6)
        XCTAssertEqual(names(tool), ["e1", "e10", "e11", "e12", "e13", "e14"])
        XCTAssertTrue(tool.stderr.contains("rewritten") || tool.stderr.contains("truncated"), tool.stderr)
        stop(tool)
    }

    func testDeleteAndRecreate() {
        append("f.jsonl", [event(1)])
        let tool = start("--fields name f.jsonl")
        waitForLines(tool, 1)
        XCTAssertEqual(unlink(path("f.jsonl")), 0)
        usleep(50_000)
        append("f.jsonl", [event(2), event(3)])
        waitForLines(tool, 3)
        XCTAssertEqual(names(tool), ["e1", "e2", "e3"])
        stop(tool)
    }

    func testLateCreationOfFileAndDirectory() {
        let tool = start("--fields name late/sub/f.jsonl")
        XCTAssertTrue(tool.waitFor { tool.stderr.contains("waiting for it to appear") }, tool.stderr)
        XCTAssertNoThrow(try FileManager.default.createDirectory(atPath: path("late/sub"), withIntermediateDirectories: true))
        usleep(30_000)
        append("late/sub/f.jsonl", [event(1), event(2)])
        waitForLines(tool, 2)
        XCTAssertEqual(names(tool), ["e1", "e2"])
        XCTAssertTrue(tool.stderr.contains("appeared"), tool.stderr)
        stop(tool)
    }

    func testPartialLinesWrittenByteByByteAreNeverPrintedHalf() {
        append("f.jsonl", [])
        let tool = start("f.jsonl")
        usleep(100_000)
        let text = event(1) + "\n" + event(2) + "\n"
        let fd = open(path("f.jsonl"), O_WRONLY | O_APPEND)
        for byte in text.utf8 {
            write(fd, String(UnicodeScalar(byte)))
            usleep(2_000)
            let out = tool.stdout
            XCTAssertTrue(out.isEmpty || out == event(1) + "\n" || out == text, "partial output: \(out)")
        }
        close(fd)
        waitForLines(tool, 2)
        XCTAssertEqual(tool.stdout, text)
        XCTAssertEqual(tool.stderr, "")
        stop(tool)
    }

    func testMalformedLinesWhileFollowingMakeTheStatusOne() {
        append("f.jsonl", [event(1)])
        let tool = start("--fields name f.jsonl")
        waitForLines(tool, 1)
        append("f.jsonl", ["{oops", event(2)])
        waitForLines(tool, 2)
        XCTAssertTrue(tool.waitFor { tool.stderr.contains("f.jsonl:2: invalid JSON:") }, tool.stderr)
        stop(tool, expecting: 1)
    }

    func testPidStopsFollowingOnceTheProcessExits() {
        append("f.jsonl", [event(1)])
        let sleeper = BackgroundTool("sleep 30")
        let tool = start("--interval 50ms --fields name --pid \(sleeper.pid) f.jsonl")
        waitForLines(tool, 1)
        XCTAssertTrue(tool.process.isRunning)
        append("f.jsonl", [event(2)])
        sleeper.signal(SIGKILL)
        XCTAssertEqual(tool.waitForExit(), 0, tool.stderr)
        XCTAssertEqual(names(tool), ["e1", "e2"])
    }

    func testPollingOnlyStillFollowsWithinTheInterval() {
        append("f.jsonl", [event(1)])
        let tool = start("--no-inotify --interval 50ms --fields name f.jsonl")
        waitForLines(tool, 1)
        append("f.jsonl", [event(2)])
        waitForLines(tool, 2, timeout: 5)
        stop(tool)
    }

    func testSeveralFilesLabelled() {
        append("a.jsonl", [event(1)])
        append("b.jsonl", [event(2)])
        let tool = start("-H --fields name a.jsonl b.jsonl")
        waitForLines(tool, 2)
        append("b.jsonl", [event(3)])
        waitForLines(tool, 3)
        XCTAssertEqual(outputLines(tool), [#"{"file":"a.jsonl","name":"e1"}"#, #"{"file":"b.jsonl","name":"e2"}"#,
                                           #"{"file":"b.jsonl","name":"e3"}"#])
        stop(tool)
    }

    func testSignalsEndWithStatusPerErrors() {
        for signo in [SIGINT, SIGHUP] {
            append("s.jsonl", [event(1)])
            let tool = start("s.jsonl")
            waitForLines(tool, 1)
            tool.signal(signo)
            XCTAssertEqual(tool.waitForExit(), 0, "signal \(signo): \(tool.stderr)")
        }
    }

    func testClosedPipeEndsQuietlyEvenWhileIdle() {
        append("f.jsonl", [event(1), event(2)])
        let result = ToolRunner.run("vtail f.jsonl | head -n 1", directory: directory.path, timeout: 20)
        XCTAssertEqual(result.stdout, event(1) + "\n")
        XCTAssertEqual(result.stderr, "")
        XCTAssertEqual(result.status, 0)
    }

    func testStandardInputIsReadToItsEndNotFollowed() {
        let tool = BackgroundTool("vtail --fields name", directory: directory.path)
        tool.write(event(1) + "\n" + event(2) + "\n")
        tool.closeInput()
        XCTAssertEqual(tool.waitForExit(), 0, tool.stderr)
        XCTAssertEqual(names(tool), ["e1", "e2"])
    }

    func testStandardInputWithPlusOneIsPrintedAsItArrives() {
        let tool = BackgroundTool("vtail -n +1 --fields name", directory: directory.path)
        tool.write(event(1) + "\n")
        waitForLines(tool, 1)
        tool.closeInput()
        XCTAssertEqual(tool.waitForExit(), 0, tool.stderr)
    }

    func testIdleUsesNoCPU() throws {
        append("f.jsonl", [event(1)])
        let tool = start("f.jsonl")
        waitForLines(tool, 1)
        usleep(1_000_000)
        let stat = try String(contentsOfFile: "/proc/\(tool.pid)/stat", encoding: .utf8)
        let fields = stat.split(separator: ")").last!.split(separator: " ")
        let ticks = Int(fields[11])! + Int(fields[12])!   // utime + stime
        XCTAssertLessThan(ticks, 20, "CPU ticks after a second idle: \(ticks)")
        stop(tool)
    }
}
