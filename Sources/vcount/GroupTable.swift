import VCore

/// Counts per byte-string key: an open-addressing hash table whose keys live back to back in
/// one arena. A lookup hashes the key bytes in place and compares with memcmp, so counting an
/// event whose group already exists allocates nothing; memory grows with the number of
/// distinct keys only.
struct GroupTable {
    /// All keys, back to back; key `i` is `arena[offsets[i]..<offsets[i + 1]]`.
    private(set) var arena: [UInt8] = []
    private(set) var offsets: [Int] = [0]
    private(set) var counts: [Int] = []
    private var hashes: [UInt64] = []
    /// Entry index + 1 per slot; 0 is empty. The capacity is a power of two, at most half full.
    private var slots: [Int32]
    private var mask: Int

    init(capacity: Int = 64) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [Int32](repeating: 0, count: size)
        mask = size - 1
    }

    /// The number of distinct keys.
    var count: Int { counts.count }

    func key(_ entry: Int) -> ArraySlice<UInt8> { arena[offsets[entry]..<offsets[entry + 1]] }

    /// Adds `amount` to the count of `key`, creating the entry at 0 first if it is new.
    @inline(__always)
    mutating func add(_ key: UnsafeRawBufferPointer, amount: Int = 1) {
        let hash = Self.hash(key)
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let occupant = Int(slots[slot])
            if occupant == 0 { break }
            let entry = occupant - 1
            if hashes[entry] == hash && equals(entry, key) {
                counts[entry] &+= amount
                return
            }
            slot = (slot &+ 1) & mask
        }
        insert(key, hash: hash, slot: slot, amount: amount)
    }

    @inline(__always)
    private func equals(_ entry: Int, _ key: UnsafeRawBufferPointer) -> Bool {
        let start = offsets[entry]
        let length = offsets[entry + 1] - start
        guard length == key.count else { return false }
        if length == 0 { return true }
        return arena.withUnsafeBytes { memcmp($0.baseAddress! + start, key.baseAddress!, length) == 0 }
    }

    private mutating func insert(_ key: UnsafeRawBufferPointer, hash: UInt64, slot: Int, amount: Int) {
        arena.append(contentsOf: key)
        offsets.append(arena.count)
        counts.append(amount)
        hashes.append(hash)
        slots[slot] = Int32(truncatingIfNeeded: counts.count)
        if counts.count * 2 > slots.count { grow() }
    }

    private mutating func grow() {
        let size = slots.count * 2
        slots = [Int32](repeating: 0, count: size)
        mask = size - 1
        for entry in 0..<counts.count {
            var slot = Int(truncatingIfNeeded: hashes[entry]) & mask
            while slots[slot] != 0 { slot = (slot &+ 1) & mask }
            slots[slot] = Int32(truncatingIfNeeded: entry + 1)
        }
    }

    /// A fast 64-bit hash of the bytes (multiply-xorshift over 8-byte words, then a finaliser).
    @inline(__always)
    static func hash(_ key: UnsafeRawBufferPointer) -> UInt64 {
        let n = key.count
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(truncatingIfNeeded: n)
        guard let p = key.baseAddress else { return h }
        var i = 0
        while i &+ 8 <= n {
            h = (h ^ p.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xBF58_476D_1CE4_E5B9
            h ^= h &>> 31
            i &+= 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < n {
            tail |= UInt64(p.load(fromByteOffset: i, as: UInt8.self)) &<< shift
            shift &+= 8
            i &+= 1
        }
        h = (h ^ tail) &* 0x94D0_49BB_1331_11EB
        h ^= h &>> 29
        h = h &* 0xBF58_476D_1CE4_E5B9
        h ^= h &>> 32
        return h
    }
}
