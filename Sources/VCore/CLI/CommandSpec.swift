/// The one declaration of a tool's command line. The option parser, `--help`, the man page
/// and the bash/zsh/fish completions are all rendered from it, so they cannot disagree.
/// Array order is documentation order.
public struct CommandSpec: Sendable {
    public var name: String
    /// The NAME line of the man page and the second line of `--help`.
    public var summary: String
    /// Operands after the options, e.g. `[FILE]...`; nil when the tool takes none.
    public var operands: Operands?
    /// DESCRIPTION paragraphs. Text may quote code in `backticks`.
    public var description: [String]
    public var options: [OptionSpec]
    /// Extra man-page sections placed after OPTIONS (e.g. "HYBRID FLUSHING", "SIGNALS").
    public var sections: [Section]
    public var environment: [Item]
    public var files: [Item]
    public var exitStatus: [Item]
    public var examples: [Example]
    public var seeAlso: [String]
    /// Index into `examples` of the one shown by `--help`.
    public var helpExample: Int

    public init(name: String, summary: String, operands: Operands? = nil, description: [String],
                options: [OptionSpec], sections: [Section] = [], environment: [Item] = [], files: [Item] = [],
                exitStatus: [Item], examples: [Example], seeAlso: [String], helpExample: Int = 0) {
        self.name = name
        self.summary = summary
        self.operands = operands
        self.description = description
        self.options = options
        self.sections = sections
        self.environment = environment
        self.files = files
        self.exitStatus = exitStatus
        self.examples = examples
        self.seeAlso = seeAlso
        self.helpExample = helpExample
    }

    public struct Operands: Sendable {
        public var name: String        // e.g. "FILE"
        public var repeating: Bool
        public var hint: ValueHint
        public init(name: String, repeating: Bool = true, hint: ValueHint = .file) {
            self.name = name
            self.repeating = repeating
            self.hint = hint
        }
    }

    /// A term and its explanation (ENVIRONMENT, FILES, EXIT STATUS, SIGNALS entries).
    public struct Item: Sendable {
        public var term: String
        public var text: String
        public init(_ term: String, _ text: String) {
            self.term = term
            self.text = text
        }
    }

    public struct Section: Sendable {
        public var title: String
        public var paragraphs: [String]
        public var items: [Item]
        public init(_ title: String, paragraphs: [String] = [], items: [Item] = []) {
            self.title = title
            self.paragraphs = paragraphs
            self.items = items
        }
    }

    /// An example: what it does, then the command (a shell command line; tests run them).
    public struct Example: Sendable {
        public var text: String
        public var command: String
        /// False for configuration snippets (a crontab line, a logrotate stanza) that tests
        /// check for syntax only instead of running.
        public var runnable: Bool
        public init(_ text: String, _ command: String, runnable: Bool = true) {
            self.text = text
            self.command = command
            self.runnable = runnable
        }
    }

    public var visibleOptions: [OptionSpec] { options.filter { !$0.hidden } }

    /// The options every tool has, appended after its own.
    public static let standardOptions: [OptionSpec] = [
        OptionSpec("help", short: "h", help: "show a short help and exit"),
        OptionSpec("version", help: "print the version and exit"),
        OptionSpec("generate", value: "KIND", hint: .choices(["man", "bash", "zsh", "fish", "examples"]),
                   help: "print the man page or a completion script (for make docs)", hidden: true),
    ]

    public var allOptions: [OptionSpec] { options + Self.standardOptions }
}

/// What a value is, for completions.
public enum ValueHint: Sendable, Equatable {
    case none
    case file
    case directory
    case choices([String])
    /// Open-ended, with suggestions (e.g. `--rate max`).
    case suggestions([String])
    /// A comma-separated list of event field paths.
    case fieldList
    /// One `PATH=VALUE` expression.
    case fieldExpression
    case processID
}

public struct OptionSpec: Sendable {
    public var long: String
    public var short: Character?
    /// The value's name (`N`, `DURATION`); nil for a flag.
    public var value: String?
    public var hint: ValueHint
    /// The default, as the user would write it; shown in help and the man page.
    public var defaultValue: String?
    /// One line for `--help` (lower case, no final period).
    public var help: String
    /// More for the man page; `help` is used when nil.
    public var details: String?
    public var repeatable: Bool
    public var hidden: Bool

    public init(_ long: String, short: Character? = nil, value: String? = nil, hint: ValueHint = .none,
                default defaultValue: String? = nil, help: String, details: String? = nil,
                repeatable: Bool = false, hidden: Bool = false) {
        self.long = long
        self.short = short
        self.value = value
        self.hint = value == nil ? .none : hint
        self.defaultValue = defaultValue
        self.help = help
        self.details = details
        self.repeatable = repeatable
        self.hidden = hidden
    }

    public var takesValue: Bool { value != nil }
}
