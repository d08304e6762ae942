import VCore

/// Generates realistic victor-agent events, one compact JSON line per call:
///
///     {"id":"<uuid v4>","timestamp":"2026-01-06T12:00:00.123456+00:00","category":"tool","name":"tool.start",
///      "data":{"seq":1,...},"trace_id":null|"<32 hex>","session_id":"<uuid>","priority":50,"source":"victor"}
///
/// Story: 1–3 sessions run concurrently (the target is redrawn whenever one ends). Each event first
/// draws a category from the weights, then a session (sticky: usually the one that spoke last),
/// and asks that session for its next event of that category, so every category stays coherent
/// on its own: `tool.start`/`tool.end` and `llm.start`/`llm.end` alternate per session and share a
/// `call_id`/`request_id`; durations and latencies are the real differences between the timestamps
/// you pass in; `state.change` follows a transition table (planning → executing → reviewing …); a
/// new `trace_id` starts with every model turn. With the `lifecycle` category, a session's first
/// event is `session.start` and its last `session.end` (only ever emitted when the session has no
/// open tool/model call); lifecycle weight thus sets how long sessions last. Without it, sessions
/// start and end silently after a random budget of events.
///
/// Every `data` object starts with `"seq":N`, N = 1, 2, … for the run. Determinism: the same seed,
/// weights and timestamps give byte-identical output (a copy of a generator continues exactly like
/// the original). Hot path (~250 ns/event in release): no String work and no reference counting —
/// an event is formatted with raw pointer writes into a scratch buffer (`Sink`) from pre-escaped
/// immortal byte spans (`Vocabulary`, `Bytes`), ids are generated into inline storage
/// (`InlineBytes`), the date part of the timestamp is cached per UTC day; then one append to `out`.
struct EventGenerator {
    let seed: UInt64
    let weights: CategoryWeights
    /// Number of events generated so far (= the last `seq`).
    private(set) var seq = 0

    private var rng: SeededRandom
    private let v = Vocabulary.shared
    private let categories: [EventCategory]
    private let cumulativeWeights: [Double]
    private let lifecycle: Bool
    private let toolCumulative: [Int]

    private var sessions: [Session] = []
    private var current = 0
    private var targetConcurrency = 1

    private var cachedDay = Int.min
    private var datePrefix = InlineBytes { _ in 0 }   // "YYYY-MM-DDT" of cachedDay
    private var scratch = ScratchBuffer()

    struct OpenTool {
        var callId: InlineBytes
        var tool: Int
        var arg: Int
        var startedAt: Int64
    }

    struct OpenLLM {
        var requestId: InlineBytes
        var promptTokens: Int
        var startedAt: Int64
    }

    struct Session {
        var id: InlineBytes
        var trace: InlineBytes
        var startedAt: Int64
        var model: Int
        var workspace: Int
        var pid: Int
        var state = 0
        var iteration = 0
        var events = 0
        var toolCalls = 0
        var llmCalls = 0
        var totalTokens = 0
        var budget: Int
        var openTool: OpenTool?
        var openLLM: OpenLLM?
        var isIdle: Bool { openTool == nil && openLLM == nil }
    }

    /// `seed` nil draws one from the kernel (readable afterwards as `seed`); `categories` nil is
    /// the realistic default mix (`CategoryWeights.realistic`).
    init(seed: UInt64?, categories: CategoryWeights?) {
        self.seed = seed ?? SeededRandom.randomSeed()
        rng = SeededRandom(seed: self.seed)
        let weights = categories ?? .realistic
        self.weights = weights
        self.categories = weights.enabled
        var running = 0.0
        cumulativeWeights = weights.enabled.map { running += weights.weight($0); return running }
        lifecycle = weights.includes(.lifecycle)
        var t = 0
        toolCumulative = Vocabulary.shared.toolWeights.map { t += $0; return t }
        targetConcurrency = rng.nextInt(in: 1...3)
    }

