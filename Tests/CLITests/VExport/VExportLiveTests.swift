import Foundation
import XCTest

/// vexport as a long-running process: the flush timer with no further input, signals,
/// reopening, concurrent writers, and file-size limits. Every wait is against a deadline.
final class VExportLiveTests: XCTestCase {
    func event(_ n: Int) -> String { "{\"category\":\"tool\",\"name\":\"tool.start\",\"data\":{\"seq\":\(n)}}\n" }

    func testIntervalFlushFiresWithNoFurtherInput() throws {
        let dir = TemporaryDirectory()
        let tool = BackgroundTool("vexport --no-stamp -o \(dir.file("ev.jsonl")) --flush-interval 400ms", directory: dir.path)
        let start = Date()
        tool.write(event(1) + event(2) + event(3))
        // stdin stays open: only the timer can write these.
        XCTAssertTrue(tool.waitFor(timeout: 10) { dir.lines("ev.jsonl").count == 3 }, "timer did not flush: \(tool.stderr)")
        let waited = Date().timeIntervalSince(start)
        XCTAssertGreaterThanOrEqual(waited, 0.35, "flushed before the interval")
        XCTAssertTrue(tool.process.isRunning)
        // A second batch gets its own full interval.
        tool.write(event(4))
        XCTAssertTrue(tool.waitFor(timeout: 10) { dir.lines("ev.jsonl").count == 4 })
        tool.closeInput()
        XCTAssertEqual(tool.waitForExit(), 0)
        XCTAssertEqual(dir.lines("ev.jsonl"), (1...4).map { event($0).trimmingCharacters(in: .newlines) })
    }

    func testSizeTriggerAndUSR1() throws {
        let dir = TemporaryDirectory()
        let tool = BackgroundTool("vexport --no-stamp -o \(dir.file("ev.jsonl")) -b 5 -i 1h", directory: dir.path)
        tool.write((1...7).map(event).joined())
        XCTAssertTrue(tool.waitFor { dir.lines("ev.jsonl").count == 5 }, "size trigger")
        tool.signal(SIGUSR1)
        XCTAssertTrue(tool.waitFor { dir.lines("ev.jsonl").count == 7 }, "SIGUSR1 flush")
        XCTAssertTrue(tool.process.isRunning, "SIGUSR1 keeps it running")
        tool.closeInput()
        XCTAssertEqual(tool.waitForExit(), 0)
    }

    func testTermAndIntDrainFlushAndExitZero() throws {
        for signo in [SIGTERM, SIGINT] {
            let dir = TemporaryDirectory()
            let tool = BackgroundTool("vexport --no-stamp -o \(dir.file("ev.jsonl")) -i 1h --stats", directory: dir.path)
            tool.write((1...25).map(event).joined())
            XCTAssertTrue(tool.waitFor { dir.lines("ev.jsonl").count == 20 }, "two size flushes")
            tool.signal(signo)
            XCTAssertEqual(tool.waitForExit(), 0, tool.stderr)
            XCTAssertEqual(dir.lines("ev.jsonl").count, 25, "signal \(signo) drained the last 5")
            XCTAssertTrue(tool.stderr.contains("events read 25, written 25, rejected 0; flushes 3 (size 2, interval 0, end 0, signal 1)"), tool.stderr)
        }
    }

