import Foundation
import XCTest

/// vexport against failing writes: a full device, the file-size limit, a small filesystem that
/// fills up, permissions taken away and given back, and I/O errors injected with strace. In
/// every case the file holds only whole lines and every event is accounted for exactly once:
/// in the file, the rejects file or on standard error.
final class WriteFaultTests: XCTestCase {
    static let count = 1000

    /// vgen's events 1...count in a file, as input.
    private func input(_ directory: TemporaryDirectory, count: Int = count) {
        let made = ToolRunner.run("vgen --rate max --count \(count) --seed 11 > in.jsonl", directory: directory.path)
        XCTAssertEqual(made.status, 0, made.description)
    }

    /// The vgen events among the lines of `text` (stderr mixes messages and events).
    private func events(in text: String) -> [Int] {
        CheckedLines(Data(text.split(separator: "\n").filter { $0.hasPrefix("{") }.joined(separator: "\n").utf8)).sequence
    }

    // MARK: ENOSPC

    func testDevFullKeepsEveryEventInRejectsOrOnStderr() throws {
        let directory = TemporaryDirectory()
        input(directory)
        let withRejects = ToolRunner.run("vexport -o /dev/full -b 64 --give-up 300ms --stats --rejects rejects.jsonl < in.jsonl", directory: directory.path)
        XCTAssertEqual(withRejects.status, 1, withRejects.description)
        XCTAssertTrue(withRejects.stderr.contains("vexport: /dev/full: No space left on device (write); keeping 64 events and retrying"), withRejects.stderr)
        XCTAssertTrue(withRejects.stderr.contains("\(Self.count) events not written, appended to rejects.jsonl"), withRejects.stderr)
        let rejects = CheckedLines(file: directory.file("rejects.jsonl"))
        XCTAssertEqual(rejects.bad, [])
        var lost = assertExactlyOnce([rejects.sequence], count: Self.count, "/dev/full with --rejects")

        let toStderr = ToolRunner.run("vexport -o /dev/full -b 7 --give-up 200ms < in.jsonl", directory: directory.path)
        XCTAssertEqual(toStderr.status, 1)
        XCTAssertTrue(toStderr.stderr.contains("\(Self.count) events not written, copied to standard error:"), String(toStderr.stderr.prefix(500)))
        lost += assertExactlyOnce([events(in: toStderr.stderr)], count: Self.count, "/dev/full to stderr")
        Reliability.report("ENOSPC /dev/full", pushed: 2 * Self.count, faults: 2, lost: lost)
    }

    // MARK: EFBIG

    /// `ulimit -f` (in 1 KiB blocks) caps every file vexport writes: the output, and the rejects
    /// file too. Its stderr is a pipe, which the limit does not apply to.
    func testFileSizeLimitCutsBackToWholeLinesAndAccountsForEveryEvent() throws {
        var random = StressRandom("file-size limit")
        let directory = TemporaryDirectory()
        input(directory)
        var lost = 0
        for round in 1...6 {
            let blocks = Int.random(in: 8...300, using: &random)
            let batch = [1, 5, 10, 100, 1000].randomElement(using: &random)!
            let rejects = round % 2 == 0
            let context = "ulimit -f \(blocks), -b \(batch)\(rejects ? ", --rejects" : "")"
            try? FileManager.default.removeItem(atPath: directory.file("out.jsonl"))
            try? FileManager.default.removeItem(atPath: directory.file("rejects.jsonl"))
            let result = ToolRunner.run("""
                ( ulimit -f \(blocks); vexport -o out.jsonl -b \(batch) --give-up 200ms --stats \(rejects ? "--rejects rejects.jsonl" : "") < in.jsonl; echo "exit $?" ) 2>&1 | cat
                """, directory: directory.path)
            XCTAssertTrue(result.stdout.hasSuffix("\nexit 1\n"), "\(context)\n\(result.stdout.suffix(600))")
            XCTAssertTrue(result.stdout.contains("out.jsonl: File too large (write)"), "\(context)\n\(result.stdout.prefix(600))")
            let file = CheckedLines(file: directory.file("out.jsonl"))
            XCTAssertEqual(file.bad, [], context)
            XCTAssertTrue(file.endsWithNewline, "\(context): torn last line")
            XCTAssertLessThanOrEqual(directory.size("out.jsonl"), blocks * 1024, context)
            // The rejects file meets the same limit: its last record may be cut off there, and
            // that event, with every one after it, is then on stderr.
            var saved = CheckedLines(file: directory.file("rejects.jsonl"))
            if !saved.bad.isEmpty {
                XCTAssertEqual(saved.bad.count, 1, "\(context): \(saved.bad)")
                XCTAssertFalse(saved.endsWithNewline, "\(context): only the last record may be cut")
                XCTAssertTrue(result.stdout.contains("which then failed"), context)
            }
            saved.bad = []
            lost += assertExactlyOnce([file.sequence, saved.sequence, events(in: result.stdout)], count: Self.count, context)
        }
        Reliability.report("EFBIG ulimit -f", pushed: 6 * Self.count, faults: 6, lost: lost)
    }

