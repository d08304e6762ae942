import Foundation
import XCTest

/// Idle tools sleep: vexport on an open but silent pipe, vtail following a file nobody writes.
/// Over 3 seconds each stays in state S and uses at most 2 clock ticks of CPU (/proc/PID/stat).
final class IdleCostTests: XCTestCase {
    static let window: useconds_t = 3_000_000
    static let maximumTicks = 2
    static let samples = 41

    private func assertIdle(_ tool: BackgroundTool, _ name: String, file: StaticString = #filePath, line: UInt = #line) {
        guard let before = ProcessProbe.cpu(tool.pid) else { return XCTFail("\(name): no /proc entry", file: file, line: line) }
        var states: [Character] = []
        // Sample the state during the window (it is the measurement, not a wait for something).
        // 41 samples, 73 ms apart: a period that cannot lock onto vtail's 100 ms wake-ups (30
        // samples at 100 ms once caught every single wake-up of an idle vtail as "R").
        for _ in 0..<Self.samples {
            usleep(Self.window / useconds_t(Self.samples))
            if let sample = ProcessProbe.cpu(tool.pid) { states.append(sample.state) }
        }
        guard let after = ProcessProbe.cpu(tool.pid) else { return XCTFail("\(name): exited while idle\n\(tool.stderr)", file: file, line: line) }
        let used = after.ticks - before.ticks
        let sleeping = states.filter { $0 == "S" }.count
        print("idle: \(name): \(used) ticks over 3 s, state S in \(sleeping) of \(states.count) samples (\(String(states)))")
        XCTAssertLessThanOrEqual(used, Self.maximumTicks, "\(name): CPU while idle", file: file, line: line)
        // CPU ticks are the measure. vtail also wakes every --interval (100 ms) as a safety net
        // beside inotify, and on a loaded machine a woken process waits runnable ("R") for a
        // while: most samples must still find it asleep.
        XCTAssertGreaterThanOrEqual(sleeping * 4, states.count * 3, "\(name): not sleeping: \(String(states))", file: file, line: line)
        XCTAssertEqual(states.count, Self.samples, "\(name): exited during the window", file: file, line: line)
    }

    func testVexportOnAnIdlePipeSleeps() throws {
        let directory = TemporaryDirectory()
        let tool = BackgroundTool("vexport -o out.jsonl -b 1 -i 60s", directory: directory.path)
        tool.write(#"{"a":1}"# + "\n")
        // Ready and done with its start-up: the first event is written.
        XCTAssertTrue(tool.waitFor { directory.lines("out.jsonl").count == 1 }, tool.stderr)
        assertIdle(tool, "vexport")
        // Still alive and responsive afterwards.
        tool.write(#"{"a":2}"# + "\n")
        XCTAssertTrue(tool.waitFor { directory.lines("out.jsonl").count == 2 }, tool.stderr)
        tool.closeInput()
        XCTAssertEqual(tool.waitForExit(), 0, tool.stderr)
    }

    func testVexportWithABufferedEventSleepsUntilItsDeadline() throws {
        let directory = TemporaryDirectory()
        let tool = BackgroundTool("vexport -o out.jsonl -b 10 -i 1h", directory: directory.path)
        tool.write(#"{"a":1}"# + "\n")
        XCTAssertTrue(Deadline.waitFor(timeout: 10) { ProcessProbe.catches(tool.pid, [SIGTERM]) })
        // The event is read (a flush on SIGUSR1 shows it), then one more waits in the buffer.
        tool.signal(SIGUSR1)
        XCTAssertTrue(tool.waitFor { directory.lines("out.jsonl").count == 1 }, tool.stderr)
        tool.write(#"{"a":2}"# + "\n")
        assertIdle(tool, "vexport with a buffered event")
        tool.signal(SIGTERM)
        XCTAssertEqual(tool.waitForExit(), 0, tool.stderr)
        XCTAssertEqual(directory.lines("out.jsonl").count, 2)
    }

    func testVtailFollowingAnIdleFileSleeps() throws {
        let directory = TemporaryDirectory()
        directory.write("events.jsonl", #"{"a":1}"# + "\n")
        let tool = BackgroundTool("vtail -n +1 events.jsonl", directory: directory.path)
        XCTAssertTrue(tool.waitFor { tool.stdout == #"{"a":1}"# + "\n" }, tool.stderr)
        assertIdle(tool, "vtail")
        let appended = FileHandle(forWritingAtPath: directory.file("events.jsonl"))!
        appended.seekToEndOfFile()
        appended.write(Data((#"{"a":2}"# + "\n").utf8))
        try appended.close()
        XCTAssertTrue(tool.waitFor { tool.stdout.hasSuffix(#"{"a":2}"# + "\n") }, tool.stdout)
        tool.signal(SIGTERM)
        XCTAssertEqual(tool.waitForExit(), 0, tool.stderr)
    }

    func testVtailWaitingForAMissingFileSleeps() throws {
        let directory = TemporaryDirectory()
        let tool = BackgroundTool("vtail -n +1 later/events.jsonl", directory: directory.path)
        XCTAssertTrue(tool.waitFor { tool.stderr.contains("waiting for it to appear") }, tool.stderr)
        assertIdle(tool, "vtail waiting for a file")
        tool.signal(SIGTERM)
        XCTAssertEqual(tool.waitForExit(), 0, tool.stderr)
    }
}
