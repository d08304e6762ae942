import XCTest
@testable import vtail
final class vtailLinkTests: XCTestCase { func testModuleLinks() {} }
