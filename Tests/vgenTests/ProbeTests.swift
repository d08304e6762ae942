import XCTest
@testable import vgen
final class vgenProbeTests: XCTestCase { func testLinks() { XCTAssertTrue(vgenProbe.ok) } }
