import VCore

/// Time buckets of a fixed length, aligned to multiples of the length since the epoch in UTC,
/// or in local time: then a bucket is a run of local wall-clock time (so with `--per day` a
/// day is 23 or 25 hours long across a daylight-saving change).
struct Buckets {
    /// Bucket length in nanoseconds.
    let length: Int64
    let local: Bool
    /// The local UTC offset in seconds at an epoch second; injectable for tests.
    let offsetAt: (Int64) -> Int

    private var cachedSlot = Int64.min
    private var cachedOffset = 0

    init(length: Int64, local: Bool,
         offsetAt: @escaping (Int64) -> Int = { Timestamp.localOffsetSeconds(atEpochSeconds: $0) }) {
        self.length = length
        self.local = local
        self.offsetAt = offsetAt
    }

    /// The bucket number of an instant (epoch nanoseconds).
    @inline(__always)
    mutating func index(of nanoseconds: Int64) -> Int64 {
        var t = nanoseconds
        if local { t &+= Int64(offset(atNanoseconds: nanoseconds)) &* 1_000_000_000 }
        return Self.floorDivide(t, length)
    }

    /// The instant (epoch nanoseconds) at which bucket `index` starts.
    func start(of index: Int64) -> Int64 {
        let wall = index &* length
        guard local else { return wall }
        // The offset in force at the start: first guess from the wall time, then refine once.
        let guess = Int64(offsetAt(Self.floorDivide(wall, 1_000_000_000)))
        let refined = Int64(offsetAt(Self.floorDivide(wall - guess * 1_000_000_000, 1_000_000_000)))
        return wall - refined * 1_000_000_000
    }

    /// The UTC offset (seconds) to show with the start of bucket `index`.
    func displayOffset(of index: Int64) -> Int {
        guard local else { return 0 }
        return offsetAt(Self.floorDivide(start(of: index), 1_000_000_000))
    }

    /// Zone offsets change at most on quarter hours, so one lookup serves a 15-minute slot.
    @inline(__always)
    private mutating func offset(atNanoseconds nanoseconds: Int64) -> Int {
        let seconds = Self.floorDivide(nanoseconds, 1_000_000_000)
        let slot = Self.floorDivide(seconds, 900)
        if slot != cachedSlot {
            cachedSlot = slot
            cachedOffset = offsetAt(seconds)
        }
        return cachedOffset
    }

    @inline(__always)
    static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    /// Fraction digits needed to show bucket starts exactly.
    var fractionDigits: Int {
        if length % 1_000_000_000 == 0 { return 0 }
        if length % 1_000_000 == 0 { return 3 }
        if length % 1_000 == 0 { return 6 }
        return 9
    }
}
