import Foundation
import VCore
import XCTest
@testable import vgen

final class EventGeneratorTests: XCTestCase {
    static let start: Int64 = 1_767_700_800_000_000_000

    /// Generates `count` events with timestamps advancing by pseudo-random gaps (deterministic).
    static func generate(seed: UInt64, count: Int, categories: CategoryWeights? = nil) -> [UInt8] {
        var generator = EventGenerator(seed: seed, categories: categories)
        var out: [UInt8] = []
        var ts = start
        var gaps = SeededRandom(seed: seed ^ 0xABCD)
        for _ in 0..<count {
            generator.appendEvent(timestampNanoseconds: ts, into: &out)
            ts += Int64(gaps.nextInt(below: 3_000_000_000))
        }
        return out
    }

    static func lines(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        XCTAssertEqual(bytes.last, UInt8(ascii: "\n"))
        return bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).dropLast().map { $0 }
    }

    static func object(_ line: ArraySlice<UInt8>, file: StaticString = #filePath, line number: UInt = #line) -> [String: Any] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] else {
            XCTFail("not a JSON object: \(String(decoding: line, as: UTF8.self))", file: file, line: number)
            return [:]
        }
        return object
    }

    static let categoryNames = ["tool", "state", "model", "error", "audit", "metric", "lifecycle", "vertical", "custom"]

    func testLongRunsAreValidStrictJSONWithSchemaAndStory() throws {
        for seed: UInt64 in [1, 2, 3, 0xDEADBEEF] {
            let bytes = Self.generate(seed: seed, count: 20_000)
            XCTAssertNotNil(String(validating: bytes, as: UTF8.self), "invalid UTF-8")
            let lines = Self.lines(bytes)
            XCTAssertEqual(lines.count, 20_000)

            var sessionsStarted = Set<String>(), sessionsEnded = Set<String>()
            var openTools: [String: (session: String, tool: String)] = [:]   // call_id -> ...
            var openLLMs: [String: String] = [:]
            var seenCategories = Set<String>()
            var maxConcurrent = 0
            var sizes: [Int] = []
            var previousTimestamp = ""
            for (index, line) in lines.enumerated() {
                let text = String(decoding: line, as: UTF8.self)
                XCTAssertFalse(text.contains(",}") || text.contains(",]"), text)
                XCTAssertFalse(line.contains(where: { $0 < 0x20 }), "raw control character in \(text)")
                sizes.append(line.count + 1)
                let o = Self.object(line)
                XCTAssertEqual(Set(o.keys), ["id", "timestamp", "category", "name", "data", "trace_id", "session_id", "priority", "source"])
                let id = try XCTUnwrap(o["id"] as? String)
                XCTAssertNotNil(UUID(uuidString: id))
                XCTAssertEqual(Array(id.utf8)[14], UInt8(ascii: "4"))
                let timestamp = try XCTUnwrap(o["timestamp"] as? String)
                XCTAssertEqual(timestamp.utf8.count, 32)
                XCTAssertTrue(timestamp.hasSuffix("+00:00"))
                XCTAssertNotNil(Timestamp.parse(timestamp))
                XCTAssertGreaterThanOrEqual(timestamp, previousTimestamp)
                previousTimestamp = timestamp
                let category = try XCTUnwrap(o["category"] as? String)
                let name = try XCTUnwrap(o["name"] as? String)
                XCTAssertTrue(Self.categoryNames.contains(category))
                seenCategories.insert(category)
                let data = try XCTUnwrap(o["data"] as? [String: Any])
                XCTAssertEqual(data["seq"] as? Int, index + 1)
                XCTAssertTrue(text.contains(#""data":{"seq":\#(index + 1),"#), "seq is not data's first key")
                if !(o["trace_id"] is NSNull) {
                    let trace = try XCTUnwrap(o["trace_id"] as? String)
                    XCTAssertEqual(trace.utf8.count, 32)
                }
                let session = try XCTUnwrap(o["session_id"] as? String)
                XCTAssertNotNil(UUID(uuidString: session))
                XCTAssertNotNil(o["priority"] as? Int)
                XCTAssertEqual(o["source"] as? String, "victor")

                switch name {
                case "session.start":
                    XCTAssertFalse(sessionsStarted.contains(session))
                    sessionsStarted.insert(session)
                case "session.end":
                    XCTAssertTrue(sessionsStarted.contains(session))
                    XCTAssertFalse(openTools.values.contains { $0.session == session }, "session ended mid tool call")
                    XCTAssertFalse(openLLMs.values.contains(session), "session ended mid model call")
                    sessionsEnded.insert(session)
                default:
                    XCTAssertTrue(sessionsStarted.contains(session), "event before session.start: \(text)")
                    XCTAssertFalse(sessionsEnded.contains(session), "event after session.end: \(text)")
                }
                maxConcurrent = max(maxConcurrent, sessionsStarted.count - sessionsEnded.count)

                switch name {
                case "tool.start":
                    let callId = try XCTUnwrap(data["call_id"] as? String)
                    XCTAssertNil(openTools[callId])
                    XCTAssertFalse(openTools.values.contains { $0.session == session }, "two open tool calls in a session")
                    XCTAssertNotNil(data["arguments"] as? [String: Any])
                    openTools[callId] = (session, try XCTUnwrap(data["tool_name"] as? String))
                case "tool.end":
                    let callId = try XCTUnwrap(data["call_id"] as? String)
                    let open = try XCTUnwrap(openTools.removeValue(forKey: callId), "tool.end without start")
                    XCTAssertEqual(open.session, session)
                    XCTAssertEqual(open.tool, data["tool_name"] as? String)
                    XCTAssertNotNil(data["duration_ms"] as? Int)
                    let success = try XCTUnwrap(data["success"] as? Bool)
                    if success {
                        XCTAssertNotNil(data["result"] as? [String: Any])
                    } else {
                        XCTAssertNotNil((data["error"] as? [String: Any])?["message"] as? String)
                    }
                case "llm.start":
                    let requestId = try XCTUnwrap(data["request_id"] as? String)
                    XCTAssertFalse(openLLMs.values.contains(session))
                    openLLMs[requestId] = session
                    XCTAssertNotNil(data["provider"] as? String)
                case "llm.end":
                    let requestId = try XCTUnwrap(data["request_id"] as? String)
                    XCTAssertEqual(openLLMs.removeValue(forKey: requestId), session)
                    let prompt = try XCTUnwrap(data["prompt_tokens"] as? Int)
                    let completion = try XCTUnwrap(data["completion_tokens"] as? Int)
                    XCTAssertEqual(data["total_tokens"] as? Int, prompt + completion)
                    XCTAssertNotNil(data["latency_ms"] as? Int)
                case "state.change":
                    XCTAssertNotNil(data["from"] as? String)
                    XCTAssertNotNil(data["to"] as? String)
                case "metric.sample":
                    XCTAssertNotNil(data["value"] as? Double)
                default: break
                }
                let prefix = category == "model" ? "llm." : category == "lifecycle" ? "session." : category + "."
                XCTAssertTrue(name.hasPrefix(prefix), name)
            }
            XCTAssertEqual(seenCategories, Set(Self.categoryNames), "seed \(seed)")
            XCTAssertGreaterThan(sessionsStarted.count, 20)
            XCTAssertLessThanOrEqual(maxConcurrent, 3)
            XCTAssertGreaterThanOrEqual(maxConcurrent, 2)
            let sorted = sizes.sorted()
            let median = sorted[sorted.count / 2]
            XCTAssert((250...700).contains(median), "median size \(median)")
            XCTAssertGreaterThan(sorted.last!, 2_000, "no few-KiB events")
            XCTAssertLessThan(sorted.last!, 8_000)
            XCTAssertTrue(bytes.contains(where: { $0 >= 0x80 }), "no non-ASCII text")
        }
    }

    func testDeterministic() throws {
        let a = Self.generate(seed: 99, count: 3_000)
        XCTAssertEqual(a, Self.generate(seed: 99, count: 3_000))
        XCTAssertNotEqual(a, Self.generate(seed: 100, count: 3_000))
        let w = try CategoryWeights(parsing: "tool=3,state")
        XCTAssertEqual(Self.generate(seed: 5, count: 500, categories: w), Self.generate(seed: 5, count: 500, categories: w))
        // An unseeded generator reports the seed it drew, which replays it.
        var g = EventGenerator(seed: nil, categories: nil)
        var out: [UInt8] = []
        for k in 0..<200 { g.appendEvent(timestampNanoseconds: Self.start + Int64(k) * 1_000_000, into: &out) }
        var replay = EventGenerator(seed: g.seed, categories: nil)
        var again: [UInt8] = []
        for k in 0..<200 { replay.appendEvent(timestampNanoseconds: Self.start + Int64(k) * 1_000_000, into: &again) }
        XCTAssertEqual(out, again)
    }

    func testCategoryRestriction() throws {
        let weights = try CategoryWeights(parsing: "tool")
        let lines = Self.lines(Self.generate(seed: 7, count: 5_000, categories: weights))
        var open: [String: String] = [:]   // session -> call id
        for line in lines {
            let o = Self.object(line)
            XCTAssertEqual(o["category"] as? String, "tool")
            let data = o["data"] as! [String: Any]
            let session = o["session_id"] as! String
            let call = data["call_id"] as! String
            if o["name"] as? String == "tool.start" {
                XCTAssertNil(open[session])
                open[session] = call
            } else {
                XCTAssertEqual(o["name"] as? String, "tool.end")
                XCTAssertEqual(open.removeValue(forKey: session), call)
            }
        }
        let sessions = Set(lines.map { Self.object($0)["session_id"] as! String })
        XCTAssertGreaterThan(sessions.count, 5, "sessions still turn over without lifecycle events")

        let two = try CategoryWeights(parsing: "tool, model")
        let counts = Self.categoryCounts(Self.generate(seed: 8, count: 10_000, categories: two))
        XCTAssertEqual(Set(counts.keys), ["tool", "model"])
        XCTAssertEqual(Double(counts["tool"]!) / 10_000, 0.5, accuracy: 0.03)

        let lifecycleOnly = Self.lines(Self.generate(seed: 9, count: 1_000, categories: try CategoryWeights(parsing: "lifecycle")))
        var live = Set<String>()
        for line in lifecycleOnly {
            let o = Self.object(line)
            let session = o["session_id"] as! String
            if o["name"] as? String == "session.start" {
                XCTAssertTrue(live.insert(session).inserted)
            } else {
                XCTAssertNotNil(live.remove(session))
            }
        }
    }

    func testWeightsAreRespected() throws {
        let weights = try CategoryWeights(parsing: "tool=5,model=1,metric=2")
        let counts = Self.categoryCounts(Self.generate(seed: 11, count: 40_000, categories: weights))
        XCTAssertEqual(Set(counts.keys), ["tool", "model", "metric"])
        XCTAssertEqual(Double(counts["tool"]!) / 40_000, 5.0 / 8, accuracy: 0.02)
        XCTAssertEqual(Double(counts["model"]!) / 40_000, 1.0 / 8, accuracy: 0.02)
        XCTAssertEqual(Double(counts["metric"]!) / 40_000, 2.0 / 8, accuracy: 0.02)

        let withLifecycle = try CategoryWeights(parsing: "tool=10,lifecycle=1")
        let c2 = Self.categoryCounts(Self.generate(seed: 12, count: 20_000, categories: withLifecycle))
        XCTAssertEqual(Double(c2["lifecycle"]!) / 20_000, 1.0 / 11, accuracy: 0.02)
    }

    static func categoryCounts(_ bytes: [UInt8]) -> [String: Int] {
        var counts: [String: Int] = [:]
        for line in lines(bytes) { counts[object(line)["category"] as! String, default: 0] += 1 }
        return counts
    }

    func testWeightParsing() throws {
        XCTAssertEqual(try CategoryWeights(parsing: "tool,model").enabled, [.tool, .model])
        let w = try CategoryWeights(parsing: "tool=5, model=1.5,state")
        XCTAssertEqual(w.weight(.tool), 5)
        XCTAssertEqual(w.weight(.model), 1.5)
        XCTAssertEqual(w.weight(.state), 1)
        XCTAssertEqual(w.weight(.error), 0)
        XCTAssertEqual(try CategoryWeights(parsing: "TOOL").enabled, [.tool])
        XCTAssertEqual(try CategoryWeights(parsing: "tool=1,model=0").enabled, [.tool])
        XCTAssertEqual(CategoryWeights.realistic.enabled.count, 9)

        func message(_ spec: String) -> String? {
            do { _ = try CategoryWeights(parsing: spec); return nil } catch { return error.message }
        }
        XCTAssertEqual(message("tool,bogus"),
                       #"unknown category "bogus" (valid: tool, state, model, error, audit, metric, lifecycle, vertical, custom)"#)
        XCTAssertNotNil(message(""))
        XCTAssertNotNil(message("tool,,model"))
        XCTAssertNotNil(message("tool=abc"))
        XCTAssertNotNil(message("tool=-1"))
        XCTAssertNotNil(message("tool=inf"))
        XCTAssertNotNil(message("tool=1,tool=2"))
        XCTAssertEqual(message("tool=0"), "category weights are all zero: at least one category must have a positive weight")
    }

    func testEscaper() throws {
        // The vocabulary's literals are escaped by VCore's JSONString.encode.
        let tricky = "quote \" backslash \\ newline \n tab \t cr \r bell \u{7} nul \u{0} esc \u{1B} é 日本語 🚀 \u{7F}"
        var bytes: [UInt8] = []
        JSONString.encode(tricky.utf8, into: &bytes)
        let text = String(decoding: bytes, as: UTF8.self)
        XCTAssertEqual(text, #""quote \" backslash \\ newline \n tab \t cr \r bell \u0007 nul \u0000 esc \u001b é 日本語 🚀 "# + "\u{7F}\"")
        let decoded = try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed]) as? String
        XCTAssertEqual(decoded, tricky)
        // The hot path formats numbers with Sink.
        let scratch = ScratchBuffer()
        func formatted(_ body: (inout Sink) -> Void) -> String {
            var sink = Sink(scratch.base)
            body(&sink)
            return String(decoding: UnsafeBufferPointer(start: scratch.base, count: sink.count), as: UTF8.self)
        }
        for n in [0, 7, 10, 99, 100, 12_345, -42, Int.max, Int.min] {
            XCTAssertEqual(formatted { $0.int(n) }, String(n))
        }
        XCTAssertEqual(formatted { $0.fixed(4125, digits: 1); $0.byte(32); $0.fixed(7, digits: 3) }, "412.5 0.007")
    }

    func testTimestampCacheAcrossDays() throws {
        var g = EventGenerator(seed: 1, categories: try CategoryWeights(parsing: "metric"))
        var out: [UInt8] = []
        let stamps: [Int64] = [Self.start, Self.start + 43_200_000_000_000 - 1, Self.start + 43_200_000_000_000,
                               -1, 0, 951_782_400_000_000_000 + 86_399_999_999_000]
        for ts in stamps { g.appendEvent(timestampNanoseconds: ts, into: &out) }
        let got = Self.lines(out).map { Self.object($0)["timestamp"] as! String }
        XCTAssertEqual(got, stamps.map { Timestamp.iso8601(epochNanoseconds: $0) })
        XCTAssertEqual(got[2], "2026-01-07T00:00:00.000000+00:00")
        XCTAssertEqual(got[3], "1969-12-31T23:59:59.999999+00:00")
        XCTAssertEqual(got[5], "2000-02-29T23:59:59.999999+00:00")
    }

    /// Throughput smoke check (debug builds are far slower; the real number comes from release).
    func testThroughputReport() {
        var g = EventGenerator(seed: 1, categories: nil)
        var out: [UInt8] = []
        out.reserveCapacity(1 << 22)
        let n = 50_000
        let t0 = Platform.monotonicNanoseconds()
        var bytes = 0
        for k in 0..<n {
            g.appendEvent(timestampNanoseconds: Self.start + Int64(k) * 1_000, into: &out)
            if out.count > 1 << 21 { bytes += out.count; out.removeAll(keepingCapacity: true) }
        }
        bytes += out.count
        let seconds = Double(Platform.monotonicNanoseconds() - t0) / 1e9
        print("vgen throughput: \(Int(Double(n) / seconds)) events/s, \(bytes / n) bytes/event")
    }
}

final class SinkTests: XCTestCase {
    func testSinkFormatting() {
        let scratch = ScratchBuffer()
        var sink = Sink(scratch.base)
        for n in [0, 7, 10, 99, 100, 12_345, -42, Int.max, Int.min] {
            sink.int(n)
            sink.byte(32)
        }
        sink.fixed(4125, digits: 1)
        sink.byte(32)
        sink.fixed(7, digits: 3)
        sink.put(" ok")
        sink.two(5)
        let text = String(decoding: UnsafeBufferPointer(start: sink.base, count: sink.count), as: UTF8.self)
        XCTAssertEqual(text, "0 7 10 99 100 12345 -42 9223372036854775807 -9223372036854775808 412.5 0.007 ok05")
    }

    func testInlineBytesAndUUIDWriters() {
        var a = SeededRandom(seed: 3), b = SeededRandom(seed: 3)
        let inline = InlineBytes { p in UUIDv4.write(using: &a, to: p); return 36 }
        var appended: [UInt8] = []
        UUIDv4.append(using: &b, into: &appended)
        XCTAssertEqual(inline.array, appended)
        XCTAssertEqual(Bytes(Array("héllo".utf8)).array, Array("héllo".utf8))
    }

    func testCopiedGeneratorsAreIndependentAndIdentical() {
        var g = EventGenerator(seed: 4, categories: nil)
        var warm: [UInt8] = []
        for k in 0..<100 { g.appendEvent(timestampNanoseconds: EventGeneratorTests.start + Int64(k), into: &warm) }
        var copy = g
        var x: [UInt8] = [], y: [UInt8] = []
        for k in 0..<500 {
            g.appendEvent(timestampNanoseconds: EventGeneratorTests.start + Int64(k) * 1_000_000, into: &x)
            copy.appendEvent(timestampNanoseconds: EventGeneratorTests.start + Int64(k) * 1_000_000, into: &y)
        }
        XCTAssertEqual(x, y)
    }
}
