import VCore

/// vtail's command line, declared once: the parser, --help, vtail(1) and the completions are
/// all rendered from this.
enum VTailCommand {
    static let formats = ["json", "tsv", "text"]
    static let colors = ["auto", "always", "never"]

    static let spec = CommandSpec(
        name: "vtail",
        summary: "print the last events of JSONL event logs and follow them as they grow",
        operands: .init(name: "FILE"),
        description: [
            "`vtail` prints the last events of each FILE, then follows the files and prints events as they are appended, until it is interrupted. It is how a person or a dashboard watches an agent work: `vtail --fields category,name` shows what the agent does, one compact line per event.",
            "With no FILE, `vtail` reads standard input when it is not a terminal, and otherwise the events file (`$VICTOR_EVENTS_FILE`, or `~/.victor/metrics/victor.jsonl`). A FILE of `-` is standard input. Standard input, and any FILE that is a pipe, is read to its end and never followed.",
            "Each line must be one JSON object (an event); both event shapes are understood: `category` and `name` (older agents) and `topic` (newer agents). Blank lines are ignored. A malformed line is reported as `vtail: FILE:LINE: invalid JSON: REASON`, skipped, and makes the exit status 1; after ten such messages further ones are only counted. `--strict` stops at the first one.",
            "A line is printed only once its newline has been written, so a writer caught in the middle of a line is never shown half an event. With `--no-follow`, an unterminated last line is printed when it is a complete JSON text (and otherwise skipped with a notice).",
            "Output is written once per batch of lines read, and line by line when standard output is a terminal. When the reader of a pipe goes away (`vtail | head`), `vtail` ends quietly with status 0, even while idle; any other failure to write (a full disk, a closed standard output) is an error, with status 1.",
        ],
        options: [
            OptionSpec("lines", short: "n", value: "N", default: "10",
                       help: "print the last N events first; +N starts at line N; 0 only new ones",
                       details: "Print the last N events of each file first (with `--where`, the last N events that match). They are found by reading backwards from the end of the file, so this costs the same on a large file as on a small one. `+N` starts at the N-th line of the file instead (`+1`: everything). `0` prints only events appended from now on. On a pipe, the last N events can only be printed when the input ends; use `+1` to see events as they arrive."),
            OptionSpec("follow", short: "f", help: "follow the files (the default; accepted for tail habits)"),
            OptionSpec("follow-name", short: "F", help: "follow the files by name (the default; accepted for tail habits)"),
            OptionSpec("no-follow", help: "print the selected events and exit"),
            OptionSpec("interval", short: "s", value: "DURATION", default: "100ms",
                       help: "check the files for changes this often",
                       details: "Check the files for changes every DURATION (`250ms`, `2s`; a bare number means seconds). On Linux `vtail` also wakes as soon as inotify(7) reports a change, so appended events appear within milliseconds; the interval is then only a safety net. While idle, `vtail` sleeps in poll(2) and uses no CPU."),
            OptionSpec("no-inotify", help: "do not use inotify; rely on --interval alone (a debugging aid)",
                       details: "Do not use inotify(7); notice changes by checking every `--interval` only. A debugging aid, and how the benchmark measures the polling latency."),
            OptionSpec("pid", value: "PID", hint: .processID,
                       help: "stop following once process PID has exited",
                       details: "Stop following once process PID has exited (checked every `--interval`): the files are read to their end one last time, then `vtail` exits."),
            OptionSpec("fields", value: "LIST", hint: .fieldList,
                       help: "print only these fields, as a compact JSON object (repeatable)",
                       details: "Print only these fields of each event. LIST is a comma-separated list of field paths: `category`, `data.tool_name`, `data.items[0]`, `data[\"key.with.dots\"]`; `NAME=PATH` names the output field NAME. With `--format json`, the output is a compact JSON object whose keys are the paths as written (or the NAMEs), in the order given; a missing field is `null`, as jq's `{category,name}` gives; values are copied byte for byte. Repeating the option adds fields (`--fields category --fields name` is `--fields category,name`). Without `--fields`, each event is printed as it is in the file.",
                       repeatable: true),
            OptionSpec("where", short: "w", value: "EXPR", hint: .fieldExpression,
                       help: "print only events where PATH=VALUE or PATH!=VALUE (repeatable)",
                       details: "Print only events where EXPR holds; repeat the option to require several. EXPR is `PATH=VALUE` or `PATH!=VALUE`. A string field compares by its decoded content, any other value by its JSON text (`true`, `42`, `null`); a missing field compares as `null`. `*` in VALUE matches any run of characters (`name=tool.*`); `\\*` is a literal star.",
                       repeatable: true),
            OptionSpec("format", value: "FORMAT", hint: .choices(formats), default: "json",
                       help: "output format: json, tsv or text",
                       details: "`json`: one JSON text per event. `tsv`: one tab-separated column per `--fields` field (which it needs); strings unquoted, tab, newline, carriage return and backslash written as `\\t`, `\\n`, `\\r`, `\\\\`; a missing field or `null` is empty. `text`: a one-line view for people: local time, category, name and the main data of the event (or the `--fields`), coloured by category on a terminal."),
            OptionSpec("header", help: "with --format tsv, print a header row of field names first"),
            OptionSpec("color", value: "WHEN", hint: .choices(colors), default: "auto",
                       help: "colour the text format: auto, always or never",
                       details: "Colour the `text` format by category: `auto` when standard output is a terminal and `NO_COLOR` is not set, `always`, or `never`."),
            OptionSpec("with-filename", short: "H", help: "label each output line with its file",
                       details: "Label each output line with the file it came from (standard input is `stdin`): a leading `\"file\"` member in JSON, a first column in TSV, a `FILE: ` prefix in text."),
            OptionSpec("strict", help: "stop at the first malformed line (exit status 1)"),
        ],
        sections: [
            CommandSpec.Section("FOLLOWING", paragraphs: [
                "Files are followed by name, as `tail -F` does. When the file is renamed away (rename rotation, logrotate's default), `vtail` first reads the old file to its end, then opens the new one and reads it from the top; the old file stays open for two seconds (or four intervals, if longer) after `vtail` last saw it grow, so a writer still appending to it loses nothing; its last line is printed then even without a newline, if it is a complete JSON text. A file that is deleted and recreated is picked up the same way. A file that does not exist yet, or whose directory does not exist yet, is waited for and read from its first line when it appears.",
                "When a file shrinks below what was already read (copytruncate, `: > FILE`), `vtail` prints a notice on standard error and reads it again from the top. It also notices a file rewritten in place that has already grown past the old position (`> FILE` followed by a burst of writes): it compares the first bytes of the file with those it saw before, not only the size.",
                "Across rename rotation and recreation each event is printed once, none repeated, none lost. Truncation has one window no reader can close: lines written after `vtail` last read the file and before the truncation are gone from the file (copytruncate's known loss); what is printed is still never torn or repeated. Two rotations within one `--interval` skip the middle file, as with `tail -F`. Notices about these changes go to standard error and do not change the exit status.",
            ], items: []),
            CommandSpec.Section("SECURITY", paragraphs: [
                "Event data is never allowed to drive the terminal. In JSON output, the only control characters that valid JSON may carry raw (DEL and the C1 controls U+0080 to U+009F) are written as `\\u` escapes; in TSV and text output, which decode strings, every control character from the data is written as a visible escape (`\\x1b`, `\\u009b`).",
            ]),
            CommandSpec.Section("SIGNALS", items: [
                .init("SIGTERM, SIGINT", "Write what was already read and exit, with status 0, or 1 if malformed lines were seen."),
                .init("SIGHUP", "The same: a hung-up terminal has nobody left to watch."),
                .init("SIGPIPE", "Ignored; a closed pipe is noticed as a write error and ends `vtail` quietly with status 0."),
            ]),
        ],
        environment: [
            .init("VICTOR_EVENTS_FILE", "The file read when no FILE is given and standard input is a terminal, when set and not empty."),
            .init("HOME", "Locates the default events file when VICTOR_EVENTS_FILE is not set."),
            .init("NO_COLOR", "When set and not empty, `--color=auto` does not colour (see https://no-color.org)."),
            .init("TZ", "The time zone of the times shown by `--format text`."),
        ],
        files: [
            .init("~/.victor/metrics/victor.jsonl", "The events file the agent and its dashboard use; read when no FILE is given."),
        ],
        exitStatus: [
            .init("0", "Every line read was a valid event (or the reader of standard output went away)."),
            .init("1", "A malformed line was seen, a file could not be read, or writing the output failed."),
            .init("2", "The command line was wrong."),
        ],
        examples: [
            .init("Watch what the agent does, one compact line per event:",
                  "vtail --fields category,name", runnable: false),
            .init("The last two events of a file, then exit:",
                  "printf '%s\\n' '{\"category\":\"tool\",\"name\":\"tool.start\",\"data\":{\"tool_name\":\"grep\"}}' '{\"category\":\"model\",\"name\":\"llm.end\",\"data\":{}}' '{\"topic\":\"tool.end\",\"data\":{\"tool_name\":\"grep\"}}' > events.jsonl && vtail --no-follow -n 2 --fields category,name,topic,tool=data.tool_name events.jsonl"),
            .init("Every tool event of a file as a table with a header:",
                  "printf '%s\\n' '{\"category\":\"tool\",\"name\":\"tool.start\",\"data\":{\"tool_name\":\"grep\"}}' '{\"category\":\"model\",\"name\":\"llm.end\"}' > events.jsonl && vtail --no-follow -n +1 --where category=tool --format tsv --header --fields name,data.tool_name events.jsonl"),
            .init("A human view of the last events, without colour:",
                  "printf '%s\\n' '{\"timestamp\":\"2026-01-06T12:00:00.250000+00:00\",\"category\":\"tool\",\"name\":\"tool.end\",\"data\":{\"tool_name\":\"grep\",\"duration_ms\":12}}' > events.jsonl && vtail --no-follow --format text --color never events.jsonl"),
            .init("Follow two agents' files together, labelled, until process 4242 exits:",
                  "vtail --with-filename --pid 4242 --fields category,name a.jsonl b.jsonl", runnable: false),
            .init("Count events by name from a pipe (standard input is read to its end):",
                  "printf '%s\\n' '{\"name\":\"llm.start\"}' '{\"name\":\"llm.end\"}' '{\"name\":\"tool.start\"}' | vtail -n +1 --where 'name=llm.*' --format tsv --fields name | sort | uniq -c"),
        ],
        seeAlso: ["vexport(1)", "vcount(1)", "vgen(1)", "vtools(7)", "tail(1)", "jq(1)", "inotify(7)"]
    )
}

