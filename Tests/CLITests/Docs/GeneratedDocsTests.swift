import Foundation
import XCTest

/// The man pages and completions in the repository are generated from each tool's one command
/// declaration (`make docs`); these tests fail when they are stale, when mandoc finds fault
/// with a page, or when an example of a page does not run.
final class GeneratedDocsTests: XCTestCase {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    static let tools = ["vexport", "vtail", "vcount", "vgen"]

    /// Tools whose executables have a command declaration yet (all four once they exist).
    var declaredTools: [String] {
        Self.tools.filter { !ToolRunner.run("\($0) --generate man").stdout.isEmpty }
    }

    func testCommittedDocsAreCurrent() throws {
        let generated: [(String, String)] = declaredTools.flatMap { tool in
            [("man", "man/\(tool).1"), ("bash", "completions/bash/\(tool)"),
             ("zsh", "completions/zsh/_\(tool)"), ("fish", "completions/fish/\(tool).fish")]
                .map { ("\(tool) --generate \($0.0)", $0.1) }
        }
        XCTAssertFalse(generated.isEmpty)
        for (command, path) in generated {
            let fresh = ToolRunner.run(command)
            XCTAssertEqual(fresh.status, 0, command)
            guard let committed = try? String(contentsOfFile: Self.repository + "/" + path, encoding: .utf8) else {
                XCTFail("\(path) is missing: run make docs")
                continue
            }
            if committed != fresh.stdout {
                let old = committed.split(separator: "\n", omittingEmptySubsequences: false)
                let new = fresh.stdout.split(separator: "\n", omittingEmptySubsequences: false)
                let line = Array(zip(old, new)).firstIndex { $0.0 != $0.1 } ?? min(old.count, new.count)
                XCTFail("\(path) is stale: run make docs (first difference at line \(line + 1): \(line < new.count ? String(new[line]) : "<end>"))")
            }
        }
    }

    func testManPagesPassMandocLint() throws {
        guard ToolRunner.run("command -v mandoc").status == 0 else {
            if ProcessInfo.processInfo.environment["CI"] != nil { XCTFail("mandoc is not installed") }
            throw XCTSkip("mandoc is not installed (apt-get install mandoc)")
        }
        let pages = declaredTools.map { "man/\($0).1" } + ["man/vtools.7"]
        for page in pages where FileManager.default.fileExists(atPath: Self.repository + "/" + page) {
            let result = ToolRunner.run("mandoc -Tlint \(page) 2>&1", directory: Self.repository)
            // References to the suite's own pages resolve once they are installed; mandoc only
            // looks in the system's manual directories. Everything else must be clean.
            let problems = result.stdout.split(separator: "\n").filter { line in
                !(line.contains("referenced manual not found: Xr v") && Self.ownPages.contains { line.hasSuffix("Xr \($0)") || line.contains("Xr \($0) (") })
                    && !line.contains("outdated mandoc.db")
            }
            XCTAssertEqual(problems, [], "mandoc -Tlint \(page)")
        }
    }

    static let ownPages = ["vexport 1", "vtail 1", "vcount 1", "vgen 1", "vtools 7"]

    /// vtools(7) is written by hand: its blocks marked "runnable example" are run here.
    func testVtoolsSevenExamplesRun() throws {
        guard declaredTools.count == Self.tools.count else { throw XCTSkip("not every tool exists yet") }
        let page = try String(contentsOfFile: Self.repository + "/man/vtools.7", encoding: .utf8)
        let blocks = page.components(separatedBy: ".\\\" runnable example\n.Bd -literal -offset indent\n").dropFirst()
            .map { $0.components(separatedBy: "\n.Ed\n")[0].replacingOccurrences(of: "\\e", with: "\\") }
        XCTAssertGreaterThanOrEqual(blocks.count, 3)
        for block in blocks {
            let directory = TemporaryDirectory()
            let result = ToolRunner.run("set -e\n" + block, directory: directory.path,
                                        environment: ["VICTOR_EVENTS_FILE": directory.file("events.jsonl"), "HOME": directory.path],
                                        timeout: 60)
            XCTAssertEqual(result.status, 0, "vtools(7) example failed:\n\(block)\n\(result)")
        }
    }

    func testEveryManPageExampleRuns() throws {
        for tool in declaredTools {
            let listing = ToolRunner.run("\(tool) --generate examples").stdout
            let examples = listing.components(separatedBy: "\n%%\n").filter { !$0.isEmpty }
            XCTAssertFalse(examples.isEmpty, "\(tool) has no runnable example")
            for example in examples {
                let directory = TemporaryDirectory()
                let result = ToolRunner.run(example, directory: directory.path,
                                            environment: ["VICTOR_EVENTS_FILE": directory.file("events.jsonl"), "HOME": directory.path],
                                            timeout: 30)
                XCTAssertEqual(result.status, 0, "\(tool)(1) example failed:\n$ \(example)\n\(result)")
            }
        }
    }
}
