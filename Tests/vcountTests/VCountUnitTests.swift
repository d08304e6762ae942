import XCTest
import VCore
@testable import vcount

final class GroupTableTests: XCTestCase {
    func testCountsManyKeysAcrossGrowth() {
        var table = GroupTable(capacity: 2)
        for round in 1...3 {
            for i in 0..<5000 {
                Array("key-\(i)".utf8).withUnsafeBytes { table.add($0, amount: round) }
            }
        }
        Array<UInt8>().withUnsafeBytes { table.add($0) }
        XCTAssertEqual(table.count, 5001)
        for entry in 0..<5000 {
            XCTAssertEqual(String(decoding: table.key(entry), as: UTF8.self), "key-\(entry)")
            XCTAssertEqual(table.counts[entry], 6)
        }
        XCTAssertEqual(table.key(5000).count, 0)
        XCTAssertEqual(table.counts[5000], 1)
    }

    func testKeysThatDifferOnlyInLengthOrLastByteAreDistinct() {
        var table = GroupTable()
        for key in ["a", "a\u{0}", "ab", "abcdefgh", "abcdefgi", "abcdefghi"] {
            Array(key.utf8).withUnsafeBytes { table.add($0) }
        }
        XCTAssertEqual(table.count, 6)
        XCTAssertEqual(table.counts, [1, 1, 1, 1, 1, 1])
    }
}

final class BucketsTests: XCTestCase {
    func testUTCBucketsFloorAlsoBeforeTheEpoch() {
        var buckets = Buckets(length: 60_000_000_000, local: false)
        XCTAssertEqual(buckets.index(of: 0), 0)
        XCTAssertEqual(buckets.index(of: 59_999_999_999), 0)
        XCTAssertEqual(buckets.index(of: 60_000_000_000), 1)
        XCTAssertEqual(buckets.index(of: -1), -1)
        XCTAssertEqual(buckets.start(of: -1), -60_000_000_000)
        XCTAssertEqual(buckets.fractionDigits, 0)
        XCTAssertEqual(Buckets(length: 1_500_000_000, local: false).fractionDigits, 3)
    }

    /// Local days across a daylight-saving change (a fake zone: +1h before 1000 s, +2h from then).
    func testLocalDaysFollowTheOffsetInForce() {
        let change: Int64 = 1000
        let offset: (Int64) -> Int = { $0 < change ? 3600 : 7200 }
        var buckets = Buckets(length: 86_400_000_000_000, local: true, offsetAt: offset)
        // 1969-12-31T23:00:00Z is local midnight of 1 January 1970 (+01:00).
        XCTAssertEqual(buckets.index(of: -3_600_000_000_000), 0)
        XCTAssertEqual(buckets.index(of: -3_600_000_000_001), -1)
        XCTAssertEqual(buckets.start(of: 0), -3_600_000_000_000)
        XCTAssertEqual(buckets.displayOffset(of: 0), 3600)
        // The next local midnight is after the change: 2 hours before 86400 s UTC.
        XCTAssertEqual(buckets.start(of: 1), (86_400 - 7200) * 1_000_000_000)
        XCTAssertEqual(buckets.index(of: (86_400 - 7200) * 1_000_000_000), 1)
        XCTAssertEqual(buckets.index(of: (86_400 - 7200) * 1_000_000_000 - 1), 0)
        XCTAssertEqual(buckets.displayOffset(of: 1), 7200)
    }
}

final class SnapshotScheduleTests: XCTestCase {
    func testDeadlinesAreAbsoluteAndMissedOnesAreSkipped() {
        let clock = ManualClock(monotonic: 1_000)
        var schedule = SnapshotSchedule(interval: 10_000_000_000, clock: clock)
        XCTAssertFalse(schedule.isDue)
        XCTAssertEqual(schedule.timeoutMilliseconds(), 10_000)
        clock.advance(by: 9_999_500_000)
        XCTAssertEqual(schedule.timeoutMilliseconds(), 1)  // rounded up, never a busy 0
        XCTAssertFalse(schedule.isDue)
        clock.advance(by: 500_000)
        XCTAssertTrue(schedule.isDue)
        XCTAssertEqual(schedule.timeoutMilliseconds(), 0)
        // A snapshot that took 3 s does not push later ones back.
        clock.advance(by: 3_000_000_000)
        schedule.advance()
        XCTAssertEqual(schedule.next, 1_000 + 20_000_000_000)
        XCTAssertEqual(schedule.timeoutMilliseconds(), 7_000)
        // A 35 s stall (now 48 s): the missed deadlines (20 s, 30 s, 40 s) are skipped; the
        // next is the first one in the future, still on the grid.
        clock.advance(by: 35_000_000_000)
        schedule.advance()
        XCTAssertEqual(schedule.next, 1_000 + 50_000_000_000)
    }
}

final class CounterAndReportTests: XCTestCase {
    func options(_ arguments: [String], terminal: Bool = false) throws -> CountOptions {
        try VCountCommand.options(from: OptionParser.parse(arguments, spec: VCountCommand.spec),
                                  stdinIsTerminal: terminal, defaultPath: { "/events/default.jsonl" })
    }

    func count(_ lines: [String], _ arguments: [String]) throws -> (Counter, [Counter.LineKind]) {
        let counter = Counter(options: try options(arguments))
        let kinds = lines.map { line in Array(line.utf8).withUnsafeBytes { counter.count(line: $0) } }
        return (counter, kinds)
    }

