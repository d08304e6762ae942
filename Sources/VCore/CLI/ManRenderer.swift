/// Renders a CommandSpec as an mdoc(7) manual page. Output is deterministic (fixed date) so
/// the committed pages can be checked for staleness.
public enum ManRenderer {
    public static func render(_ spec: CommandSpec) -> String {
        var page = Page()
        page.macro("Dd \(VTools.documentDate)")
        page.macro("Dt \(spec.name.uppercased()) 1")
        page.macro("Os")
        page.macro("Sh NAME")
        page.macro("Nm \(spec.name)")
        page.macro("Nd \(escapeArgument(spec.summary))")
        page.macro("Sh SYNOPSIS")
        page.macro("Nm")
        page.macro("Op Ar OPTION ...")
        if let operands = spec.operands {
            page.macro("Op Ar \(operands.name)" + (operands.repeating ? " ..." : ""))
        }
        page.macro("Sh DESCRIPTION")
        paragraphs(spec.description, into: &page)
        page.macro("Sh OPTIONS")
        page.macro("Bl -tag -width Ds")
        for option in spec.allOptions where !option.hidden {
            var head = "It"
            if let short = option.short {
                head += " Fl \(short)"
                if let value = option.value { head += " Ar \(value)" }
                head += " ,"
            }
            head += " Fl \\-\(option.long)"
            if let value = option.value { head += " Ar \(value)" }
            page.macro(head)
            var text = sentence(option.details ?? option.help)
            if let defaultValue = option.defaultValue {
                // A literal default is quoted as code; a described one ("the events file") is prose.
                text += defaultValue.contains(" ") ? " The default is \(defaultValue)." : " The default is `\(defaultValue)`."
            }
            if option.repeatable { text += " May be given more than once." }
            page.text(text)
        }
        page.macro("El")
        for section in spec.sections {
            page.macro("Sh \(section.title.uppercased())")
            paragraphs(section.paragraphs, into: &page)
            items(section.items, style: "Ar", into: &page)
        }
        if !spec.environment.isEmpty {
            page.macro("Sh ENVIRONMENT")
            items(spec.environment, style: "Ev", into: &page)
        }
        if !spec.files.isEmpty {
            page.macro("Sh FILES")
            items(spec.files, style: "Pa", into: &page)
        }
        page.macro("Sh EXIT STATUS")
        items(spec.exitStatus, style: "", into: &page)
        if !spec.examples.isEmpty {
            page.macro("Sh EXAMPLES")
            for (index, example) in spec.examples.enumerated() {
                if index > 0 { page.macro("Pp") }
                page.text(example.text)
                page.macro("Bd -literal -offset indent")
                for line in example.command.split(separator: "\n", omittingEmptySubsequences: false) {
                    page.raw(escapeLine(String(line)))
                }
                page.macro("Ed")
            }
        }
        page.macro("Sh SEE ALSO")
        // mdoc's conventional order: by section, then by name.
        let references = spec.seeAlso.map { reference -> (name: String, section: String) in
            let parts = reference.split(separator: "(")
            return (String(parts[0]), parts.count > 1 ? String(parts[1].dropLast()) : "1")
        }.sorted { ($0.section, $0.name) < ($1.section, $1.name) }
        for (index, reference) in references.enumerated() {
            page.macro("Xr \(reference.name) \(reference.section)" + (index < references.count - 1 ? " ," : ""))
        }
        return page.output
    }

    static func paragraphs(_ paragraphs: [String], into page: inout Page) {
        for (index, paragraph) in paragraphs.enumerated() {
            if index > 0 { page.macro("Pp") }
            page.text(paragraph)
        }
    }

    static func items(_ items: [CommandSpec.Item], style: String, into page: inout Page) {
        guard !items.isEmpty else { return }
        page.macro("Bl -tag -width Ds")
        for item in items {
            page.macro("It " + (style.isEmpty ? "" : style + " ") + escapeArgument(item.term))
            page.text(item.text)
        }
        page.macro("El")
    }

    /// Capitalised, with a final period.
    static func sentence(_ text: String) -> String {
        var result = HelpRenderer.capitalized(text)
        if let last = result.last, !".!?".contains(last) { result += "." }
        return result
    }

