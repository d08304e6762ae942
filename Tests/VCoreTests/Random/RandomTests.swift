import Foundation
import XCTest
@testable import VCore

final class RandomTests: XCTestCase {
    func testDeterministicPerSeed() {
        var a = SeededRandom(seed: 42), b = SeededRandom(seed: 42), c = SeededRandom(seed: 43)
        let xs = (0..<100).map { _ in a.next() }
        XCTAssertEqual(xs, (0..<100).map { _ in b.next() })
        XCTAssertNotEqual(xs, (0..<100).map { _ in c.next() })
        XCTAssertEqual(Set(xs).count, 100)
    }

    func testKnownVector() {
        // Pins the algorithm: xoshiro256** seeded by SplitMix64(0). Changing it changes every seeded run.
        var rng = SeededRandom(seed: 0)
        XCTAssertEqual((0..<3).map { _ in rng.next() }, Self.expectedSeed0)
    }

    static let expectedSeed0: [UInt64] = {
        // Independent reference implementation, written straightforwardly.
        var x: UInt64 = 0
        func sm() -> UInt64 {
            x = x &+ 0x9E3779B97F4A7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
            z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
            return z ^ (z >> 31)
        }
        var s = [sm(), sm(), sm(), sm()]
        func rotl(_ v: UInt64, _ k: UInt64) -> UInt64 { (v << k) | (v >> (64 - k)) }
        var out: [UInt64] = []
        for _ in 0..<3 {
            out.append(rotl(s[1] &* 5, 7) &* 9)
            let t = s[1] << 17
            s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3]; s[2] ^= t; s[3] = rotl(s[3], 45)
        }
        return out
    }()

    func testSplitMixFirstOutputMatchesReference() {
        // SplitMix64(0) first output is the well-known 0xE220A8397B1DCDAF.
        var x: UInt64 = 0
        x = x &+ 0x9E3779B97F4A7C15
        var z = x
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        XCTAssertEqual(z ^ (z >> 31), 0xE220A8397B1DCDAF)
    }

    func testUnseededDiffers() {
        var a = SeededRandom(), b = SeededRandom()
        XCTAssertNotEqual(a.next(), b.next())
    }

    func testUniformIntsInRangeAndUnbiased() {
        var rng = SeededRandom(seed: 3)
        var counts = [Int](repeating: 0, count: 7)
        for _ in 0..<70_000 { counts[rng.nextInt(below: 7)] += 1 }
        for c in counts { XCTAssertEqual(Double(c), 10_000, accuracy: 400) }
        for _ in 0..<1000 {
            let v = rng.nextInt(in: -3...3)
            XCTAssert((-3...3).contains(v))
        }
        XCTAssertEqual(rng.nextInt(below: 1), 0)
        for _ in 0..<1000 { XCTAssert((0..<Int.max).contains(rng.nextInt(below: .max))) }
    }

    func testUnitDoubleAndExponential() {
        var rng = SeededRandom(seed: 4)
        var sum = 0.0
        for _ in 0..<100_000 {
            let u = rng.nextUnitDouble()
            XCTAssert(u >= 0 && u < 1)
            let e = rng.nextExponential(mean: 2.5)
            XCTAssert(e >= 0 && e.isFinite)
            sum += e
        }
        XCTAssertEqual(sum / 100_000, 2.5, accuracy: 0.05)
    }

    func testUUIDFormat() {
        var rng = SeededRandom(seed: 5)
        var seen = Set<String>()
        for _ in 0..<10_000 {
            let u = UUIDv4.string(using: &rng)
            let chars = Array(u.utf8)
            XCTAssertEqual(chars.count, 36)
            for (i, c) in chars.enumerated() {
                if [8, 13, 18, 23].contains(i) { XCTAssertEqual(c, UInt8(ascii: "-")) }
                else { XCTAssert((48...57).contains(c) || (97...102).contains(c), u) }
            }
            XCTAssertEqual(chars[14], UInt8(ascii: "4"))
            XCTAssert("89ab".utf8.contains(chars[19]), u)
            XCTAssertNotNil(UUID(uuidString: u))
            seen.insert(u)
        }
        XCTAssertEqual(seen.count, 10_000)
        var a = SeededRandom(seed: 6), b = SeededRandom(seed: 6)
        XCTAssertEqual(UUIDv4.string(using: &a), UUIDv4.string(using: &b))
    }
}