    // MARK: Public entry point

    /// Appends one event (a JSON object and `\n`) stamped `timestampNanoseconds` (Unix epoch ns).
    mutating func appendEvent(timestampNanoseconds ts: Int64, into out: inout [UInt8]) {
        if !isKnownUniquelyReferenced(&scratch) { scratch = ScratchBuffer() }   // copies get their own
        var sink = Sink(scratch.base)
        formatEvent(ts, &sink)
        out.append(contentsOf: UnsafeBufferPointer(start: sink.base, count: sink.count))
    }

    private mutating func formatEvent(_ ts: Int64, _ o: inout Sink) {
        seq += 1
        let category = pickCategory()
        if sessions.isEmpty {
            let i = openSession(ts)
            if lifecycle { sessionStart(i, ts, &o); return }
        }
        if category == .lifecycle { lifecycleEvent(ts, &o); return }

        var i = pickSession()
        if !lifecycle {
            // Silent session turnover when there is no lifecycle category to show it.
            if sessions[i].events >= sessions[i].budget && sessions[i].isIdle {
                sessions.remove(at: i)
                targetConcurrency = rng.nextInt(in: 1...3)
                i = openSession(ts)
            } else if sessions.count < targetConcurrency && rng.nextInt(below: 50) == 0 {
                i = openSession(ts)
            }
            current = i
        }
        sessions[i].events += 1
        switch category {
        case .tool:
            if sessions[i].openTool != nil { toolEnd(i, ts, &o) } else { toolStart(i, ts, &o) }
        case .model:
            if sessions[i].openLLM != nil { llmEnd(i, ts, &o) } else { llmStart(i, ts, &o) }
        case .state: stateChange(i, ts, &o)
        case .error: errorRaised(i, ts, &o)
        case .metric: metricSample(i, ts, &o)
        case .audit: audit(i, ts, &o)
        case .vertical: vertical(i, ts, &o)
        case .custom: custom(i, ts, &o)
        case .lifecycle: break   // handled above
        }
    }

    // MARK: Choices

    @inline(__always)
    private mutating func pickCategory() -> EventCategory {
        if categories.count == 1 { return categories[0] }
        let x = rng.nextUnitDouble() * cumulativeWeights[cumulativeWeights.count - 1]
        for (k, c) in cumulativeWeights.enumerated() where x < c { return categories[k] }
        return categories[categories.count - 1]
    }

    @inline(__always)
    private mutating func pickSession() -> Int {
        if sessions.count == 1 { current = 0; return 0 }
        if current >= sessions.count || rng.nextInt(below: 10) >= 7 { current = rng.nextInt(below: sessions.count) }
        return current
    }

    @inline(__always)
    private mutating func pick(_ count: Int) -> Int { rng.nextInt(below: count) }

    @inline(__always)
    private mutating func chance(_ percent: Int) -> Bool { rng.nextInt(below: 100) < percent }

    /// Opens a session (no event) and returns its index.
    private mutating func openSession(_ ts: Int64) -> Int {
        let id = InlineBytes { p in UUIDv4.write(using: &rng, to: p); return 36 }
        let session = Session(id: id, trace: newTrace(), startedAt: ts, model: pick(v.models.count),
                              workspace: pick(v.workspaces.count), pid: rng.nextInt(in: 1000...99_999),
                              budget: rng.nextInt(in: 20...400))
        sessions.append(session)
        current = sessions.count - 1
        return current
    }

    /// 32 lower-case hex digits (an OpenTelemetry-style trace id).
    private mutating func newTrace() -> InlineBytes {
        let a = rng.next(), b = rng.next()
        return InlineBytes { p in
            for (k, x) in [a, b].enumerated() {
                for j in 0..<16 {
                    let n = UInt8(truncatingIfNeeded: (x >> UInt64(60 - 4 * j)) & 15)
                    p[16 * k + j] = n < 10 ? 48 + n : 87 + n
                }
            }
            return 32
        }
    }