    /// Escapes text for a roff line: backslashes, and a leading dot or quote.
    static func escapeLine(_ line: String) -> String {
        var escaped = line.replacingAll("\\", with: "\\e")
        if escaped.hasPrefix(".") || escaped.hasPrefix("'") { escaped = "\\&" + escaped }
        return escaped
    }

    static func escapeArgument(_ text: String) -> String {
        text.replacingAll("\\", with: "\\e")
    }

    /// mdoc text: one sentence per line, `code` as .Ql.
    struct Page {
        var output = ""

        mutating func macro(_ line: String) { output += "." + line + "\n" }
        mutating func raw(_ line: String) { output += line + "\n" }

        mutating func text(_ paragraph: String) {
            let segments = paragraph.split(separator: "`", omittingEmptySubsequences: false).map(String.init)
            var pendingPunctuation = ""
            var openingDelimiter = ""
            var codeLine: String?
            for (index, segment) in segments.enumerated() {
                if index % 2 == 1 {
                    flushCode(&codeLine, &pendingPunctuation)
                    let quoted = segment.replacingAll("\\", with: "\\e").replacingAll("\"", with: "\\(dq")
                    codeLine = ".Ql " + openingDelimiter + "\"\(quoted)\""
                    openingDelimiter = ""
                    continue
                }
                var rest = Substring(segment)
                // Punctuation right after a code span belongs on its .Ql line.
                if codeLine != nil {
                    while let first = rest.first, ".,;:)?!".contains(first) {
                        pendingPunctuation += pendingPunctuation.isEmpty ? String(first) : " \(first)"
                        rest = rest.dropFirst()
                    }
                    flushCode(&codeLine, &pendingPunctuation)
                }
                // An opening parenthesis right before a code span belongs on its .Ql line.
                if index + 1 < segments.count, rest.hasSuffix("(") {
                    rest = rest.dropLast()
                    openingDelimiter = "( "
                }
                for line in sentences(String(rest)).flatMap(wrapped) { raw(ManRenderer.escapeLine(line)) }
            }
            flushCode(&codeLine, &pendingPunctuation)
        }

        private mutating func flushCode(_ codeLine: inout String?, _ punctuation: inout String) {
            guard let line = codeLine else { return }
            raw(punctuation.isEmpty ? line : line + " " + punctuation)
            codeLine = nil
            punctuation = ""
        }

        /// Breaks a sentence into lines of at most 80 bytes (mandoc's style limit) at spaces.
        private func wrapped(_ sentence: String) -> [String] {
            var lines: [String] = []
            var line = ""
            for word in sentence.split(separator: " ") {
                if !line.isEmpty && line.utf8.count + 1 + word.utf8.count > 78 {
                    lines.append(line)
                    line = ""
                }
                line += line.isEmpty ? String(word) : " " + word
            }
            if !line.isEmpty { lines.append(line) }
            return lines
        }

        /// Splits prose so each sentence starts a line (mandoc's "new sentence, new line").
        private func sentences(_ text: String) -> [String] {
            var lines: [String] = []
            var current = ""
            let characters = Array(text)
            var index = 0
            while index < characters.count {
                let character = characters[index]
                current.append(character)
                if ".?!".contains(character), index + 1 < characters.count, characters[index + 1] == " ",
                   index + 2 < characters.count, characters[index + 2].isUppercase || characters[index + 2] == "`" {
                    lines.append(current)
                    current = ""
                    index += 1
                }
                index += 1
            }
            lines.append(current)
            return lines.map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
        }
    }
}

extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var result = ""
        var rest = Substring(self)
        while let range = rest.range(of: target) {
            result += rest[..<range.lowerBound]
            result += replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}

extension Substring {
    func range(of target: String) -> Range<Index>? {
        let needle = Array(target.utf8)
        let haystack = Array(utf8)
        guard needle.count <= haystack.count else { return nil }
        for start in 0...(haystack.count - needle.count) where haystack[start..<start + needle.count].elementsEqual(needle) {
            let lower = utf8.index(utf8.startIndex, offsetBy: start)
            let upper = utf8.index(lower, offsetBy: needle.count)
            return lower..<upper
        }
        return nil
    }
}
