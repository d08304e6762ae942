/// Random (version 4) UUIDs as bytes.
public enum UUIDv4 {
    /// Appends 36 lower-case characters (`xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx`), version 4 and
    /// RFC 4122 variant bits set; 122 random bits from two `next()` calls.
    @inlinable
    public static func append<R: RandomNumberGenerator>(using rng: inout R, into output: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 36) { buffer in
            write(using: &rng, to: buffer.baseAddress!)
            output.append(contentsOf: UnsafeBufferPointer(buffer))
        }
    }

    /// Writes the same 36 characters to `destination` (which must have room for them); for
    /// writers that format into raw buffers. Same bytes as `append` for the same generator state.
    @inlinable @inline(__always)
    public static func write<R: RandomNumberGenerator>(using rng: inout R, to destination: UnsafeMutablePointer<UInt8>) {
        let a = rng.next()
        let b = rng.next()
        let hi = (a & 0xFFFF_FFFF_FFFF_0FFF) | 0x0000_0000_0000_4000   // version nibble
        let lo = (b & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000   // variant 10xx
        var p = destination
        @inline(__always) func put(_ v: UInt64, _ nibbles: Int, shift: Int) {
            var s = shift
            for _ in 0..<nibbles {
                s -= 4
                let n = UInt8(truncatingIfNeeded: (v >> UInt64(s)) & 0xF)
                p.pointee = n < 10 ? 48 + n : 87 + n   // 0-9, a-f
                p += 1
            }
        }
        @inline(__always) func dash() { p.pointee = UInt8(ascii: "-"); p += 1 }
        put(hi, 8, shift: 64); dash()
        put(hi, 4, shift: 32); dash()
        put(hi, 4, shift: 16); dash()
        put(lo, 4, shift: 64); dash()
        put(lo, 12, shift: 48)
    }

    /// Convenience for tests and non-hot paths.
    public static func string<R: RandomNumberGenerator>(using rng: inout R) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(36)
        append(using: &rng, into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}
