/// Small, fast, seeded PRNG: xoshiro256** (Blackman & Vigna) with its state filled by SplitMix64
/// from a 64-bit seed. Pure integer arithmetic, so a seed gives the same sequence on every platform.
/// Not for cryptography.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    public init(seed: UInt64) {
        var sm = seed
        func splitMix(_ x: inout UInt64) -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s0 = splitMix(&sm); s1 = splitMix(&sm); s2 = splitMix(&sm); s3 = splitMix(&sm)
        // SplitMix64 is a bijection of its counter, so four outputs are never all zero.
    }

    /// Seeded from the kernel's random bytes.
    public init() {
        self.init(seed: SeededRandom.randomSeed())
    }

    /// 64 random bits from the kernel, e.g. to report a seed so a run can be replayed.
    public static func randomSeed() -> UInt64 {
        var seed: UInt64 = 0
        withUnsafeMutableBytes(of: &seed) { Platform.randomBytes($0) }
        return seed
    }

    @inline(__always)
    public mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = s3 << 45 | s3 >> 19
        return result
    }
}

extension RandomNumberGenerator {
    /// Uniform integer in `0..<bound` without modulo bias (Lemire's multiply-shift with rejection).
    /// Our own, not the standard library's, so sequences cannot change with the toolchain.
    @inline(__always)
    public mutating func nextInt(below bound: Int) -> Int {
        precondition(bound > 0, "nextInt(below:) needs a positive bound")
        let b = UInt64(bound)
        var product = next().multipliedFullWidth(by: b)
        if product.low < b {
            let threshold = (0 &- b) % b
            while product.low < threshold { product = next().multipliedFullWidth(by: b) }
        }
        return Int(product.high)
    }

    /// Uniform integer in a closed range, without modulo bias.
    @inline(__always)
    public mutating func nextInt(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + nextInt(below: range.upperBound - range.lowerBound + 1)
    }

    /// Uniform Double in [0, 1) with 53 random bits.
    @inline(__always)
    public mutating func nextUnitDouble() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// True with probability `p`.
    @inline(__always)
    public mutating func nextBool(probability p: Double) -> Bool {
        nextUnitDouble() < p
    }

    /// Exponential variate with the given mean (inverse transform; never infinite: 1 - u is in (0, 1]).
    @inline(__always)
    public mutating func nextExponential(mean: Double) -> Double {
        -mean * log(1.0 - nextUnitDouble())
    }
}
