import Foundation
import VCore
import XCTest

/// "Prove that nothing is lost": a model-based test of `vtail` following a file by name while the
/// test itself appends, rotates, deletes, truncates and rewrites it at random, in the spirit of
/// Vector's file-watcher model test and GNU tail's rotation tests.
///
/// The writer is this process (POSIX calls, an O_APPEND descriptor, as an agent writes its log).
/// Every line is `{"seq":N,"inc":I,"pad":"…"}` with a unique, increasing N; the model records,
/// for each line, the file incarnation it went to and when its newline was written. Two readers
/// follow the same file at once: `vtail -n +1 --interval 50ms` with inotify, and the same with
/// `--no-inotify` (pure polling).
///
/// Incarnation: what the reader sees under the name between two disruptions. A new incarnation
/// starts when a rotated or deleted file's successor is created under the name, and when the file
/// is truncated (copytruncate) or rewritten in place (`> FILE`). Sequence numbers are never
/// reused, so "no line twice" holds across the whole run, not just within one incarnation.
///
/// Rules (see `verify`):
///  1. Every output line is, byte for byte, a complete line that was written: nothing torn,
///     nothing half-printed, nothing invented.
///  2. No line is printed twice.
///  3. Within one incarnation, lines are printed in the order they were written.
///  4. A line whose newline was written before the next incarnation existed is printed before any
///     line of a later incarnation (the old file is read to its end before the new one).
///  5. Every line is printed, except lines of an incarnation that was later truncated or
///     rewritten (copytruncate's loss window: whatever vtail had not read yet went to the copy).
///     Without truncation actions this makes the output equal to the model: every line, exactly
///     once, in the model's order (rules 3 and 4: a late write to a renamed file may legitimately
///     come after lines of its successor). Checkpoints (wait, against a deadline, until every line
///     required so far is printed) enforce rule 5 for lines of incarnations truncated later.
///  6. Standard error holds only the change notices (no malformed or incomplete line); without
///     truncation, exactly one "replaced" notice per rotation.
///
/// What the model deliberately does not ask (vtail's documented limits, or following by name):
///  - Before each rename or delete rotation the writer waits until both readers have printed a
///    line of the current incarnation: an incarnation rotated away before the reader ever saw it
///    under the name cannot be followed by name (GNU tail -F has the same limit).
///  - Late writes to a renamed or deleted file stop 1.5 s after the rotation: vtail keeps such a
///    file for max(2 s, 4 × interval) after its last growth.
///  - A rewrite never keeps the first 128 bytes (each starts with a fresh seq): vtail detects a
///    rewrite that has grown past its position by those first bytes only.
///  - A partial line is completed before a truncation or rewrite (otherwise the writer itself
///    tears it), but a partial line may straddle a rename or delete: its end goes to the old file.
///
/// Replay: each run prints its seed; `VTOOLS_ROTATION_SEED=N` fixes the seed of the random-seed
/// tests, `VTOOLS_ROTATION_ACTIONS=N` changes the number of actions (default 400).
final class VTailRotationModelTests: XCTestCase {
    func testWithoutTruncationOutputEqualsModelFixedSeed() {
        runModel(seed: 1, truncation: false)
    }

    func testWithoutTruncationOutputEqualsModelRandomSeed() {
        runModel(seed: Self.randomSeed(), truncation: false)
    }

    func testAllActionsNothingTornOrRepeatedFixedSeed() {
        runModel(seed: 1, truncation: true)
    }

    func testAllActionsNothingTornOrRepeatedRandomSeed() {
        runModel(seed: Self.randomSeed(), truncation: true)
    }

    /// Mostly copytruncate and rewrites between appends: the races between vtail's check of the
    /// file in place and its reads (and the fingerprint) show up here several times as often.
    func testTruncationHeavyRandomSeed() {
        runModel(seed: Self.randomSeed(), truncation: true, truncationHeavy: true)
    }

    static func randomSeed() -> UInt64 {
        if let text = ProcessInfo.processInfo.environment["VTOOLS_ROTATION_SEED"], let seed = UInt64(text) { return seed }
        return UInt64.random(in: 2...999_999_999)
    }

