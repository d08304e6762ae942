import XCTest
@testable import vcount
final class vcountProbeTests: XCTestCase { func testLinks() { XCTAssertTrue(vcountProbe.ok) } }
