import XCTest
@testable import vtail
final class vtailProbeTests: XCTestCase { func testLinks() { XCTAssertTrue(vtailProbe.ok) } }
