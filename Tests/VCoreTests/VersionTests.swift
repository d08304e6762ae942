import XCTest
@testable import VCore
final class VersionTests: XCTestCase { func testVersion() { XCTAssertFalse(VTools.version.isEmpty) } }