    // MARK: A small filesystem

    /// A 64 KiB tmpfs fills up: vexport reports it, keeps the events and retries; once space is
    /// freed it writes again, and every event ends up in the file once.
    func testSmallFilesystemFillsUpThenRecovers() throws {
        let directory = TemporaryDirectory()
        let mountPoint = directory.file("small")
        try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
        let mount = ToolRunner.run("mount -t tmpfs -o size=64k tmpfs small", directory: directory.path)
        guard mount.status == 0 else { throw XCTSkip("cannot mount a small tmpfs here: \(mount.stderr)") }
        defer { ToolRunner.run("umount small || umount -l small", directory: directory.path) }
        input(directory, count: 100)
        // Most of the space taken by another file, as on a disk that is nearly full.
        XCTAssertEqual(ToolRunner.run("head -c 40960 /dev/zero > small/filler", directory: directory.path).status, 0)

        let tool = BackgroundTool("vexport -o small/out.jsonl -b 10 --stats", directory: directory.path)
        let events = directory.lines("in.jsonl")
        for line in events { tool.write(line + "\n") }
        XCTAssertTrue(tool.waitFor(timeout: 15) { tool.stderr.contains("small/out.jsonl: No space left on device (write); keeping") }, tool.stderr)
        let before = CheckedLines(file: directory.file("small/out.jsonl"))
        XCTAssertEqual(before.bad, [], "torn line while the disk is full")
        XCTAssertLessThan(before.objects.count, events.count)
        try FileManager.default.removeItem(atPath: directory.file("small/filler"))
        XCTAssertTrue(tool.waitFor(timeout: 15) { tool.stderr.contains("small/out.jsonl: writing again") }, tool.stderr)
        tool.closeInput()
        XCTAssertEqual(tool.waitForExit(timeout: 30), 0, tool.stderr)
        let after = CheckedLines(file: directory.file("small/out.jsonl"))
        XCTAssertEqual(after.bad, [])
        XCTAssertTrue(after.endsWithNewline)
        let lost = assertExactlyOnce([after.sequence], count: events.count, "tmpfs full, then freed")
        XCTAssertEqual(ExportStats(tool.stderr)?.written, events.count, tool.stderr)

        // Full for good: at the end, what could not be written goes to the rejects file.
        XCTAssertEqual(ToolRunner.run("rm small/out.jsonl && head -c 40960 /dev/zero > small/filler", directory: directory.path).status, 0)
        let full = ToolRunner.run("vexport -o small/out.jsonl -b 10 --give-up 300ms --rejects rejects.jsonl < in.jsonl", directory: directory.path)
        XCTAssertEqual(full.status, 1, full.description)
        XCTAssertTrue(full.stderr.contains("No space left on device"), full.stderr)
        let file = CheckedLines(file: directory.file("small/out.jsonl"))
        XCTAssertEqual(file.bad, [], "torn line on a full filesystem")
        XCTAssertTrue(file.endsWithNewline)
        XCTAssertGreaterThan(file.objects.count, 0)
        let rejects = CheckedLines(file: directory.file("rejects.jsonl"))
        XCTAssertEqual(rejects.bad, [])
        let lostFull = assertExactlyOnce([file.sequence, rejects.sequence], count: events.count, "tmpfs full for good")
        Reliability.report("ENOSPC tmpfs 64k", pushed: 2 * events.count, faults: 2, lost: lost + lostFull)
    }

    // MARK: Permissions

