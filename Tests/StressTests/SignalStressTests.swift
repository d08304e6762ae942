import Foundation
import XCTest

/// `vgen --rate max | vexport` interrupted by SIGTERM, SIGINT and SIGKILL at random moments:
/// the file never holds a torn or invalid line, holds a gap-free prefix of what vgen sent, and
/// after TERM/INT `--stats` reports exactly the lines in the file.
final class SignalStressTests: XCTestCase {
    static let rounds = 20

    func testTermMidStream() throws { try interrupt(SIGTERM, "TERM") }
    func testIntMidStream() throws { try interrupt(SIGINT, "INT") }
    func testKillMidStream() throws { try interrupt(SIGKILL, "KILL") }

    /// What a writer killed mid-write leaves (a partial last line) is ended by the next writer
    /// with a newline: one malformed line, and the new events whole after it, not glued to it.
    func testNextWriterEndsALineCutByAKilledWriter() throws {
        let directory = TemporaryDirectory()
        directory.write("out.jsonl", #"{"data":{"seq":1}}"# + "\n" + #"{"data":{"seq":2},"cut":"hal"#)
        let next = ToolRunner.run("vgen --rate max --count 3 --seed 99 | vexport -o out.jsonl -b 2", directory: directory.path)
        XCTAssertEqual(next.status, 0, next.description)
        let lines = directory.lines("out.jsonl")
        XCTAssertEqual(lines.count, 5, directory.read("out.jsonl"))
        XCTAssertEqual(lines.dropFirst().first, #"{"data":{"seq":2},"cut":"hal"#)
        let after = CheckedLines(file: directory.file("out.jsonl"))
        XCTAssertEqual(after.bad.count, 1)
        XCTAssertEqual(after.sequence, [1, 1, 2, 3])
        XCTAssertTrue(after.endsWithNewline)
        // A whole file is left alone.
        let again = ToolRunner.run("vgen --rate max --count 1 --seed 98 | vexport -o out.jsonl", directory: directory.path)
        XCTAssertEqual(again.status, 0, again.description)
        XCTAssertEqual(directory.lines("out.jsonl").count, 6)
    }

    /// Whether a cut-off text can be the beginning of event `number`: its `"seq":` value, when
    /// the cut left one, is that number, or (cut inside or right before the digits) a prefix of it.
    static func fragment(_ fragment: String, canBeginEventNumber number: Int) -> Bool {
        guard let key = fragment.range(of: "\"seq\":") else { return true }
        let rest = fragment[key.upperBound...]
        let digits = rest.prefix { $0.isASCII && $0.isNumber }
        let expected = String(number)
        return digits.count == rest.count ? expected.hasPrefix(digits) : digits == expected
    }

    func testFragmentCheckAcceptsEveryCutOfTheNextEvent() {
        XCTAssertTrue(Self.fragment(#"{"id":"x","data":{"seq":"#, canBeginEventNumber: 12))
        XCTAssertTrue(Self.fragment(#"{"id":"x","data":{"seq":1"#, canBeginEventNumber: 12))
        XCTAssertTrue(Self.fragment(#"{"id":"x","data":{"seq":12,"#, canBeginEventNumber: 12))
        XCTAssertTrue(Self.fragment(#"{"id":"x","data":{"se"#, canBeginEventNumber: 12))
        XCTAssertFalse(Self.fragment(#"{"id":"x","data":{"seq":13,"#, canBeginEventNumber: 12))
        XCTAssertFalse(Self.fragment(#"{"id":"x","data":{"seq":2"#, canBeginEventNumber: 12))
        XCTAssertFalse(Self.fragment(#"{"id":"x","data":{"seq":1}"#, canBeginEventNumber: 12))
    }

    private func interrupt(_ signo: Int32, _ name: String) throws {
        var random = StressRandom("signals \(name)")
        let batchSizes = [1, 3, 10, 64, 500, 1000]
        let intervals = ["0", "5ms", "50ms", "60s"]
        var pushed = 0, lost = 0, tornByKill = 0
        for round in 1...Self.rounds {
            let directory = TemporaryDirectory()
            let batch = batchSizes.randomElement(using: &random)!
            let interval = intervals.randomElement(using: &random)!
            let delay = UInt32.random(in: 0...300_000, using: &random)
            let context = "\(name) round \(round): -b \(batch) -i \(interval), \(delay / 1000) ms"
            // $! of a background pipeline is its last command: vexport's pid, so the signal goes
            // to vexport only; vgen ends with EPIPE (or dies with the pipe).
            directory.write("run.sh", """
                vgen --rate max --seed \(round) | vexport --stats -o out.jsonl -b \(batch) -i \(interval) --rejects rejects.jsonl &
                echo $! > pid
                wait $!
                """)
            let tool = BackgroundTool("sh run.sh", directory: directory.path)
            guard let pid = directory.waitForPID("pid") else { return XCTFail("\(context): no pid") }
            if signo != SIGKILL {
                // Any moment after vexport can handle the signal (before that, TERM's default
                // action would end it, which is not what is being tested here).
                XCTAssertTrue(Deadline.waitFor(timeout: 10) { ProcessProbe.catches(pid, [SIGTERM, SIGINT]) }, context)
            }
            usleep(delay)
            kill(pid, signo)
            guard let status = tool.waitForExit(timeout: 30) else { return XCTFail("\(context): vexport did not stop") }

            var lines = CheckedLines(file: directory.file("out.jsonl"))
            if signo == SIGKILL && !lines.endsWithNewline {
                // Linux stops a large write(2) to a file between pages when the writer gets
                // SIGKILL: the last line may be cut, and only the last. The next writer must end
                // it, so that its own events stay whole.
                XCTAssertEqual(lines.bad.count, 1, "\(context): \(lines.bad)")
                tornByKill += 1
                let next = ToolRunner.run("vgen --rate max --count 3 --seed 99 | vexport -o out.jsonl", directory: directory.path)
                XCTAssertEqual(next.status, 0, next.description)
                let after = CheckedLines(file: directory.file("out.jsonl"))
                XCTAssertEqual(after.bad, lines.bad, "\(context): the next writer's events were damaged")
                XCTAssertEqual(after.objects.count, lines.objects.count + 3, context)
                XCTAssertTrue(after.endsWithNewline, context)
                lines.bad = []
            }
            XCTAssertEqual(lines.bad, [], context)
            XCTAssertTrue(lines.endsWithNewline || signo == SIGKILL, "\(context): the file ends mid-line")
            // One producer, batches in order: the file is vgen's events 1...N without a gap.
            let sequence = lines.sequence
            let gaps = zip(sequence, 1...).filter { $0 != $1 }.count
            XCTAssertEqual(gaps, 0, "\(context): a gap or a reordering at \(String(describing: zip(sequence, 1...).first { $0 != $1 }))")
            lost += gaps
            pushed += sequence.count
            if signo == SIGKILL {
                XCTAssertEqual(status, 128 + SIGKILL, "\(context)\n\(tool.stderr)")
                continue
            }
            // Drained and written: status 0, or 1 when the producer was cut mid-line (that
            // fragment is rejected, and kept in the rejects file).
            XCTAssertTrue(status == 0 || status == 1, "\(context): status \(status)\n\(tool.stderr)")
            guard let stats = ExportStats(tool.stderr) else { XCTFail("\(context): no stats\n\(tool.stderr)"); continue }
            XCTAssertEqual(stats.read, lines.objects.count, "\(context)\n\(tool.stderr)")
            XCTAssertEqual(stats.written, lines.objects.count, "\(context)\n\(tool.stderr)")
            XCTAssertEqual(stats.unwritten, 0, context)
            lost += max(0, stats.read - lines.objects.count) + stats.unwritten
            let rejects = directory.lines("rejects.jsonl")
            XCTAssertEqual(stats.rejected, rejects.count, "\(context)\n\(tool.stderr)")
            XCTAssertLessThanOrEqual(rejects.count, 1, "\(context): only the cut-off last text may be rejected")
            XCTAssertEqual(status == 1, stats.rejected > 0, "\(context)\n\(tool.stderr)")
            if let fragment = rejects.first {
                // The beginning of the next event vgen sent: nothing between it and the file.
                XCTAssertTrue(Self.fragment(fragment, canBeginEventNumber: sequence.count + 1), "\(context): \(fragment.prefix(200))")
            }
        }
        if signo == SIGKILL { print("signals KILL: \(tornByKill) of \(Self.rounds) rounds cut the last line mid-write") }
        Reliability.report("signals \(name)", pushed: pushed, faults: Self.rounds, lost: lost)
    }
}