    func render(_ counter: Counter) throws -> String {
        var bytes: [UInt8] = []
        ReportRenderer(options: counter.options).render(try Report(counter), into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    func testInputRule() throws {
        XCTAssertEqual(try options([]).inputs, [.standardInput])
        XCTAssertEqual(try options([], terminal: true).inputs, [.path("/events/default.jsonl")])
        XCTAssertEqual(try options(["a", "-", "b"], terminal: true).inputs, [.path("a"), .standardInput, .path("b")])
    }

    func testLineKinds() throws {
        let (counter, kinds) = try count(["{}", "", "  \r", "{\"a\":1}\r", " {\"a\":1} ", "[1]", "1", "{", "{} {}", "{\"a\":\"\u{1}\"}"], [])
        XCTAssertEqual(kinds, [.event, .blank, .blank, .event, .event, .malformed, .malformed, .malformed, .malformed, .malformed])
        XCTAssertEqual(counter.total, 3)
    }

    func testMissingAndNullGroupTogetherAndValuesAreNormalised() throws {
        let (counter, _) = try count([
            #"{"a":null}"#, #"{"b":1}"#, #"{"a":"\u0041"}"#, #"{"a":"A"}"#, #"{"a":[1, {"x" : 2}]}"#, #"{"a":[1,{"x":2}]}"#,
        ], ["--by", "a", "--format", "json"])
        XCTAssertEqual(try render(counter), """
        {"a":"A","count":2}
        {"a":[1,{"x":2}],"count":2}
        {"a":null,"count":2}

        """)
    }

    func testTopPerBucket() throws {
        let lines = ["a", "a", "b", "c", "c", "c"].enumerated().map { i, name in
            #"{"name":"\#(name)","timestamp":\#(1_767_700_800 + (i < 3 ? 0 : 120))}"#
        }
        let (counter, _) = try count(lines, ["--by", "name", "--per", "minute", "--top", "1", "--format", "tsv"])
        XCTAssertEqual(try render(counter), """
        start\tname\tcount
        2026-01-06T12:00:00+00:00\ta\t2
        2026-01-06T12:01:00+00:00\t\t0
        2026-01-06T12:02:00+00:00\tc\t3

        """)
    }

    func testBarsUseEighths() throws {
        var renderer = ReportRenderer(options: try options(["--per", "minute"]))
        XCTAssertEqual(String(decoding: renderer.bar(80, of: 80), as: UTF8.self), String(repeating: "█", count: 40))
        XCTAssertEqual(String(decoding: renderer.bar(1, of: 80), as: UTF8.self), "▌")   // 4 eighths
        XCTAssertEqual(String(decoding: renderer.bar(1, of: 1000), as: UTF8.self), "▏")  // never invisible
        XCTAssertEqual(String(decoding: renderer.bar(3, of: 64), as: UTF8.self), "█▉")   // 15 eighths
        XCTAssertEqual(renderer.bar(0, of: 10), [])
        renderer.ascii = true
        XCTAssertEqual(String(decoding: renderer.bar(1, of: 1000), as: UTF8.self), "#")
    }

    func testNumberFormatting() {
        XCTAssertEqual(Display.rate(12.5), "12.50")
        XCTAssertEqual(Display.rate(0.034_72), "0.0347")
        XCTAssertEqual(Display.rate(0.5), "0.500")
        XCTAssertEqual(Display.fixed(2.005, decimals: 0), "2")
        XCTAssertEqual(Display.decimal(20.373078, maximumDigits: 6), "20.373078")
        XCTAssertEqual(Display.decimal(120, maximumDigits: 6), "120")
        XCTAssertEqual(Display.width(Array("日本a".utf8)), 5)
        var cell: [UInt8] = []
        DisplayText.appendEscaped(Array("a\tb\\".utf8), to: &cell)
        XCTAssertEqual(cell, Array("a\\tb\\\\".utf8))
    }

    func testParallelCountMatchesSerialAndNumbersLinesExactly() throws {
        let path = "/tmp/vcount-unit-\(getpid()).jsonl"
        defer { unlink(path) }
        var text = ""
        for i in 0..<3000 {
            text += i == 1234 || i == 2999 ? "{bad\n" : #"{"k":\#(i % 7),"timestamp":\#(1_767_700_800 + i)}"# + "\n"
        }
        text += #"{"k":0}"#  // unterminated last line
        let fd = try FileDescriptor.open(path, O_WRONLY | O_CREAT | O_TRUNC)
        try fd.writeAll(Array(text.utf8))
        fd.close()
        let reader = try FileDescriptor.open(path, O_RDONLY)
        defer { reader.close() }
        let arguments = ["--by", "k", "--rate", "--format", "json"]
        for threads in [1, 2, 3, 4] {
            let counter = Counter(options: try options(arguments))
            let result = ParallelCount.count(path: path, descriptor: reader, size: Int64(text.utf8.count), threads: threads, into: counter)
            guard case .success(let malformed) = result else { return XCTFail("\(result)") }
            XCTAssertEqual(malformed.count, 2, "threads \(threads)")
            XCTAssertEqual(malformed.firstLine, 1235, "threads \(threads)")
            XCTAssertEqual(counter.total, 2999)
            XCTAssertEqual(counter.firstTime, 1_767_700_800 * 1_000_000_000)
            XCTAssertEqual(try render(counter).split(separator: "\n").first, #"{"k":0,"count":430,"per_second":0.143,"per_minute":8.61}"#)
        }
    }
}
