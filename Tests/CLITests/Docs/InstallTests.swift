import Foundation
import XCTest

/// `make install` and `make uninstall` into a staging directory (DESTDIR) with PREFIX=/usr, as a
/// packager runs them. The binaries already built for the tests are installed
/// (`BIN=…`, which skips the release build), so this takes a second, not minutes.
final class InstallTests: XCTestCase {
    static let tools = GeneratedDocsTests.tools

    /// Every file `make install` puts under PREFIX, with its mode.
    static let expected: [String: String] = {
        var files: [String: String] = ["share/man/man7/vtools.7": "644"]
        for tool in tools {
            files["bin/\(tool)"] = "755"
            files["share/man/man1/\(tool).1"] = "644"
            files["share/bash-completion/completions/\(tool)"] = "644"
            files["share/zsh/site-functions/_\(tool)"] = "644"
            files["share/fish/vendor_completions.d/\(tool).fish"] = "644"
        }
        return files
    }()

    func make(_ target: String, _ stage: TemporaryDirectory) -> ToolRunner.Result {
        ToolRunner.run("make --no-print-directory \(target) DESTDIR='\(stage.path)' PREFIX=/usr BIN='\(ToolRunner.binDirectory)'",
                       directory: GeneratedDocsTests.repository, timeout: 120)
    }

    /// Regular files under `root`, relative to it, with their permission bits in octal.
    func files(under root: String) -> [String: String] {
        let listing = ToolRunner.run("cd '\(root)' && find . -type f -printf '%P %m\\n'")
        var files: [String: String] = [:]
        for line in listing.stdout.split(separator: "\n") {
            let parts = line.split(separator: " ")
            files[String(parts[0])] = String(parts[1])
        }
        return files
    }

    func testInstallAndUninstall() throws {
        let stage = TemporaryDirectory()
        let prefix = stage.path + "/usr"
        let install = make("install", stage)
        XCTAssertEqual(install.status, 0, "make install: \(install)")

        // Exactly the expected files, nothing outside PREFIX, with the right modes.
        XCTAssertEqual(files(under: stage.path), Dictionary(uniqueKeysWithValues: Self.expected.map { ("usr/" + $0.key, $0.value) }))

        // The installed files are the repository's.
        for tool in Self.tools {
            XCTAssertEqual(ToolRunner.run("cmp '\(GeneratedDocsTests.repository)/man/\(tool).1' '\(prefix)/share/man/man1/\(tool).1'").status, 0)
            XCTAssertEqual(ToolRunner.run("cmp '\(GeneratedDocsTests.repository)/completions/zsh/_\(tool)' '\(prefix)/share/zsh/site-functions/_\(tool)'").status, 0)
            let version = ToolRunner.run("'\(prefix)/bin/\(tool)' --version")
            XCTAssertTrue(version.stdout.hasPrefix("\(tool) (vtools) "), "installed \(tool) runs: \(version)")
        }

        // man finds and renders the pages in the installed tree.
        if ToolRunner.run("command -v man").status == 0 {
            for (section, page, title) in Self.tools.map({ ("1", $0, $0.uppercased() + "(1)") }) + [("7", "vtools", "VTOOLS(7)")] {
                let man = ToolRunner.run("man -M '\(prefix)/share/man' \(section) \(page)",
                                         environment: ["MANPAGER": "cat", "PAGER": "cat", "MANWIDTH": "80", "MANOPT": ""])
                XCTAssertEqual(man.status, 0, "man \(section) \(page): \(man)")
                XCTAssertTrue(man.stdout.contains(title), "man \(section) \(page): \(man.stdout.prefix(200))")
                XCTAssertTrue(man.stdout.contains("EXAMPLES"), "man \(section) \(page)")
            }
            let synopsis = ToolRunner.run("man -M '\(prefix)/share/man' vtail", environment: ["MANPAGER": "cat", "MANWIDTH": "80"])
            XCTAssertTrue(synopsis.stdout.contains("--follow-name") || synopsis.stdout.contains("-F"), "vtail(1) lists its options")
        } else if ProcessInfo.processInfo.environment["CI"] != nil {
            XCTFail("man is not installed")
        }

        // The installed bash completion registers itself when sourced from its installed place.
        if ToolRunner.run("command -v bash").status == 0 {
            let bash = ToolRunner.run("bash --norc -c \"source '\(prefix)/share/bash-completion/completions/vcount' && complete -p vcount\"")
            XCTAssertEqual(bash.stdout, "complete -F _vcount vcount\n", "\(bash)")
        }

        // Installing again over an existing tree is fine (upgrades).
        XCTAssertEqual(make("install", stage).status, 0)

        // Uninstall removes every file it installed, and only those.
        let keep = stage.path + "/usr/share/man/man1/other.1"
        XCTAssertTrue(FileManager.default.createFile(atPath: keep, contents: Data("other\n".utf8)))
        let uninstall = make("uninstall", stage)
        XCTAssertEqual(uninstall.status, 0, "make uninstall: \(uninstall)")
        XCTAssertEqual(files(under: stage.path), ["usr/share/man/man1/other.1": "644"])
    }

    /// Without DESTDIR and PREFIX the defaults are /usr/local, shown by a dry run.
    func testDefaultPrefixIsUsrLocal() {
        let dry = ToolRunner.run("make --no-print-directory -n install BIN='\(ToolRunner.binDirectory)'",
                                 directory: GeneratedDocsTests.repository)
        XCTAssertEqual(dry.status, 0, "\(dry)")
        for path in ["/usr/local/bin/$t", "/usr/local/share/man/man1/$t.1", "/usr/local/share/man/man7/vtools.7",
                     "/usr/local/share/bash-completion/completions/$t", "/usr/local/share/zsh/site-functions/_$t",
                     "/usr/local/share/fish/vendor_completions.d/$t.fish"] {
            XCTAssertTrue(dry.stdout.contains(path), "make -n install mentions \(path):\n\(dry.stdout)")
        }
        XCTAssertFalse(dry.stdout.contains("swift build"), "BIN=… skips the release build")
        let release = ToolRunner.run("make --no-print-directory -n install", directory: GeneratedDocsTests.repository)
        XCTAssertTrue(release.stdout.contains("swift build -c release"), "plain make install builds the release first")
    }
}
