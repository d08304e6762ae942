import Foundation
import VCore
import XCTest
@testable import vgen

/// The run loop against an injected clock: when each event is written, what it is stamped, when
/// the run stops. No real sleeping anywhere.
final class GeneratorTests: XCTestCase {
    static let second: Int64 = 1_000_000_000
    static let ms: Int64 = 1_000_000
    /// ManualClock's default realtime: 2026-01-06T12:00:00Z.
    static let epoch: Int64 = 1_767_700_800_000_000_000

    /// Records every write(2) the generator makes, with the clock's monotonic time at that moment.
    final class RecordingWriter: EventWriter {
        struct Write { var at: Int64; var bytes: [UInt8] }
        let clock: (any EventClock)?
        var writes: [Write] = []
        /// Called after each write (e.g. to make the reader slow by advancing the clock).
        var afterWrite: ((Int) -> Void)?
        /// Fail the write with this index (0-based).
        var failAt: (index: Int, failure: OutputBuffer.Failure)?

        init(clock: (any EventClock)?) { self.clock = clock }

        func write(_ bytes: UnsafeRawBufferPointer) throws(OutputBuffer.Failure) {
            if let failAt, failAt.index == writes.count { throw failAt.failure }
            writes.append(Write(at: clock?.monotonicNanoseconds() ?? -1, bytes: Array(bytes)))
            afterWrite?(writes.count - 1)
        }

        var output: [UInt8] { writes.flatMap(\.bytes) }
        var lines: [String] { Self.lines(output) }
        static func lines(_ bytes: [UInt8]) -> [String] {
            String(decoding: bytes, as: UTF8.self).split(separator: "\n").map(String.init)
        }
    }

    /// A clock that oversleeps: every sleep wakes `late` after its deadline (like a busy machine),
    /// and every `hiccupEvery`-th sleep wakes `hiccup` late.
    final class LateClock: EventClock {
        private(set) var monotonic: Int64 = 1_000
        let realtimeOrigin: Int64 = GeneratorTests.epoch - 1_000
        let late: Int64
        let hiccup: Int64
        let hiccupEvery: Int
        private(set) var sleeps = 0
        init(late: Int64, hiccup: Int64 = 0, hiccupEvery: Int = .max) {
            self.late = late
            self.hiccup = hiccup
            self.hiccupEvery = hiccupEvery
        }
        func monotonicNanoseconds() -> Int64 { monotonic }
        func realtimeNanoseconds() -> Int64 { realtimeOrigin + monotonic }
        func sleep(untilMonotonic deadline: Int64) {
            guard deadline > monotonic else { return }
            sleeps += 1
            monotonic = deadline + late + (sleeps % hiccupEvery == 0 ? hiccup : 0)
        }
    }

    /// A clock that must not be used (simulated runs never read or sleep on the real clock).
    final class UnusableClock: EventClock {
        func monotonicNanoseconds() -> Int64 { XCTFail("simulated run read the monotonic clock"); return 0 }
        func realtimeNanoseconds() -> Int64 { XCTFail("simulated run read the realtime clock"); return 0 }
        func sleep(untilMonotonic deadline: Int64) { XCTFail("simulated run slept") }
    }

    static func options(_ configure: (inout GeneratorOptions) -> Void) -> GeneratorOptions {
        var options = GeneratorOptions()
        options.seed = 42
        configure(&options)
        return options
    }

