import VCore

/// vgen's command line, declared once: the parser, --help, vgen(1) and the completions are all
/// rendered from this.
enum VGenCommand {
    static let spec = CommandSpec(
        name: "vgen",
        summary: "generate realistic AI-agent events as JSON Lines, paced in real time or simulated",
        description: [
            "`vgen` writes synthetic events of the victor agent to standard output, one compact JSON object per line, in the schema of the agent's events file: `id` (a random UUID, version 4), `timestamp` (`2026-01-06T12:00:00.123456+00:00`), `category`, `name`, `data`, `trace_id`, `session_id`, `priority` and `source`. It is the way to try the suite (`vgen --rate 20 | vexport`), to load-test a pipeline, and to reproduce the timing scenarios that hybrid flushing must handle.",
            "Events are grouped into believable sessions. One to three sessions run at once; a session opens with `session.start` and closes with `session.end`; tool and model calls come as start/end pairs that share a `call_id` or `request_id`, and their `duration_ms` and `latency_ms` are the real gaps between the two timestamps; states follow a transition table (planning, executing, reviewing …); a model turn starts a new `trace_id`. The categories are tool, model, state, metric, error, audit, lifecycle, vertical and custom, mostly tool and model calls unless `--categories` says otherwise.",
            "Every event's `data` starts with `seq`, its position in this run (1, 2, 3 …), so loss downstream can be measured: the last `seq` that arrives should equal the number of events that arrived.",
            "Events follow an absolute schedule: event k is due at the start plus k/RATE (or at the sum of k random gaps with `--arrivals poisson`), computed from the start, never from the previous event, so the rate never drifts: over ten minutes at 20 a second exactly 12,000 events come out, each within a few milliseconds of its slot. A late wake-up or a slow reader delays events but does not shift the schedule; the events that fell behind come out at once. While waiting, `vgen` sleeps in clock_nanosleep(2) and uses no CPU.",
            "When paced, each event is written with its own write(2) as soon as it is due (events due at the same instant, as in a burst, share one write), so readers downstream see it at once, and its timestamp is the time it was written. With `--rate max` there is no pacing: events are generated as fast as the reader takes them (over a million a second) and written in blocks of 256 KiB.",
            "`vgen` stops after `--count` events or at the end of `--duration`, whichever comes first; otherwise it runs until it is interrupted or its reader goes away. A reader that goes away (`vgen | head`) ends it quietly with status 0; an output that cannot be written (a full disk, a closed standard output) is an error with status 1.",
            "`--seed` makes every choice reproducible: categories, sessions, ids, names, data and poisson gaps. `--start` replaces the clock by a simulated one that starts at the given time and advances by the schedule without sleeping, so a day of history takes a fraction of a second; with `--seed` too, the output is byte-for-byte identical from run to run, for backfilling an events file or writing test fixtures.",
        ],
        options: [
            OptionSpec("rate", short: "r", value: "RATE", hint: .suggestions(["max", "10/s", "20", "6/min", "100/h"]),
                       default: "10/s",
                       help: "events per second, or per minute/hour (5/min, 100/h); max for no pacing",
                       details: "Events per unit of time: a positive number, optionally followed by `/s`, `/min` (or `/m`), `/h` or `/d`; a bare number means per second. Fractions are fine (`0.5`, `2.5/min`). `max` turns pacing off: events are generated as fast as the reader takes them, in 256 KiB writes. With `--burst` and no `--rate`, each burst comes out all at once."),
            OptionSpec("arrivals", value: "KIND", hint: .choices(["even", "poisson"]), default: "even",
                       help: "even gaps, or random (exponential) gaps with the same mean",
                       details: "`even` spaces events exactly 1/RATE apart. `poisson` draws each gap from an exponential distribution with mean 1/RATE, as independent arrivals would be: the same average rate, with clusters and lulls. The gaps come from the seed, so they are reproducible too."),
            OptionSpec("count", short: "n", value: "N",
                       help: "stop after N events"),
            OptionSpec("duration", short: "d", value: "DURATION",
                       help: "stop after DURATION (250ms, 10s, 5m, 1h, 1d)",
                       details: "Stop after DURATION: no event due at or after the start plus DURATION is written, and a real-time run lasts the full DURATION even when the last event came earlier. DURATION is a number with an optional unit: `ms`, `s`, `m`, `h` or `d`; a bare number means seconds. With `--start` it is simulated time."),
            OptionSpec("seed", value: "N",
                       help: "make every choice reproducible (a number from 0 to 2^64-1)",
                       details: "Seed the random choices with N (0 to 18446744073709551615). The same seed and options give the same events in the same order; only real-time timestamps, and the durations and latencies computed from them, differ between live runs. Without `--seed` a random seed is used; `--stats` reports it so that the run can be replayed."),
            OptionSpec("start", value: "TIME",
                       help: "simulate the clock from TIME instead of waiting (2026-01-06T12:00:00Z)",
                       details: "Run a simulated clock that starts at TIME and advances with the schedule, without sleeping: event k is stamped TIME plus its due time. TIME is an ISO 8601 date-time (`2026-01-06T12:00:00Z`, `2026-01-06T14:00:00+02:00`), a date (`2026-01-06`, midnight UTC) or Unix epoch seconds. Output is block-buffered. A simulated run needs a finite `--rate` or `--burst`: with `--rate max` alone every event would carry the same timestamp, so that is rejected; with `--burst` and `--rate max`, each burst's events share the instant of their window."),
            OptionSpec("categories", short: "c", value: "LIST",
                       hint: .suggestions(["tool,model", "tool=5,model=1", "tool,model,state,error,lifecycle"]),
                       help: "restrict or weight the categories (tool,model or tool=5,model=1)",
                       details: "Restrict the mix to the listed categories, with equal weights (`tool,model`), or weight them (`tool=5,model=1,error`; a bare name weighs 1, a weight of 0 leaves a category out). Categories: tool, state, model, error, audit, metric, lifecycle, vertical, custom. Without `lifecycle`, sessions start and end without `session.start` and `session.end` events. The default mix is about 40% tool, 24% model, 11% state, 8% metric, 3% error, 3% audit, 2% lifecycle and a little vertical and custom."),
            OptionSpec("burst", value: "N",
                       help: "emit N events at the start of every --every window, then stay quiet",
                       details: "Emit events in bursts: N at the start of every `--every` window, then nothing until the next window. The burst comes out all at once unless `--rate` is given, in which case its events are spaced at that rate (`--burst 50 --every 1m --rate 10` is 5 seconds of 10 events a second, then 55 seconds of quiet). A burst must fit in its window: N/RATE may not exceed the `--every` interval."),
            OptionSpec("every", value: "DURATION", default: "1m",
                       help: "the burst interval: a burst starts every DURATION",
                       details: "The time from the start of one burst to the start of the next (with `--burst` only)."),
            OptionSpec("stats", help: "print the seed at the start and counts at the end on standard error",
                       details: "Print one line on standard error at the start, with the seed (to replay the run with `--seed`), and one at the end: events and bytes written, time taken, events a second, and why it ended (count, duration, reader closed)."),
        ],
        sections: [
            CommandSpec.Section("TIMING SCENARIOS", paragraphs: [
                "`vexport` writes a batch when `--buffer-size` events (10) are buffered or when the oldest has waited `--flush-interval` (60 s). Three kinds of traffic exercise the two triggers; each is one `vgen` command (add `--count` or `--duration` to bound it, `--arrivals poisson` for irregular gaps):",
            ], items: [
                .init("Low activity, fewer than 10 events a minute", "`vgen --rate 6/min | vexport`: batches are written by the flush interval; no event waits longer than the interval."),
                .init("High activity, 10 or more events a minute", "`vgen --rate 20/min | vexport`, up to `vgen --rate 20 | vexport`: batches are written by size (at 20/min, every 30 s)."),
                .init("Bursts", "`vgen --burst 50 --every 1m | vexport`: 50 events at once, then a minute of quiet: five batches by size at once, then nothing; `--burst 50 --every 1m --rate 10` spreads each burst over 5 seconds; `--burst 45` leaves 5 events for the interval to flush."),
            ]),
            CommandSpec.Section("SIGNALS", items: [
                .init("SIGTERM, SIGINT, SIGHUP", "End `vgen` at once (the default action; the exit status reports the signal). Nothing needs to be saved: paced events are written one write(2) each as soon as they are due, so the output ends with a whole line. Unpaced output (`--rate max`, `--start`) is written in 256 KiB blocks, and a block being written to a pipe when the signal arrives may be cut mid-line; bound such runs with `--count` or `--duration` when every line must be whole."),
                .init("SIGPIPE", "Ignored: a reader that went away is seen as EPIPE, and `vgen` ends quietly with status 0."),
            ]),
        ],
        environment: [
            .init("VICTOR_EVENTS_FILE, HOME", "Not used: `vgen` writes to standard output only. They choose the events file of vexport(1) at the other end of the pipe (`vgen | vexport`)."),
        ],
        files: [
            .init("~/.victor/metrics/victor.jsonl", "Not read or written by `vgen` itself; the events file that `vgen | vexport` appends to."),
        ],
        exitStatus: [
            .init("0", "Stopped by `--count` or `--duration`, or the reader went away."),
            .init("1", "Standard output could not be written (a full disk, a closed descriptor); the message says why."),
            .init("2", "The command line was wrong."),
        ],
        examples: [
            .init("Try the suite: 20 events a second into the events file for two seconds (leave out --duration to run until interrupted):",
                  "vgen --rate 20 --duration 2s | vexport"),
            .init("Low activity, fewer than 10 events a minute: vexport's batches are then written by its flush interval:",
                  "vgen --rate 6/min --count 2 | vexport --flush-interval 5s --stats"),
            .init("High activity at irregular moments, 5 a second on average: batches are written by size:",
                  "vgen --rate 5 --arrivals poisson --duration 4s | vexport --stats"),
            .init("Bursts: 50 events at once at the start of every minute, then quiet (here only the first burst):",
                  "vgen --burst 50 --every 1m --count 50 | vexport --stats"),
            .init("A day of history at 50 events a minute, byte-for-byte the same on every run, without waiting a day:",
                  "vgen --seed 1 --start 2026-01-06T00:00:00Z --rate 50/min --duration 1d > day.jsonl"),
            .init("Load-test a pipeline: as many events as it takes, as fast as it takes them:",
                  "vgen --rate max --count 100000 | vexport -o load.jsonl --buffer-size 1000 --stats"),
            .init("Only tool and model calls, three tool events for every model event:",
                  "vgen --categories tool=3,model=1 --rate max --count 8"),
            .init("Measure loss: the seq of the last event that arrived is the number sent:",
                  "vgen --rate max --count 1000 | tail -n 1 | grep -o '\"seq\":[0-9]*'"),
            .init("A reader that has seen enough ends vgen quietly:",
                  "vgen --rate max | head -n 3"),
        ],
        seeAlso: ["vexport(1)", "vtail(1)", "vcount(1)", "vtools(7)"]
    )
}

