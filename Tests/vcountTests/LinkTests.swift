import XCTest
@testable import vcount
final class vcountLinkTests: XCTestCase { func testModuleLinks() {} }
