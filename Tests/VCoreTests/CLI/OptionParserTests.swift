import XCTest
@testable import VCore

final class OptionParserTests: XCTestCase {
    let spec = CommandSpec(
        name: "demo", summary: "a demo", operands: .init(name: "FILE"), description: ["Demo."],
        options: [
            OptionSpec("lines", short: "n", value: "N", default: "10", help: "lines"),
            OptionSpec("follow", short: "f", help: "follow"),
            OptionSpec("Follow", short: "F", help: "follow by name"),
            OptionSpec("where", value: "EXPR", help: "filter", repeatable: true),
            OptionSpec("interval", value: "DURATION", default: "100ms", help: "poll"),
        ],
        exitStatus: [.init("0", "ok")], examples: [.init("Demo:", "demo -n 5 file")], seeAlso: ["vtail(1)"])

    func testGNUForms() throws {
        let parsed = try OptionParser.parse(["-n5", "a", "--where", "x=1", "--where=y=2", "-fF", "--", "-b", "-"], spec: spec)
        XCTAssertEqual(parsed.value("lines"), "5")
        XCTAssertEqual(parsed.values("where"), ["x=1", "y=2"])
        XCTAssertTrue(parsed.has("follow"))
        XCTAssertTrue(parsed.has("Follow"))
        XCTAssertEqual(parsed.operands, ["a", "-b", "-"])
    }

    func testDefaultsComeFromTheDeclaration() throws {
        let parsed = try OptionParser.parse([], spec: spec)
        XCTAssertEqual(parsed.value("lines"), "10")
        XCTAssertFalse(parsed.has("lines"))
        XCTAssertEqual(try parsed.duration("interval"), 100_000_000)
    }

    func testLastValueWins() throws {
        let parsed = try OptionParser.parse(["-n", "1", "--lines=+3"], spec: spec)
        XCTAssertEqual(parsed.value("lines"), "+3")
    }

    func testUsageErrorsNameTheProblem() {
        XCTAssertThrowsError(try OptionParser.parse(["--nope"], spec: spec)) {
            XCTAssertEqual(($0 as? UsageError)?.message, "unknown option '--nope'")
        }
        XCTAssertThrowsError(try OptionParser.parse(["-x"], spec: spec)) {
            XCTAssertEqual(($0 as? UsageError)?.message, "unknown option '-x'")
        }
        XCTAssertThrowsError(try OptionParser.parse(["--lines"], spec: spec)) {
            XCTAssertEqual(($0 as? UsageError)?.message, "option '--lines' needs a value (N)")
        }
        XCTAssertThrowsError(try OptionParser.parse(["--follow=yes"], spec: spec)) {
            XCTAssertEqual(($0 as? UsageError)?.message, "option '--follow' takes no value")
        }
        XCTAssertThrowsError(try OptionParser.parse(["--interval", "soon"], spec: spec).duration("interval")) {
            XCTAssertTrue(($0 as? UsageError)?.message.hasPrefix("invalid duration 'soon' for --interval") ?? false)
        }
    }

    func testUnits() {
        XCTAssertEqual(Units.parseDuration("250ms"), 250_000_000)
        XCTAssertEqual(Units.parseDuration("2s"), 2_000_000_000)
        XCTAssertEqual(Units.parseDuration("1.5"), 1_500_000_000)
        XCTAssertEqual(Units.parseDuration("5m"), 300_000_000_000)
        XCTAssertEqual(Units.parseDuration("1h"), 3_600_000_000_000)
        XCTAssertNil(Units.parseDuration("-1s"))
        XCTAssertNil(Units.parseDuration("5 parsecs"))
        XCTAssertNil(Units.parseDuration(""))
        XCTAssertEqual(Units.parseSize("64k"), 65536)
        XCTAssertEqual(Units.parseSize("1M"), 1 << 20)
        XCTAssertEqual(Units.parseSize("1MiB"), 1 << 20)
        XCTAssertEqual(Units.parseSize("512"), 512)
        XCTAssertNil(Units.parseSize("1X"))
        XCTAssertEqual(Units.formatDuration(60_000_000_000), "60s")
        XCTAssertEqual(Units.formatDuration(250_000_000), "250ms")
    }

    func testHelpListsEveryOptionWithItsDefault() {
        let help = HelpRenderer.render(spec)
        XCTAssertTrue(help.hasPrefix("Usage: demo [OPTION]... [FILE]...\nA demo.\n"))
        XCTAssertTrue(help.contains("-n, --lines N"))
        XCTAssertTrue(help.contains("(default: 10)"))
        XCTAssertTrue(help.contains("Example:\n  demo -n 5 file\n"))
        XCTAssertFalse(help.contains("--generate"), "hidden options stay hidden")
    }

    func testManPageShape() {
        let page = ManRenderer.render(spec)
        for macro in [".Dt DEMO 1", ".Sh NAME", ".Nm demo", ".Sh SYNOPSIS", ".Sh DESCRIPTION", ".Sh OPTIONS",
                      ".It Fl n Ar N , Fl \\-lines Ar N", ".Sh EXIT STATUS", ".Sh EXAMPLES", ".Sh SEE ALSO", ".Xr vtail 1"] {
            XCTAssertTrue(page.contains(macro + "\n") || page.contains(macro + " "), "missing \(macro)")
        }
        for line in page.split(separator: "\n") where !line.hasPrefix(".") {
            XCTAssertLessThanOrEqual(line.utf8.count, 80, "long line: \(line)")
        }
    }

    func testManTextEscapesAndQuotesCode() {
        var page = ManRenderer.Page()
        page.text("Use `a\\b` (`-`), or `x` (see below). Then .dot stays text.")
        XCTAssertEqual(page.output, "Use\n.Ql \"a\\eb\"\n.Ql ( \"-\" ) ,\nor\n.Ql \"x\"\n(see below).\nThen .dot stays text.\n")
    }
}
