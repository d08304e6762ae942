import XCTest
@testable import vexport
final class vexportLinkTests: XCTestCase { func testModuleLinks() {} }
