import VCore
import XCTest
@testable import vgen

/// The command line: rate syntax, option combinations, usage errors.
final class VGenCommandTests: XCTestCase {
    func options(_ arguments: String) throws(UsageError) -> GeneratorOptions {
        let parsed = try OptionParser.parse(arguments.split(separator: " ").map(String.init), spec: VGenCommand.spec)
        return try VGenCommand.options(from: parsed)
    }

    func usageError(_ arguments: String, file: StaticString = #filePath, line: UInt = #line) -> String {
        do {
            _ = try options(arguments)
            XCTFail("accepted: \(arguments)", file: file, line: line)
            return ""
        } catch {
            return error.message
        }
    }

    func testRateSyntax() {
        let cases: [(String, Double)] = [
            ("20", 20), ("0.5", 0.5), ("20/s", 20), ("20/sec", 20), ("5/min", 5.0 / 60), ("5/m", 5.0 / 60),
            ("100/h", 100.0 / 3600), ("2.5/min", 2.5 / 60), ("1000/d", 1000.0 / 86_400), (" 7 / s ", 7), (".5", 0.5),
        ]
        for (text, perSecond) in cases {
            XCTAssertEqual(Rate(parsing: text)?.eventsPerSecond ?? -1, perSecond, accuracy: 1e-12, text)
        }
        XCTAssertEqual(Rate(parsing: "max"), .max)
        XCTAssertEqual(Rate(parsing: "MAX"), .max)
        XCTAssertEqual(Rate(parsing: "max")?.eventsPerSecond, .infinity)
        for bad in ["", "0", "0/min", "-1", "abc", "5/week", "5/", "/s", "inf", "nan", "1e3", "1..2", "5/min/s"] {
            XCTAssertNil(Rate(parsing: bad), bad)
        }
        XCTAssertEqual(Rate.perSecond(20).description, "20/s")
        XCTAssertEqual(Rate(parsing: "5/min")!.description, "5/min")
        XCTAssertEqual(Rate(parsing: "0.5")!.description, "30/min")
        XCTAssertEqual(Rate.max.description, "max")
    }

    func testDefaults() throws {
        let o = try options("")
        XCTAssertEqual(o.rate, .perSecond(10))
        XCTAssertEqual(o.arrivals, .even)
        XCTAssertNil(o.count)
        XCTAssertNil(o.duration)
        XCTAssertNil(o.seed)
        XCTAssertNil(o.start)
        XCTAssertNil(o.categories)
        XCTAssertNil(o.burst)
        XCTAssertFalse(o.printStatistics)
    }

    func testEveryOption() throws {
        let o = try options("--rate 5/min --arrivals poisson -n 7 -d 1h --seed 18446744073709551615 --start 2026-01-06T12:00:00Z -c tool=5,model --stats")
        XCTAssertEqual(o.rate.eventsPerSecond, 5.0 / 60, accuracy: 1e-12)
        XCTAssertEqual(o.arrivals, .poisson)
        XCTAssertEqual(o.count, 7)
        XCTAssertEqual(o.duration, 3_600_000_000_000)
        XCTAssertEqual(o.seed, .max)
        XCTAssertEqual(o.start, 1_767_700_800_000_000_000)
        XCTAssertEqual(o.categories, try CategoryWeights([.tool: 5, .model: 1]))
        XCTAssertTrue(o.printStatistics)
        XCTAssertEqual(try options("-r max").rate, .max)
        XCTAssertEqual(try options("--start 1767700800 --rate 1").start, 1_767_700_800_000_000_000)
    }

    func testBurstDefaultsToAllAtOnceEveryMinute() throws {
        let o = try options("--burst 50")
        XCTAssertEqual(o.rate, .max)
        XCTAssertEqual(o.burst?.size, 50)
        XCTAssertEqual(o.burst?.every, 60_000_000_000)
        let paced = try options("--burst 50 --every 10s --rate 10")
        XCTAssertEqual(paced.rate, .perSecond(10))
        XCTAssertEqual(paced.burst?.every, 10_000_000_000)
        XCTAssertNotNil(try options("--burst 50 --every 5s --rate 10").burst, "exactly fits its window")
        XCTAssertNotNil(try options("--burst 50 --every 1m --start 2026-01-06").burst, "simulated bursts with --rate max")
    }

    func testUsageErrors() {
        XCTAssertEqual(usageError("--rate 0"), "invalid rate '0' for --rate (examples: 20, 0.5, 20/s, 5/min, 100/h, max)")
        XCTAssertEqual(usageError("--rate fast"), "invalid rate 'fast' for --rate (examples: 20, 0.5, 20/s, 5/min, 100/h, max)")
        XCTAssertTrue(usageError("--arrivals bursty").contains("choose even, poisson"))
        XCTAssertTrue(usageError("--count -1").contains("--count"))
        XCTAssertTrue(usageError("--count x").contains("--count"))
        XCTAssertTrue(usageError("--duration soon").contains("invalid duration 'soon' for --duration"))
        XCTAssertTrue(usageError("--seed -1").contains("invalid seed '-1'"))
        XCTAssertTrue(usageError("--seed 18446744073709551616").contains("invalid seed"))
        XCTAssertTrue(usageError("--start yesterday").contains("invalid time 'yesterday' for --start"))
        XCTAssertEqual(usageError("--categories tool,bogus"),
                       "--categories: unknown category \"bogus\" (valid: tool, state, model, error, audit, metric, lifecycle, vertical, custom)")
        XCTAssertTrue(usageError("--categories tool=x").hasPrefix("--categories: invalid weight \"x\""))
        XCTAssertTrue(usageError("--categories tool=0").hasPrefix("--categories: category weights are all zero"))
        XCTAssertTrue(usageError("--categories tool,,model").hasPrefix("--categories: empty category"))
        XCTAssertTrue(usageError("--burst 0").contains("--burst"))
        XCTAssertEqual(usageError("--every 10s"), "--every needs --burst (e.g. --burst 50 --every 1m)")
        XCTAssertEqual(usageError("--burst 5 --every 0"), "--every must be at least 1ms")
        XCTAssertEqual(usageError("--burst 50 --every 1s --rate 10"),
                       "a burst of 50 at 10/s lasts 5s, longer than --every 1s: raise --rate or --every, or lower --burst")
        XCTAssertEqual(usageError("--start 2026-01-06 --rate max"),
                       "--start needs a finite --rate (or --burst): with --rate max every event would have the same timestamp")
        XCTAssertEqual(usageError("extra"), "unexpected operand 'extra' (vgen takes options only)")
    }

    func testExamplesAreFinite() {
        // The man page's runnable examples are run by the tests: each must stop by itself.
        for example in VGenCommand.spec.examples where example.runnable {
            let c = example.command
            XCTAssertTrue(c.contains("--count") || c.contains("--duration") || c.contains("| head"), c)
        }
    }
}