extension VGenCommand {
    /// Decodes and checks the parsed command line.
    static func options(from parsed: ParsedCommandLine) throws(UsageError) -> GeneratorOptions {
        guard parsed.operands.isEmpty else {
            throw UsageError("unexpected operand '\(parsed.operands[0])' (vgen takes options only)")
        }
        var options = GeneratorOptions()
        let hasBurst = parsed.has("burst")
        if parsed.has("rate") || !hasBurst {
            let text = parsed.value("rate")!
            guard let rate = Rate(parsing: text) else {
                throw UsageError("invalid rate '\(text)' for --rate (examples: 20, 0.5, 20/s, 5/min, 100/h, max)")
            }
            options.rate = rate
        } else {
            options.rate = .max
        }
        options.arrivals = try parsed.choice("arrivals", ["even", "poisson"]) == "poisson" ? .poisson : .even
        options.count = try parsed.integer("count", atLeast: 0)
        options.duration = try parsed.duration("duration")
        if let text = parsed.value("seed") {
            guard let seed = UInt64(text) else {
                throw UsageError("invalid seed '\(text)' for --seed (a whole number from 0 to 18446744073709551615)")
            }
            options.seed = seed
        }
        if let text = parsed.value("start") {
            guard let start = Timestamp.parse(text) else {
                throw UsageError("invalid time '\(text)' for --start (examples: 2026-01-06T12:00:00Z, 2026-01-06, 1767700800)")
            }
            options.start = start
        }
        if let text = parsed.value("categories") {
            do {
                options.categories = try CategoryWeights(parsing: text)
            } catch {
                throw UsageError("--categories: \(error.message)")
            }
        }
        if hasBurst {
            let size = try parsed.integer("burst", atLeast: 1)!
            let every = try parsed.duration("every")!
            guard every >= 1_000_000 else { throw UsageError("--every must be at least 1ms") }
            if case .perSecond(let r) = options.rate, Double(size) / r * 1e9 > Double(every) {
                throw UsageError("a burst of \(size) at \(options.rate.description) lasts \(Units.formatDuration(Int64((Double(size) / r * 1e9).rounded()))), longer than --every \(Units.formatDuration(every)): raise --rate or --every, or lower --burst")
            }
            options.burst = Pacer.Burst(size: size, every: every)
        } else if parsed.has("every") {
            throw UsageError("--every needs --burst (e.g. --burst 50 --every 1m)")
        }
        if options.start != nil && options.rate.isMax && options.burst == nil {
            throw UsageError("--start needs a finite --rate (or --burst): with --rate max every event would have the same timestamp")
        }
        options.printStatistics = parsed.has("stats")
        return options
    }
}
