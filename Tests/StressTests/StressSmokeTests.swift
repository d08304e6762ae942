import XCTest

/// The stress target runs the built tools like CLITests do (ToolRunner.swift is a symbolic link to CLITests/Support
/// because SwiftPM test targets cannot depend on each other).
final class StressSmokeTests: XCTestCase {
    func testToolsAreBuilt() {
        for tool in ["vexport", "vtail", "vcount", "vgen"] {
            XCTAssertEqual(ToolRunner.run("\(tool) --version").status, 0, tool)
        }
    }
}
