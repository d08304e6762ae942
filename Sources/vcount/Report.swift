import VCore

/// The counts in output order: rows sorted (bucket, then largest count, then key order),
/// empty buckets filled in, `--top` applied. Built from a `Counter` at the end of input or for
/// each `--every` snapshot; its size is that of the groups, never of the input.
struct Report {
    struct Row {
        /// Bucket number, with --per.
        var bucket: Int64?
        /// Canonical JSON text of each --by value; nil for an empty bucket's filler row.
        var values: [[UInt8]]?
        var count: Int
    }

    enum Failure: Error, Equatable {
        case tooManyBuckets(Int64)
    }

    static let maximumBuckets: Int64 = 1_000_000

    var columns: [String]
    var rows: [Row]
    var total: Int
    /// Whether rows are buckets (--per) and of what length.
    var buckets: Buckets?
    /// Earliest and latest timestamp, when --rate and some event had one.
    var span: (first: Int64, last: Int64)?
    var timedTotal: Int
    var isTotalOnly: Bool
    /// Show instants in local time.
    var local: Bool

    init(_ counter: Counter) throws(Failure) {
        let options = counter.options
        columns = options.groupBy.map(\.name)
        local = options.local
        total = counter.total
        timedTotal = counter.total - counter.untimed
        buckets = counter.buckets
        span = counter.hasTimeSpan ? (counter.firstTime, counter.lastTime) : nil
        isTotalOnly = options.groupBy.isEmpty && options.per == nil
        rows = []
        if isTotalOnly {
            rows = [Row(bucket: nil, values: [], count: total)]
            return
        }
        let table = counter.table
        let groupCount = options.groupBy.count
        var sortable: [(row: Row, keys: [SortKey])] = []
        sortable.reserveCapacity(table.count)
        for entry in 0..<table.count {
            var bytes = table.key(entry)
            var bucket: Int64? = nil
            if options.per != nil {
                var index: Int64 = 0
                withUnsafeMutableBytes(of: &index) { raw in
                    for (k, byte) in bytes.prefix(8).enumerated() { raw[k] = byte }
                }
                bucket = index
                bytes = bytes.dropFirst(8)
            }
            var values: [[UInt8]] = []
            if groupCount > 0 {
                values = bytes.split(separator: 0, maxSplits: groupCount - 1, omittingEmptySubsequences: false).map(Array.init)
            }
            sortable.append((Row(bucket: bucket, values: values, count: table.counts[entry]), values.map(SortKey.init)))
        }
        sortable.sort { a, b in
            if let x = a.row.bucket, let y = b.row.bucket, x != y { return x < y }
            if a.row.count != b.row.count { return a.row.count > b.row.count }
            for (p, q) in zip(a.keys, b.keys) {
                if p < q { return true }
                if q < p { return false }
            }
            return false
        }
        var ordered = sortable.map(\.row)
        if let top = options.top { ordered = Self.keepTop(top, of: ordered) }
        if options.per != nil, let first = ordered.first?.bucket, let last = ordered.last?.bucket {
            let count = last - first + 1
            guard count <= Self.maximumBuckets else { throw .tooManyBuckets(count) }
            ordered = Self.fillEmptyBuckets(ordered, from: first, to: last)
        }
        rows = ordered
    }

    /// Keeps the first `top` rows of each bucket (of all rows without buckets).
    static func keepTop(_ top: Int, of rows: [Row]) -> [Row] {
        var kept: [Row] = []
        var current: Int64? = nil
        var inBucket = 0
        for row in rows {
            if row.bucket != current || kept.isEmpty { current = row.bucket; inBucket = 0 }
            inBucket += 1
            if inBucket <= top { kept.append(row) }
        }
        return kept
    }

    /// Inserts a zero row for every bucket between the first and the last that has none.
    static func fillEmptyBuckets(_ rows: [Row], from first: Int64, to last: Int64) -> [Row] {
        var filled: [Row] = []
        filled.reserveCapacity(rows.count)
        var next = first
        for row in rows {
            let bucket = row.bucket!
            while next < bucket {
                filled.append(Row(bucket: next, values: nil, count: 0))
                next += 1
            }
            filled.append(row)
            next = bucket + 1
        }
        return filled
    }

    /// The rate base in seconds for a row: the bucket length with --per, else the span.
    var spanSeconds: Double? {
        guard let span, span.last > span.first else { return nil }
        return Double(span.last - span.first) / 1e9
    }
}

/// Key order: numbers numerically (and before anything else), everything else by the bytes
/// shown (decoded strings, other values as JSON text).
enum SortKey: Comparable {
    case number(Double)
    case text([UInt8])

    init(_ json: [UInt8]) {
        if let first = json.first, first == UInt8(ascii: "-") || (first >= 0x30 && first <= 0x39),
           let value = Double(String(decoding: json, as: UTF8.self)) {
            self = .number(value)
        } else {
            self = .text(Display.text(json))
        }
    }

    static func < (a: SortKey, b: SortKey) -> Bool {
        switch (a, b) {
        case (.number(let x), .number(let y)): return x < y
        case (.number, .text): return true
        case (.text, .number): return false
        case (.text(let x), .text(let y)): return x.lexicographicallyPrecedes(y)
        }
    }
}
