import XCTest
@testable import VCore

final class HelperThreadTests: XCTestCase {
    /// Each job runs once, on another thread, and `wait` returns only after it finished: the
    /// owner sees everything the job wrote.
    func testJobsRunOnTheHelperAndWaitSeesTheirResults() {
        let helper = HelperThread()
        final class Box: @unchecked Sendable { var values: [Int] = [] }
        let box = Box()
        let ownerThread = pthread_self()
        var ranElsewhere = 0
        for round in 0..<2_000 {
            helper.start {
                box.values.append(round)
                if pthread_equal(pthread_self(), ownerThread) == 0 { ranElsewhere += 1 }
            }
            // The owner works meanwhile; the helper's write must be visible after wait().
            helper.wait()
            XCTAssertEqual(box.values.last, round)
        }
        XCTAssertEqual(box.values, Array(0..<2_000))
        XCTAssertEqual(ranElsewhere, 2_000)
    }

    /// Both halves of a split job run at once: the helper's part can block until the owner's
    /// part signals it, which would deadlock if the job ran on the owner's thread.
    func testJobRunsConcurrentlyWithTheOwner() {
        let helper = HelperThread()
        var pipeEnds: [Int32] = [0, 0]
        XCTAssertEqual(pipe(&pipeEnds), 0)
        let (readEnd, writeEnd) = (pipeEnds[0], pipeEnds[1])
        defer { close(readEnd); close(writeEnd) }
        var received: UInt8 = 0
        helper.start { _ = read(readEnd, &received, 1) }
        var byte: UInt8 = 42
        XCTAssertEqual(write(writeEnd, &byte, 1), 1)
        helper.wait()
        XCTAssertEqual(received, 42)
    }

    /// Releasing a helper stops and joins its thread (the test would hang otherwise).
    func testDeinitStopsTheThread() {
        for _ in 0..<200 {
            let helper = HelperThread()
            helper.start {}
            helper.wait()
        }
    }
}