    /// Root ignores permission bits, so vexport runs as nobody (setpriv) for this test. The file
    /// is made unwritable (chmod 000) and vexport told to reopen it (SIGHUP, as after
    /// logrotate); then the file is rotated away and its directory made read-only. Each time
    /// vexport reports the error, keeps the events, retries with backoff and writes them all
    /// once the permission is given back.
    func testPermissionTakenAwayAndGivenBack() throws {
        guard geteuid() == 0 else { throw XCTSkip("needs root to run vexport as another user") }
        guard ToolRunner.run("command -v setpriv").status == 0 else { throw XCTSkip("setpriv(1) is not installed") }
        let directory = TemporaryDirectory()
        chmod(directory.path, 0o755)
        let out = directory.file("out")
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        guard chown(out, 65534, 65534) == 0 else { throw XCTSkip("cannot chown to nobody: \(String(cString: strerror(errno)))") }
        let tool = BackgroundTool("setpriv --reuid=65534 --regid=65534 --clear-groups \(ToolRunner.binDirectory)/vexport -o \(out)/e.jsonl -b 1 --stats",
                                  directory: directory.path)
        var sent = 0
        func send(_ n: Int) {
            for _ in 0..<n {
                sent += 1
                tool.write(#"{"data":{"seq":\#(sent)}}"# + "\n")
            }
        }
        func lines(_ name: String) -> Int { directory.lines("out/" + name).count }
        send(5)
        XCTAssertTrue(tool.waitFor(timeout: 10) { lines("e.jsonl") == 5 }, tool.stderr)
        XCTAssertTrue(Deadline.waitFor(timeout: 10) { ProcessProbe.name(tool.pid) == "vexport" && ProcessProbe.catches(tool.pid, [SIGHUP]) })

        // 1. The file made unwritable, then reopened.
        chmod(out + "/e.jsonl", 0o000)
        tool.signal(SIGHUP)
        XCTAssertTrue(tool.waitFor(timeout: 10) { tool.stderr.contains("e.jsonl: Permission denied") }, tool.stderr)
        send(5)
        XCTAssertTrue(tool.waitFor(timeout: 10) { tool.stderr.contains("Permission denied (open); keeping") }, tool.stderr)
        // A second of failing retries (backoff 0.1 s doubling) must not flood stderr.
        let reportedAt = tool.stderr.count
        XCTAssertFalse(tool.waitFor(timeout: 1) { tool.stderr.count > reportedAt }, "the same error reported again:\n\(tool.stderr)")
        XCTAssertEqual(lines("e.jsonl"), 5)
        chmod(out + "/e.jsonl", 0o600)
        XCTAssertTrue(tool.waitFor(timeout: 15) { lines("e.jsonl") == 10 }, tool.stderr)
        XCTAssertTrue(tool.stderr.contains("e.jsonl: writing again"), tool.stderr)

        // 2. Rotated away, and the directory made read-only: the new file cannot be created.
        XCTAssertEqual(rename(out + "/e.jsonl", out + "/e.jsonl.1"), 0)
        chmod(out, 0o500)
        tool.signal(SIGHUP)
        XCTAssertTrue(tool.waitFor(timeout: 10) { tool.stderr.components(separatedBy: "Permission denied").count > 3 }, tool.stderr)
        send(7)
        XCTAssertTrue(tool.waitFor(timeout: 10) { tool.stderr.components(separatedBy: "events and retrying").count == 3 }, tool.stderr)
        chmod(out, 0o700)
        XCTAssertTrue(tool.waitFor(timeout: 15) { lines("e.jsonl") == 7 }, tool.stderr)
        send(3)
        tool.closeInput()
        XCTAssertEqual(tool.waitForExit(timeout: 15), 0, tool.stderr)
        let rotated = CheckedLines(file: out + "/e.jsonl.1"), current = CheckedLines(file: out + "/e.jsonl")
        XCTAssertEqual(rotated.bad + current.bad, [])
        let lost = assertExactlyOnce([rotated.sequence, current.sequence], count: sent, "permissions")
        XCTAssertEqual(ExportStats(tool.stderr)?.written, sent, tool.stderr)
        Reliability.report("EACCES chmod 000 and read-only directory", pushed: sent, faults: 2, lost: lost)
    }

    // MARK: EIO

    private func requireStrace() throws {
        guard ToolRunner.run("strace -f -o /dev/null true").status == 0 else {
            throw XCTSkip("strace is missing or cannot trace here (ptrace not permitted)")
        }
    }

    /// Runs `vexport -o out ARGUMENTS < in.jsonl` in `directory` under strace, which makes the
    /// writes to `out` fail with EIO as `when` says (`3`: the third; `3+`: from the third on;
    /// -f: the count is kept per thread). strace -P only touches writes to that path.
    private func vexportWithEIO(_ directory: TemporaryDirectory, out: String, when: String, _ arguments: String) -> ToolRunner.Result {
        ToolRunner.run("strace -f -o /dev/null -P \(out) -e trace=write -e inject=write:error=EIO:when=\(when) vexport -o \(out) \(arguments) < in.jsonl",
                       directory: directory.path)
    }

    /// One write of the output fails with EIO (strace -P only touches writes to that path):
    /// vexport reports it, retries and writes everything, exit 0.
    func testInjectedTransientIOErrorIsRetried() throws {
        try requireStrace()
        let directory = TemporaryDirectory()
        input(directory)
        let out = directory.file("out.jsonl")
        let result = vexportWithEIO(directory, out: out, when: "3", "-b 50 --stats")
        XCTAssertEqual(result.status, 0, result.description)
        XCTAssertTrue(result.stderr.contains("out.jsonl: Input/output error (write); keeping 50 events and retrying"), result.stderr)
        XCTAssertTrue(result.stderr.contains("out.jsonl: writing again"), result.stderr)
        let file = CheckedLines(file: out)
        XCTAssertEqual(file.bad, [])
        let lost = assertExactlyOnce([file.sequence], count: Self.count, "one EIO")
        Reliability.report("EIO once (strace)", pushed: Self.count, faults: 1, lost: lost)
    }

    /// Large batches are written by a background thread while the next one fills. When such a
    /// write fails, its events go back in front of those buffered since: after the retry the
    /// file holds every event once and in order.
    func testFailedBackgroundWriteIsRetriedInOrder() throws {
        try requireStrace()
        let directory = TemporaryDirectory()
        input(directory)
        XCTAssertGreaterThan(directory.read("in.jsonl").utf8.count / Self.count * 300, 64 << 10, "batches of 300 must be written in the background")
        let out = directory.file("out.jsonl")
        let result = vexportWithEIO(directory, out: out, when: "2", "-b 300 --stats")
        XCTAssertEqual(result.status, 0, result.description)
        XCTAssertTrue(result.stderr.contains("out.jsonl: Input/output error (write); keeping"), result.stderr)
        XCTAssertTrue(result.stderr.contains("out.jsonl: writing again"), result.stderr)
        let file = CheckedLines(file: out)
        XCTAssertEqual(file.bad, [])
        XCTAssertEqual(file.sequence, Array(1...Self.count), "every event once, in order")
        XCTAssertEqual(ExportStats(result.stderr)?.written, Self.count, result.stderr)
        Reliability.report("EIO on a background write (strace)", pushed: Self.count, faults: 1, lost: Self.count - Set(file.sequence).count)
    }

    /// Every write of the output from the N-th on fails with EIO: a clear error, exit 1, whole
    /// lines in the file, and the file with the rejects file (or stderr) is exactly the input.
    func testInjectedPersistentIOErrorAccountsForEveryEvent() throws {
        try requireStrace()
        var random = StressRandom("EIO")
        let directory = TemporaryDirectory()
        input(directory)
        let out = directory.file("out.jsonl")
        var lost = 0
        for round in 1...4 {
            let batch = [1, 10, 64, 333].randomElement(using: &random)!
            // A write that happens: 1000 events in batches of `batch` take 1000/batch writes.
            let when = Int.random(in: 1...min(12, Self.count / batch), using: &random)
            let rejects = round % 2 == 1
            let context = "EIO from write \(when) on, -b \(batch)\(rejects ? ", --rejects" : "")"
            try? FileManager.default.removeItem(atPath: out)
            try? FileManager.default.removeItem(atPath: directory.file("rejects.jsonl"))
            let result = vexportWithEIO(directory, out: out, when: "\(when)+",
                                        "-b \(batch) --give-up 300ms --stats \(rejects ? "--rejects rejects.jsonl" : "")")
            XCTAssertEqual(result.status, 1, context)
            XCTAssertTrue(result.stderr.contains("out.jsonl: Input/output error (write)"), "\(context)\n\(result.stderr.prefix(500))")
            XCTAssertTrue(result.stderr.contains("events not written, \(rejects ? "appended to rejects.jsonl" : "copied to standard error")"), "\(context)\n\(result.stderr.prefix(500))")
            let file = CheckedLines(file: out)
            XCTAssertEqual(file.bad, [], context)
            XCTAssertTrue(file.endsWithNewline, context)
            let saved = CheckedLines(file: directory.file("rejects.jsonl"))
            XCTAssertEqual(saved.bad, [], context)
            let unwritten = rejects ? saved.sequence : events(in: result.stderr)
            lost += assertExactlyOnce([file.sequence, unwritten], count: Self.count, context)
            XCTAssertEqual(ExportStats(result.stderr)?.unwritten, unwritten.count, context)
        }
        Reliability.report("EIO persistent (strace)", pushed: 4 * Self.count, faults: 4, lost: lost)
    }
}
