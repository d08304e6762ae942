import VCore

/// Counts events line by line: validates each line, applies the filters, finds the group values
/// and the timestamp in one pass over the event, and adds one to the count of its key. The key
/// is built in a reused buffer from the raw value bytes (normalised, see `appendNormalized`), so
/// nothing is allocated per event; only a new group costs memory.
final class Counter {
    enum LineKind { case event, blank, malformed }

    let options: CountOptions
    /// Counts per key: `[bucket: 8 bytes, with --per][value 0, 0x00, value 1, 0x00, …]`.
    @exclusivity(unchecked) private(set) var table = GroupTable()
    /// Valid events that passed the filters (with --per: including those without a timestamp).
    @exclusivity(unchecked) private(set) var total = 0
    /// Counted events whose timestamp could not be read (left out of --per buckets and rates).
    @exclusivity(unchecked) private(set) var untimed = 0
    /// Earliest and latest timestamps of counted events (epoch ns).
    @exclusivity(unchecked) private(set) var firstTime = Int64.max
    @exclusivity(unchecked) private(set) var lastTime = Int64.min
    @exclusivity(unchecked) private(set) var buckets: Buckets?

    private let paths: [FieldPath]
    private let locator: JSONFieldLocator
    private let timestampIndex: Int
    private let needsLocate: Bool
    private let keyed: Bool
    @exclusivity(unchecked) private var ranges: [Range<Int>?] = []
    @exclusivity(unchecked) private var key: [UInt8] = []
    @exclusivity(unchecked) private var scratch: [UInt8] = []

    static let timestampPath = try! FieldPath(parsing: "timestamp")

    init(options: CountOptions) {
        self.options = options
        var paths = options.groupBy.map(\.path)
        timestampIndex = paths.count
        if options.needsTimestamp { paths.append(Self.timestampPath) }
        self.paths = paths
        locator = JSONFieldLocator(paths)
        needsLocate = !paths.isEmpty
        keyed = !options.groupBy.isEmpty || options.per != nil
        if let per = options.per { buckets = Buckets(length: per, local: options.local) }
        key.reserveCapacity(256)
    }

    /// Adds another counter's counts (of the same options) to this one.
    func merge(_ other: Counter) {
        total &+= other.total
        untimed &+= other.untimed
        firstTime = min(firstTime, other.firstTime)
        lastTime = max(lastTime, other.lastTime)
        let table = other.table
        for entry in 0..<table.count {
            table.key(entry).withUnsafeBytes { self.table.add($0, amount: table.counts[entry]) }
        }
    }

    /// Whether any counted event had a usable timestamp.
    var hasTimeSpan: Bool { firstTime <= lastTime }

    /// Handles one line (without its newline).
    @inline(__always)
    func count(line raw: UnsafeRawBufferPointer) -> LineKind {
        var n = raw.count
        guard let base = raw.baseAddress, n > 0 else { return .blank }
        if base.load(fromByteOffset: n - 1, as: UInt8.self) == 0x0D { n -= 1 }
        var start = 0
        while start < n, Self.isSpace(base.load(fromByteOffset: start, as: UInt8.self)) { start += 1 }
        if start == n { return .blank }
        let line = UnsafeRawBufferPointer(start: base, count: n)
        guard case .complete(let info) = JSONScanner.scanText(line, from: start, atEndOfInput: true),
              info.isObject else { return .malformed }
        var i = info.end
        while i < n {
            guard Self.isSpace(base.load(fromByteOffset: i, as: UInt8.self)) else { return .malformed }
            i += 1
        }
        for filter in options.filters where !filter.matches(line) { return .event }
        accept(line)
        return .event
    }

    @inline(__always)
    static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0D || c == 0x0A }

    private func accept(_ event: UnsafeRawBufferPointer) {
        total &+= 1
        if !needsLocate {
            if keyed { table.add(UnsafeRawBufferPointer(start: nil, count: 0)) }
            return
        }
        locator.find(in: event, into: &ranges)
        key.removeAll(keepingCapacity: true)
        if options.needsTimestamp {
            guard let time = timestamp(ranges[timestampIndex], in: event) else {
                untimed &+= 1
                if options.per != nil { return }
                if keyed { addKey(event) }
                return
            }
            if time < firstTime { firstTime = time }
            if time > lastTime { lastTime = time }
            if buckets != nil {
                var index = buckets!.index(of: time)
                withUnsafeBytes(of: &index) { key.append(contentsOf: $0) }
            }
        }
        if keyed { addKey(event) }
    }

    @inline(__always)
    private func addKey(_ event: UnsafeRawBufferPointer) {
        for k in 0..<options.groupBy.count {
            if k > 0 { key.append(0) }
            appendNormalized(ranges[k], in: event)
        }
        key.withUnsafeBytes { table.add($0) }
    }

    /// Appends the canonical JSON text of a value, so that equal values make equal keys:
    /// a missing value is `null`; a string with escapes is decoded and re-encoded (`"\u0041"` →
    /// `"A"`); an object or array is compacted; anything else is kept as written.
    private func appendNormalized(_ range: Range<Int>?, in event: UnsafeRawBufferPointer) {
        guard let range else {
            key.append(contentsOf: [0x6E, 0x75, 0x6C, 0x6C])  // null
            return
        }
        let value = UnsafeRawBufferPointer(rebasing: event[range])
        let first = value[0]
        if first == 0x22 {
            if memchr(value.baseAddress!, 0x5C, value.count) == nil {
                key.append(contentsOf: value)
            } else {
                scratch.removeAll(keepingCapacity: true)
                JSONString.decode(value, into: &scratch)
                JSONString.encode(scratch, into: &key)
            }
        } else if first == 0x7B || first == 0x5B {
            if JSONScanner.compact(value, into: &key) != nil { key.append(contentsOf: value) }
        } else {
            key.append(contentsOf: value)
        }
    }

    /// The event's timestamp in epoch ns: a string (ISO 8601 or digits) or a number.
    private func timestamp(_ range: Range<Int>?, in event: UnsafeRawBufferPointer) -> Int64? {
        guard let range else { return nil }
        let value = UnsafeRawBufferPointer(rebasing: event[range])
        if value[0] == 0x22 {
            if memchr(value.baseAddress!, 0x5C, value.count) != nil {
                scratch.removeAll(keepingCapacity: true)
                JSONString.decode(value, into: &scratch)
                return scratch.withUnsafeBytes { Timestamp.parse($0) }
            }
            return Timestamp.parse(UnsafeRawBufferPointer(rebasing: value[1..<(value.count - 1)]))
        }
        return Timestamp.parse(value)
    }
}

/// Malformed lines of one input, for the closing `FILE: N malformed lines, first at line L`.
struct MalformedTally {
    var count = 0
    var firstLine = 0

    mutating func record(line: Int) {
        if count == 0 { firstLine = line }
        count += 1
    }

    func message(for name: String) -> String? {
        guard count > 0 else { return nil }
        return "\(name): \(count) malformed \(count == 1 ? "line" : "lines"), first at line \(firstLine)"
    }
}