    static func seq(_ line: String) -> Int {
        let range = line.range(of: #""seq":"#)!
        return Int(line[range.upperBound...].prefix { $0.isNumber })!
    }

    /// The value of a top-level string member (the generator writes no escapes in these).
    static func string(_ line: String, _ key: String) -> String {
        guard let range = line.range(of: "\"\(key)\":\"") else { return "" }
        return String(line[range.upperBound...].prefix { $0 != "\"" })
    }

    static func timestamp(_ line: String) -> Int64 {
        let range = line.range(of: #""timestamp":""#)!
        return Timestamp.parse(String(line[range.upperBound...].prefix { $0 != "\"" }))!
    }

    // MARK: Paced, real time

    func testPacedLoopWritesEachEventAloneWhenItsSlotComes() throws {
        let clock = ManualClock(monotonic: 777)
        let writer = RecordingWriter(clock: clock)
        var generator = Generator(options: Self.options { $0.rate = .perSecond(20); $0.count = 100 },
                                  clock: clock, writer: writer)
        let summary = try generator.run()
        XCTAssertEqual(summary.events, 100)
        XCTAssertEqual(summary.ending, .count)
        XCTAssertEqual(writer.writes.count, 100, "one write per event")
        for (k, write) in writer.writes.enumerated() {
            XCTAssertEqual(write.at, 777 + Int64(k) * 50 * Self.ms, "event \(k + 1) written at its slot")
            let lines = RecordingWriter.lines(write.bytes)
            XCTAssertEqual(lines.count, 1)
            XCTAssertEqual(Self.seq(lines[0]), k + 1)
            XCTAssertEqual(Self.timestamp(lines[0]), Self.epoch + Int64(k) * 50 * Self.ms)
        }
        XCTAssertEqual(clock.monotonicNanoseconds(), 777 + 99 * 50 * Self.ms, "no wait after the last event")
        XCTAssertEqual(summary.bytes, writer.output.count)
    }

    func testNoDriftOverASimulatedHourWithLateWakeUps() throws {
        // Every wake-up 3 ms late, every 100th 180 ms late: the schedule must not shift.
        let clock = LateClock(late: 3 * Self.ms, hiccup: 180 * Self.ms, hiccupEvery: 100)
        let writer = RecordingWriter(clock: clock)
        var generator = Generator(options: Self.options { $0.rate = .perSecond(20); $0.duration = 3600 * Self.second },
                                  clock: clock, writer: writer)
        let summary = try generator.run()
        XCTAssertEqual(summary.events, 72_000, "an hour at 20/s")
        XCTAssertEqual(summary.ending, .duration)
        let lines = writer.lines
        XCTAssertEqual(lines.count, 72_000)
        XCTAssertEqual(Self.seq(lines.last!), 72_000)
        // Each event is stamped at or after its slot, and at most one hiccup late.
        for (k, line) in lines.enumerated() {
            let lateness = Self.timestamp(line) - (Self.epoch + Int64(k) * 50 * Self.ms)
            XCTAssertGreaterThanOrEqual(lateness, 0)
            XCTAssertLessThanOrEqual(lateness, 184 * Self.ms)
        }
        // The last event is only the usual 3 ms late: late wake-ups left no trace.
        XCTAssertEqual(Self.timestamp(lines.last!) - (Self.epoch + 71_999 * 50 * Self.ms), 3 * Self.ms)
        // After a hiccup the events that fell behind go out together, in one write.
        XCTAssertLessThan(writer.writes.count, 72_000)
        XCTAssertTrue(writer.writes.contains { RecordingWriter.lines($0.bytes).count >= 4 })
        // The run lasts its full duration.
        XCTAssertGreaterThanOrEqual(clock.monotonicNanoseconds(), 1_000 + 3600 * Self.second)
    }

    func testDurationStopsAtTheRightEventAndLastsTheFullDuration() throws {
        let clock = ManualClock()
        let writer = RecordingWriter(clock: clock)
        var generator = Generator(options: Self.options { $0.rate = .perSecond(20); $0.duration = 2 * Self.second },
                                  clock: clock, writer: writer)
        let summary = try generator.run()
        XCTAssertEqual(summary.events, 40, "slots 0, 50 ms, … 1950 ms; 2000 ms is past the end")
        XCTAssertEqual(summary.ending, .duration)
        XCTAssertEqual(Self.seq(writer.lines.last!), 40)
        XCTAssertEqual(writer.writes.last!.at, 1950 * Self.ms)
        XCTAssertEqual(clock.monotonicNanoseconds(), 2 * Self.second, "slept until the end of the duration")
        XCTAssertEqual(summary.elapsed, 2 * Self.second)
    }

    func testCountAndDurationWhicheverComesFirst() throws {
        for (count, duration, expected) in [(10, 2 * Self.second, 10), (100, 2 * Self.second, 40), (0, 2 * Self.second, 0)] {
            let clock = ManualClock()
            let writer = RecordingWriter(clock: clock)
            var generator = Generator(options: Self.options { $0.rate = .perSecond(20); $0.count = count; $0.duration = duration },
                                      clock: clock, writer: writer)
            let summary = try generator.run()
            XCTAssertEqual(summary.events, expected)
            XCTAssertEqual(writer.lines.count, expected)
            XCTAssertEqual(summary.ending, expected == 40 ? .duration : .count)
        }
    }

    func testFractionalRates() throws {
        for (rate, duration, expected, gap) in [(0.5, 10 * Self.second, 5, 2 * Self.second),
                                               (5.0 / 60, 3600 * Self.second, 300, 12 * Self.second),
                                               (100.0 / 3600, 86_400 * Self.second, 2400, 36 * Self.second)] {
            let clock = ManualClock()
            let writer = RecordingWriter(clock: clock)
            var generator = Generator(options: Self.options { $0.rate = .perSecond(rate); $0.duration = duration },
                                      clock: clock, writer: writer)
            let summary = try generator.run()
            XCTAssertEqual(summary.events, expected, "rate \(rate)")
            XCTAssertEqual(writer.writes.map(\.at), (0..<expected).map { Int64($0) * gap }, "rate \(rate)")
        }
    }

    func testASlowReaderDoesNotExtendTheDuration() throws {
        // The reader takes 300 ms per write: the loop falls behind, catches up in groups, and still
        // stops at the end of the duration (wall time), not after every scheduled event.
        let clock = ManualClock()
        let writer = RecordingWriter(clock: clock)
        writer.afterWrite = { _ in clock.advance(by: 300 * Self.ms) }
        var generator = Generator(options: Self.options { $0.rate = .perSecond(20); $0.duration = 2 * Self.second },
                                  clock: clock, writer: writer)
        let summary = try generator.run()
        XCTAssertEqual(summary.ending, .duration)
        XCTAssertLessThanOrEqual(writer.writes.last!.at, 2 * Self.second)
        let seqs = writer.lines.map(Self.seq)
        XCTAssertEqual(seqs, Array(1...seqs.count), "nothing skipped")
        XCTAssertTrue(writer.writes.contains { RecordingWriter.lines($0.bytes).count > 1 }, "caught up in groups")
    }

    func testPoissonArrivalsKeepTheMeanRate() throws {
        let clock = ManualClock()
        let writer = RecordingWriter(clock: clock)
        var generator = Generator(options: Self.options { $0.rate = .perSecond(20); $0.arrivals = .poisson; $0.duration = 3600 * Self.second },
                                  clock: clock, writer: writer)
        let summary = try generator.run()
        XCTAssertEqual(Double(summary.events), 72_000, accuracy: 72_000 * 0.02)
        let times = writer.writes.map(\.at)
        XCTAssertEqual(times, times.sorted())
        let gaps = zip(times.dropFirst(), times).map { Double($0 - $1) }
        let small = gaps.filter { $0 < 5e6 }.count   // exponential: P(gap < 0.1 mean) ≈ 9.5%
        XCTAssertEqual(Double(small) / Double(gaps.count), 0.095, accuracy: 0.02)
    }

    // MARK: Bursts

    func testUnpacedBurstsComeOutAtOnceAtEachWindowStart() throws {
        let clock = ManualClock(monotonic: 5)
        let writer = RecordingWriter(clock: clock)
        var generator = Generator(options: Self.options { $0.rate = .max; $0.burst = .init(size: 50, every: 10 * Self.second); $0.count = 150 },
                                  clock: clock, writer: writer)
        let summary = try generator.run()
        XCTAssertEqual(summary.events, 150)
        XCTAssertEqual(writer.writes.map(\.at), [5, 5 + 10 * Self.second, 5 + 20 * Self.second])
        XCTAssertEqual(writer.writes.map { RecordingWriter.lines($0.bytes).count }, [50, 50, 50], "one write per burst")
        XCTAssertEqual(writer.lines.map(Self.seq), Array(1...150))
    }

    func testPacedBurstsThenQuiet() throws {
        // 5 events at 10/s (0, 100 … 400 ms) every 10 s, for 25 s: 3 bursts.
        let clock = ManualClock()
        let writer = RecordingWriter(clock: clock)
        var generator = Generator(options: Self.options {
            $0.rate = .perSecond(10); $0.burst = .init(size: 5, every: 10 * Self.second); $0.duration = 25 * Self.second
        }, clock: clock, writer: writer)
        let summary = try generator.run()
        XCTAssertEqual(summary.events, 15)
        var expected: [Int64] = []
        for window in 0..<3 {
            for k in 0..<5 { expected.append(Int64(window) * 10 * Self.second + Int64(k) * 100 * Self.ms) }
        }
        XCTAssertEqual(writer.writes.map(\.at), expected)
        XCTAssertEqual(clock.monotonicNanoseconds(), 25 * Self.second)
    }

    // MARK: Unpaced and simulated

    func testRateMaxIsBlockBufferedAndNeverSleeps() throws {
        let clock = ManualClock()
        let writer = RecordingWriter(clock: clock)
        var generator = Generator(options: Self.options { $0.rate = .max; $0.count = 5_000 }, clock: clock, writer: writer)
        XCTAssertFalse(generator.isPaced)
        let summary = try generator.run()
        XCTAssertEqual(summary.events, 5_000)
        XCTAssertEqual(clock.sleeps, 0)
        XCTAssertGreaterThan(writer.writes.count, 1)
        XCTAssertLessThan(writer.writes.count, 20)
        for write in writer.writes.dropLast() {
            XCTAssertGreaterThanOrEqual(write.bytes.count, Generator.blockSize)
            XCTAssertEqual(write.bytes.last, UInt8(ascii: "\n"), "blocks end with whole lines")
        }
        XCTAssertEqual(writer.lines.map(Self.seq), Array(1...5_000))
    }

    func testSimulatedClockStampsTheScheduleWithoutTouchingTheClock() throws {
        let start = Timestamp.parse("2026-01-06T12:00:00Z")!
        let writer = RecordingWriter(clock: nil)
        var generator = Generator(options: Self.options { $0.rate = .perSecond(50); $0.start = start; $0.count = 1_000 },
                                  clock: UnusableClock(), writer: writer)
        XCTAssertFalse(generator.isPaced)
        let summary = try generator.run()
        XCTAssertEqual(summary.events, 1_000)
        XCTAssertEqual(writer.writes.count, 1 + summary.bytes / Generator.blockSize, "block-buffered")
        let lines = writer.lines
        XCTAssertTrue(lines[0].contains(#""timestamp":"2026-01-06T12:00:00.000000+00:00""#))
        XCTAssertTrue(lines[1].contains(#""timestamp":"2026-01-06T12:00:00.020000+00:00""#))
        for (k, line) in lines.enumerated() { XCTAssertEqual(Self.timestamp(line), start + Int64(k) * 20 * Self.ms) }
    }

    func testSimulatedDurationAndBursts() throws {
        let start = Timestamp.parse("2026-01-06T00:00:00Z")!
        var generator = Generator(options: Self.options { $0.rate = .perSecond(50.0 / 60); $0.start = start; $0.duration = 86_400 * Self.second },
                                  clock: UnusableClock(), writer: RecordingWriter(clock: nil))
        XCTAssertEqual(try generator.run().events, 72_000)

        let writer = RecordingWriter(clock: nil)
        var bursts = Generator(options: Self.options {
            $0.rate = .max; $0.burst = .init(size: 50, every: 60 * Self.second); $0.start = start; $0.duration = 3600 * Self.second
        }, clock: UnusableClock(), writer: writer)
        XCTAssertEqual(try bursts.run().events, 3_000)
        let stamps = writer.lines.map(Self.timestamp)
        XCTAssertEqual(Set(stamps).count, 60)
        XCTAssertEqual(stamps[49], start)
        XCTAssertEqual(stamps[50], start + 60 * Self.second)
    }

    func testSeedAndStartAreByteForByteReproducible() throws {
        func run(seed: UInt64, arrivals: Pacer.Arrivals) throws -> [UInt8] {
            let writer = RecordingWriter(clock: nil)
            var generator = Generator(options: Self.options {
                $0.seed = seed; $0.arrivals = arrivals; $0.rate = .perSecond(5); $0.start = Self.epoch; $0.count = 3_000
            }, clock: UnusableClock(), writer: writer)
            _ = try generator.run()
            return writer.output
        }
        for arrivals in [Pacer.Arrivals.even, .poisson] {
            XCTAssertEqual(try run(seed: 7, arrivals: arrivals), try run(seed: 7, arrivals: arrivals))
            XCTAssertNotEqual(try run(seed: 7, arrivals: arrivals), try run(seed: 8, arrivals: arrivals))
        }
    }

    func testTimingOptionsDoNotChangeWhatHappens() throws {
        // Same seed: the same events (ids, names) whether paced, unpaced, simulated or poisson.
        func ids(_ configure: (inout GeneratorOptions) -> Void) throws -> [String] {
            let clock = ManualClock()
            let writer = RecordingWriter(clock: clock)
            var generator = Generator(options: Self.options { $0.count = 200; configure(&$0) }, clock: clock, writer: writer)
            _ = try generator.run()
            return writer.lines.map { Self.string($0, "id") + " " + Self.string($0, "name") + " " + Self.string($0, "session_id") }
        }
        let reference = try ids { $0.rate = .max }
        XCTAssertEqual(try ids { $0.rate = .perSecond(20) }, reference)
        XCTAssertEqual(try ids { $0.rate = .perSecond(20); $0.arrivals = .poisson }, reference)
        XCTAssertEqual(try ids { $0.rate = .perSecond(3); $0.start = 0 }, reference)
    }

    // MARK: Output failures

    func testAReaderThatWentAwayEndsTheRunQuietly() throws {
        let clock = ManualClock()
        let writer = RecordingWriter(clock: clock)
        writer.failAt = (3, .readerClosed)
        var generator = Generator(options: Self.options { $0.rate = .perSecond(20) }, clock: clock, writer: writer)
        let summary = try generator.run()   // would run forever without the reader leaving
        XCTAssertEqual(summary.ending, .readerClosed)
        XCTAssertEqual(summary.events, 4)
        XCTAssertEqual(writer.writes.count, 3)
    }

    func testAFailedWriteIsAnError() {
        let clock = ManualClock()
        let writer = RecordingWriter(clock: clock)
        writer.failAt = (0, .failed(SystemError("write", path: "stdout", code: ENOSPC)))
        var generator = Generator(options: Self.options { $0.rate = .max; $0.count = 10 }, clock: clock, writer: writer)
        XCTAssertThrowsError(try generator.run()) { error in
            guard case .failed(let failure) = error as? OutputBuffer.Failure else { return XCTFail("\(error)") }
            XCTAssertEqual(failure.code, ENOSPC)
        }
    }

    func testStatisticsLine() {
        let summary = Generator.Summary(events: 1000, bytes: 412_345, ending: .duration, elapsed: 2_005_000_000)
        XCTAssertEqual(summary.statisticsLine, "1000 events, 412345 bytes in 2.005s (499 events/s), ended by duration")
    }
}
