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
/// weights and timestamps give byte-identical output. Hot path: no String work at all — constant
/// fragments are pre-escaped byte arrays (`Vocabulary`), ids come from the PRNG through lookup
/// tables, the date part of the timestamp is cached per day.
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
    private var datePrefix: [UInt8] = []

    struct OpenTool {
        var callId: [UInt8]
        var tool: Int
        var arg: Int
        var startedAt: Int64
    }

    struct OpenLLM {
        var requestId: [UInt8]
        var promptTokens: Int
        var startedAt: Int64
    }

    struct Session {
        var id: [UInt8]
        var trace: [UInt8]
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
        seq += 1
        let category = pickCategory()
        if sessions.isEmpty {
            let i = openSession(ts)
            if lifecycle { sessionStart(i, ts, &out); return }
        }
        if category == .lifecycle { lifecycleEvent(ts, &out); return }

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
            if sessions[i].openTool != nil { toolEnd(i, ts, &out) } else { toolStart(i, ts, &out) }
        case .model:
            if sessions[i].openLLM != nil { llmEnd(i, ts, &out) } else { llmStart(i, ts, &out) }
        case .state: stateChange(i, ts, &out)
        case .error: errorRaised(i, ts, &out)
        case .metric: metricSample(i, ts, &out)
        case .audit: audit(i, ts, &out)
        case .vertical: vertical(i, ts, &out)
        case .custom: custom(i, ts, &out)
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
        var id: [UInt8] = []
        id.reserveCapacity(36)
        UUIDv4.append(using: &rng, into: &id)
        let session = Session(id: id, trace: newTrace(), startedAt: ts, model: pick(v.models.count),
                              workspace: pick(v.workspaces.count), pid: rng.nextInt(in: 1000...99_999),
                              budget: rng.nextInt(in: 20...400))
        sessions.append(session)
        current = sessions.count - 1
        return current
    }

    private mutating func newTrace() -> [UInt8] {
        var t: [UInt8] = []
        t.reserveCapacity(32)
        for _ in 0..<2 {
            let x = rng.next()
            for shift in stride(from: 60, through: 0, by: -4) { t.append(v.hex[Int((x >> UInt64(shift)) & 15)]) }
        }
        return t
    }

    private mutating func newId(prefix: [UInt8]) -> [UInt8] {
        var id = prefix
        id.reserveCapacity(prefix.count + 24)
        var x = rng.next()
        for k in 0..<24 {
            if k == 10 { x = rng.next() }
            id.append(v.base62[Int(x % 62)])
            x /= 62
        }
        return id
    }

    // MARK: Envelope

    @inline(__always)
    private mutating func header(_ name: Vocabulary.Name, _ ts: Int64, _ out: inout [UInt8]) {
        out.append(contentsOf: v.kId)
        UUIDv4.append(using: &rng, into: &out)
        out.append(contentsOf: v.kTimestamp)
        appendTimestamp(ts, &out)
        out.append(contentsOf: v.names[name.rawValue])
        JSONBytes.appendInt(seq, into: &out)
    }

    @inline(__always)
    private func footer(_ i: Int, trace: Bool, priority: Int, _ out: inout [UInt8]) {
        if trace {
            out.append(contentsOf: v.kTraceOpen)
            out.append(contentsOf: sessions[i].trace)
            out.append(contentsOf: v.kSessionAfterTrace)
        } else {
            out.append(contentsOf: v.kTraceNull)
        }
        out.append(contentsOf: sessions[i].id)
        out.append(contentsOf: v.kPriority)
        JSONBytes.appendInt(priority, into: &out)
        out.append(contentsOf: v.kSource)
        out.append(UInt8(ascii: "\n"))
    }

    /// `2026-01-06T12:00:00.123456+00:00`, with the `YYYY-MM-DDT` part cached per UTC day.
    @inline(__always)
    private mutating func appendTimestamp(_ ts: Int64, _ out: inout [UInt8]) {
        var seconds = ts / 1_000_000_000
        var fraction = Int(ts % 1_000_000_000)
        if fraction < 0 { fraction += 1_000_000_000; seconds -= 1 }
        var day = Int(seconds / 86_400)
        var sod = Int(seconds % 86_400)
        if sod < 0 { sod += 86_400; day -= 1 }
        if day != cachedDay {
            cachedDay = day
            datePrefix.removeAll(keepingCapacity: true)
            Timestamp.appendISO8601(epochNanoseconds: Int64(day) * 86_400_000_000_000, fractionDigits: 0, into: &datePrefix)
            datePrefix.removeLast(datePrefix.count - 11)   // keep "YYYY-MM-DDT"
        }
        out.append(contentsOf: datePrefix)
        append2(sod / 3600, &out)
        out.append(UInt8(ascii: ":"))
        append2(sod / 60 % 60, &out)
        out.append(UInt8(ascii: ":"))
        append2(sod % 60, &out)
        out.append(UInt8(ascii: "."))
        let micros = fraction / 1000
        append2(micros / 10_000, &out)
        append2(micros / 100 % 100, &out)
        append2(micros % 100, &out)
        out.append(contentsOf: v.utcSuffix)
    }

    @inline(__always)
    private func append2(_ x: Int, _ out: inout [UInt8]) {
        out.append(UInt8(truncatingIfNeeded: 48 + x / 10))
        out.append(UInt8(truncatingIfNeeded: 48 + x % 10))
    }

    @inline(__always)
    private func put(_ bytes: [UInt8], _ out: inout [UInt8]) { out.append(contentsOf: bytes) }

    @inline(__always)
    private func put(_ key: StaticString, _ out: inout [UInt8]) {
        out.append(contentsOf: UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount))
    }

    @inline(__always)
    private func int(_ x: Int, _ out: inout [UInt8]) { JSONBytes.appendInt(x, into: &out) }

    // MARK: Lifecycle

    private mutating func lifecycleEvent(_ ts: Int64, _ out: inout [UInt8]) {
        if sessions.count < targetConcurrency {
            let i = openSession(ts)
            sessionStart(i, ts, &out)
            return
        }
        // End the idle session that has been running longest (sessions are in start order).
        if let i = sessions.firstIndex(where: { $0.isIdle }) {
            sessionEnd(i, ts, &out)
            sessions.remove(at: i)
            if current >= i && current > 0 { current -= 1 }
            targetConcurrency = rng.nextInt(in: 1...3)
            return
        }
        if sessions.count < 3 {
            let i = openSession(ts)
            sessionStart(i, ts, &out)
            return
        }
        // Every session is mid-call: finish one of those calls instead (keeps pairs intact).
        let i = pickSession()
        sessions[i].events += 1
        if sessions[i].openTool != nil { toolEnd(i, ts, &out) } else { llmEnd(i, ts, &out) }
    }

    private mutating func sessionStart(_ i: Int, _ ts: Int64, _ out: inout [UInt8]) {
        sessions[i].events += 1
        let s = sessions[i]
        header(.sessionStart, ts, &out)
        put(#","agent":"victor","version":"0.9.2","mode":"#, &out)
        put(v.modes[pick(v.modes.count)], &out)
        put(#","provider":"#, &out)
        put(v.models[s.model].provider, &out)
        put(#","model":"#, &out)
        put(v.models[s.model].model, &out)
        put(#","workspace":"#, &out)
        put(v.workspaces[s.workspace], &out)
        put(#","profile":"#, &out)
        put(v.profiles[pick(v.profiles.count)], &out)
        put(#","os":"linux","pid":"#, &out)
        int(s.pid, &out)
        footer(i, trace: false, priority: 70, &out)
    }

    private mutating func sessionEnd(_ i: Int, _ ts: Int64, _ out: inout [UInt8]) {
        sessions[i].events += 1
        let s = sessions[i]
        header(.sessionEnd, ts, &out)
        put(#","reason":"#, &out)
        put(v.endReasons[pick(v.endReasons.count)], &out)
        put(#","duration_ms":"#, &out)
        int(Int(max(0, ts - s.startedAt) / 1_000_000), &out)
        put(#","events":"#, &out)
        int(s.events, &out)
        put(#","tool_calls":"#, &out)
        int(s.toolCalls, &out)
        put(#","llm_calls":"#, &out)
        int(s.llmCalls, &out)
        put(#","total_tokens":"#, &out)
        int(s.totalTokens, &out)
        footer(i, trace: false, priority: 70, &out)
    }

    // MARK: Tools

    private mutating func toolStart(_ i: Int, _ ts: Int64, _ out: inout [UInt8]) {
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
        header(.toolStart, ts, &out)
        put(#","call_id":""#, &out)
        put(callId, &out)
        put(#"","tool":"#, &out)
        put(v.tools[tool], &out)
        put(#","arguments":{"#, &out)
        switch tool {
        case 0:
            put(#""path":"#, &out)
            put(v.paths[arg], &out)
            if chance(30) {
                put(#","offset":"#, &out)
                int(pick(40) * 50, &out)
                put(#","limit":200"#, &out)
            }
        case 1:
            put(#""path":"#, &out)
            put(v.paths[arg], &out)
            put(#","content":"#, &out)
            put(v.excerpts[pick(v.excerpts.count)], &out)
            put(#","create_dirs":true"#, &out)
        case 2:
            put(#""path":"#, &out)
            put(v.paths[arg], &out)
            put(#","old_string":"#, &out)
            put(v.snippets[pick(v.snippets.count)], &out)
            put(#","new_string":"#, &out)
            put(v.snippets[pick(v.snippets.count)], &out)
            put(#","replace_all":false"#, &out)
        case 3:
            put(#""command":"#, &out)
            put(v.commands[arg], &out)
            put(#","cwd":"#, &out)
            put(v.workspaces[sessions[i].workspace], &out)
            put(#","timeout_s":120"#, &out)
        case 4:
            put(#""pattern":"#, &out)
            put(v.patterns[arg], &out)
            put(#","path":"#, &out)
            put(v.directories[pick(v.directories.count)], &out)
            put(#","include":"#, &out)
            put(v.includes[pick(v.includes.count)], &out)
            put(chance(70) ? #","case_sensitive":true"# : #","case_sensitive":false"#, &out)
        case 5:
            put(#""path":"#, &out)
            put(v.directories[arg], &out)
            put(chance(20) ? #","recursive":true,"max_depth":3"# : #","recursive":false"#, &out)
        default:
            put(#""query":"#, &out)
            put(v.queries[arg], &out)
            put(#","max_results":5"#, &out)
        }
        put(#"},"iteration":"#, &out)
        int(sessions[i].iteration, &out)
        footer(i, trace: true, priority: 50, &out)
        sessions[i].openTool = OpenTool(callId: callId, tool: tool, arg: arg, startedAt: ts)
        sessions[i].toolCalls += 1
    }

    private mutating func toolEnd(_ i: Int, _ ts: Int64, _ out: inout [UInt8]) {
        guard let call = sessions[i].openTool else { return }
        sessions[i].openTool = nil
        let failed = chance(8)
        header(.toolEnd, ts, &out)
        put(#","call_id":""#, &out)
        put(call.callId, &out)
        put(#"","tool":"#, &out)
        put(v.tools[call.tool], &out)
        put(failed ? #","success":false,"duration_ms":"# : #","success":true,"duration_ms":"#, &out)
        int(Int(max(0, ts - call.startedAt) / 1_000_000), &out)
        if failed {
            put(",", &out)
            let errors = v.toolErrors[call.tool]
            put(errors[pick(errors.count)], &out)
            footer(i, trace: true, priority: 60, &out)
            return
        }
        put(#","result":{"#, &out)
        switch call.tool {
        case 0:
            let large = chance(5)
            put(#""path":"#, &out)
            put(v.paths[call.arg], &out)
            put(#","bytes":"#, &out)
            int(large ? rng.nextInt(in: 4_000...180_000) : rng.nextInt(in: 40...3_900), &out)
            put(#","lines":"#, &out)
            int(rng.nextInt(in: 3...900), &out)
            put(large ? #","truncated":true,"excerpt":"# : #","truncated":false,"excerpt":"#, &out)
            put(large ? v.largeExcerpts[pick(v.largeExcerpts.count)] : v.excerpts[pick(v.excerpts.count)], &out)
        case 1:
            put(#""path":"#, &out)
            put(v.paths[call.arg], &out)
            put(#","bytes_written":"#, &out)
            int(rng.nextInt(in: 12...24_000), &out)
        case 2:
            put(#""path":"#, &out)
            put(v.paths[call.arg], &out)
            put(#","replacements":1,"diff":{"added":"#, &out)
            int(pick(40), &out)
            put(#","removed":"#, &out)
            int(pick(25), &out)
            put("}", &out)
        case 3:
            put(#""exit_code":0,"stdout_tail":"#, &out)
            put(chance(3) ? v.largeExcerpts[pick(v.largeExcerpts.count)] : v.stdoutTails[pick(v.stdoutTails.count)], &out)
            put(#","stdout_bytes":"#, &out)
            int(rng.nextInt(in: 0...65_536), &out)
            put(#","stderr_bytes":"#, &out)
            int(chance(20) ? pick(2_000) : 0, &out)
        case 4:
            put(#""matches":"#, &out)
            int(pick(120), &out)
            put(#","files":"#, &out)
            int(1 + pick(30), &out)
            put(#","first_match":{"path":"#, &out)
            put(v.paths[pick(v.paths.count)], &out)
            put(#","line":"#, &out)
            int(1 + pick(800), &out)
            put(#","text":"#, &out)
            put(v.snippets[pick(v.snippets.count)], &out)
            put("}", &out)
        case 5:
            put(#""path":"#, &out)
            put(v.directories[call.arg], &out)
            put(#","entries":"#, &out)
            int(1 + pick(200), &out)
            put(#","sample":"#, &out)
            put(v.listingSamples[pick(v.listingSamples.count)], &out)
        default:
            let top = v.searchTitles[pick(v.searchTitles.count)]
            put(#""results":"#, &out)
            int(1 + pick(5), &out)
            put(#","top":{"title":"#, &out)
            put(top.0, &out)
            put(#","url":"#, &out)
            put(top.1, &out)
            put("}", &out)
        }
        put("}", &out)
        footer(i, trace: true, priority: 50, &out)
    }

    // MARK: Model

    private mutating func llmStart(_ i: Int, _ ts: Int64, _ out: inout [UInt8]) {
        sessions[i].iteration += 1
        sessions[i].trace = newTrace()   // a new trace per model turn
        let s = sessions[i]
        let prompt = 1_200 + s.iteration * 850 + pick(900)
        let requestId = newId(prefix: v.requestPrefix)
        header(.llmStart, ts, &out)
        put(#","request_id":""#, &out)
        put(requestId, &out)
        put(#"","provider":"#, &out)
        put(v.models[s.model].provider, &out)
        put(#","model":"#, &out)
        put(v.models[s.model].model, &out)
        put(#","iteration":"#, &out)
        int(s.iteration, &out)
        put(#","messages":"#, &out)
        int(2 * s.iteration + 1, &out)
        put(#","tools_available":14,"temperature":0.2,"max_tokens":8192,"stream":"#, &out)
        put(chance(85) ? "true" : "false", &out)
        footer(i, trace: true, priority: 50, &out)
        sessions[i].openLLM = OpenLLM(requestId: requestId, promptTokens: prompt, startedAt: ts)
        sessions[i].llmCalls += 1
    }

    private mutating func llmEnd(_ i: Int, _ ts: Int64, _ out: inout [UInt8]) {
        guard let call = sessions[i].openLLM else { return }
        sessions[i].openLLM = nil
        let s = sessions[i]
        let completion = 20 + pick(1_200)
        let finish = pick(10)
        header(.llmEnd, ts, &out)
        put(#","request_id":""#, &out)
        put(call.requestId, &out)
        put(#"","provider":"#, &out)
        put(v.models[s.model].provider, &out)
        put(#","model":"#, &out)
        put(v.models[s.model].model, &out)
        put(#","prompt_tokens":"#, &out)
        int(call.promptTokens, &out)
        put(#","completion_tokens":"#, &out)
        int(completion, &out)
        put(#","cached_tokens":"#, &out)
        int(s.iteration > 1 ? call.promptTokens * (50 + pick(40)) / 100 : 0, &out)
        put(#","total_tokens":"#, &out)
        int(call.promptTokens + completion, &out)
        put(#","latency_ms":"#, &out)
        int(Int(max(0, ts - call.startedAt) / 1_000_000), &out)
        put(finish < 7 ? #","finish_reason":"tool_use","tool_calls":"# : finish < 9
            ? #","finish_reason":"end_turn","tool_calls":"# : #","finish_reason":"max_tokens","tool_calls":"#, &out)
        int(finish < 7 ? 1 + pick(3) : 0, &out)
        footer(i, trace: true, priority: 50, &out)
        sessions[i].totalTokens += call.promptTokens + completion
    }

    // MARK: State, error, metric, audit, vertical, custom

    private mutating func stateChange(_ i: Int, _ ts: Int64, _ out: inout [UInt8]) {
        let from = sessions[i].state
        let options = v.transitions[from]
        let next = options[pick(options.count)]
        sessions[i].state = next.to
        header(.stateChange, ts, &out)
        put(#","from":"#, &out)
        put(v.states[from], &out)
        put(#","to":"#, &out)
        put(v.states[next.to], &out)
        put(#","reason":"#, &out)
        put(next.reason, &out)
        put(#","iteration":"#, &out)
        int(sessions[i].iteration, &out)
        footer(i, trace: true, priority: 40, &out)
    }

    private mutating func errorRaised(_ i: Int, _ ts: Int64, _ out: inout [UInt8]) {
        let s = sessions[i]
        header(.errorRaised, ts, &out)
        put(",", &out)
        put(v.errors[pick(v.errors.count)], &out)
        put(#","component":"#, &out)
        put(v.errorComponents[pick(v.errorComponents.count)], &out)
        put(#","attempt":"#, &out)
        int(1 + pick(3), &out)
        put(#","context":{"provider":"#, &out)
        put(v.models[s.model].provider, &out)
        put(#","model":"#, &out)
        put(v.models[s.model].model, &out)
        put(#","iteration":"#, &out)
        int(s.iteration, &out)
        put("}", &out)
        footer(i, trace: true, priority: 80, &out)
    }

    private mutating func metricSample(_ i: Int, _ ts: Int64, _ out: inout [UInt8]) {
        let m = v.metrics[pick(v.metrics.count)]
        let value = rng.nextInt(in: m.low...m.high)
        header(.metricSample, ts, &out)
        put(#","metric":"#, &out)
        put(m.name, &out)
        put(#","value":"#, &out)
        if m.digits == 0 { int(value, &out) } else { JSONBytes.appendFixed(value, digits: m.digits, into: &out) }
        put(#","unit":"#, &out)
        put(m.unit, &out)
        put(#","tags":{"host":"#, &out)
        put(v.hosts[sessions[i].pid % v.hosts.count], &out)
        put(#","pid":"#, &out)
        int(sessions[i].pid, &out)
        put("}", &out)
        footer(i, trace: false, priority: 20, &out)
    }

    private mutating func audit(_ i: Int, _ ts: Int64, _ out: inout [UInt8]) {
        if chance(60) {
            header(.auditPermission, ts, &out)
            let action = pick(v.auditActions.count)
            put(#","action":"#, &out)
            put(v.auditActions[action], &out)
            put(#","target":"#, &out)
            put(action == 1 ? v.commands[pick(v.commands.count)] : v.paths[pick(v.paths.count)], &out)
            put(#","decision":"#, &out)
            put(v.auditDecisions[pick(v.auditDecisions.count)], &out)
            put(#","policy":"#, &out)
            put(v.auditPolicies[pick(v.auditPolicies.count)], &out)
            put(#","actor":"agent""#, &out)
        } else {
            header(.auditFileAccess, ts, &out)
            put(#","path":"#, &out)
            put(v.paths[pick(v.paths.count)], &out)
            put(chance(70) ? #","mode":"read","bytes":"# : #","mode":"write","bytes":"#, &out)
            int(pick(50_000), &out)
        }
        footer(i, trace: true, priority: 60, &out)
    }

    private mutating func vertical(_ i: Int, _ ts: Int64, _ out: inout [UInt8]) {
        let which = pick(v.verticals.count)
        if chance(40) {
            header(.verticalActivated, ts, &out)
            put(#","vertical":"#, &out)
            put(v.verticals[which], &out)
            put(#","capabilities":"#, &out)
            put(v.verticalCapabilities[which], &out)
            put(#","version":"1.2.0""#, &out)
        } else {
            header(.verticalStep, ts, &out)
            put(#","vertical":"#, &out)
            put(v.verticals[which], &out)
            put(#","step":"#, &out)
            put(v.verticalSteps[pick(v.verticalSteps.count)], &out)
            put(#","duration_ms":"#, &out)
            int(pick(5_000), &out)
        }
        footer(i, trace: true, priority: 30, &out)
    }

    private mutating func custom(_ i: Int, _ ts: Int64, _ out: inout [UInt8]) {
        if chance(50) {
            header(.customNote, ts, &out)
            put(#","kind":"#, &out)
            put(v.noteKinds[pick(v.noteKinds.count)], &out)
            put(#","text":"#, &out)
            put(v.noteTexts[pick(v.noteTexts.count)], &out)
        } else {
            header(.customFeedback, ts, &out)
            put(#","kind":"user_feedback","payload":{"rating":"#, &out)
            int(1 + pick(5), &out)
            put(#","comment":"#, &out)
            put(v.feedbackComments[pick(v.feedbackComments.count)], &out)
            put(#","tags":"#, &out)
            put(v.feedbackTags[pick(v.feedbackTags.count)], &out)
            put("}", &out)
        }
        footer(i, trace: chance(50), priority: 30, &out)
    }
}
