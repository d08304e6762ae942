import Foundation
import XCTest

/// Runs the built executables the way a user or a script does, and captures stdout, stderr
/// and the exit status. Commands go through /bin/sh so pipelines and quoting work as in the
/// man pages; the tools' directory is first on PATH.
enum ToolRunner {
    /// Where the built tools are: $VTOOLS_BIN, else beside the test bundle (.build/debug).
    static let binDirectory: String = {
        if let bin = ProcessInfo.processInfo.environment["VTOOLS_BIN"], !bin.isEmpty { return bin }
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.isExecutableFile(atPath: url.appendingPathComponent("vexport").path) { return url.path }
        }
        return FileManager.default.currentDirectoryPath + "/.build/debug"
    }()

    static var environment: [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["PATH"] = binDirectory + ":" + (env["PATH"] ?? "/usr/bin:/bin")
        env["LC_ALL"] = "C.UTF-8"
        env.removeValue(forKey: "NO_COLOR")
        return env
    }

    struct Result: CustomStringConvertible {
        var stdout: String
        var stderr: String
        var status: Int32
        var stdoutBytes: Data
        var description: String { "status \(status)\n--- stdout\n\(stdout)--- stderr\n\(stderr)" }
    }

    /// Runs `command` in /bin/sh with `stdin` as its standard input, in `directory`.
    @discardableResult
    static func run(_ command: String, stdin: Data? = nil, directory: String? = nil,
                    environment extra: [String: String] = [:], timeout: TimeInterval = 60) -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        var env = environment
        for (key, value) in extra { env[key] = value }
        process.environment = env
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("vtools-run-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outURL = scratch.appendingPathComponent("out")
        let errURL = scratch.appendingPathComponent("err")
        let inURL = scratch.appendingPathComponent("in")
        for (url, contents) in [(outURL, Data()), (errURL, Data()), (inURL, stdin ?? Data())] {
            precondition(FileManager.default.createFile(atPath: url.path, contents: contents), "cannot create \(url.path)")
        }
        process.standardOutput = try! FileHandle(forWritingTo: outURL)
        process.standardError = try! FileHandle(forWritingTo: errURL)
        process.standardInput = try! FileHandle(forReadingFrom: inURL)
        try! process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(2_000) }
        if process.isRunning {
            kill(-process.processIdentifier, SIGKILL)
            process.terminate()
            XCTFail("timed out after \(timeout)s: \(command)")
        }
        process.waitUntilExit()
        let out = (try? Data(contentsOf: outURL)) ?? Data()
        let err = (try? Data(contentsOf: errURL)) ?? Data()
        return Result(stdout: String(decoding: out, as: UTF8.self), stderr: String(decoding: err, as: UTF8.self),
                      status: process.terminationStatus, stdoutBytes: out)
    }
}

/// A tool running in the background: write to its stdin, wait (against a deadline) for output,
/// send signals. Output is collected by reader threads so the child never blocks on a pipe.
final class BackgroundTool: @unchecked Sendable {  // its mutable state is guarded by `lock`
    let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private let errors = Pipe()
    private let lock = NSLock()
    private var out = Data()
    private var err = Data()
    private var outEnded = false, errEnded = false

    init(_ command: String, directory: String? = nil, environment extra: [String: String] = [:]) {
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        // exec: signals go to the tool itself, not to a shell waiting for it.
        process.arguments = ["-c", "exec " + command]
        var env = ToolRunner.environment
        for (key, value) in extra { env[key] = value }
        process.environment = env
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        output.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            if data.isEmpty { handle.readabilityHandler = nil }
            guard let self else { return }
            self.lock.lock(); self.out.append(data); self.outEnded = data.isEmpty; self.lock.unlock()
        }
        errors.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            if data.isEmpty { handle.readabilityHandler = nil }
            guard let self else { return }
            self.lock.lock(); self.err.append(data); self.errEnded = data.isEmpty; self.lock.unlock()
        }
        try! process.run()
    }

    var pid: Int32 { process.processIdentifier }
    var stdout: String { lock.lock(); defer { lock.unlock() }; return String(decoding: out, as: UTF8.self) }
    var stderr: String { lock.lock(); defer { lock.unlock() }; return String(decoding: err, as: UTF8.self) }

    func write(_ text: String) {
        input.fileHandleForWriting.write(Data(text.utf8))
    }

    /// The write end of the tool's standard input pipe.
    var inputDescriptor: Int32 { input.fileHandleForWriting.fileDescriptor }

    func closeInput() {
        try? input.fileHandleForWriting.close()
    }

    func signal(_ signo: Int32) { kill(process.processIdentifier, signo) }

    /// Waits until `condition` holds or the deadline passes; returns whether it held.
    @discardableResult
    func waitFor(timeout: TimeInterval = 10, _ condition: () -> Bool) -> Bool {
        Deadline.waitFor(timeout: timeout, condition)
    }

    /// Waits for the process to exit; returns its status, or nil on timeout (then kills it).
    func waitForExit(timeout: TimeInterval = 10) -> Int32? {
        let exited = Deadline.waitFor(timeout: timeout) { !process.isRunning }
        if !exited {
            process.terminate()
            kill(process.processIdentifier, SIGKILL)
            return nil
        }
        process.waitUntilExit()
        // Let the reader threads take the last bytes: up to end of file on both pipes (bounded,
        // as a child the tool started may still hold them open).
        Deadline.waitFor(timeout: 2) { lock.lock(); defer { lock.unlock() }; return outEnded && errEnded }
        return process.terminationStatus
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        output.fileHandleForReading.readabilityHandler = nil
        errors.fileHandleForReading.readabilityHandler = nil
    }
}

enum Deadline {
    /// Polls `condition` every few milliseconds until it holds or `timeout` passes.
    @discardableResult
    static func waitFor(timeout: TimeInterval, _ condition: () -> Bool) -> Bool {
        let end = Date().addingTimeInterval(timeout)
        while Date() < end {
            if condition() { return true }
            usleep(5_000)
        }
        return condition()
    }
}

/// A fresh temporary directory, removed at the end of the test.
final class TemporaryDirectory {
    let path: String
    init() {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("vtools-test-\(UUID().uuidString)").path
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    func file(_ name: String) -> String { path + "/" + name }
    func read(_ name: String) -> String { (try? String(contentsOfFile: file(name), encoding: .utf8)) ?? "" }
    func write(_ name: String, _ text: String) {
        precondition(FileManager.default.createFile(atPath: file(name), contents: Data(text.utf8)), "cannot create \(name)")
    }
    func lines(_ name: String) -> [String] { read(name).split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init) }
    deinit { try? FileManager.default.removeItem(atPath: path) }
}
