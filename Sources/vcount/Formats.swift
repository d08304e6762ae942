import VCore

/// Renders a `Report` as an aligned table, TSV or JSON Lines.
struct ReportRenderer {
    var format: CountOptions.Format
    var rate: Bool
    var ascii: Bool
    /// Longest bar, in character cells.
    var barWidth = 40

    init(options: CountOptions) {
        format = options.format
        rate = options.rate
        ascii = options.ascii
    }

    func render(_ report: Report, into out: inout [UInt8]) {
        switch format {
        case .json: renderJSON(report, into: &out)
        case .tsv, .table: renderCells(report, into: &out)
        }
    }

    // MARK: Cells (table and TSV)

    private enum Align { case left, right }

    private func renderCells(_ report: Report, into out: inout [UInt8]) {
        if format == .table && report.isTotalOnly && !rate {
            out.append(contentsOf: "\(report.total)\n".utf8)
            return
        }
        var header: [String] = []
        var align: [Align] = []
        if report.buckets != nil { header.append("start"); align.append(.left) }
        for column in report.columns { header.append(column); align.append(.left) }
        header.append("count"); align.append(.right)
        if rate { header += ["per_second", "per_minute"]; align += [.right, .right] }
        let totalRate = rate && report.isTotalOnly
        if totalRate { header += ["first", "last", "seconds"]; align += [.left, .left, .right] }

        var cells: [[[UInt8]]] = [header.map { Array($0.utf8) }]
        cells.reserveCapacity(report.rows.count + 1)
        for row in report.rows {
            var line: [[UInt8]] = []
            if let bucket = row.bucket, let buckets = report.buckets {
                line.append(Display.bucketStart(bucket, buckets))
            }
            for k in report.columns.indices {
                line.append(row.values.map { value in
                    var cell: [UInt8] = []
                    DisplayText.appendEscaped(Display.text(value[k]), to: &cell)
                    return cell
                } ?? [])
            }
            line.append(Array(String(row.count).utf8))
            if rate {
                let (perSecond, perMinute) = rates(row, report)
                line.append(Array((perSecond ?? "-").utf8))
                line.append(Array((perMinute ?? "-").utf8))
            }
            if totalRate {
                if let span = report.span {
                    line.append(Display.instant(span.first, local: report.local))
                    line.append(Display.instant(span.last, local: report.local))
                    line.append(Array(Display.decimal(Double(span.last - span.first) / 1e9, maximumDigits: 6).utf8))
                } else {
                    line += [Array("-".utf8), Array("-".utf8), Array("-".utf8)]
                }
            }
            cells.append(line)
        }
        if format == .tsv {
            for line in cells {
                for (k, cell) in line.enumerated() {
                    if k > 0 { out.append(0x09) }
                    out.append(contentsOf: cell)
                }
                out.append(0x0A)
            }
            return
        }
        // Table: pad to the widest cell of each column, two spaces apart, no trailing blanks.
        var widths = [Int](repeating: 0, count: header.count)
        for line in cells { for (k, cell) in line.enumerated() { widths[k] = max(widths[k], Display.width(cell)) } }
        let maxCount = report.rows.map(\.count).max() ?? 0
        for (index, line) in cells.enumerated() {
            let lineStart = out.count
            for (k, cell) in line.enumerated() {
                if k > 0 { out.append(contentsOf: [0x20, 0x20]) }
                let padding = widths[k] - Display.width(cell)
                if align[k] == .right { out.append(contentsOf: repeatElement(0x20, count: padding)) }
                out.append(contentsOf: cell)
                if align[k] == .left { out.append(contentsOf: repeatElement(0x20, count: padding)) }
            }
            if index > 0, report.buckets != nil {
                let bar = self.bar(report.rows[index - 1].count, of: maxCount)
                if !bar.isEmpty { out.append(contentsOf: [0x20, 0x20]); out.append(contentsOf: bar) }
            }
            while out.count > lineStart, out.last == 0x20 { out.removeLast() }
            out.append(0x0A)
        }
        if rate && !report.isTotalOnly && report.buckets == nil {
            if let span = report.span {
                let seconds = Display.decimal(Double(span.last - span.first) / 1e9, maximumDigits: 6)
                out.append(contentsOf: "rates over \(seconds)s, from ".utf8)
                out.append(contentsOf: Display.instant(span.first, local: report.local))
                out.append(contentsOf: " to ".utf8)
                out.append(contentsOf: Display.instant(span.last, local: report.local))
                out.append(0x0A)
            } else {
                out.append(contentsOf: "no rates: fewer than two distinct timestamps\n".utf8)
            }
        }
    }

    /// `count` against the largest count, in eighths of a cell (Unicode) or whole cells (ASCII).
    /// A non-zero count always shows at least the thinnest bar.
    func bar(_ count: Int, of maximum: Int) -> [UInt8] {
        guard count > 0, maximum > 0 else { return [] }
        if ascii {
            let cells = max(1, Int((Double(count) * Double(barWidth) / Double(maximum)).rounded()))
            return [UInt8](repeating: UInt8(ascii: "#"), count: cells)
        }
        let eighths = max(1, Int((Double(count) * Double(barWidth * 8) / Double(maximum)).rounded()))
        var bar: [UInt8] = []
        for _ in 0..<(eighths / 8) { bar.append(contentsOf: Self.blocks[8]) }
        if eighths % 8 > 0 { bar.append(contentsOf: Self.blocks[eighths % 8]) }
        return bar
    }

    /// U+258F … U+2588: one to eight eighths of a cell.
    static let blocks: [[UInt8]] = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉", "█"].map { Array($0.utf8) }

    // MARK: JSON Lines

