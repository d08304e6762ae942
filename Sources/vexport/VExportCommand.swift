import VCore

/// vexport's command line, declared once: the parser, --help, vexport(1) and the completions
/// are all rendered from this.
enum VExportCommand {
    static let spec = CommandSpec(
        name: "vexport",
        summary: "append JSON events from standard input to a JSONL file, batched by size or time",
        description: [
            "`vexport` reads a stream of JSON texts on standard input, as jq reads them: one per line, pretty-printed over several lines, or several on one line. Blank lines are ignored; CRLF line ends and a leading UTF-8 byte order mark are tolerated. Each text must be a JSON object (an event). Each event is validated strictly (RFC 8259, UTF-8 included) and appended to the output as one compact line, with insignificant whitespace removed and every string and number kept byte-for-byte as written.",
            "Events are written in batches with hybrid flushing: a batch is written when `--buffer-size` events are buffered, or when the oldest buffered event has waited `--flush-interval`, whichever comes first. The interval is a real timer: it fires even when no more input arrives, so an event never waits longer than the interval. Buffered events are also written at end of input and on the signals listed below. While idle, `vexport` blocks in poll(2) and uses no CPU.",
            "Each batch goes out in a single write(2) on a descriptor opened with O_APPEND, under an exclusive flock(2), so several `vexport` processes appending to one file never interleave or split lines, and a reader never sees half a line of a batch. A write cut short by the file-size limit or a full disk is cut back to its last whole line, never left torn; SIGXFSZ is ignored so that the limit is reported as an error instead of killing the process. A writer killed in the middle of a large write (SIGKILL) can leave a partial last line that nothing can cut back; the next `vexport` to append ends it with a newline, so it stays one malformed line and the events after it are whole. On a machine with more than one processor, a batch of 64 KiB or more bound for a file is written by a second thread while the next one is read and validated; one write is in flight at a time, and batches reach the file in order.",
            "An event without a `timestamp` member gets the time it was read, in the agent's format (`2026-01-06T12:00:00.123456+00:00`); one without an `id` member gets a random UUID (version 4). Both are added at the front of the object. Nothing else is rewritten, member order included. `--no-stamp` turns stamping off.",
            "Invalid input is reported as `vexport: stdin:LINE:COLUMN: invalid JSON: REASON` (or `not an object`), skipped up to the end of its line, and counted; everything else goes on, and the exit status is 1 at the end. When the bad text was cut off and the next line starts a new text, only the cut-off part is rejected. `--rejects` appends every rejected record, raw, to a file, so nothing is lost. After ten such messages further ones are only counted.",
            "When a write fails (disk full, I/O error, permission), the error is reported once, the batch is kept and the write retried with backoff (0.1 s doubling to 5 s). Input is read meanwhile only until 8 MiB of events wait; then the producer blocks on the pipe, so memory stays bounded. At end of input, or on SIGTERM or SIGINT, a failing write is retried for `--give-up` more; events that still cannot be written then go to the rejects file if one is given, otherwise to standard error, and the exit status is 1. No event is ever dropped silently. When the output is standard output, a failed write (a full or closed descriptor) is final instead: nothing more is written to it, input is read on only to account for the events, up to the same 8 MiB, and they go to the rejects file or standard error; a reader that went away (EPIPE) ends `vexport` quietly with status 0.",
        ],
        options: [
            OptionSpec("output", short: "o", value: "PATH", hint: .file, default: "the events file",
                       help: "append events to PATH; - means standard output",
                       details: "Append events to PATH, creating missing parent directories (mode 0700) and the file (mode 0600). `-` writes to standard output. The events file is `$VICTOR_EVENTS_FILE` when set, otherwise `~/.victor/metrics/victor.jsonl`."),
            OptionSpec("buffer-size", short: "b", value: "N", default: "10",
                       help: "write a batch when N events are buffered"),
            OptionSpec("flush-interval", short: "i", value: "DURATION", default: "60s",
                       help: "write a batch when its oldest event has waited this long",
                       details: "Write a batch when its oldest event has waited DURATION, even if no more input arrives. DURATION is a number with an optional unit: `ms`, `s`, `m`, `h` or `d` (`250ms`, `2s`, `5m`); a bare number means seconds. `0` writes every event as soon as it is read."),
            OptionSpec("no-stamp", help: "do not add missing timestamp and id members"),
            OptionSpec("rejects", value: "PATH", hint: .file,
                       help: "append rejected records, raw, to PATH",
                       details: "Append every rejected record, raw, to PATH (created mode 0600), one per line; at exit, also events that could not be written."),
            OptionSpec("max-record", value: "SIZE", default: "1M",
                       help: "reject a JSON text larger than SIZE without holding it in memory",
                       details: "Reject a JSON text larger than SIZE bytes without holding it in memory (it is streamed to the rejects file). SIZE takes `k`, `M` or `G` (binary multiples)."),
            OptionSpec("fsync", help: "make every flush durable with fsync(2)"),
            OptionSpec("give-up", value: "DURATION", default: "10s",
                       help: "at end of input, how long to keep retrying a failing write",
                       details: "At end of input or on SIGTERM or SIGINT, how long to keep retrying a failing write before the unwritten events go to the rejects file or standard error."),
            OptionSpec("stats", help: "print counts of events and flushes on standard error at exit",
                       details: "At exit, print one line on standard error: events read, written and rejected, flushes by trigger (size, interval, end, signal) and bytes written."),
        ],
        sections: [
            CommandSpec.Section("SIGNALS", items: [
                .init("SIGTERM, SIGINT", "Stop reading: take in what the producer has already written into the pipe, write every event, and exit with status 0 (1 if events were rejected or could not be written)."),
                .init("SIGHUP", "Write the buffered events, then close and reopen the output path. Send it after logrotate moved the file away (its `create` mode) so that new events go to the new file."),
                .init("SIGUSR1", "Write the buffered events now and keep running."),
                .init("SIGPIPE", "Ignored. With `-o -`, a reader that went away (`vexport -o - | head`) is seen as EPIPE and ends `vexport` quietly with status 0."),
            ]),
        ],
        environment: [
            .init("VICTOR_EVENTS_FILE", "The default output file, when set and not empty."),
            .init("HOME", "Locates the default output file when VICTOR_EVENTS_FILE is not set."),
        ],
        files: [
            .init("~/.victor/metrics/victor.jsonl", "The events file the agent and its dashboard use; the default output."),
        ],
        exitStatus: [
            .init("0", "Every event read was written (or, with `-o -`, the reader of standard output went away)."),
            .init("1", "Some input was rejected, or a write failed; the diagnostics say what."),
            .init("2", "The command line was wrong."),
        ],
        examples: [
            .init("Export synthetic events at 20 per second to the events file, flushing every 10 events or 60 seconds:",
                  "vgen --rate 20 --duration 2s | vexport"),
            .init("Export an agent's events to a file of your choice, writing at most 5 seconds after each event arrives:",
                  "vgen --count 25 --seed 7 | vexport --output events.jsonl --flush-interval 5s"),
            .init("Large batches for a bulk import, keeping what cannot be parsed:",
                  "vgen --count 10000 --rate max | vexport -o bulk.jsonl --buffer-size 1000 --rejects bulk.rejects --stats"),
            .init("Validate and compact pretty-printed JSON to standard output:",
                  "printf '{\\n  \"category\": \"tool\",\\n  \"name\": \"tool.start\"\\n}\\n' | vexport --no-stamp -o -"),
            .init("From cron, append a heartbeat event every five minutes (crontab line):",
                  "*/5 * * * * echo '{\"category\":\"metric\",\"name\":\"cron.heartbeat\",\"data\":{}}' | vexport", runnable: false),
            .init("A logrotate(8) stanza for the events file: rename rotation, then SIGHUP so vexport reopens the path:",
                  """
                  ~/.victor/metrics/victor.jsonl {
                      daily
                      rotate 7
                      compress
                      delaycompress
                      create 0600
                      postrotate
                          pkill -HUP -x vexport || true
                      endscript
                  }
                  """, runnable: false),
        ],
        seeAlso: ["vtail(1)", "vcount(1)", "vgen(1)", "vtools(7)", "jq(1)"]
    )
}

extension VExportCommand {
    /// Decodes and checks the parsed command line.
    static func options(from parsed: ParsedCommandLine) throws(UsageError) -> ExportOptions {
        guard parsed.operands.isEmpty else {
            throw UsageError("unexpected operand '\(parsed.operands[0])' (vexport reads standard input)")
        }
        let destination: BatchWriter.Destination
        switch parsed.values("output").last {
        case nil, "": destination = .path(EventsFile.defaultPath())
        case "-": destination = .standardOutput
        case let path?: destination = .path(path)
        }
        var options = ExportOptions(destination: destination)
        options.bufferSize = try parsed.integer("buffer-size", atLeast: 1)!
        options.flushInterval = try parsed.duration("flush-interval")!
        options.stamp = !parsed.has("no-stamp")
        options.rejectsPath = parsed.value("rejects")
        options.maximumRecord = try parsed.size("max-record")!
        guard options.maximumRecord >= 2 else { throw UsageError("--max-record must be at least 2 bytes") }
        options.synchronize = parsed.has("fsync")
        options.giveUp = try parsed.duration("give-up")!
        options.printStatistics = parsed.has("stats")
        return options
    }
}
