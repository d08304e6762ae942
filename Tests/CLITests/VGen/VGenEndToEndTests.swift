import Foundation
import XCTest

/// vgen as a user runs it: real-time pacing (generous deadlines, no hopeful sleeps), the schema
/// of every event, determinism, counts, and the endings.
final class VGenEndToEndTests: XCTestCase {
    static func lines(_ text: String) -> [String] { text.split(separator: "\n").map(String.init) }

    static func object(_ line: String) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any] ?? [:]
    }

    static func seconds(_ timestamp: String) -> Double {
        // 2026-01-06T12:00:00.123456+00:00 → seconds since midnight of that day (runs never span days here
        // except across midnight, handled by the caller's tolerance).
        let time = timestamp.dropFirst(11).prefix(15)
        let parts = time.split(separator: ":")
        return Double(parts[0])! * 3600 + Double(parts[1])! * 60 + Double(parts[2])!
    }

    func testRealTimeRateAndDuration() throws {
        let started = Date()
        let result = ToolRunner.run("vgen --rate 20 --duration 2s --seed 4", timeout: 30)
        let elapsed = Date().timeIntervalSince(started)
        XCTAssertEqual(result.status, 0, result.description)
        let lines = Self.lines(result.stdout)
        XCTAssertEqual(Double(lines.count), 40, accuracy: 2, "20/s for 2 s")
        XCTAssertGreaterThanOrEqual(elapsed, 1.9, "a timed run lasts its duration")
        XCTAssertLessThan(elapsed, 20)
        let times = lines.map { Self.seconds(Self.object($0)["timestamp"] as! String) }
        let gaps = zip(times.dropFirst(), times).map { $0 - $1 }
        let mean = gaps.reduce(0, +) / Double(gaps.count)
        XCTAssertEqual(mean, 0.050, accuracy: 0.005, "timestamps ~50 ms apart")
        // Absolute schedule: event k is never early, and (on a busy machine, generously) not far behind.
        for (k, t) in times.enumerated() {
            let offset = t - times[0] - Double(k) * 0.050
            XCTAssertGreaterThan(offset, -0.002, "event \(k + 1) came early")
            XCTAssertLessThan(offset, 0.5, "event \(k + 1) far behind its slot")
        }
        XCTAssertEqual(lines.map { (Self.object($0)["data"] as! [String: Any])["seq"] as! Int }, Array(1...lines.count))
    }

    #if os(Linux)
    /// Unpaced, vgen enlarges a pipe on its standard output to its block size (256 KiB) so each
    /// block goes out in one write; paced output, a line at a time, leaves the pipe alone. The
    /// reader looks at the pipe (F_GETPIPE_SZ) once the first byte has arrived.
    func testUnpacedOutputEnlargesThePipe() throws {
        let probe = #"python3 -c 'import sys, fcntl; sys.stdin.buffer.read(1); print(fcntl.fcntl(0, 1032))'"#
        let unpaced = ToolRunner.run("vgen --rate max --count 100000 | " + probe)
        XCTAssertEqual(unpaced.status, 0, unpaced.description)
        XCTAssertEqual(unpaced.stdout, "262144\n", unpaced.description)
        let paced = ToolRunner.run("vgen --rate 1000 --count 3 | " + probe)
        XCTAssertEqual(paced.status, 0, paced.description)
        XCTAssertEqual(paced.stdout, "65536\n", paced.description)
    }
    #endif

    func testPacedEventsAreWrittenAsTheyComeDue() throws {
        // 4 events a second: a reader sees them one by one, long before the run ends.
        let tool = BackgroundTool("vgen --rate 4 --count 4")
        var seen = Set<Int>()
        let finished = tool.waitFor(timeout: 30) {
            let n = Self.lines(tool.stdout).count
            if tool.process.isRunning { seen.insert(n) }
            return n == 4 && !tool.process.isRunning
        }
        XCTAssertTrue(finished, tool.stdout)
        XCTAssertTrue(seen.contains(1) || seen.contains(2) || seen.contains(3),
                      "output arrived only at the end: saw \(seen.sorted()) while running")
        XCTAssertEqual(tool.waitForExit(timeout: 10), 0)
    }

    func testSIGTERMEndsASleepingRunPromptly() throws {
        let tool = BackgroundTool("vgen --rate 1/min")
        XCTAssertTrue(tool.waitFor(timeout: 20) { Self.lines(tool.stdout).count == 1 }, "first event is due at once")
        tool.signal(SIGTERM)
        XCTAssertNotNil(tool.waitForExit(timeout: 10), "still sleeping after SIGTERM")
        XCTAssertEqual(tool.process.terminationReason, .uncaughtSignal)
        XCTAssertTrue(tool.stdout.hasSuffix("}\n"), "output ends with a whole line")
    }

    func testEveryEventFollowsTheSchema() throws {
        let result = ToolRunner.run("vgen --rate max --count 5000 --seed 9")
        XCTAssertEqual(result.status, 0)
        let lines = Self.lines(result.stdout)
        XCTAssertEqual(lines.count, 5000)
        let uuid = try NSRegularExpression(pattern: "^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
        let stamp = try NSRegularExpression(pattern: #"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}\+00:00$"#)
        let trace = try NSRegularExpression(pattern: "^[0-9a-f]{32}$")
        func matches(_ re: NSRegularExpression, _ s: String) -> Bool {
            re.firstMatch(in: s, range: NSRange(s.startIndex..., in: s)) != nil
        }
        let categories: Set<String> = ["tool", "state", "model", "error", "audit", "metric", "lifecycle", "vertical", "custom"]
        var previous = ""
        for (k, line) in lines.enumerated() {
            let o = Self.object(line)
            XCTAssertEqual(Set(o.keys), ["id", "timestamp", "category", "name", "data", "trace_id", "session_id", "priority", "source"], line)
            XCTAssertTrue(matches(uuid, o["id"] as? String ?? ""), line)
            let ts = o["timestamp"] as? String ?? ""
            XCTAssertTrue(matches(stamp, ts), line)
            XCTAssertGreaterThanOrEqual(ts, previous, "timestamps never go backwards")
            previous = ts
            XCTAssertTrue(categories.contains(o["category"] as? String ?? ""), line)
            let name = o["name"] as? String ?? ""
            XCTAssertFalse(name.isEmpty)
            XCTAssertEqual((o["data"] as? [String: Any])?["seq"] as? Int, k + 1)
            XCTAssertTrue(matches(uuid, o["session_id"] as? String ?? ""), line)
            if let t = o["trace_id"] as? String { XCTAssertTrue(matches(trace, t), line) } else { XCTAssertTrue(o["trace_id"] is NSNull, line) }
            XCTAssertNotNil(o["priority"] as? Int)
            XCTAssertEqual(o["source"] as? String, "victor")
        }
    }

    func testSeedAndStartAreByteForByteIdentical() {
        let command = "vgen --seed 1 --start 2026-01-06T12:00:00Z --rate 50 --count 20000"
        let a = ToolRunner.run(command), b = ToolRunner.run(command)
        XCTAssertEqual(a.status, 0)
        XCTAssertEqual(a.stdoutBytes.count, b.stdoutBytes.count)
        XCTAssertTrue(a.stdoutBytes == b.stdoutBytes, "same seed and start: identical bytes")
        XCTAssertGreaterThan(a.stdoutBytes.count, 20000 * 100)
        let other = ToolRunner.run("vgen --seed 2 --start 2026-01-06T12:00:00Z --rate 50 --count 20000")
        XCTAssertFalse(a.stdoutBytes == other.stdoutBytes, "different seeds differ")
    }

    func testCounts() {
        XCTAssertEqual(Self.lines(ToolRunner.run("vgen --rate max --count 12345").stdout).count, 12345)
        XCTAssertEqual(ToolRunner.run("vgen --rate max --count 0").stdout, "")
        let timed = ToolRunner.run("vgen --rate max --duration 300ms | wc -l", timeout: 30)
        XCTAssertGreaterThan(Int(timed.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0, 1000,
                             "--rate max --duration is real time")
    }

    func testAReaderThatLeavesEndsVGenQuietly() {
        let directory = TemporaryDirectory()
        for rate in ["max", "20"] {
            let result = ToolRunner.run("(vgen --rate \(rate); echo $? > status) | head -n 1", directory: directory.path)
            XCTAssertEqual(Self.lines(result.stdout).count, 1)
            XCTAssertEqual(result.stderr, "", "quiet")
            XCTAssertEqual(directory.read("status"), "0\n", "vgen --rate \(rate) | head -n 1")
        }
    }

    func testAFullOutputFailsWithStatus1() {
        let result = ToolRunner.run("vgen --count 5 > /dev/full")
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stderr, "vgen: stdout: No space left on device\n")
    }

    func testUsageErrorsExit2() {
        for arguments in ["--rate 0", "--rate 5/week", "--categories nope", "--count -1", "--duration x",
                          "--burst 0", "--every 1s", "--start never", "--start 2026-01-06 --rate max", "--bogus", "extra"] {
            let result = ToolRunner.run("vgen \(arguments)")
            XCTAssertEqual(result.status, 2, arguments)
            XCTAssertTrue(result.stderr.hasPrefix("vgen: ") && result.stderr.hasSuffix("(see 'vgen --help')\n"), result.stderr)
            XCTAssertEqual(result.stdout, "")
        }
    }
}