    /// `prefix` followed by 24 base-62 characters.
    private mutating func newId(prefix: Bytes) -> InlineBytes {
        let words = (rng.next(), rng.next(), rng.next())
        let digits = v.base62.base
        return InlineBytes { p in
            p.update(from: prefix.base, count: prefix.count)
            var i = prefix.count
            for var x in [words.0, words.1, words.2] {
                for _ in 0..<8 {   // 8 base-62 digits use 47.6 of the 64 bits
                    p[i] = digits[Int(x % 62)]
                    x /= 62
                    i += 1
                }
            }
            return i
        }
    }

    // MARK: Envelope

    @inline(__always)
    private mutating func header(_ name: Vocabulary.Name, _ ts: Int64, _ o: inout Sink) {
        o.put(v.kId)
        UUIDv4.write(using: &rng, to: o.base + o.count)
        o.skip(36)
        o.put(v.kTimestamp)
        appendTimestamp(ts, &o)
        o.put(v.names[name.rawValue])
        o.int(seq)
    }

    @inline(__always)
    private func footer(_ i: Int, trace: Bool, priority: Int, _ o: inout Sink) {
        if trace {
            o.put(v.kTraceOpen)
            sessions[i].trace.write(to: &o)
            o.put(v.kSessionAfterTrace)
        } else {
            o.put(v.kTraceNull)
        }
        sessions[i].id.write(to: &o)
        o.put(v.kPriority)
        o.int(priority)
        o.put(v.kSource)
        o.byte(UInt8(ascii: "\n"))
    }

    /// `2026-01-06T12:00:00.123456+00:00`, with the `YYYY-MM-DDT` part cached per UTC day.
    @inline(__always)
    private mutating func appendTimestamp(_ ts: Int64, _ o: inout Sink) {
        var seconds = ts / 1_000_000_000
        var fraction = Int(ts % 1_000_000_000)
        if fraction < 0 { fraction += 1_000_000_000; seconds -= 1 }
        var day = Int(seconds / 86_400)
        var sod = Int(seconds % 86_400)
        if sod < 0 { sod += 86_400; day -= 1 }
        if day != cachedDay {
            cachedDay = day
            var text: [UInt8] = []
            Timestamp.appendISO8601(epochNanoseconds: Int64(day) * 86_400_000_000_000, fractionDigits: 0, into: &text)
            datePrefix = InlineBytes { p in p.update(from: text, count: 11); return 11 }   // "YYYY-MM-DDT"
        }
        datePrefix.write(to: &o)
        o.two(sod / 3600)
        o.byte(UInt8(ascii: ":"))
        o.two(sod / 60 % 60)
        o.byte(UInt8(ascii: ":"))
        o.two(sod % 60)
        o.byte(UInt8(ascii: "."))
        let micros = fraction / 1000
        o.two(micros / 10_000)
        o.two(micros / 100 % 100)
        o.two(micros % 100)
        o.put(v.utcSuffix)
    }

    // MARK: Lifecycle

    private mutating func lifecycleEvent(_ ts: Int64, _ o: inout Sink) {
        if sessions.count < targetConcurrency {
            let i = openSession(ts)
            sessionStart(i, ts, &o)
            return
        }
        // End the idle session that has been running longest (sessions are in start order).
        if let i = sessions.firstIndex(where: { $0.isIdle }) {
            sessionEnd(i, ts, &o)
            sessions.remove(at: i)
            if current >= i && current > 0 { current -= 1 }
            targetConcurrency = rng.nextInt(in: 1...3)
            return
        }
        if sessions.count < 3 {
            let i = openSession(ts)
            sessionStart(i, ts, &o)
            return
        }
        // Every session is mid-call: finish one of those calls instead (keeps pairs intact).
        let i = pickSession()
        sessions[i].events += 1
        if sessions[i].openTool != nil { toolEnd(i, ts, &o) } else { llmEnd(i, ts, &o) }
    }