    func runModel(seed: UInt64, truncation: Bool, truncationHeavy: Bool = false, file: StaticString = #filePath, line: UInt = #line) {
        let actions = ProcessInfo.processInfo.environment["VTOOLS_ROTATION_ACTIONS"].flatMap { Int($0) } ?? 400
        let name = truncationHeavy ? "truncation-heavy" : truncation ? "all actions" : "no truncation"
        print("VTailRotationModel: seed=\(seed) (\(name), \(actions) actions)")
        let started = Date()
        let model = RotationModel(seed: seed, truncation: truncation, truncationHeavy: truncationHeavy)
        model.run(actions: actions)
        let failures = model.failures
        print("VTailRotationModel: seed=\(seed) \(model.summary) in \(String(format: "%.1f", Date().timeIntervalSince(started)))s")
        if !failures.isEmpty {
            let report = model.writeReport()
            let trace = model.trace.suffix(40).joined(separator: "\n")
            XCTFail("""
                seed=\(seed) (\(name)): \(failures.count) failure(s); replay with \
                VTOOLS_ROTATION_SEED=\(seed) swift test --filter StressTests.VTailRotationModelTests
                full trace and outputs: \(report)
                \(failures.prefix(12).joined(separator: "\n"))
                --- last actions
                \(trace)
                """, file: file, line: line)
        }
    }
}

/// VCore's seeded generator, whose sequence is fixed by its seed (the standard library's
/// `random(in:using:)` algorithms may change between toolchains; these do not).
struct RotationRandom {
    private var generator: SeededRandom

    init(state seed: UInt64) { generator = SeededRandom(seed: seed) }

    mutating func int(_ range: ClosedRange<Int>) -> Int { generator.nextInt(in: range) }

    mutating func chance(_ probability: Double) -> Bool { generator.nextBool(probability: probability) }
}

/// One reader: a `vtail` process and what it printed so far, parsed incrementally.
final class RotationReader {
    let name: String
    let tool: BackgroundTool
    private var consumed = 0
    private(set) var lines: [String] = []
    private(set) var seen = Set<Int>()
    /// How far into the model's completed lines this reader is known to have printed.
    var requiredCursor = 0

    init(name: String, arguments: String, directory: String) {
        self.name = name
        tool = BackgroundTool("vtail " + arguments, directory: directory)
    }

    /// Takes the complete lines printed since the last call.
    func update() {
        let out = tool.stdout
        let utf8 = out.utf8
        guard utf8.count > consumed else { return }
        let bytes = Array(utf8.dropFirst(consumed))
        var start = 0
        for (index, byte) in bytes.enumerated() where byte == 0x0A {
            let text = String(decoding: bytes[start..<index], as: UTF8.self)
            lines.append(text)
            if let seq = RotationModel.seq(of: text) { seen.insert(seq) }
            start = index + 1
        }
        consumed += start
    }
}

final class RotationModel {
    struct Line {
        let seq: Int
        let text: String
        let incarnation: Int
        var complete = false
        /// The newline was written while this line's incarnation was still the newest.
        var beforeNext = false
        /// Its incarnation was later truncated or rewritten: vtail may have missed it.
        var optional = false
    }

    enum Target { case current, late }

    struct Partial {
        var seq: Int
        var bytes: [UInt8]
        var written: Int
        var target: Target
    }

    enum Action: String, CaseIterable {
        case append, partial, renameRotate, deleteRecreate, lateWrite, closeLate, pause, checkpoint, copytruncate, rewrite
    }

    let seed: UInt64
    let truncation: Bool
    var rng: RotationRandom
    let directory = TemporaryDirectory()
    let name = "events.jsonl"
    var path: String { directory.file(name) }

    var lines: [Line] = []
    /// Seqs in the order their newlines were written.
    var completed: [Int] = []
    var byIncarnation: [[Int]] = [[]]
    var incarnation = 0
    var firstSeq: [Int: Int] = [:]
    /// The writer's descriptor on the file under the name.
    var fd: Int32 = -1
    /// The writer's descriptor still open on a renamed or deleted file.
    var late: (fd: Int32, incarnation: Int, since: Date)?
    var partial: Partial?
    var rotations = 0
    var truncations = 0
    var counts: [Action: Int] = [:]
    var trace: [String] = []
    var failures: [String] = []
    var readers: [RotationReader] = []
    /// How long after a rotation the writer may still write to the old file (vtail keeps it
    /// for max(2 s, 4 × interval) after it last grew).
    let lateWindow: TimeInterval = 1.5