    func testHangupReopensThePathAfterRotation() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("ev.jsonl")
        let tool = BackgroundTool("vexport --no-stamp -o \(path) -i 1h -b 1", directory: dir.path)
        tool.write(event(1))
        XCTAssertTrue(tool.waitFor { dir.lines("ev.jsonl").count == 1 })
        try FileManager.default.moveItem(atPath: path, toPath: dir.file("ev.jsonl.1"))
        tool.signal(SIGHUP)
        // After the HUP is handled the path exists again (reopened with O_CREAT).
        XCTAssertTrue(tool.waitFor { FileManager.default.fileExists(atPath: path) })
        tool.write(event(2))
        XCTAssertTrue(tool.waitFor { dir.lines("ev.jsonl").count == 1 })
        XCTAssertEqual(dir.lines("ev.jsonl.1"), [event(1).trimmingCharacters(in: .newlines)])
        XCTAssertEqual(dir.lines("ev.jsonl"), [event(2).trimmingCharacters(in: .newlines)])
        tool.closeInput()
        XCTAssertEqual(tool.waitForExit(), 0)
    }

    #if os(Linux)
    /// A producer's pipe is enlarged to vexport's read size, so a bulk producer blocks less
    /// often and each read takes more (64 KiB is Linux's default).
    func testStandardInputPipeIsEnlarged() throws {
        let dir = TemporaryDirectory()
        let tool = BackgroundTool("vexport --no-stamp -o \(dir.file("ev.jsonl")) -b 1", directory: dir.path)
        tool.write(event(1))
        XCTAssertTrue(tool.waitFor { dir.lines("ev.jsonl").count == 1 }, tool.stderr)
        let getPipeSize: Int32 = 1032  // F_GETPIPE_SZ
        XCTAssertEqual(fcntl(tool.inputDescriptor, getPipeSize), 256 << 10)
        tool.closeInput()
        XCTAssertEqual(tool.waitForExit(), 0)
    }
    #endif

    func testIdleExporterSleepsInPoll() throws {
        let dir = TemporaryDirectory()
        let tool = BackgroundTool("vexport --no-stamp -o \(dir.file("ev.jsonl")) -i 200ms", directory: dir.path)
        tool.write(event(1))
        XCTAssertTrue(tool.waitFor { dir.lines("ev.jsonl").count == 1 })
        let before = cpuTicks(tool.pid)
        Thread.sleep(forTimeInterval: 1.0)
        let after = cpuTicks(tool.pid)
        XCTAssertLessThanOrEqual(after - before, 2, "an idle vexport should not use CPU")
        XCTAssertEqual(processState(tool.pid), "S")
        tool.closeInput()
        XCTAssertEqual(tool.waitForExit(), 0)
    }

    func testConcurrentWritersNeverTearOrLoseALine() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("shared.jsonl")
        // Four writers with different batch sizes and event sizes (up to ~20 KiB).
        try """
        import sys
        writer, count, maximum = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
        for i in range(count):
            sys.stdout.write('{"w":%d,"i":%d,"pad":"%s"}\\n' % (writer, i, "x" * ((i * 7919) % maximum)))
        """.write(toFile: dir.file("gen.py"), atomically: true, encoding: .utf8)
        let writers = [(1, 10, 3000), (2, 1, 1500), (3, 1000, 3000), (4, 37, 300)]
        let script = writers.map { (id, batch, count) in
            "python3 gen.py \(id) \(count) \(id == 4 ? 20000 : 300) | vexport --no-stamp -b \(batch) -o \(path) &"
        }.joined(separator: "\n") + "\nwait"
        let result = ToolRunner.run(script, directory: dir.path, timeout: 120)
        XCTAssertEqual(result.status, 0, result.stderr)
        var seen: [Int: Set<Int>] = [:]
        for line in dir.lines("shared.jsonl") {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let writer = object["w"] as? Int, let index = object["i"] as? Int else {
                XCTFail("torn or invalid line: \(line.prefix(80))")
                continue
            }
            XCTAssertTrue(seen[writer, default: []].insert(index).inserted, "duplicate \(writer)/\(index)")
        }
        for (id, _, count) in writers {
            XCTAssertEqual(seen[id]?.count, count, "writer \(id) lost events")
        }
    }

    func testFileSizeLimitLeavesOnlyWholeLinesAndAccountsForTheRest() throws {
        let dir = TemporaryDirectory()
        // bash's ulimit -f counts 1024-byte blocks: no file may grow past 3072 bytes. 100 events
        // of ~50 bytes: about 60 fit, the rest must reach the rejects file (which fits them).
        try """
        for i in range(100):
            print('{"i":%d,"pad":"0123456789012345678901234567890"}' % (1000 + i))
        """.write(toFile: dir.file("gen.py"), atomically: true, encoding: .utf8)
        let command = "bash -c 'ulimit -f 3; python3 gen.py | vexport --no-stamp -b 7 -o ev.jsonl --give-up 0 --rejects rej.jsonl'"
        let result = ToolRunner.run(command, directory: dir.path)
        XCTAssertEqual(result.status, 1, result.description)
        XCTAssertTrue(result.stderr.contains("File too large"), result.stderr)
        let written = dir.read("ev.jsonl")
        XCTAssertTrue(written.isEmpty || written.hasSuffix("\n"), "torn last line")
        let lines = dir.lines("ev.jsonl") + dir.lines("rej.jsonl")
        XCTAssertEqual(lines.count, 100, "every event is in the file or the rejects file")
        XCTAssertEqual(Set(lines).count, 100, "none twice")
        XCTAssertLessThanOrEqual(written.utf8.count, 3072)
        XCTAssertGreaterThan(written.utf8.count, 2500, "the file was filled up to the limit, in whole lines")
    }

    // MARK: helpers

    func cpuTicks(_ pid: Int32) -> Int {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return 0 }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        return (Int(fields[11]) ?? 0) + (Int(fields[12]) ?? 0) // utime + stime
    }

    func processState(_ pid: Int32) -> String {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return "?" }
        return String(stat[stat.index(close, offsetBy: 2)])
    }
}
