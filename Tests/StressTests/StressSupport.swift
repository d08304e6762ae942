import Foundation
import VCore
import XCTest

/// VCore's seeded generator for the random parts of the stress tests. The
/// seed comes from $STRESS_SEED when set (to replay a failure), else from the system, and is
/// printed so that every run can be replayed.
struct StressRandom: RandomNumberGenerator {
    private var generator: SeededRandom
    let seed: UInt64

    init(_ label: String) {
        if let text = ProcessInfo.processInfo.environment["STRESS_SEED"], let value = UInt64(text) {
            seed = value
        } else {
            seed = UInt64.random(in: 0...UInt64.max)
        }
        generator = SeededRandom(seed: seed)
        print("\(label): seed \(seed) (replay with STRESS_SEED=\(seed))")
    }

    mutating func next() -> UInt64 { generator.next() }
}

/// The figures of the run, printed by each test as one line (`reliability: …`) and summed by
/// whoever reads the log: events pushed through the tools, faults injected, events lost.
enum Reliability {
    static func report(_ test: String, pushed: Int, faults: Int, lost: Int) {
        print("reliability: \(test): events pushed \(pushed), faults injected \(faults), events lost \(lost)")
    }
}

/// A JSON Lines file (or output) checked line by line.
struct CheckedLines {
    var objects: [[String: Any]] = []
    /// Lines that are not a JSON object: "line N: text" (first 120 bytes).
    var bad: [String] = []
    var endsWithNewline = true
    var isEmpty: Bool { objects.isEmpty && bad.isEmpty }

    init(_ data: Data) {
        guard !data.isEmpty else { return }
        endsWithNewline = data.last == 0x0A
        var number = 0
        for line in data.split(separator: 0x0A, omittingEmptySubsequences: false) {
            number += 1
            if line.isEmpty { continue }
            if let object = (try? JSONSerialization.jsonObject(with: Data(line))) as? [String: Any] {
                objects.append(object)
            } else {
                bad.append("line \(number): \(String(decoding: line.prefix(120), as: UTF8.self))")
            }
        }
    }

    init(file path: String) {
        self.init((try? Data(contentsOf: URL(fileURLWithPath: path))) ?? Data())
    }

    /// vgen's sequence numbers (`data.seq`), in file order.
    var sequence: [Int] { objects.compactMap { ($0["data"] as? [String: Any])?["seq"] as? Int } }
}

/// Processes seen through /proc.
enum ProcessProbe {
    /// The signals `pid` catches (SigCgt), or nil when it is gone.
    static func caughtSignals(_ pid: Int32) -> UInt64? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("SigCgt:") {
            return UInt64(line.dropFirst(7).trimmingCharacters(in: .whitespaces), radix: 16)
        }
        return nil
    }

    /// Whether `pid` has installed handlers for all of `signals` (it is ready to be stopped).
    static func catches(_ pid: Int32, _ signals: [Int32]) -> Bool {
        guard let mask = caughtSignals(pid) else { return false }
        return signals.allSatisfy { mask & (1 << UInt64($0 - 1)) != 0 }
    }

    /// Process state letter and CPU time used (utime + stime, in clock ticks).
    static func cpu(_ pid: Int32) -> (state: Character, ticks: Int)? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        // After "pid (comm) ": state is field 3, utime 14, stime 15.
        let fields = stat[stat.index(close, offsetBy: 2)...].split(separator: " ")
        guard fields.count > 13, let state = fields[0].first,
              let user = Int(fields[11]), let system = Int(fields[12]) else { return nil }
        return (state, user + system)
    }

    /// The executable name of `pid` (comm).
    static func name(_ pid: Int32) -> String? {
        (try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// The `events read R, written W` figures of a `vexport --stats` line.
struct ExportStats {
    var read: Int
    var written: Int
    var rejected: Int
    var unwritten: Int

    init?(_ stderr: String) {
        guard let line = stderr.split(separator: "\n").last(where: { $0.contains("stats: events read") }) else { return nil }
        func figure(_ name: String) -> Int {
            guard let range = line.range(of: name + " ") else { return 0 }
            return Int(line[range.upperBound...].prefix(while: \.isNumber)) ?? 0
        }
        read = figure("read")
        written = figure("written")
        rejected = figure("rejected")
        unwritten = figure("unwritten")
    }
}

extension TemporaryDirectory {
    func data(_ name: String) -> Data { (try? Data(contentsOf: URL(fileURLWithPath: file(name)))) ?? Data() }

    func size(_ name: String) -> Int { ((try? FileManager.default.attributesOfItem(atPath: file(name)))?[.size] as? Int) ?? 0 }

    /// Waits for a file holding a process id (written by a wrapper script) and returns the id.
    func waitForPID(_ name: String, timeout: TimeInterval = 10) -> Int32? {
        var pid: Int32?
        Deadline.waitFor(timeout: timeout) {
            let text = read(name).trimmingCharacters(in: .whitespacesAndNewlines)
            pid = Int32(text)
            return pid != nil && read(name).hasSuffix("\n")
        }
        return pid
    }
}

/// Checks that the multiset of vgen sequence numbers across `parts` is exactly 1...count.
func assertExactlyOnce(_ parts: [[Int]], count: Int, _ context: String, file: StaticString = #filePath, line: UInt = #line) -> Int {
    var seen = [Int](repeating: 0, count: count + 1)
    var outside = 0
    for part in parts {
        for seq in part {
            if seq >= 1 && seq <= count { seen[seq] += 1 } else { outside += 1 }
        }
    }
    let missing = (1...max(count, 1)).filter { count > 0 && seen[$0] == 0 }
    let duplicated = (1...max(count, 1)).filter { count > 0 && seen[$0] > 1 }
    XCTAssertEqual(missing.count, 0, "\(context): \(missing.count) events lost, first \(missing.prefix(5))", file: file, line: line)
    XCTAssertEqual(duplicated.count, 0, "\(context): \(duplicated.count) events duplicated, first \(duplicated.prefix(5))", file: file, line: line)
    XCTAssertEqual(outside, 0, "\(context): events that were never sent", file: file, line: line)
    return missing.count
}
