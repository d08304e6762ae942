import Foundation
import XCTest
@testable import VCore

final class TimestampTests: XCTestCase {
    private let base: Int64 = 1_767_700_800_000_000_000   // 2026-01-06T12:00:00Z

    /// Reproducers found by `make fuzz`.
    func testFuzzFindings() {
        XCTAssertNil(Timestamp.parse("6026-10-01"), "a date-only value past 2262 overflows Int64 ns")
        XCTAssertNotNil(Timestamp.parse("2262-04-11"))
    }

    func testFormatsVictorFormat() {
        XCTAssertEqual(Timestamp.iso8601(epochNanoseconds: base + 123_456_789), "2026-01-06T12:00:00.123456+00:00")
        XCTAssertEqual(Timestamp.iso8601(epochNanoseconds: 0), "1970-01-01T00:00:00.000000+00:00")
        XCTAssertEqual(Timestamp.iso8601(epochNanoseconds: base, fractionDigits: 0), "2026-01-06T12:00:00+00:00")
        XCTAssertEqual(Timestamp.iso8601(epochNanoseconds: base + 5, fractionDigits: 9), "2026-01-06T12:00:00.000000005+00:00")
        XCTAssertEqual(Timestamp.iso8601(epochNanoseconds: base + 999_999_999, fractionDigits: 3), "2026-01-06T12:00:00.999+00:00")
        XCTAssertEqual(Timestamp.iso8601(epochNanoseconds: base, fractionDigits: 42), "2026-01-06T12:00:00.000000000+00:00")
    }

    func testAppendsToExistingBytes() {
        var out: [UInt8] = Array("ts=".utf8)
        Timestamp.appendISO8601(epochNanoseconds: base, into: &out)
        XCTAssertEqual(String(decoding: out, as: UTF8.self), "ts=2026-01-06T12:00:00.000000+00:00")
    }

    func testNegativeEpochAndFloorDivision() {
        XCTAssertEqual(Timestamp.iso8601(epochNanoseconds: -1), "1969-12-31T23:59:59.999999+00:00")
        XCTAssertEqual(Timestamp.iso8601(epochNanoseconds: -86_400_000_000_000), "1969-12-31T00:00:00.000000+00:00")
        XCTAssertEqual(Timestamp.iso8601(epochNanoseconds: -1_500_000_000, fractionDigits: 1), "1969-12-31T23:59:58.5+00:00")
        XCTAssertEqual(Timestamp.iso8601(epochNanoseconds: .min, fractionDigits: 9), "1677-09-21T00:12:43.145224192+00:00")
        XCTAssertEqual(Timestamp.iso8601(epochNanoseconds: .max, fractionDigits: 9), "2262-04-11T23:47:16.854775807+00:00")
    }

    func testOffsets() {
        XCTAssertEqual(Timestamp.iso8601(epochNanoseconds: base, offsetSeconds: 3600), "2026-01-06T13:00:00.000000+01:00")
        XCTAssertEqual(Timestamp.iso8601(epochNanoseconds: base, offsetSeconds: -(5 * 3600 + 30 * 60)), "2026-01-06T06:30:00.000000-05:30")
        XCTAssertEqual(Timestamp.iso8601(epochNanoseconds: 0, offsetSeconds: -3600, fractionDigits: 0), "1969-12-31T23:00:00-01:00")
        XCTAssertEqual(Timestamp.iso8601(epochNanoseconds: base, offsetSeconds: 14 * 3600, fractionDigits: 0), "2026-01-07T02:00:00+14:00")
        // Sub-minute offsets are truncated to whole minutes, so the string denotes the same instant.
        let text = Timestamp.iso8601(epochNanoseconds: base, offsetSeconds: 3600 + 59)
        XCTAssertEqual(text, "2026-01-06T13:00:00.000000+01:00")
        XCTAssertEqual(Timestamp.parse(text), base)
    }