    let truncationHeavy: Bool

    init(seed: UInt64, truncation: Bool, truncationHeavy: Bool = false) {
        self.seed = seed
        self.truncation = truncation
        self.truncationHeavy = truncationHeavy
        rng = RotationRandom(state: seed)
    }

    var summary: String {
        let outputs = readers.map { "\($0.name) printed \($0.lines.count)" }.joined(separator: ", ")
        let actions = Action.allCases.compactMap { action in counts[action].map { "\(action.rawValue) \($0)" } }.joined(separator: ", ")
        return "\(lines.count) lines, \(incarnation + 1) incarnations (\(actions)); \(outputs)"
    }

    static func seq(of text: String) -> Int? {
        let prefix = #"{"seq":"#
        guard text.hasPrefix(prefix) else { return nil }
        let digits = text.utf8.dropFirst(prefix.utf8.count).prefix { $0 >= 0x30 && $0 <= 0x39 }
        return Int(String(decoding: digits, as: UTF8.self))
    }

    /// Writes the whole trace and every reader's output to a file that outlives the run.
    func writeReport() -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("vtail-rotation-seed-\(seed)-\(truncationHeavy ? "heavy" : truncation ? "all" : "exact").log").path
        var text = "seed=\(seed) truncation=\(truncation)\n\(summary)\n--- failures\n\(failures.joined(separator: "\n"))\n--- trace\n"
        text += trace.joined(separator: "\n")
        for reader in readers {
            text += "\n--- \(reader.name) stdout (seq@incarnation)\n"
            text += reader.lines.map { line in
                RotationModel.seq(of: line).map { $0 < lines.count ? "\($0)@\(lines[$0].incarnation)" : "\($0)@?" } ?? "TORN: \(line.prefix(100))"
            }.joined(separator: " ")
            text += "\n--- \(reader.name) stderr\n\(reader.tool.stderr)"
        }
        _ = FileManager.default.createFile(atPath: file, contents: Data(text.utf8))
        return file
    }

    func fail(_ message: String) {
        failures.append(message)
        trace.append("FAILED: \(message)")
    }

    // MARK: Running

    func run(actions: Int) {
        fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_EXCL, 0o644)
        guard fd >= 0 else { return fail("cannot create \(path): errno \(errno)") }
        readers = [
            RotationReader(name: "inotify", arguments: "-n +1 --interval 50ms \(name)", directory: directory.path),
            RotationReader(name: "polling", arguments: "-n +1 --interval 50ms --no-inotify \(name)", directory: directory.path),
        ]
        var weights: [(Action, Int)] = [(.append, 30), (.partial, 14), (.renameRotate, 8), (.deleteRecreate, 6),
                                        (.lateWrite, 8), (.closeLate, 2), (.pause, 6), (.checkpoint, 4)]
        if truncation { weights += [(.copytruncate, 6), (.rewrite, 5)] }
        if truncationHeavy {
            weights = [(.append, 10), (.partial, 3), (.renameRotate, 2), (.deleteRecreate, 2), (.lateWrite, 1), (.pause, 2),
                       (.checkpoint, 2), (.copytruncate, 10), (.rewrite, 10)]
        }
        let total = weights.reduce(0) { $0 + $1.1 }
        for step in 0..<actions where failures.isEmpty {
            if let late, Date().timeIntervalSince(late.since) > lateWindow { closeLate() }
            var roll = rng.int(0...total - 1)
            let action = weights.first { roll -= $0.1; return roll < 0 }!.0
            counts[action, default: 0] += 1
            var status = stat()
            let size = fstat(fd, &status) == 0 ? Int(status.st_size) : -1
            trace.append("\(step): \(action.rawValue) (incarnation \(incarnation), size \(size), next seq \(lines.count)\(partial.map { ", partial seq \($0.seq) on \($0.target)" } ?? ""))")
            perform(action)
        }
        // Wind down: complete everything, write a last line, wait until every reader has it all.
        finishPartial(on: .current)
        closeLate()
        appendLines(1, to: .current)
        checkpoint("final")
        usleep(300_000)  // room for a repeat or a stray line to show up
        for reader in readers {
            reader.tool.signal(SIGTERM)
            let status = reader.tool.waitForExit(timeout: 10)
            reader.update()
            verify(reader, status: status)
        }
        close(fd)
    }

    func perform(_ action: Action) {
        switch action {
        case .append:
            appendLines(rng.chance(0.8) ? rng.int(1...5) : rng.int(6...20), to: .current)
        case .partial:
            partialStep()
        case .renameRotate:
            rotate(delete: false)
        case .deleteRecreate:
            rotate(delete: true)
        case .lateWrite:
            guard late != nil else { return appendLines(rng.int(1...3), to: .current) }
            if partial?.target == .late && rng.chance(0.5) {
                partialStep()
            } else {
                appendLines(rng.int(1...3), to: .late)
            }
        case .closeLate:
            closeLate()
        case .pause:
            // Now and then long enough for vtail to have gone idle on a renamed file that the
            // writer then appends to again (still well within vtail's 2 s).
            let milliseconds = rng.chance(0.05) ? rng.int(1000...1400) : rng.int(1...120)
            if let late, Date().timeIntervalSince(late.since) + Double(milliseconds) / 1000 > lateWindow { closeLate() }
            usleep(UInt32(milliseconds) * 1000)
        case .checkpoint:
            checkpoint("checkpoint")
        case .copytruncate:
            copytruncate()
        case .rewrite:
            rewriteLarger()
        }
    }

    // MARK: Writing

    func makeLine(incarnation: Int) -> Int {
        let seq = lines.count
        let roll = rng.int(0...99)
        let length = roll < 85 ? rng.int(0...80) : roll < 97 ? rng.int(100...1000) : rng.int(1000...4000)
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_".utf8)
        let start = rng.int(0...alphabet.count - 1)
        let pad = (0..<length).map { alphabet[(start + $0 * 7) % alphabet.count] }
        let text = #"{"seq":\#(seq),"inc":\#(incarnation),"pad":"\#(String(decoding: pad, as: UTF8.self))"}"#
        lines.append(Line(seq: seq, text: text, incarnation: incarnation))
        byIncarnation[incarnation].append(seq)
        return seq
    }

    func bytes(of seq: Int) -> [UInt8] { Array((lines[seq].text + "\n").utf8) }

    func markComplete(_ seq: Int) {
        let inc = lines[seq].incarnation
        lines[seq].complete = true
        lines[seq].beforeNext = inc == incarnation
        completed.append(seq)
        if firstSeq[inc] == nil { firstSeq[inc] = seq }
    }

    func put(_ descriptor: Int32, _ data: ArraySlice<UInt8>) {
        var offset = data.startIndex
        while offset < data.endIndex {
            let n = data[offset...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                return fail("write: errno \(errno)")
            }
            offset += n
        }
    }

    func descriptor(_ target: Target) -> (fd: Int32, incarnation: Int) {
        switch target {
        case .current: return (fd, incarnation)
        case .late: return (late!.fd, late!.incarnation)
        }
    }

    /// Appends k whole lines, in one write or one write per line.
    func appendLines(_ k: Int, to target: Target) {
        finishPartial(on: target)
        let (descriptor, inc) = descriptor(target)
        let seqs = (0..<k).map { _ in makeLine(incarnation: inc) }
        trace.append("  lines \(seqs.first!)...\(seqs.last!) to the \(target) file (incarnation \(inc))")
        if rng.chance(0.5) {
            put(descriptor, ArraySlice(seqs.flatMap { bytes(of: $0) }))
            seqs.forEach(markComplete)
        } else {
            for seq in seqs {
                put(descriptor, ArraySlice(bytes(of: seq)))
                markComplete(seq)
            }
        }
    }

    /// Starts a partial line on the current file, or writes more of the pending one (sometimes
    /// byte by byte), completing it when its newline is written.
    func partialStep() {
        guard var p = partial else {
            let seq = makeLine(incarnation: incarnation)
            let data = bytes(of: seq)
            let n = rng.int(1...data.count - 1)
            put(fd, data[0..<n])
            partial = Partial(seq: seq, bytes: data, written: n, target: .current)
            return
        }
        let descriptor = descriptor(p.target).fd
        let remaining = p.bytes.count - p.written
        if rng.chance(0.3) {
            for _ in 0..<min(remaining, rng.int(1...12)) {
                put(descriptor, p.bytes[p.written..<p.written + 1])
                p.written += 1
                usleep(UInt32(rng.int(0...400)))
            }
        } else {
            let n = rng.int(1...remaining)
            put(descriptor, p.bytes[p.written..<p.written + n])
            p.written += n
        }
        if p.written == p.bytes.count {
            partial = nil
            markComplete(p.seq)
        } else {
            partial = p
        }
    }

    func finishPartial(on target: Target) {
        guard let p = partial, p.target == target else { return }
        put(descriptor(target).fd, p.bytes[p.written...])
        partial = nil
        markComplete(p.seq)
    }

    func closeLate() {
        guard let late else { return }
        finishPartial(on: .late)
        close(late.fd)
        self.late = nil
    }

    /// Rename rotation (`mv FILE FILE.1`) or delete and recreate. The writer keeps its descriptor
    /// on the old file: sometimes a few more lines go there before the new file is created, and
    /// sometimes it goes on writing there afterwards (the partial line it was in the middle of, or
    /// late lines) for up to `lateWindow`.
    func rotate(delete: Bool) {
        closeLate()
        syncToCurrent()
        let ok = delete ? unlink(path) == 0 : rename(path, path + ".1") == 0
        guard ok else { return fail("\(delete ? "unlink" : "rename"): errno \(errno)") }
        if rng.chance(0.4) {
            appendLines(rng.int(1...4), to: .current)  // still the old file: drained before the new one
        } else if partial != nil && rng.chance(0.5) {
            partialStep()
        }
        if rng.chance(0.3) { usleep(UInt32(rng.int(1...60)) * 1000) }  // the name is missing meanwhile
        let old = fd
        fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_EXCL, 0o644)
        guard fd >= 0 else { return fail("create: errno \(errno)") }
        incarnation += 1
        byIncarnation.append([])
        rotations += 1
        if partial?.target == .current { partial!.target = .late }
        if partial?.target == .late || rng.chance(0.6) {
            late = (old, incarnation - 1, Date())
        } else {
            close(old)
        }
        if rng.chance(0.5) { appendLines(rng.int(1...5), to: .current) }
    }

    /// copytruncate: copy, [lines written meanwhile: the loss window], truncate to 0.
    func copytruncate() {
        finishPartial(on: .current)
        let data = FileManager.default.contents(atPath: path) ?? Data()
        _ = FileManager.default.createFile(atPath: path + ".copy", contents: data)
        if rng.chance(0.5) { appendLines(rng.int(1...4), to: .current) }
        guard truncate(path, 0) == 0 else { return fail("truncate: errno \(errno)") }
        trace.append("  truncated (copy has \(data.count) bytes)")
        newGeneration()
        if rng.chance(0.5) { appendLines(rng.int(1...5), to: .current) }
    }

    /// `> FILE` and a burst of writes longer than the old file (so vtail may only notice by the
    /// first bytes), written in one or two writes by another descriptor.
    func rewriteLarger() {
        finishPartial(on: .current)
        var status = stat()
        let oldSize = stat(path, &status) == 0 ? Int(status.st_size) : 0
        newGeneration()
        var seqs: [Int] = []
        var data: [UInt8] = []
        let target = oldSize + rng.int(1...2000)
        while data.count < target {
            let seq = makeLine(incarnation: incarnation)
            seqs.append(seq)
            data += bytes(of: seq)
        }
        let descriptor = open(path, O_WRONLY | O_TRUNC)
        guard descriptor >= 0 else { return fail("open O_TRUNC: errno \(errno)") }
        if rng.chance(0.5) {
            trace.append("  rewrite \(oldSize) bytes as lines \(seqs.first!)...\(seqs.last!), \(data.count) bytes")
            put(descriptor, data[...])
        } else {
            let cut = rng.int(0...data.count)
            trace.append("  rewrite \(oldSize) bytes as lines \(seqs.first!)...\(seqs.last!), \(data.count) bytes, in two writes cut at \(cut)")
            put(descriptor, data[0..<cut])
            if rng.chance(0.5) { usleep(UInt32(rng.int(1...30)) * 1000) }
            put(descriptor, data[cut...])
        }
        close(descriptor)
        seqs.forEach(markComplete)
    }

    func newGeneration() {
        for seq in byIncarnation[incarnation] { lines[seq].optional = true }
        incarnation += 1
        byIncarnation.append([])
        truncations += 1
    }

    // MARK: Waiting

    /// Waits until every reader has printed a line of the current incarnation (writing one first
    /// if there is none), so the next rotation cannot take away a file vtail never saw.
    func syncToCurrent() {
        if firstSeq[incarnation] == nil { appendLines(1, to: .current) }
        let seq = firstSeq[incarnation]!
        waitForReaders("a line of incarnation \(incarnation) (seq \(seq))") { $0.seen.contains(seq) }
    }

    /// Waits until every reader has printed every line required so far.
    func checkpoint(_ what: String) {
        finishPartial(on: .late)
        waitForReaders("\(what): all \(completed.count) lines so far") { reader in
            while reader.requiredCursor < self.completed.count {
                let seq = self.completed[reader.requiredCursor]
                guard self.lines[seq].optional || reader.seen.contains(seq) else { return false }
                reader.requiredCursor += 1
            }
            return true
        }
    }

    func waitForReaders(_ what: String, timeout: TimeInterval = 15, _ condition: (RotationReader) -> Bool) {
        guard failures.isEmpty else { return }
        let deadline = Date().addingTimeInterval(timeout)
        var pending = readers
        while true {
            for reader in pending { reader.update() }
            pending.removeAll(where: condition)
            if pending.isEmpty { return }
            if Date() > deadline {
                for reader in pending {
                    let missing = completed.filter { !lines[$0].optional && !reader.seen.contains($0) }
                    fail("\(reader.name): timed out after \(Int(timeout))s waiting for \(what); missing seqs \(missing.prefix(20))\nstderr:\n\(reader.tool.stderr.suffix(2000))")
                }
                return
            }
            usleep(2_000)
        }
    }

    // MARK: Verification

    func verify(_ reader: RotationReader, status: Int32?) {
        let who = reader.name
        var printed = Set<Int>()
        var lastByIncarnation: [Int: Int] = [:]
        var newest = -1
        var problems: [String] = []
        for (index, text) in reader.lines.enumerated() {
            guard let seq = Self.seq(of: text), seq < lines.count, lines[seq].complete, lines[seq].text == text else {
                problems.append("\(who): output line \(index + 1) is not a line that was written (torn?): \(text.prefix(160))")
                continue
            }
            let line = lines[seq]
            guard printed.insert(seq).inserted else {
                problems.append("\(who): seq \(seq) (incarnation \(line.incarnation)) printed twice")
                continue
            }
            if let last = lastByIncarnation[line.incarnation], last > seq {
                problems.append("\(who): seq \(seq) printed after seq \(last) of the same incarnation \(line.incarnation)")
            }
            lastByIncarnation[line.incarnation] = seq
            if line.beforeNext && line.incarnation < newest {
                problems.append("\(who): seq \(seq) of incarnation \(line.incarnation), written before the next one existed, printed after a line of incarnation \(newest)")
            }
            newest = max(newest, line.incarnation)
        }
        let missing = completed.filter { !lines[$0].optional && !printed.contains($0) }
        if !missing.isEmpty {
            let where_ = missing.prefix(10).map { "\($0)@\(lines[$0].incarnation)" }
            problems.append("\(who): \(missing.count) required lines missing (seq@incarnation): \(where_)")
        }
        let notices = reader.tool.stderr.split(separator: "\n").map(String.init)
        let replaced = "vtail: \(name): replaced; following the new file"
        var allowed: Set<String> = [replaced]
        if truncation {
            allowed.insert("vtail: \(name): file truncated; reading from the top")
            allowed.insert("vtail: \(name): file rewritten; reading from the top")
        }
        for notice in notices where !allowed.contains(notice) {
            problems.append("\(who): unexpected message on stderr: \(notice.prefix(200))")
        }
        let replacedCount = notices.filter { $0 == replaced }.count
        if !truncation && replacedCount != rotations {
            problems.append("\(who): \(replacedCount) \"replaced\" notices for \(rotations) rotations")
        }
        if status != 0 { problems.append("\(who): exit status \(status.map(String.init) ?? "none (killed)")") }
        for problem in problems.prefix(20) { fail(problem) }
    }
}
