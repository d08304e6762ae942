import Foundation
import XCTest

/// Eight vexport processes with different batch sizes append events of up to tens of KiB to one
/// file at once, while vtail follows it: every event is in the file exactly once, no line is
/// torn, and vtail prints every event exactly once.
final class ConcurrencyStressTests: XCTestCase {
    static let writers = 8
    static let eventsPerWriter = 1000

    /// Writes `count` events for writer `w`: {"w":W,"i":I,"len":L,"pad":"xxx…"}, most small, one
    /// in five between 1 KiB and 48 KiB, some pretty-printed over several lines.
    static let generator = #"""
    import json, random, sys
    w, count, seed = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    rnd = random.Random(seed)
    out = sys.stdout
    for i in range(count):
        n = rnd.randint(1024, 48 * 1024) if rnd.random() < 0.2 else rnd.randint(0, 300)
        event = {"w": w, "i": i, "len": n, "pad": chr(97 + w) * n}
        out.write(json.dumps(event, indent=2) if rnd.random() < 0.05 else json.dumps(event, separators=(",", ":")))
        out.write("\n")
    """#

    func testEightWritersOneFileAndAFollowingReader() throws {
        var random = StressRandom("concurrency")
        let directory = TemporaryDirectory()
        directory.write("gen.py", Self.generator)
        let total = Self.writers * Self.eventsPerWriter
        // The reader starts first and waits for the file to appear.
        let reader = BackgroundTool("vtail -n +1 --fields w,i events.jsonl", directory: directory.path)
        let batchSizes = [1, 2, 7, 10, 33, 100, 500, 1000]
        var script = ""
        for w in 0..<Self.writers {
            let seed = UInt32.random(in: 0...UInt32.max, using: &random)
            script += "python3 gen.py \(w) \(Self.eventsPerWriter) \(seed) | vexport --no-stamp -o events.jsonl -b \(batchSizes[w]) 2> err\(w) & p\(w)=$!\n"
        }
        script += (0..<Self.writers).map { "wait $p\($0); echo \"writer \($0): $?\"" }.joined(separator: "\n")
        let writers = ToolRunner.run(script, directory: directory.path, timeout: 120)
        XCTAssertEqual(writers.stdout, (0..<Self.writers).map { "writer \($0): 0\n" }.joined(), writers.description)
        for w in 0..<Self.writers { XCTAssertEqual(directory.read("err\(w)"), "", "writer \(w)") }

        // The file: whole lines, every event once, each intact.
        let lines = CheckedLines(file: directory.file("events.jsonl"))
        XCTAssertEqual(lines.bad.count, 0, "torn or invalid lines: \(lines.bad.prefix(3))")
        XCTAssertTrue(lines.endsWithNewline)
        var seen = Set<Int>()
        var duplicates = 0, damaged = 0
        for object in lines.objects {
            guard let w = object["w"] as? Int, let i = object["i"] as? Int, let length = object["len"] as? Int,
                  let pad = object["pad"] as? String else { damaged += 1; continue }
            if !seen.insert(w * 1_000_000 + i).inserted { duplicates += 1 }
            let letter = Character(Unicode.Scalar(UInt8(97 + w)))
            if pad.count != length || pad.contains(where: { $0 != letter }) { damaged += 1 }
        }
        XCTAssertEqual(seen.count, total, "events in the file")
        XCTAssertEqual(duplicates, 0)
        XCTAssertEqual(damaged, 0)

        // The reader: once everything is written, it has printed every event, then stops on TERM.
        let printed = { reader.stdout.utf8.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) } }
        XCTAssertTrue(reader.waitFor(timeout: 30) { printed() >= total }, "vtail printed \(printed()) of \(total)\n\(reader.stderr)")
        reader.signal(SIGTERM)
        XCTAssertEqual(reader.waitForExit(timeout: 10), 0, reader.stderr)
        var read = [Int: Int]()
        var bad = 0
        for line in reader.stdout.split(separator: "\n") {
            guard let object = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any],
                  let w = object["w"] as? Int, let i = object["i"] as? Int else { bad += 1; continue }
            read[w * 1_000_000 + i, default: 0] += 1
        }
        XCTAssertEqual(bad, 0, "vtail printed invalid lines")
        XCTAssertEqual(Set(read.keys), seen, "vtail missed or invented events")
        XCTAssertEqual(read.values.filter { $0 > 1 }.count, 0, "vtail printed events twice")
        XCTAssertFalse(reader.stderr.contains("invalid"), reader.stderr)
        let lost = total - seen.count + (total - read.count)
        Reliability.report("concurrency (8 writers + vtail)", pushed: total, faults: 0, lost: lost)
    }
}
