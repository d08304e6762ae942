import VCore

/// vcount's command line, declared once: the parser, --help, vcount(1) and the completions
/// are all rendered from this.
enum VCountCommand {
    /// `text` is the view for people, as in vtail; `table` is accepted as another name for it.
    static let formats = ["text", "tsv", "json"]

    static let spec = CommandSpec(
        name: "vcount",
        summary: "count JSONL events: in all, per group of field values, per time bucket",
        operands: .init(name: "FILE"),
        description: [
            "`vcount` answers how many events, of what kind and when, for an events file or a stream of events, in a pipe or from cron. Each input line must be one JSON object (an event). Every line is validated strictly (RFC 8259, UTF-8 included); a line that is not a valid JSON object is malformed. Malformed lines are never counted as events: their number is reported on standard error as `vcount: FILE: 3 malformed lines, first at line 12`, and the exit status is 1. Blank lines are ignored; a CR before the newline is tolerated.",
            "Without a FILE, `vcount` reads standard input when it is not a terminal, otherwise the events file (`$VICTOR_EVENTS_FILE`, else `~/.victor/metrics/victor.jsonl`). A FILE of `-` is standard input. Several FILEs are counted together.",
            "By default the output is the number of valid events, one number on a line. `--by` counts per distinct combination of field values, largest count first; `--per` counts per time bucket of the `timestamp` member; the two combine into one row per bucket and group. Memory grows with the number of distinct groups and buckets, never with the size of the input.",
            "Field values are grouped by their JSON value: strings by their decoded content (so `\"a\\u00e9\"` and `\"aé\"` are one group), numbers as written, objects and arrays in compact form. A missing field groups with `null`. In the text and TSV formats strings are shown without quotes, other values as JSON text; in the JSON format every value is shown as JSON.",
        ],
        options: [
            OptionSpec("by", value: "LIST", hint: .fieldList,
                       help: "count per distinct combination of these field paths (repeatable)",
                       details: "Count per distinct combination of the values at these field paths, comma-separated: `category,name`, `data.tool_name`, `items[0]`, `data[\"key.with.dots\"]`. `NAME=PATH` names a column (`tool=data.tool_name`). Repeating the option adds columns (`--by category --by name` is `--by category,name`). Rows come largest count first, ties in key order (numbers numerically, everything else by bytes).",
                       repeatable: true),
            OptionSpec("top", short: "n", value: "N",
                       help: "keep only the first N groups (per bucket with --per)",
                       details: "Keep only the first N groups, that is the N largest; with `--per`, the N largest within each bucket. Needs `--by`."),
            OptionSpec("per", short: "p", value: "DURATION", hint: .suggestions(["minute", "hour", "day"]),
                       help: "count per time bucket of the timestamp member",
                       details: "Count per time bucket of the event's `timestamp` member: `minute`, `hour`, `day`, or a DURATION such as `10s`, `5m`, `6h`. Timestamps may be ISO 8601 with `Z` or any offset and fractional seconds, or numbers of seconds or milliseconds since the epoch; one file may mix them. Buckets are aligned in UTC (to multiples of DURATION since the epoch), or in local time with `--local`. Empty buckets between the first and the last are shown with a count of 0. Events without a usable timestamp cannot be placed in a bucket: they are left out and their number is reported on standard error."),
            OptionSpec("local", help: "align --per buckets and show times in local time (TZ)"),
            OptionSpec("where", short: "w", value: "EXPR", hint: .fieldExpression,
                       help: "count only events where PATH=VALUE or PATH!=VALUE (repeatable)",
                       details: "Count only events where EXPR holds; repeat the option to require several. EXPR is `PATH=VALUE` or `PATH!=VALUE`. A string field compares by its decoded content, any other value by its JSON text (`true`, `42`, `null`); a missing field compares as `null`. `*` in VALUE matches any run of characters (`name=tool.*`); `\\*` is a literal star.",
                       repeatable: true),
            OptionSpec("rate", help: "also print the event rate per second and per minute",
                       details: "Also print the event rate, per second and per minute, over the span from the first to the last timestamp (the earliest and the latest, whatever their order in the input). With `--by`, every group gets its rate over that span; with `--per`, every bucket its rate over the bucket's length."),
            OptionSpec("format", value: "FORMAT", hint: .choices(formats), default: "text",
                       help: "output format: text, tsv or json",
                       details: "`text` (also spelt `table`): aligned columns with a header; with `--per`, a bar drawn with Unicode block characters beside each bucket, so bursts and quiet periods show at a glance. `tsv`: a header row, then one row per group, tab-separated (tab, newline, CR and backslash in values escaped as `\\t`, `\\n`, `\\r`, `\\\\`). `json`: JSON Lines, one object per row, e.g. `{\"category\":\"tool\",\"name\":\"tool.start\",\"count\":412}`, buckets as `{\"start\":\"2026-01-06T12:00:00+00:00\",\"count\":42}`, the total as `{\"count\":1234}`."),
            OptionSpec("ascii", help: "draw the --per bars with # instead of Unicode blocks"),
            OptionSpec("every", value: "DURATION",
                       help: "print a fresh snapshot of the counts every DURATION",
                       details: "For input that does not end (`vtail -n 0 | vcount --every 10s`): print a snapshot of the counts so far every DURATION, and the final counts at the end of input or on SIGINT or SIGTERM. To a terminal each snapshot redraws the previous one in place; otherwise snapshots are appended, separated by an empty line."),
        ],
        sections: [
            CommandSpec.Section("EVENTS WITH A TOPIC", paragraphs: [
                "Newer agents write events without `category` and `name` but with a `topic` (e.g. `tool.call`). Such events are counted like any other: `--by topic` groups them, and since a missing field groups as null, `--by category,name,topic` counts old and new events side by side in one table. `--where 'topic=tool.*'` selects them by topic.",
            ]),
            CommandSpec.Section("SIGNALS", items: [
                .init("SIGINT, SIGTERM", "With `--every`: print the final counts and exit. Otherwise the default action (the process ends without output)."),
                .init("SIGPIPE", "Ignored: a reader that went away (`vcount | head -n 1`) is seen as EPIPE, and `vcount` ends quietly with status 0."),
            ]),
        ],
        environment: [
            .init("VICTOR_EVENTS_FILE", "The file read when no FILE is given and standard input is a terminal, when set and not empty."),
            .init("HOME", "Locates the default events file when VICTOR_EVENTS_FILE is not set."),
            .init("TZ", "The time zone of `--local`."),
        ],
        files: [
            .init("~/.victor/metrics/victor.jsonl", "The events file the agent and its dashboard use; the default input."),
        ],
        exitStatus: [
            .init("0", "Every line was a valid event (or blank), or the reader of standard output went away."),
            .init("1", "Some lines were malformed, a file could not be read, or standard output could not be written (a full disk, a closed descriptor)."),
            .init("2", "The command line was wrong."),
        ],
        examples: [
            .init("Count the events of each category and name, largest first:",
                  "vgen --count 1000 --seed 7 --start 2026-01-06T12:00:00Z --rate 1 | vcount --by category,name"),
            .init("Count the valid events of a file, like wc -l but without malformed lines:",
                  "vgen --count 500 --seed 1 --start 2026-01-06T12:00:00Z --rate 1 > events.jsonl && vcount events.jsonl"),
            .init("Events per minute, with a bar for each minute, and the event rate:",
                  "vgen --count 2000 --seed 3 --start 2026-01-06T12:00:00Z --rate 1 | vcount --per minute --rate"),
            .init("The five most used tools, as JSON Lines:",
                  "vgen --count 2000 --seed 4 --start 2026-01-06T12:00:00Z --rate 1 | vcount --where name=tool.start --by tool=data.tool_name --top 5 --format json"),
            .init("Old and new agents side by side (events with a topic instead of a category and a name):",
                  "printf '%s\\n' '{\"category\":\"tool\",\"name\":\"tool.start\"}' '{\"topic\":\"tool.call\"}' | vcount --by category,name,topic"),
            .init("Hourly counts per category of a file appended to a report, without the header row:",
                  "vgen --count 1000 --seed 5 --start 2026-01-06T12:00:00Z --rate 1 > events.jsonl && vcount --per hour --by category --format tsv events.jsonl | tail -n +2 >> hourly.tsv"),
            .init("From cron, at five past every hour, append the previous hour's counts per category to a report (crontab line: cron's standard input is not a terminal, so the file is named; the agent writes UTC timestamps, and % must be escaped in a crontab):",
                  "5 * * * * vcount --per hour --by category --format tsv --where \"timestamp=$(date -u -d '1 hour ago' +\\%Y-\\%m-\\%dT\\%H)*\" $HOME/.victor/metrics/victor.jsonl | tail -n +2 >> $HOME/vcount-hourly.tsv", runnable: false),
            .init("From cron, once a day, append yesterday's counts per category and name as JSON Lines (crontab line):",
                  "10 0 * * * vcount --by category,name --format json --where \"timestamp=$(date -u -d yesterday +\\%F)*\" $HOME/.victor/metrics/victor.jsonl >> $HOME/vcount-daily.jsonl", runnable: false),
            .init("Watch a live stream, refreshing the counts per category every 10 seconds:",
                  "vtail -n 0 | vcount --every 10s --by category", runnable: false),
        ],
        seeAlso: ["jq(1)", "uniq(1)", "vexport(1)", "vgen(1)", "vtail(1)", "wc(1)", "vtools(7)"]
    )
}

