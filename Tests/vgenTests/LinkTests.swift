import XCTest
@testable import vgen
final class vgenLinkTests: XCTestCase { func testModuleLinks() {} }
