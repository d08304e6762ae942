/// Random (version 4) UUIDs as bytes.
public enum UUIDv4 {
    @usableFromInline
    static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    /// Appends 36 lower-case characters (`xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx`), version 4 and
    /// RFC 4122 variant bits set; 122 random bits from two `next()` calls.
    @inlinable
    public static func append<R: RandomNumberGenerator>(using rng: inout R, into output: inout [UInt8]) {
        let a = rng.next()
        let b = rng.next()
        let hi = (a & 0xFFFF_FFFF_FFFF_0FFF) | 0x0000_0000_0000_4000   // version nibble
        let lo = (b & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000   // variant 10xx
        hex.withUnsafeBufferPointer { h in
            @inline(__always) func put(_ v: UInt64, _ nibbles: Int, shift: Int) {
                var s = shift
                for _ in 0..<nibbles {
                    s -= 4
                    output.append(h[Int((v >> UInt64(s)) & 0xF)])
                }
            }
            put(hi, 8, shift: 64); output.append(UInt8(ascii: "-"))
            put(hi, 4, shift: 32); output.append(UInt8(ascii: "-"))
            put(hi, 4, shift: 16); output.append(UInt8(ascii: "-"))
            put(lo, 4, shift: 64); output.append(UInt8(ascii: "-"))
            put(lo, 12, shift: 48)
        }
    }

    /// Convenience for tests and non-hot paths.
    public static func string<R: RandomNumberGenerator>(using rng: inout R) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(36)
        append(using: &rng, into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}
