/// `--help`: synopsis, one line of purpose, every option with its default, one example.
public enum HelpRenderer {
    public static func render(_ spec: CommandSpec) -> String {
        var out = "Usage: \(spec.name) [OPTION]...\(operandsSynopsis(spec))\n"
        out += capitalized(spec.summary) + ".\n\nOptions:\n"
        let rows = spec.allOptions.filter { !$0.hidden }.map { option -> (String, String) in
            var left = option.short.map { "-\($0), " } ?? "    "
            left += "--\(option.long)"
            if let value = option.value { left += " \(value)" }
            var right = option.help
            if let defaultValue = option.defaultValue { right += " (default: \(defaultValue))" }
            return (left, right)
        }
        let width = min(28, rows.map { $0.0.count }.max() ?? 0)
        for (left, right) in rows {
            let indent = String(repeating: " ", count: width + 4)
            let wrapped = wrap(right, width: 78 - width - 4)
            if left.count > width {
                out += "  \(left)\n"
                out += wrapped.map { indent + $0 }.joined(separator: "\n") + "\n"
            } else {
                out += "  " + left.padding(to: width) + "  " + wrapped.joined(separator: "\n" + indent) + "\n"
            }
        }
        if spec.examples.indices.contains(spec.helpExample) {
            out += "\nExample:\n  \(spec.examples[spec.helpExample].command)\n"
        }
        out += "\nSee \(spec.name)(1) for details.\n"
        return out
    }

    static func operandsSynopsis(_ spec: CommandSpec) -> String {
        guard let operands = spec.operands else { return "" }
        return " [\(operands.name)]" + (operands.repeating ? "..." : "")
    }

    static func capitalized(_ text: String) -> String {
        guard let first = text.first else { return text }
        return first.uppercased() + text.dropFirst()
    }

    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty && line.count + 1 + word.count > width {
                lines.append(line)
                line = ""
            }
            line += line.isEmpty ? String(word) : " " + word
        }
        if !line.isEmpty || lines.isEmpty { lines.append(line) }
        return lines
    }
}

extension String {
    func padding(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
