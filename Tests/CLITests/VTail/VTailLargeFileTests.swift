import Foundation
import XCTest

/// A file of more than 8 MiB is read on two threads (vtail's ParallelScan, chunks of 2 MiB
/// alternating between the main thread and a helper). Its output and diagnostics must be exactly
/// those of the sequential path, which standard input takes.
final class VTailLargeFileTests: XCTestCase {
    func testTwoThreadReadingEqualsSequentialReading() throws {
        let directory = TemporaryDirectory()
        let generated = ToolRunner.run("vgen --count 40000 --seed 5 --rate max > events.jsonl", directory: directory.path)
        XCTAssertEqual(generated.status, 0, generated.description)
        // Cut a few events short, in the first chunk, near chunk boundaries and at the end.
        var lines = directory.read("events.jsonl").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        XCTAssertEqual(lines.removeLast(), "")
        let cut = [3, 4_650, 9_301, 25_000, 39_999]
        for number in cut { lines[number - 1].removeLast(7) }
        directory.write("events.jsonl", lines.joined(separator: "\n") + "\n")
        let size = try XCTUnwrap(FileManager.default.attributesOfItem(atPath: directory.file("events.jsonl"))[.size] as? Int)
        XCTAssertGreaterThan(size, 12 << 20, "the file must be large enough for the two-thread path")

        let command = "vtail --no-follow -n +1 --fields category,name,seq=data.seq"
        let parallel = ToolRunner.run(command + " events.jsonl", directory: directory.path)
        let sequential = ToolRunner.run(command + " < events.jsonl", directory: directory.path)
        XCTAssertEqual(parallel.status, 1, parallel.stderr)
        XCTAssertEqual(sequential.status, 1, sequential.stderr)
        XCTAssertEqual(parallel.stdout, sequential.stdout)
        XCTAssertEqual(parallel.stdout.split(separator: "\n").count, 40_000 - cut.count)
        let diagnostics = parallel.stderr.split(separator: "\n").map(String.init)
        XCTAssertEqual(diagnostics.map { $0.replacingOccurrences(of: "events.jsonl:", with: "stdin:") },
                       sequential.stderr.split(separator: "\n").map(String.init))
        XCTAssertEqual(diagnostics.map { $0.split(separator: ":")[2] }, cut.map { Substring(String($0)) }, parallel.stderr)
    }
}