    private mutating func sessionStart(_ i: Int, _ ts: Int64, _ o: inout Sink) {
        sessions[i].events += 1
        let s = sessions[i]
        header(.sessionStart, ts, &o)
        o.put(#","agent":"victor","version":"0.9.2","mode":"#)
        o.put(v.modes[pick(v.modes.count)])
        o.put(#","provider":"#)
        o.put(v.models[s.model].provider)
        o.put(#","model":"#)
        o.put(v.models[s.model].model)
        o.put(#","workspace":"#)
        o.put(v.workspaces[s.workspace])
        o.put(#","profile":"#)
        o.put(v.profiles[pick(v.profiles.count)])
        o.put(#","os":"linux","pid":"#)
        o.int(s.pid)
        footer(i, trace: false, priority: 70, &o)
    }

    private mutating func sessionEnd(_ i: Int, _ ts: Int64, _ o: inout Sink) {
        sessions[i].events += 1
        let s = sessions[i]
        header(.sessionEnd, ts, &o)
        o.put(#","reason":"#)
        o.put(v.endReasons[pick(v.endReasons.count)])
        o.put(#","duration_ms":"#)
        o.int(Int(max(0, ts - s.startedAt) / 1_000_000))
        o.put(#","events":"#)
        o.int(s.events)
        o.put(#","tool_calls":"#)
        o.int(s.toolCalls)
        o.put(#","llm_calls":"#)
        o.int(s.llmCalls)
        o.put(#","total_tokens":"#)
        o.int(s.totalTokens)
        footer(i, trace: false, priority: 70, &o)
    }

    // MARK: Tools

    private mutating func toolStart(_ i: Int, _ ts: Int64, _ o: inout Sink) {
        let r = pick(toolCumulative[toolCumulative.count - 1])
        var tool = 0
        while r >= toolCumulative[tool] { tool += 1 }
        let arg: Int
        switch tool {
        case 0, 1, 2: arg = pick(v.paths.count)
        case 3: arg = pick(v.commands.count)
        case 4: arg = pick(v.patterns.count)
        case 5: arg = pick(v.directories.count)
        default: arg = pick(v.queries.count)
        }
        let callId = newId(prefix: v.models[sessions[i].model].callPrefix)
        header(.toolStart, ts, &o)
        o.put(#","call_id":""#)
        callId.write(to: &o)
        o.put(#"","tool_name":"#)
        o.put(v.tools[tool])
        o.put(#","arguments":{"#)
        switch tool {
        case 0:
            o.put(#""path":"#)
            o.put(v.paths[arg])
            if chance(30) {
                o.put(#","offset":"#)
                o.int(pick(40) * 50)
                o.put(#","limit":200"#)
            }
        case 1:
            o.put(#""path":"#)
            o.put(v.paths[arg])
            o.put(#","content":"#)
            o.put(v.excerpts[pick(v.excerpts.count)])
            o.put(#","create_dirs":true"#)
        case 2:
            o.put(#""path":"#)
            o.put(v.paths[arg])
            o.put(#","old_string":"#)
            o.put(v.snippets[pick(v.snippets.count)])
            o.put(#","new_string":"#)
            o.put(v.snippets[pick(v.snippets.count)])
            o.put(#","replace_all":false"#)
        case 3:
            o.put(#""command":"#)
            o.put(v.commands[arg])
            o.put(#","cwd":"#)
            o.put(v.workspaces[sessions[i].workspace])
            o.put(#","timeout_s":120"#)
        case 4:
            o.put(#""pattern":"#)
            o.put(v.patterns[arg])
            o.put(#","path":"#)
            o.put(v.directories[pick(v.directories.count)])
            o.put(#","include":"#)
            o.put(v.includes[pick(v.includes.count)])
            o.put(chance(70) ? #","case_sensitive":true"# : #","case_sensitive":false"#)
        case 5:
            o.put(#""path":"#)
            o.put(v.directories[arg])
            o.put(chance(20) ? #","recursive":true,"max_depth":3"# : #","recursive":false"#)
        default:
            o.put(#""query":"#)
            o.put(v.queries[arg])
            o.put(#","max_results":5"#)
        }
        o.put(#"},"iteration":"#)
        o.int(sessions[i].iteration)
        footer(i, trace: true, priority: 50, &o)
        sessions[i].openTool = OpenTool(callId: callId, tool: tool, arg: arg, startedAt: ts)
        sessions[i].toolCalls += 1
    }

    private mutating func toolEnd(_ i: Int, _ ts: Int64, _ o: inout Sink) {
        guard let call = sessions[i].openTool else { return }
        sessions[i].openTool = nil
        let failed = chance(8)
        header(.toolEnd, ts, &o)
        o.put(#","call_id":""#)
        call.callId.write(to: &o)
        o.put(#"","tool_name":"#)
        o.put(v.tools[call.tool])
        o.put(failed ? #","success":false,"duration_ms":"# : #","success":true,"duration_ms":"#)
        o.int(Int(max(0, ts - call.startedAt) / 1_000_000))
        if failed {
            o.put(",")
            let errors = v.toolErrors[call.tool]
            o.put(errors[pick(errors.count)])
            footer(i, trace: true, priority: 60, &o)
            return
        }
        o.put(#","result":{"#)
        switch call.tool {
        case 0:
            let large = chance(5)
            o.put(#""path":"#)
            o.put(v.paths[call.arg])
            let size = large ? rng.nextInt(in: 4_000...180_000) : rng.nextInt(in: 40...3_900)
            o.put(#","bytes":"#)
            o.int(size)
            o.put(#","lines":"#)
            o.int(1 + size / (28 + pick(24)))
            o.put(large ? #","truncated":true,"excerpt":"# : #","truncated":false,"excerpt":"#)
            o.put(large ? v.largeExcerpts[pick(v.largeExcerpts.count)] : v.excerpts[pick(v.excerpts.count)])
        case 1:
            o.put(#""path":"#)
            o.put(v.paths[call.arg])
            o.put(#","bytes_written":"#)
            o.int(rng.nextInt(in: 12...24_000))
        case 2:
            o.put(#""path":"#)
            o.put(v.paths[call.arg])
            o.put(#","replacements":1,"diff":{"added":"#)
            o.int(pick(40))
            o.put(#","removed":"#)
            o.int(pick(25))
            o.put("}")
        case 3:
            o.put(#""exit_code":0,"stdout_tail":"#)
            o.put(chance(3) ? v.largeExcerpts[pick(v.largeExcerpts.count)] : v.stdoutTails[pick(v.stdoutTails.count)])
            o.put(#","stdout_bytes":"#)
            o.int(rng.nextInt(in: 0...65_536))
            o.put(#","stderr_bytes":"#)
            o.int(chance(20) ? pick(2_000) : 0)
        case 4:
            o.put(#""matches":"#)
            o.int(pick(120))
            o.put(#","files":"#)
            o.int(1 + pick(30))
            o.put(#","first_match":{"path":"#)
            o.put(v.paths[pick(v.paths.count)])
            o.put(#","line":"#)
            o.int(1 + pick(800))
            o.put(#","text":"#)
            o.put(v.snippets[pick(v.snippets.count)])
            o.put("}")
        case 5:
            o.put(#""path":"#)
            o.put(v.directories[call.arg])
            o.put(#","entries":"#)
            o.int(1 + pick(200))
            o.put(#","sample":"#)
            o.put(v.listingSamples[pick(v.listingSamples.count)])
        default:
            let top = v.searchTitles[pick(v.searchTitles.count)]
            o.put(#""results":"#)
            o.int(1 + pick(5))
            o.put(#","top":{"title":"#)
            o.put(top.0)
            o.put(#","url":"#)
            o.put(top.1)
            o.put("}")
        }
        o.put("}")
        footer(i, trace: true, priority: 50, &o)
    }

    // MARK: Model

    private mutating func llmStart(_ i: Int, _ ts: Int64, _ o: inout Sink) {
        sessions[i].iteration += 1
        sessions[i].trace = newTrace()   // a new trace per model turn
        let s = sessions[i]
        let prompt = 1_200 + s.iteration * 850 + pick(900)
        let requestId = newId(prefix: v.requestPrefix)
        header(.llmStart, ts, &o)
        o.put(#","request_id":""#)
        requestId.write(to: &o)
        o.put(#"","provider":"#)
        o.put(v.models[s.model].provider)
        o.put(#","model":"#)
        o.put(v.models[s.model].model)
        o.put(#","iteration":"#)
        o.int(s.iteration)
        o.put(#","messages":"#)
        o.int(2 * s.iteration + 1)
        o.put(#","tools_available":14,"temperature":0.2,"max_tokens":8192,"stream":"#)
        o.put(chance(85) ? "true" : "false")
        footer(i, trace: true, priority: 50, &o)
        sessions[i].openLLM = OpenLLM(requestId: requestId, promptTokens: prompt, startedAt: ts)
        sessions[i].llmCalls += 1
    }

    private mutating func llmEnd(_ i: Int, _ ts: Int64, _ o: inout Sink) {
        guard let call = sessions[i].openLLM else { return }
        sessions[i].openLLM = nil
        let s = sessions[i]
        let completion = 20 + pick(1_200)
        let finish = pick(10)
        header(.llmEnd, ts, &o)
        o.put(#","request_id":""#)
        call.requestId.write(to: &o)
        o.put(#"","provider":"#)
        o.put(v.models[s.model].provider)
        o.put(#","model":"#)
        o.put(v.models[s.model].model)
        o.put(#","prompt_tokens":"#)
        o.int(call.promptTokens)
        o.put(#","completion_tokens":"#)
        o.int(completion)
        o.put(#","cached_tokens":"#)
        o.int(s.iteration > 1 ? call.promptTokens * (50 + pick(40)) / 100 : 0)
        o.put(#","total_tokens":"#)
        o.int(call.promptTokens + completion)
        o.put(#","latency_ms":"#)
        o.int(Int(max(0, ts - call.startedAt) / 1_000_000))
        if finish < 7 {
            o.put(#","finish_reason":"tool_use","tool_calls":"#)
        } else if finish < 9 {
            o.put(#","finish_reason":"end_turn","tool_calls":"#)
        } else {
            o.put(#","finish_reason":"max_tokens","tool_calls":"#)
        }
        o.int(finish < 7 ? 1 + pick(3) : 0)
        footer(i, trace: true, priority: 50, &o)
        sessions[i].totalTokens += call.promptTokens + completion
    }

    // MARK: State, error, metric, audit, vertical, custom

    private mutating func stateChange(_ i: Int, _ ts: Int64, _ o: inout Sink) {
        let from = sessions[i].state
        let options = v.transitions[from]
        let next = options[pick(options.count)]
        sessions[i].state = next.to
        header(.stateChange, ts, &o)
        o.put(#","from":"#)
        o.put(v.states[from])
        o.put(#","to":"#)
        o.put(v.states[next.to])
        o.put(#","reason":"#)
        o.put(next.reason)
        o.put(#","iteration":"#)
        o.int(sessions[i].iteration)
        footer(i, trace: true, priority: 40, &o)
    }

    private mutating func errorRaised(_ i: Int, _ ts: Int64, _ o: inout Sink) {
        let s = sessions[i]
        header(.errorRaised, ts, &o)
        o.put(",")
        o.put(v.errors[pick(v.errors.count)])
        o.put(#","component":"#)
        o.put(v.errorComponents[pick(v.errorComponents.count)])
        o.put(#","attempt":"#)
        o.int(1 + pick(3))
        o.put(#","context":{"provider":"#)
        o.put(v.models[s.model].provider)
        o.put(#","model":"#)
        o.put(v.models[s.model].model)
        o.put(#","iteration":"#)
        o.int(s.iteration)
        o.put("}")
        footer(i, trace: true, priority: 80, &o)
    }

    private mutating func metricSample(_ i: Int, _ ts: Int64, _ o: inout Sink) {
        let m = v.metrics[pick(v.metrics.count)]
        let value = rng.nextInt(in: m.low...m.high)
        header(.metricSample, ts, &o)
        o.put(#","metric":"#)
        o.put(m.name)
        o.put(#","value":"#)
        if m.digits == 0 { o.int(value) } else { o.fixed(value, digits: m.digits) }
        o.put(#","unit":"#)
        o.put(m.unit)
        o.put(#","tags":{"host":"#)
        o.put(v.hosts[sessions[i].pid % v.hosts.count])
        o.put(#","pid":"#)
        o.int(sessions[i].pid)
        o.put("}")
        footer(i, trace: false, priority: 20, &o)
    }

    private mutating func audit(_ i: Int, _ ts: Int64, _ o: inout Sink) {
        if chance(60) {
            header(.auditPermission, ts, &o)
            let action = pick(v.auditActions.count)
            o.put(#","action":"#)
            o.put(v.auditActions[action])
            o.put(#","target":"#)
            o.put(action == 1 ? v.commands[pick(v.commands.count)] : v.paths[pick(v.paths.count)])
            o.put(#","decision":"#)
            o.put(v.auditDecisions[pick(v.auditDecisions.count)])
            o.put(#","policy":"#)
            o.put(v.auditPolicies[pick(v.auditPolicies.count)])
            o.put(#","actor":"agent""#)
        } else {
            header(.auditFileAccess, ts, &o)
            o.put(#","path":"#)
            o.put(v.paths[pick(v.paths.count)])
            o.put(chance(70) ? #","mode":"read","bytes":"# : #","mode":"write","bytes":"#)
            o.int(pick(50_000))
        }
        footer(i, trace: true, priority: 60, &o)
    }

    private mutating func vertical(_ i: Int, _ ts: Int64, _ o: inout Sink) {
        let which = pick(v.verticals.count)
        if chance(40) {
            header(.verticalActivated, ts, &o)
            o.put(#","vertical":"#)
            o.put(v.verticals[which])
            o.put(#","capabilities":"#)
            o.put(v.verticalCapabilities[which])
            o.put(#","version":"1.2.0""#)
        } else {
            header(.verticalStep, ts, &o)
            o.put(#","vertical":"#)
            o.put(v.verticals[which])
            o.put(#","step":"#)
            o.put(v.verticalSteps[pick(v.verticalSteps.count)])
            o.put(#","duration_ms":"#)
            o.int(pick(5_000))
        }
        footer(i, trace: true, priority: 30, &o)
    }

    private mutating func custom(_ i: Int, _ ts: Int64, _ o: inout Sink) {
        if chance(50) {
            header(.customNote, ts, &o)
            o.put(#","kind":"#)
            o.put(v.noteKinds[pick(v.noteKinds.count)])
            o.put(#","text":"#)
            o.put(v.noteTexts[pick(v.noteTexts.count)])
        } else {
            header(.customFeedback, ts, &o)
            o.put(#","kind":"user_feedback","payload":{"rating":"#)
            o.int(1 + pick(5))
            o.put(#","comment":"#)
            o.put(v.feedbackComments[pick(v.feedbackComments.count)])
            o.put(#","tags":"#)
            o.put(v.feedbackTags[pick(v.feedbackTags.count)])
            o.put("}")
        }
        footer(i, trace: chance(50), priority: 30, &o)
    }
}
