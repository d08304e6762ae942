import XCTest
@testable import VCore

/// Hybrid flushing with an injected clock: times are plain numbers, nothing sleeps.
final class FlushPolicyTests: XCTestCase {
    let second: Int64 = 1_000_000_000

    func testSizeTriggerFiresOnTheNthEvent() {
        var policy = FlushPolicy(maximumEvents: 10, interval: 60 * second)
        for i in 1...9 { XCTAssertFalse(policy.eventAdded(at: Int64(i) * second), "event \(i)") }
        XCTAssertTrue(policy.eventAdded(at: 10 * second))
        policy.flushed()
        XCTAssertNil(policy.deadline)
        XCTAssertEqual(policy.pendingEvents, 0)
    }

    func testIntervalCountsFromTheOldestBufferedEvent() {
        var policy = FlushPolicy(maximumEvents: 10, interval: 60 * second)
        XCTAssertEqual(policy.pollTimeout(at: 0), -1, "nothing buffered: wait forever")
        _ = policy.eventAdded(at: 5 * second)
        _ = policy.eventAdded(at: 50 * second)
        XCTAssertEqual(policy.deadline, 65 * second, "the oldest event sets the deadline")
        XCTAssertFalse(policy.isDue(at: 65 * second - 1))
        XCTAssertTrue(policy.isDue(at: 65 * second))
        XCTAssertEqual(policy.pollTimeout(at: 5 * second), 60_000)
        XCTAssertEqual(policy.pollTimeout(at: 70 * second), 0)
    }

    func testTimeoutRoundsUpSoTheLoopNeverWakesEarlyAndSpins() {
        var policy = FlushPolicy(maximumEvents: 10, interval: 1_500_000) // 1.5 ms
        _ = policy.eventAdded(at: 0)
        XCTAssertEqual(policy.pollTimeout(at: 0), 2)
        XCTAssertEqual(policy.pollTimeout(at: 1_499_999), 1)
    }

    func testSeedScenarios() {
        // Low activity: 5 events in a minute are written by the timer, 60 s after the first.
        var low = FlushPolicy(maximumEvents: 10, interval: 60 * second)
        for i in 0..<5 { XCTAssertFalse(low.eventAdded(at: Int64(i) * 10 * second)) }
        XCTAssertEqual(low.deadline, 60 * second)
        // Bursts: 50 events in 10 s make exactly 5 size flushes of 10.
        var burst = FlushPolicy(maximumEvents: 10, interval: 60 * second)
        var flushes = 0
        for i in 0..<50 where burst.eventAdded(at: Int64(i) * second / 5) {
            flushes += 1
            burst.flushed()
        }
        XCTAssertEqual(flushes, 5)
        XCTAssertNil(burst.deadline)
    }

    func testPartialFlushKeepsTheOriginalDeadline() {
        var policy = FlushPolicy(maximumEvents: 10, interval: 60 * second)
        for i in 0..<4 { _ = policy.eventAdded(at: Int64(i) * second) }
        policy.partiallyFlushed(remaining: 2)
        XCTAssertEqual(policy.pendingEvents, 2)
        XCTAssertEqual(policy.deadline, 60 * second)
        policy.partiallyFlushed(remaining: 0)
        XCTAssertNil(policy.deadline)
    }

    func testEventsPutBackKeepTheirArrivalAheadOfNewerOnes() {
        var policy = FlushPolicy(maximumEvents: 10, interval: 60 * second)
        for i in 0..<3 { _ = policy.eventAdded(at: Int64(i) * second) }
        policy.flushed()  // handed to a background write
        _ = policy.eventAdded(at: 30 * second)
        policy.putBack(events: 3, oldestArrival: 0)  // that write failed
        XCTAssertEqual(policy.pendingEvents, 4)
        XCTAssertEqual(policy.deadline, 60 * second, "the put-back events keep their deadline")
        // Into an empty batch, too; nothing put back changes nothing.
        var empty = FlushPolicy(maximumEvents: 10, interval: 60 * second)
        empty.putBack(events: 0, oldestArrival: 5 * second)
        XCTAssertNil(empty.deadline)
        empty.putBack(events: 2, oldestArrival: 5 * second)
        XCTAssertEqual(empty.pendingEvents, 2)
        XCTAssertEqual(empty.deadline, 65 * second)
        XCTAssertEqual(empty.eventAdded(at: 70 * second), false)
        XCTAssertEqual(empty.deadline, 65 * second, "a newer event does not move the deadline")
    }

    func testZeroIntervalIsDueAtOnce() {
        var policy = FlushPolicy(maximumEvents: 10, interval: 0)
        _ = policy.eventAdded(at: 7)
        XCTAssertTrue(policy.isDue(at: 7))
    }
}