    func testLeapYearsAndCenturies() {
        let cases: [(String, Int64)] = [
            ("2024-02-29T00:00:00Z", 1_709_164_800),
            ("2000-02-29T12:34:56Z", 951_827_696),
            ("2100-03-01T00:00:00Z", 4_107_542_400),
            ("2100-02-28T23:59:59Z", 4_107_542_399),
            ("1970-01-01T00:00:00Z", 0),
            ("1969-07-20T20:17:40Z", -14_182_940),
            ("1900-01-01T00:00:00Z", -2_208_988_800),
        ]
        for (text, seconds) in cases {
            XCTAssertEqual(Timestamp.parse(text), seconds * 1_000_000_000, text)
            let formatted = Timestamp.iso8601(epochNanoseconds: seconds * 1_000_000_000, fractionDigits: 0)
            XCTAssertEqual(formatted, text.replacingOccurrences(of: "Z", with: "+00:00"))
        }
        XCTAssertNil(Timestamp.parse("2100-02-29T00:00:00Z"))
        XCTAssertNil(Timestamp.parse("2023-02-29T00:00:00Z"))
        XCTAssertNil(Timestamp.parse("2026-04-31T00:00:00Z"))
    }

    func testRoundTripsAgainstFoundation() {
        var rng = SeededRandom(seed: 7)
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        for _ in 0..<2_000 {
            let ns = Int64(rng.nextInt(below: Int(Int64.max / 2))) - Int64.max / 4   // ~1824...2116
            for digits in [0, 3, 6, 9] {
                for offset in [0, 3600, -19_800, 45_900] {
                    let text = Timestamp.iso8601(epochNanoseconds: ns, offsetSeconds: offset, fractionDigits: digits)
                    let unit: Int64 = [0: 1_000_000_000, 3: 1_000_000, 6: 1_000, 9: 1][digits]!
                    let truncated = ns - (ns % unit + unit) % unit   // formatting truncates towards the past
                    XCTAssertEqual(Timestamp.parse(text), truncated, text)
                }
            }
            let seconds = Int64((Double(ns) / 1e9).rounded(.down))
            XCTAssertEqual(Timestamp.iso8601(epochNanoseconds: seconds * 1_000_000_000, fractionDigits: 0)
                .replacingOccurrences(of: "+00:00", with: "Z"),
                formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds))))
        }
    }

    func testCivilDateRoundTrip() {
        for days in stride(from: -800_000, through: 800_000, by: 37) {
            let d = CivilDate.ymd(fromDays: days)
            XCTAssertEqual(CivilDate.days(year: d.year, month: d.month, day: d.day), days)
            XCTAssert((1...12).contains(d.month) && d.day >= 1 && d.day <= CivilDate.daysInMonth(year: d.year, month: d.month))
        }
        XCTAssertTrue(CivilDate.ymd(fromDays: 0) == (1970, 1, 1))
        XCTAssertTrue(CivilDate.ymd(fromDays: -1) == (1969, 12, 31))
        XCTAssertEqual(CivilDate.days(year: 2026, month: 1, day: 6), 20_459)
        XCTAssertEqual(CivilDate.weekday(fromDays: 20_459), 2)   // Tuesday
        XCTAssertEqual(CivilDate.weekday(fromDays: -1), 3)       // Wednesday
    }

    func testParsesAcceptedForms() {
        let accepted: [(String, Int64)] = [
            ("2026-01-06T12:00:00Z", base),
            ("2026-01-06T12:00:00z", base),
            ("2026-01-06t12:00:00Z", base),
            ("2026-01-06 12:00:00Z", base),
            ("2026-01-06T12:00:00+00:00", base),
            ("2026-01-06T12:00:00-00:00", base),
            ("2026-01-06T12:00:00", base),
            ("2026-01-06T12:00Z", base),
            ("2026-01-06", base - 12 * 3_600_000_000_000),
            ("2026-01-06T12:00:00.123456+00:00", base + 123_456_000),
            ("2026-01-06T12:00:00.1Z", base + 100_000_000),
            ("2026-01-06T12:00:00,5Z", base + 500_000_000),
            ("2026-01-06T12:00:00.123456789123Z", base + 123_456_789),
            ("2026-01-06T06:30:00-0530", base + 0),
            ("2026-01-06T06:30:00-05:30", base),
            ("2026-01-06T17:30:00.25+05:30", base + 250_000_000),
            ("2026-01-06T13:00:00+01", base),
            ("2026-01-06T23:59:60Z", base + 12 * 3_600_000_000_000),
            ("1767700800", base),
            ("1767700800.25", base + 250_000_000),
            ("1767700800.1234567891", base + 123_456_789),
            ("1767700800123", base + 123_000_000),
            ("1767700800123.5", base + 123_500_000),
            ("100000000000", 100_000_000_000 * 1_000_000),     // 1e11 -> milliseconds
            ("0", 0),
            ("-1.5", -1_500_000_000),
            ("+60", 60_000_000_000),
        ]
        for (text, expected) in accepted {
            XCTAssertEqual(Timestamp.parse(text), expected, text)
        }
    }

    func testMillisecondsVersusSecondsThreshold() {
        XCTAssertEqual(Timestamp.parse("99999999999"), nil, "1e11 - 1 seconds overflows Int64 nanoseconds")
        XCTAssertEqual(Timestamp.parse("9000000000"), 9_000_000_000 * 1_000_000_000)   // year 2255, seconds
        XCTAssertEqual(Timestamp.parse("100000000000"), 100_000_000_000_000_000)          // 1973, milliseconds
        XCTAssertEqual(Timestamp.parse("-1767700800123"), -(base + 123_000_000))
        XCTAssertNil(Timestamp.parse("1767700800123456"), "microseconds overflow as milliseconds")
    }

    func testRejectsMalformed() {
        let rejected = [
            "", " ", "garbage", "2026-13-01T00:00:00Z", "2026-00-10T00:00:00Z", "2026-01-00T00:00:00Z",
            "2026-01-32T00:00:00Z", "2026-01-06T25:00:00Z", "2026-01-06T24:00:00Z", "2026-01-06T12:60:00Z",
            "2026-01-06T12:00:61Z", "2026-01-06X12:00:00Z", "2026-01-06T12:00:00.Z", "2026-01-06T12:00:00ZZ",
            "2026-01-06T12:00:00+24:00", "2026-01-06T12:00:00+05:60", "2026-01-06T12:00:00+5", "2026-01-06T12:00:00 ",
            " 2026-01-06T12:00:00Z", "2026-1-06T12:00:00Z", "2026/01/06T12:00:00Z", "2026-01-06T1:00:00Z",
            "2026-01-06T12", "2026-01-06T12:0", "2026-01-06T12:00:0", "2026-01-06T12:00:00+05:3",
            "abcd-01-06T12:00:00Z", "1767700800.", ".5", "-", "+", "12a", "1e9", "1767700800 ",
            "99999999999999999999999", "2026-01-06T12:00:00+00:00x",
        ]
        for text in rejected {
            XCTAssertNil(Timestamp.parse(text), "accepted \(text.debugDescription)")
        }
    }

    func testParsesRawBytesInsideLargerBuffer() {
        let line = Array(#"{"timestamp":"2026-01-06T12:00:00.5+00:00"}"#.utf8)
        line.withUnsafeBytes { raw in
            let slice = UnsafeRawBufferPointer(rebasing: raw[14..<41])
            XCTAssertEqual(Timestamp.parse(slice), base + 500_000_000)
        }
    }

    func testLocalOffsetHonoursTZ() {
        // TZ is read once per process; the test environment normally runs with TZ unset or UTC.
        let offset = Timestamp.localOffsetSeconds(atEpochSeconds: 1_767_700_800)
        XCTAssertEqual(offset, TimeZone.current.secondsFromGMT(for: Date(timeIntervalSince1970: 1_767_700_800)))
    }
}