/// vtail's settings, decoded from the command line.
struct TailOptions {
    enum Start: Equatable {
        /// The last N events.
        case last(Int)
        /// From the N-th line (1-based).
        case fromLine(Int)
    }

    enum Format: String {
        case json, tsv, text
    }

    /// Paths to read; "-" is standard input.
    var files: [String] = []
    var start: Start = .last(10)
    var follow = true
    var interval: Int64 = 100_000_000
    var useInotify = true
    var pid: Int32?
    var fields: [FieldSelection]?
    var filters: [FieldFilter] = []
    var format: Format = .json
    var header = false
    var color = false
    var withFilename = false
    var strict = false
}

extension VTailCommand {
    /// Decodes and checks the parsed command line. `standardInputIsTerminal`,
    /// `standardOutputIsTerminal` and `environment` are injectable for tests.
    static func options(from parsed: ParsedCommandLine,
                        standardInputIsTerminal: Bool = FileDescriptor.standardInput.isTerminal,
                        standardOutputIsTerminal: Bool = FileDescriptor.standardOutput.isTerminal,
                        environment: (String) -> String? = { getenv($0).map { String(cString: $0) } })
        throws(UsageError) -> TailOptions {
        var options = TailOptions()
        options.files = parsed.operands
        if options.files.isEmpty {
            options.files = [standardInputIsTerminal ? EventsFile.defaultPath(environment: environment) : "-"]
        }
        options.start = try parseStart(parsed.value("lines") ?? "10")
        if parsed.has("no-follow") && (parsed.has("follow") || parsed.has("follow-name")) {
            throw UsageError("--no-follow contradicts -f/-F")
        }
        options.follow = !parsed.has("no-follow")
        options.interval = try parsed.duration("interval")!
        guard options.interval >= 1_000_000 else { throw UsageError("--interval must be at least 1ms") }
        options.useInotify = !parsed.has("no-inotify")
        if let text = parsed.value("pid") {
            guard let pid = Int32(text), pid > 0 else {
                throw UsageError("invalid process ID '\(text)' for --pid (a positive whole number)")
            }
            options.pid = pid
        }
        for list in parsed.values("fields") {
            do { options.fields = (options.fields ?? []) + (try FieldList.parse(list)) } catch {
                throw UsageError("--fields: \(error.message)")
            }
        }
        for expression in parsed.values("where") {
            do { options.filters.append(try FieldFilter(parsing: expression)) } catch {
                throw UsageError("--where: \(error.message)")
            }
        }
        options.format = TailOptions.Format(rawValue: try parsed.choice("format", formats)!)!
        if options.format == .tsv && options.fields == nil {
            throw UsageError("--format tsv needs --fields (the columns)")
        }
        options.header = parsed.has("header")
        if options.header && options.format != .tsv { throw UsageError("--header goes with --format tsv") }
        switch try parsed.choice("color", colors)! {
        case "always": options.color = true
        case "never": options.color = false
        default:
            let noColor = environment("NO_COLOR").map { !$0.isEmpty } ?? false
            options.color = standardOutputIsTerminal && !noColor
        }
        options.withFilename = parsed.has("with-filename")
        options.strict = parsed.has("strict")
        return options
    }

    /// `N`, `-N` (the last N), `+N` (from line N).
    static func parseStart(_ text: String) throws(UsageError) -> TailOptions.Start {
        var digits = Substring(text)
        var fromLine = false
        if digits.first == "+" {
            fromLine = true
            digits = digits.dropFirst()
        } else if digits.first == "-" {
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(digits) else {
            throw UsageError("invalid count '\(text)' for --lines (N, +N or 0)")
        }
        return fromLine ? .fromLine(max(value, 1)) : .last(value)
    }
}