/// What vcount was asked to do.
struct CountOptions {
    enum Format: String { case table, tsv, json }

    var inputs: [Input] = [.standardInput]
    var groupBy: [FieldSelection] = []
    var top: Int? = nil
    /// Bucket length in nanoseconds.
    var per: Int64? = nil
    var local = false
    var filters: [FieldFilter] = []
    var rate = false
    var format: Format = .table
    var ascii = false
    /// Snapshot interval in nanoseconds.
    var every: Int64? = nil

    enum Input: Equatable {
        case standardInput
        case path(String)
        var name: String {
            switch self {
            case .standardInput: "stdin"
            case .path(let path): path
            }
        }
    }

    /// Whether timestamps must be read at all.
    var needsTimestamp: Bool { per != nil || rate }
}

extension VCountCommand {
    /// Decodes and checks the parsed command line. `stdinIsTerminal` and `environment` are
    /// parameters so the input rule can be tested.
    static func options(from parsed: ParsedCommandLine, stdinIsTerminal: Bool = FileDescriptor.standardInput.isTerminal,
                        defaultPath: () -> String = { EventsFile.defaultPath() }) throws(UsageError) -> CountOptions {
        var options = CountOptions()
        if parsed.operands.isEmpty {
            options.inputs = stdinIsTerminal ? [.path(defaultPath())] : [.standardInput]
        } else {
            options.inputs = parsed.operands.map { $0 == "-" ? .standardInput : .path($0) }
        }
        for list in parsed.values("by") {
            do throws(FieldPathError) {
                options.groupBy += try FieldList.parse(list)
            } catch {
                throw UsageError("--by: \(error.message)")
            }
        }
        if parsed.has("top") {
            options.top = try parsed.integer("top", atLeast: 1)
            guard !options.groupBy.isEmpty else { throw UsageError("--top needs --by") }
        }
        if let text = parsed.value("per") {
            switch text {
            case "minute": options.per = 60_000_000_000
            case "hour": options.per = 3_600_000_000_000
            case "day": options.per = 86_400_000_000_000
            default:
                guard let length = Units.parseDuration(text), length >= 1_000_000 else {
                    throw UsageError("invalid bucket length '\(text)' for --per (minute, hour, day, or a duration of at least 1ms: 10s, 5m, 6h)")
                }
                options.per = length
            }
        }
        options.local = parsed.has("local")
        for expression in parsed.values("where") {
            do throws(FieldPathError) {
                options.filters.append(try FieldFilter(parsing: expression))
            } catch {
                throw UsageError("--where: \(error.message)")
            }
        }
        options.rate = parsed.has("rate")
        if parsed.value("format") == "table" {
            options.format = .table
        } else {
            let format = try parsed.choice("format", formats)!
            options.format = format == "text" ? .table : CountOptions.Format(rawValue: format)!
        }
        options.ascii = parsed.has("ascii")
        if parsed.has("every") {
            let every = try parsed.duration("every")!
            guard every >= 1_000_000 else { throw UsageError("--every must be at least 1ms") }
            options.every = every
        }
        return options
    }
}
