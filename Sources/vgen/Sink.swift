/// Immutable bytes that live as long as the process (the vocabulary is built once and kept):
/// copying them is a plain memcpy, with no reference counting on the hot path.
struct Bytes: @unchecked Sendable {
    let base: UnsafePointer<UInt8>
    let count: Int

    init(_ array: [UInt8]) {
        let p = UnsafeMutablePointer<UInt8>.allocate(capacity: max(array.count, 1))
        p.initialize(from: array, count: array.count)
        base = UnsafePointer(p)
        count = array.count
    }

    var array: [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }
}

/// Up to 40 bytes stored inline (ids: session UUIDs, trace ids, call/request ids), so sessions
/// are trivial values with no reference counting.
struct InlineBytes {
    private var storage: (UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0)
    private(set) var count = 0
    static let capacity = 40

    /// Fills the storage through `body`, which returns how many bytes it wrote (<= 40).
    init(_ body: (UnsafeMutablePointer<UInt8>) -> Int) {
        let n = withUnsafeMutableBytes(of: &storage) { body($0.baseAddress!.assumingMemoryBound(to: UInt8.self)) }
        precondition(n <= InlineBytes.capacity)
        count = n
    }

    @inline(__always)
    func write(to sink: inout Sink) {
        withUnsafeBytes(of: storage) { sink.put($0.baseAddress!.assumingMemoryBound(to: UInt8.self), count) }
    }

    var array: [UInt8] { withUnsafeBytes(of: storage) { Array($0.prefix(count)) } }
}

/// Owner of the scratch memory one event is formatted into before it is appended to the output.
final class ScratchBuffer {
    /// Far above the largest event the vocabulary can produce (< 8 KiB).
    static let capacity = 64 * 1024
    let base = UnsafeMutablePointer<UInt8>.allocate(capacity: ScratchBuffer.capacity)
    deinit { base.deallocate() }
}

/// A write cursor into a `ScratchBuffer`: unchecked in release builds, the vocabulary bounds the size.
struct Sink {
    let base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0

    init(_ base: UnsafeMutablePointer<UInt8>) { self.base = base }

    @inline(__always)
    mutating func put(_ p: UnsafePointer<UInt8>, _ n: Int) {
        assert(count + n <= ScratchBuffer.capacity)
        (base + count).update(from: p, count: n)
        count += n
    }

    @inline(__always)
    mutating func put(_ bytes: Bytes) { put(bytes.base, bytes.count) }

    @inline(__always)
    mutating func put(_ s: StaticString) { put(s.utf8Start, s.utf8CodeUnitCount) }

    @inline(__always)
    mutating func byte(_ b: UInt8) {
        base[count] = b
        count += 1
    }

    /// Two decimal digits (0...99).
    @inline(__always)
    mutating func two(_ x: Int) {
        base[count] = UInt8(truncatingIfNeeded: 48 + x / 10)
        base[count + 1] = UInt8(truncatingIfNeeded: 48 + x % 10)
        count += 2
    }

    /// A decimal integer.
    @inline(__always)
    mutating func int(_ value: Int) {
        if value < 0 {
            if value == .min { put("-9223372036854775808"); return }
            byte(UInt8(ascii: "-"))
            int(-value)
            return
        }
        var v = value
        var digits = 1
        var t = v
        while t >= 10 { t /= 10; digits += 1 }
        var i = count + digits - 1
        repeat {
            base[i] = UInt8(truncatingIfNeeded: 48 + v % 10)
            v /= 10
            i -= 1
        } while v > 0
        count += digits
    }

    /// `value / 10^digits` with exactly `digits` fraction digits (value >= 0).
    mutating func fixed(_ value: Int, digits: Int) {
        var scale = 1
        for _ in 0..<digits { scale *= 10 }
        int(value / scale)
        byte(UInt8(ascii: "."))
        var d = scale / 10
        let fraction = value % scale
        while d > 0 {
            byte(UInt8(truncatingIfNeeded: 48 + fraction / d % 10))
            d /= 10
        }
    }
}

extension Sink {
    /// Accounts for `n` bytes written directly at `base + count`.
    @inline(__always)
    mutating func skip(_ n: Int) {
        assert(count + n <= ScratchBuffer.capacity)
        count += n
    }
}
