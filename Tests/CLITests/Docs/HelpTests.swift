import Foundation
import XCTest

/// Every tool's --help has the same short shape, and --version prints the suite's one version.
/// The options are read from the tool's own man page (rendered from the same declaration), so a
/// new option that --help forgot to show fails here.
final class HelpTests: XCTestCase {
    static let tools = GeneratedDocsTests.tools

    /// The long options of a tool, from the OPTIONS section of its man page (`.It Fl \-name`).
    func documentedOptions(_ tool: String) -> [String] {
        let page = ToolRunner.run("\(tool) --generate man").stdout
        return page.split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix(".It Fl") else { return nil }
            guard let range = line.range(of: "\\-") else { return nil }
            let name = line[range.upperBound...].prefix { $0.isLetter || $0.isNumber || $0 == "-" }
            return name.isEmpty ? nil : "--" + name
        }
    }

    func testHelpShape() {
        for tool in Self.tools {
            let help = ToolRunner.run("\(tool) --help")
            XCTAssertEqual(help.status, 0, tool)
            XCTAssertEqual(help.stderr, "", tool)
            XCTAssertEqual(ToolRunner.run("\(tool) -h").stdout, help.stdout, "\(tool): -h is --help")
            let lines = help.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            XCTAssertTrue(lines[0].hasPrefix("Usage: \(tool) [OPTION]..."), "\(tool): \(lines[0])")
            XCTAssertLessThanOrEqual(lines.count, 46, "\(tool) --help is short")
            XCTAssertTrue(lines.allSatisfy { $0.count <= 100 }, "\(tool) --help fits a terminal")
            XCTAssertTrue(lines.contains("Options:"), tool)
            guard let example = lines.firstIndex(of: "Example:") else {
                XCTFail("\(tool) --help has no example")
                continue
            }
            XCTAssertTrue(lines[example + 1].hasPrefix("  \(tool) ") || lines[example + 1].contains("| \(tool)"),
                          "\(tool): the example runs the tool: \(lines[example + 1])")
            XCTAssertTrue(help.stdout.contains("See \(tool)(1)"), tool)

            // Every option of the man page is in --help; --help and --version too; --generate is not.
            let options = documentedOptions(tool)
            XCTAssertGreaterThan(options.count, 3, "\(tool): options read from the man page")
            for option in options + ["--help", "--version"] {
                XCTAssertTrue(help.stdout.contains(option + " ") || help.stdout.contains(option + "\n"),
                              "\(tool) --help lists \(option)")
            }
            XCTAssertFalse(help.stdout.contains("--generate"), tool)
            // Defaults are shown as (default: …).
            XCTAssertTrue(help.stdout.contains("(default: "), tool)
        }
    }

    func testVersion() {
        var versions: Set<String> = []
        for tool in Self.tools {
            let result = ToolRunner.run("\(tool) --version")
            XCTAssertEqual(result.status, 0, tool)
            XCTAssertEqual(result.stderr, "", tool)
            let prefix = "\(tool) (vtools) "
            XCTAssertTrue(result.stdout.hasPrefix(prefix) && result.stdout.hasSuffix("\n"), result.stdout)
            let version = String(result.stdout.dropFirst(prefix.count).dropLast())
            XCTAssertNotNil(version.range(of: #"^[0-9]+\.[0-9]+\.[0-9]+$"#, options: .regularExpression), version)
            versions.insert(version)
            // The man page and the completions carry the same version.
            XCTAssertTrue(ToolRunner.run("\(tool) --generate bash").stdout.contains("from vtools \(version)."), tool)
        }
        XCTAssertEqual(versions.count, 1, "one version for the suite: \(versions)")
    }

    /// Every page has the sections a Unix user looks for, in the usual order.
    func testManPagesHaveTheStandardSections() {
        let standard = ["NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "ENVIRONMENT", "FILES", "EXIT STATUS", "EXAMPLES", "SEE ALSO"]
        for tool in Self.tools {
            let sections = ToolRunner.run("\(tool) --generate man").stdout.split(separator: "\n")
                .filter { $0.hasPrefix(".Sh ") }.map { String($0.dropFirst(4)) }
            XCTAssertEqual(sections.filter(standard.contains), standard, "\(tool)(1) sections: \(sections)")
            XCTAssertTrue(sections.contains("SIGNALS"), "\(tool)(1) says what signals do")
        }
    }

    /// A usage error is one line naming the problem and pointing at --help, status 2, the same
    /// wording in every tool.
    func testUsageErrorsAreAlike() {
        for tool in Self.tools {
            let unknown = ToolRunner.run("\(tool) --no-such-option")
            XCTAssertEqual(unknown.status, 2, tool)
            XCTAssertEqual(unknown.stdout, "", tool)
            XCTAssertEqual(unknown.stderr, "\(tool): unknown option '--no-such-option' (see '\(tool) --help')\n")
            let missing = ToolRunner.run("\(tool) --help-me")
            XCTAssertEqual(missing.status, 2, tool)
        }
        let durations = [("vexport", "--flush-interval"), ("vtail", "--interval"), ("vcount", "--every"), ("vgen", "--duration")]
        for (tool, option) in durations {
            let bad = ToolRunner.run("\(tool) \(option) soon < /dev/null")
            XCTAssertEqual(bad.status, 2, tool)
            XCTAssertEqual(bad.stderr, "\(tool): invalid duration 'soon' for \(option) (examples: 250ms, 2s, 5m, 1h) (see '\(tool) --help')\n")
        }
    }

    /// One letter means one thing across the suite.
    func testShortOptionsMeanOneThing() {
        var meaning: [Character: (tool: String, long: String)] = [:]
        for tool in Self.tools {
            let help = ToolRunner.run("\(tool) --help").stdout
            for line in help.split(separator: "\n") where line.hasPrefix("  -") && !line.hasPrefix("  --") {
                let short = line.dropFirst(3).first!
                guard let longRange = line.range(of: ", --") else { continue }
                let long = String(line[longRange.upperBound...].prefix { $0 != " " })
                if let seen = meaning[short] {
                    // -n is "how many" everywhere: vtail's lines, vgen's count, vcount's top groups.
                    if short == "n" { continue }
                    XCTAssertEqual(seen.long, long, "-\(short) is --\(seen.long) in \(seen.tool) but --\(long) in \(tool)")
                } else {
                    meaning[short] = (tool, long)
                }
            }
        }
        XCTAssertEqual(meaning["w"]?.long, "where")
        XCTAssertEqual(meaning["h"]?.long, "help")
    }
}
