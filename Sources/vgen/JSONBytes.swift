import VCore

/// Byte-level JSON writing helpers for the generator. Strings that end up in events are escaped
/// once, when the vocabulary is built; the hot path only copies bytes and formats integers.
enum JSONBytes {
    /// Appends `s` as a JSON string literal (quotes included). Escapes `"`, `\` and every control
    /// character (U+0000...U+001F, using the short forms where JSON has them); everything else,
    /// non-ASCII included, is copied as UTF-8 (Swift strings are always valid UTF-8).
    static func appendQuoted(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        appendEscaped(s, into: &out)
        out.append(UInt8(ascii: "\""))
    }

    static func appendEscaped(_ s: String, into out: inout [UInt8]) {
        let hex = Array("0123456789abcdef".utf8)
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "\""): out.append(contentsOf: [92, 34])
            case UInt8(ascii: "\\"): out.append(contentsOf: [92, 92])
            case 0x0A: out.append(contentsOf: [92, UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [92, UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [92, UInt8(ascii: "t")])
            case 0x08: out.append(contentsOf: [92, UInt8(ascii: "b")])
            case 0x0C: out.append(contentsOf: [92, UInt8(ascii: "f")])
            case 0..<0x20: out.append(contentsOf: [92, UInt8(ascii: "u"), 48, 48, hex[Int(b >> 4)], hex[Int(b & 15)]])
            default: out.append(b)
            }
        }
    }

    static func quoted(_ s: String) -> [UInt8] {
        var out: [UInt8] = []
        appendQuoted(s, into: &out)
        return out
    }

    /// Appends a non-negative or negative integer in decimal.
    @inline(__always)
    static func appendInt(_ value: Int, into out: inout [UInt8]) {
        var v = value
        if v < 0 {
            out.append(UInt8(ascii: "-"))
            if v == .min { out.append(contentsOf: Array("9223372036854775808".utf8)); return }
            v = -v
        }
        if v < 10 { out.append(UInt8(truncatingIfNeeded: 48 + v)); return }
        var divisor = 10
        while divisor <= v / 10 { divisor *= 10 }
        while divisor > 0 {
            out.append(UInt8(truncatingIfNeeded: 48 + v / divisor % 10))
            divisor /= 10
        }
    }

    /// Appends `value / 10^digits` with exactly `digits` fraction digits, e.g. (4125, 1) -> 412.5.
    @inline(__always)
    static func appendFixed(_ value: Int, digits: Int, into out: inout [UInt8]) {
        var scale = 1
        for _ in 0..<digits { scale *= 10 }
        appendInt(value / scale, into: &out)
        out.append(UInt8(ascii: "."))
        var d = scale / 10
        let frac = value % scale
        while d > 0 {
            out.append(UInt8(truncatingIfNeeded: 48 + frac / d % 10))
            d /= 10
        }
    }
}
