/// Event text made safe for a TSV cell or a terminal, the same way in every tool: tab, newline,
/// carriage return and backslash as `\t \n \r \\` (so a value stays in its cell), other C0
/// controls and DEL as `\xHH`, and the C1 controls U+0080...U+009F (which some terminals obey,
/// CSI among them) as `\u00HH`, so a hostile event cannot drive the terminal.
public enum DisplayText {
    public static func appendEscaped(_ bytes: [UInt8], to out: inout [UInt8]) {
        var i = 0
        let n = bytes.count
        while i < n {
            let c = bytes[i]
            switch c {
            case 0x09: out.append(0x5C); out.append(UInt8(ascii: "t"))
            case 0x0A: out.append(0x5C); out.append(UInt8(ascii: "n"))
            case 0x0D: out.append(0x5C); out.append(UInt8(ascii: "r"))
            case 0x5C: out.append(0x5C); out.append(0x5C)
            case 0..<0x20, 0x7F:
                out.append(0x5C); out.append(UInt8(ascii: "x")); appendHex(c, to: &out)
            case 0xC2 where i + 1 < n && bytes[i + 1] >= 0x80 && bytes[i + 1] <= 0x9F:
                out.append(contentsOf: #"\u00"#.utf8)
                appendHex(bytes[i + 1], to: &out)
                i += 1
            default: out.append(c)
            }
            i += 1
        }
    }

    /// Two lower-case hexadecimal digits.
    public static func appendHex(_ byte: UInt8, to out: inout [UInt8]) {
        let digits: StaticString = "0123456789abcdef"
        out.append(digits.utf8Start[Int(byte >> 4)])
        out.append(digits.utf8Start[Int(byte & 0xF)])
    }
}
