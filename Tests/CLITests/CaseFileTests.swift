import Foundation
import XCTest

/// Data-driven CLI cases in the style of jq's tests/jq.test: Cases/*.test files of blocks
///
///     ### title
///     $ shell command (run in a fresh directory, the built tools first on PATH)
///     < a line of standard input           (`<` alone: an empty line)
///     > an expected line of standard output (exact)
///     ~> a regular expression that the next line of standard output must match in full
///     2> an expected line of standard error (exact; all of stderr when any 2>/2~> is given)
///     2~> a regular expression for the next line of standard error
///     ? the expected exit status (default 0)
///
/// Lines starting with `#` (but not `###`) are comments.
final class CaseFileTests: XCTestCase {
    struct Case {
        var file: String
        var line: Int
        var title: String
        var command = ""
        var stdin: [String] = []
        var stdout: [Expectation] = []
        var stderr: [Expectation] = []
        var status: Int32 = 0
        var checksStderr = false
    }

    enum Expectation: CustomStringConvertible {
        case exact(String)
        case pattern(String)

        func matches(_ line: String) -> Bool {
            switch self {
            case .exact(let text): return text == line
            case .pattern(let pattern):
                return line.range(of: "^(?:\(pattern))$", options: .regularExpression) != nil
            }
        }

        var description: String {
            switch self {
            case .exact(let text): return text
            case .pattern(let pattern): return "~ /\(pattern)/"
            }
        }
    }

    static func parse(_ text: String, file: String) -> [Case] {
        var cases: [Case] = []
        var current: Case?
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = String(rawLine)
            func payload(_ prefix: String) -> String {
                let rest = line.dropFirst(prefix.count)
                return rest.hasPrefix(" ") ? String(rest.dropFirst()) : String(rest)
            }
            if line.hasPrefix("###") {
                if let current { cases.append(current) }
                current = Case(file: file, line: index + 1, title: payload("###"))
                continue
            }
            if line.hasPrefix("#") || line.isEmpty { continue }
            guard current != nil else { continue }
            if line.hasPrefix("$") {
                current!.command += (current!.command.isEmpty ? "" : "\n") + payload("$")
            } else if line.hasPrefix("2~>") {
                current!.stderr.append(.pattern(payload("2~>"))); current!.checksStderr = true
            } else if line.hasPrefix("2>") {
                current!.stderr.append(.exact(payload("2>"))); current!.checksStderr = true
            } else if line.hasPrefix("~>") {
                current!.stdout.append(.pattern(payload("~>")))
            } else if line.hasPrefix(">") {
                current!.stdout.append(.exact(payload(">")))
            } else if line.hasPrefix("<") {
                current!.stdin.append(payload("<"))
            } else if line.hasPrefix("?") {
                current!.status = Int32(payload("?"))!
            }
        }
        if let current { cases.append(current) }
        return cases
    }

    static func allCases() -> [Case] {
        guard let directory = Bundle.module.url(forResource: "Cases", withExtension: nil),
              let files = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { return [] }
        return files.filter { $0.hasSuffix(".test") }.sorted().flatMap { name in
            parse(try! String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8), file: name)
        }
    }

    func compare(_ expected: [Expectation], _ actual: String, _ what: String, _ testCase: Case) {
        var lines = actual.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        let ok = expected.count == lines.count && zip(expected, lines).allSatisfy { $0.matches($1) }
        if !ok {
            XCTFail("""
            \(testCase.file):\(testCase.line): \(testCase.title): \(what) differs
            $ \(testCase.command)
            expected:
            \(expected.map(\.description).joined(separator: "\n"))
            actual:
            \(lines.joined(separator: "\n"))
            """)
        }
    }

    func testCaseFiles() throws {
        let cases = Self.allCases()
        XCTAssertGreaterThan(cases.count, 0, "no case files found")
        for testCase in cases {
            let directory = TemporaryDirectory()
            let stdin = testCase.stdin.isEmpty ? nil : Data((testCase.stdin.joined(separator: "\n") + "\n").utf8)
            let result = ToolRunner.run(testCase.command, stdin: stdin, directory: directory.path,
                                        environment: ["VICTOR_EVENTS_FILE": directory.file("events.jsonl"), "TZ": "UTC"])
            compare(testCase.stdout, result.stdout, "stdout", testCase)
            if testCase.checksStderr { compare(testCase.stderr, result.stderr, "stderr", testCase) }
            if result.status != testCase.status {
                XCTFail("\(testCase.file):\(testCase.line): \(testCase.title): status \(result.status), expected \(testCase.status)\n\(result.stderr)")
            }
        }
    }
}
