import XCTest
@testable import VCore

/// JSONFieldLocator must give exactly what JSONValueLocator.find gives for the same paths.
final class JSONFieldLocatorTests: XCTestCase {
    let texts: [String] = [
        #"{"id":"x","timestamp":"t","category":"tool","name":"tool.start","data":{"seq":1}}"#,
        #" { "category" : "a" , "name" : [1, {"x": 2}] , "category": "dup" } "#,
        #"{"cat\u0065gory":"escaped","n\u0061me":{"a":"b"}}"#,
        #"{"categoryx":1,"categor":2,"":3,"name":null}"#,
        #"{}"#, #"[]"#, #""category""#, #"17"#, #"[{"category":1}]"#,
        #"{"a":"\"}","category":"q\"uote","name":"é日本"}"#,
        #"{"data":{"category":"inner"},"name":true}"#,
    ]
    let pathLists: [[String]] = [
        ["category", "name"], ["name", "category", "name"], ["", "category"], ["data.category", "name"],
        ["missing"], ["category"], ["[0]", "category"], ["data", "id", "timestamp"],
    ]

    func testMatchesGeneralLocator() throws {
        for list in pathLists {
            let paths = try list.map { text -> FieldPath in
                text.isEmpty ? FieldPath(components: [.key([])], description: "\"\"") : try FieldPath(parsing: text)
            }
            let locator = JSONFieldLocator(paths)
            for text in texts {
                let bytes = Array(text.utf8)
                var expected: [Range<Int>?] = [nil, nil, nil, nil, nil, nil, nil, nil, nil]
                var actual: [Range<Int>?] = []
                bytes.withUnsafeBytes { buffer in
                    JSONValueLocator.find(paths, in: buffer, into: &expected)
                    locator.find(in: buffer, into: &actual)
                }
                XCTAssertEqual(actual, expected, "paths \(list) in \(text)")
                // Reused output array of the right size.
                bytes.withUnsafeBytes { locator.find(in: $0, into: &actual) }
                XCTAssertEqual(actual, expected, "reused, paths \(list) in \(text)")
            }
        }
    }
}