    private func renderJSON(_ report: Report, into out: inout [UInt8]) {
        let names = report.columns.map { name -> [UInt8] in
            var quoted: [UInt8] = []
            JSONString.encode(Array(name.utf8), into: &quoted)
            return quoted
        }
        for row in report.rows {
            out.append(UInt8(ascii: "{"))
            if let bucket = row.bucket, let buckets = report.buckets {
                out.append(contentsOf: #""start":""#.utf8)
                out.append(contentsOf: Display.bucketStart(bucket, buckets))
                out.append(contentsOf: #"","#.utf8)
            }
            if let values = row.values {
                for (k, value) in values.enumerated() {
                    out.append(contentsOf: names[k])
                    out.append(UInt8(ascii: ":"))
                    out.append(contentsOf: value)
                    out.append(UInt8(ascii: ","))
                }
            }
            out.append(contentsOf: "\"count\":\(row.count)".utf8)
            if rate {
                let (perSecond, perMinute) = rates(row, report)
                out.append(contentsOf: ",\"per_second\":\(perSecond ?? "null"),\"per_minute\":\(perMinute ?? "null")".utf8)
                if report.isTotalOnly {
                    if let span = report.span {
                        out.append(contentsOf: #","first":""#.utf8)
                        out.append(contentsOf: Display.instant(span.first, local: report.local))
                        out.append(contentsOf: #"","last":""#.utf8)
                        out.append(contentsOf: Display.instant(span.last, local: report.local))
                        out.append(contentsOf: "\",\"seconds\":\(Display.decimal(Double(span.last - span.first) / 1e9, maximumDigits: 6))".utf8)
                    } else {
                        out.append(contentsOf: #","first":null,"last":null,"seconds":null"#.utf8)
                    }
                }
            }
            out.append(contentsOf: "}\n".utf8)
        }
    }

    // MARK: Rates

    /// Events per second and per minute for a row: over the bucket with --per, otherwise over
    /// the span from the first to the last timestamp. Nil when there is no span.
    func rates(_ row: Report.Row, _ report: Report) -> (String?, String?) {
        let seconds: Double?
        var count = Double(row.count)
        if let buckets = report.buckets {
            seconds = Double(buckets.length) / 1e9
        } else {
            seconds = report.spanSeconds
            if report.isTotalOnly { count = Double(report.timedTotal) }
        }
        guard let seconds, seconds > 0 else { return (nil, nil) }
        return (Display.rate(count / seconds), Display.rate(count * 60 / seconds))
    }
}

/// Turning canonical JSON values, instants and numbers into text to show.
enum Display {
    /// What a table or TSV cell shows for a JSON value: a string decoded, anything else as is.
    static func text(_ json: [UInt8]) -> [UInt8] {
        guard json.first == 0x22 else { return json }
        var decoded: [UInt8] = []
        json.withUnsafeBytes { JSONString.decode($0, into: &decoded) }
        return decoded
    }

    static func bucketStart(_ index: Int64, _ buckets: Buckets) -> [UInt8] {
        var out: [UInt8] = []
        Timestamp.appendISO8601(epochNanoseconds: buckets.start(of: index), offsetSeconds: buckets.displayOffset(of: index),
                                fractionDigits: buckets.fractionDigits, into: &out)
        return out
    }

    /// An instant in UTC (or local time), with as many fraction digits as it needs (0, 3, 6 or 9).
    static func instant(_ nanoseconds: Int64, local: Bool) -> [UInt8] {
        let fraction = ((nanoseconds % 1_000_000_000) + 1_000_000_000) % 1_000_000_000
        let digits = fraction == 0 ? 0 : fraction % 1_000_000 == 0 ? 3 : fraction % 1_000 == 0 ? 6 : 9
        var out: [UInt8] = []
        let offset = local ? Timestamp.localOffsetSeconds(atEpochSeconds: Buckets.floorDivide(nanoseconds, 1_000_000_000)) : 0
        Timestamp.appendISO8601(epochNanoseconds: nanoseconds, offsetSeconds: offset, fractionDigits: digits, into: &out)
        return out
    }

    /// A rate with at least three significant digits (two decimals from 1 up), e.g. `12.50`,
    /// `0.0347`.
    static func rate(_ value: Double) -> String {
        guard value.isFinite, value > 0 else { return "0" }
        var decimals = 2
        if value < 1 { decimals = min(9, 2 - Int(log10(value).rounded(.down))) }
        return fixed(value, decimals: decimals)
    }

    /// Fixed-point with `decimals` digits, rounding half away from zero.
    static func fixed(_ value: Double, decimals: Int) -> String {
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        guard scaled < 9e18 else { return String(value) }
        let units = UInt64(scaled)
        let whole = units / UInt64(scale)
        var text = (value < 0 && units > 0 ? "-" : "") + String(whole)
        if decimals > 0 {
            var fraction = String(units % UInt64(scale))
            while fraction.count < decimals { fraction = "0" + fraction }
            text += "." + fraction
        }
        return text
    }

    /// A decimal without trailing zeros, at most `maximumDigits` after the point.
    static func decimal(_ value: Double, maximumDigits: Int) -> String {
        var text = fixed(value, decimals: maximumDigits)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }

    /// Terminal cells taken by UTF-8 text: East Asian wide characters and emoji count two,
    /// combining marks none, everything else one.
    static func width(_ bytes: [UInt8]) -> Int {
        var cells = 0
        for scalar in String(decoding: bytes, as: UTF8.self).unicodeScalars {
            let v = scalar.value
            switch v {
            case 0x0300...0x036F, 0x200B...0x200F, 0xFE00...0xFE0F: break
            case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
                 0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
                 0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD:
                cells += 2
            default: cells += 1
            }
        }
        return cells
    }
}
