import XCTest
@testable import VCore

/// Throughput report, skipped unless VTOOLS_JSON_BENCH is set. No timing assertions.
/// Meaningful only in release: `VTOOLS_JSON_BENCH=1 swift test -c release --filter JSONBenchmarkTests`
final class JSONBenchmarkTests: XCTestCase {
    static let event = #"{"id":"5b0e3c1e-8f7a-4c1d-9a55-1f2e3d4c5b6a","timestamp":"2026-01-06T12:00:00.123456+00:00","category":"tool","name":"tool.start","data":{"tool_name":"read_file","call_id":"c-12","arguments":{"path":"src/main.py","limit":200},"seq":17},"trace_id":null,"session_id":"s-4b1f","priority":50,"source":"victor"}"#

    func measureThroughput(_ name: String, _ bytes: [UInt8], _ body: (UnsafeRawBufferPointer) -> Int) {
        bytes.withUnsafeBytes { buffer in
            var sink = 0
            let iterations = 50_000_000 / bytes.count
            var best = Double.infinity
            for _ in 0..<9 {
                let t0 = Platform.monotonicNanoseconds()
                for _ in 0..<iterations { sink &+= body(buffer) }
                best = min(best, Double(Platform.monotonicNanoseconds() - t0) / 1e9)
            }
            print("\(name): \(Int(Double(iterations * bytes.count) / best / 1e6)) MB/s (\(sink & 1))")
        }
    }

    func testThroughput() throws {
        try XCTSkipIf(getenv("VTOOLS_JSON_BENCH") == nil, "set VTOOLS_JSON_BENCH=1 to run")
        let bytes = Array(Self.event.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(4096)
        let paths = [try FieldPath(parsing: "category"), try FieldPath(parsing: "data.tool_name")]
        var ranges: [Range<Int>?] = []
        measureThroughput("validate", bytes) { JSONScanner.validate($0) == nil ? 1 : 0 }
        measureThroughput("compact", bytes) {
            out.removeAll(keepingCapacity: true)
            _ = JSONScanner.compact($0, into: &out)
            return out.count
        }
        measureThroughput("locate 2 fields", bytes) {
            JSONValueLocator.find(paths, in: $0, into: &ranges)
            return ranges[1]?.lowerBound ?? 0
        }
    }
}
