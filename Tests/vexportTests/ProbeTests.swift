import XCTest
@testable import vexport
final class vexportProbeTests: XCTestCase { func testLinks() { XCTAssertTrue(vexportProbe.ok) } }
