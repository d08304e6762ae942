import XCTest
@testable import VCore

final class PacerTests: XCTestCase {
    private let second: Int64 = 1_000_000_000

    func testNoDriftOverAnHourAt20PerSecond() {
        let clock = ManualClock(monotonic: 5_000)
        var rng = SeededRandom(seed: 1)
        var pacer = Pacer(eventsPerSecond: 20, arrivals: .even, startMonotonic: clock.monotonicNanoseconds())
        var due: Int64 = 0
        for k in 0...72_000 {
            due = pacer.nextDue(using: &rng)
            XCTAssertEqual(due, 5_000 + Int64(k) * 50_000_000)
            clock.sleep(untilMonotonic: due)
            if k % 1000 == 999 { clock.advance(by: 3_000_000) }   // a slow writer: must not shift the schedule
        }
        XCTAssertEqual(due, 5_000 + 3600 * second)
        XCTAssertEqual(clock.monotonicNanoseconds(), 5_000 + 3600 * second)   // caught up: the delays left no trace
        XCTAssertGreaterThan(clock.sleeps, 71_000)
    }

    func testFractionalRates() {
        var rng = SeededRandom(seed: 1)
        var half = Pacer(eventsPerSecond: 0.5, arrivals: .even, startMonotonic: 0)
        XCTAssertEqual((0..<4).map { _ in half.nextDue(using: &rng) }, [0, 2 * second, 4 * second, 6 * second])

        var fivePerMinute = Pacer(eventsPerSecond: 5.0 / 60.0, arrivals: .even, startMonotonic: 100)
        let dues = (0...300).map { _ in fivePerMinute.nextDue(using: &rng) }
        XCTAssertEqual(dues[1], 100 + 12 * second)
        XCTAssertEqual(dues[5], 100 + 60 * second)
        XCTAssertEqual(dues[300], 100 + 3600 * second)

        var third = Pacer(eventsPerSecond: 3, arrivals: .even, startMonotonic: 0)
        let thirds = (0...3).map { _ in third.nextDue(using: &rng) }
        XCTAssertEqual(thirds, [0, 333_333_333, 666_666_666, second])
    }

    func testUnpacedIsDueImmediately() {
        var rng = SeededRandom(seed: 1)
        for rate in [0.0, -1, .infinity] {
            var pacer = Pacer(eventsPerSecond: rate, arrivals: .even, startMonotonic: 42)
            XCTAssertFalse(pacer.isPaced)
            for _ in 0..<10 { XCTAssertEqual(pacer.nextDue(using: &rng), 42) }
        }
    }

    func testPoissonMeanGapAndMonotonicity() {
        var rng = SeededRandom(seed: 12345)
        var pacer = Pacer(eventsPerSecond: 20, arrivals: .poisson, startMonotonic: 0)
        XCTAssertEqual(pacer.nextDue(using: &rng), 0)
        var previous: Int64 = 0
        var gaps: [Double] = []
        let n = 200_000
        for _ in 0..<n {
            let due = pacer.nextDue(using: &rng)
            XCTAssertGreaterThanOrEqual(due, previous)
            gaps.append(Double(due - previous))
            previous = due
        }
        let mean = gaps.reduce(0, +) / Double(n)
        XCTAssertEqual(mean, 50_000_000, accuracy: 50_000_000 * 0.01)           // ~0.22% std error
        let variance = gaps.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n)
        XCTAssertEqual(variance.squareRoot(), 50_000_000, accuracy: 50_000_000 * 0.02)   // exponential: sd == mean
        // Same seed, same schedule.
        var a = SeededRandom(seed: 9), b = SeededRandom(seed: 9)
        var p1 = Pacer(eventsPerSecond: 7, arrivals: .poisson, startMonotonic: 0)
        var p2 = Pacer(eventsPerSecond: 7, arrivals: .poisson, startMonotonic: 0)
        for _ in 0..<1000 { XCTAssertEqual(p1.nextDue(using: &a), p2.nextDue(using: &b)) }
    }

    func testUnpacedBurstsAreBackToBackAtWindowStarts() {
        var rng = SeededRandom(seed: 1)
        var pacer = Pacer(eventsPerSecond: .infinity, arrivals: .even, startMonotonic: 7,
                          burst: .init(size: 50, every: 10 * second))
        for window in 0..<5 {
            for _ in 0..<50 {
                XCTAssertEqual(pacer.nextDue(using: &rng), 7 + Int64(window) * 10 * second)
            }
        }
    }

    func testPacedBurstsAreSpacedAtTheRateInsideTheWindow() {
        var rng = SeededRandom(seed: 1)
        var pacer = Pacer(eventsPerSecond: 10, arrivals: .even, startMonotonic: 0,
                          burst: .init(size: 50, every: 60 * second))
        for window in 0..<3 {
            let dues = (0..<50).map { _ in pacer.nextDue(using: &rng) }
            let start = Int64(window) * 60 * second
            XCTAssertEqual(dues.first, start)
            XCTAssertEqual(dues[1], start + 100_000_000)
            XCTAssertEqual(dues.last, start + 4_900_000_000)   // 5 s of activity per minute
        }
        var poisson = Pacer(eventsPerSecond: 10, arrivals: .poisson, startMonotonic: 0,
                            burst: .init(size: 5, every: 60 * second))
        for window in 0..<20 {
            let dues = (0..<5).map { _ in poisson.nextDue(using: &rng) }
            XCTAssertEqual(dues[0], Int64(window) * 60 * second)
            XCTAssertEqual(dues, dues.sorted())
            XCTAssertLessThan(dues[4], Int64(window + 1) * 60 * second)
        }
    }

    func testOverrunningBurstNeverGoesBackwards() {
        var rng = SeededRandom(seed: 1)
        // 30 events at 10/s need 3 s, windows are 2 s long: spill-over, but monotone.
        var pacer = Pacer(eventsPerSecond: 10, arrivals: .even, startMonotonic: 0,
                          burst: .init(size: 30, every: 2 * second))
        var previous: Int64 = .min
        for _ in 0..<300 {
            let due = pacer.nextDue(using: &rng)
            XCTAssertGreaterThanOrEqual(due, previous)
            previous = due
        }
    }

    func testManualClock() {
        let clock = ManualClock()
        XCTAssertEqual(clock.realtimeNanoseconds(), 1_767_700_800_000_000_000)
        clock.sleep(untilMonotonic: -5)
        XCTAssertEqual(clock.sleeps, 0)
        clock.sleep(untilMonotonic: 1_000)
        XCTAssertEqual(clock.sleeps, 1)
        XCTAssertEqual(clock.monotonicNanoseconds(), 1_000)
        XCTAssertEqual(clock.realtimeNanoseconds(), 1_767_700_800_000_001_000)
        clock.advance(by: 500)
        XCTAssertEqual(clock.monotonicNanoseconds(), 1_500)
    }

    func testSystemClockSleepsUntilDeadline() {
        let clock = SystemClock()
        let start = clock.monotonicNanoseconds()
        clock.sleep(untilMonotonic: start + 20_000_000)
        XCTAssertGreaterThanOrEqual(clock.monotonicNanoseconds(), start + 20_000_000)
        clock.sleep(untilMonotonic: start)   // past: returns at once
        let wall = clock.realtimeNanoseconds()
        XCTAssertGreaterThan(wall, 1_700_000_000_000_000_000)
    }
}
