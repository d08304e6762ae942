import VCore

/// Everything the generator writes that is not a number or an id: built (and JSON-escaped) once,
/// then only copied. Entries in `q…` arrays are complete JSON string literals, quotes included;
/// `k…` fields are constant JSON fragments (keys and punctuation).
final class Vocabulary: Sendable {
    let base62 = Vocabulary.base62Digits
    let requestPrefix = Vocabulary.requestIdPrefix
    static let shared = Vocabulary()

    private static func ba(_ s: String) -> [UInt8] { Array(s.utf8) }
    private static func qa(_ s: String) -> [UInt8] {
        var literal: [UInt8] = []
        JSONString.encode(s.utf8, into: &literal)
        return literal
    }
    private static func b(_ s: String) -> Bytes { Bytes(ba(s)) }
    private static func q(_ s: String) -> Bytes { Bytes(qa(s)) }

    // MARK: Envelope

    let kId = b(#"{"id":""#)
    let kTimestamp = b(#"","timestamp":""#)
    let kTraceNull = b(#"},"trace_id":null,"session_id":""#)
    let kTraceOpen = b(#"},"trace_id":""#)
    let kSessionAfterTrace = b(#"","session_id":""#)
    let kPriority = b(#"","priority":"#)
    let kSource = b(#","source":"victor"}"#)
    let utcSuffix = b("+00:00")

    /// `","category":"<c>","name":"<n>","data":{"seq":` per event name.
    let names: [Bytes]

    enum Name: Int, CaseIterable {
        case sessionStart, sessionEnd, toolStart, toolEnd, llmStart, llmEnd, stateChange, errorRaised,
             metricSample, auditPermission, auditFileAccess, verticalActivated, verticalStep, customNote, customFeedback

        var parts: (category: String, name: String) {
            switch self {
            case .sessionStart: ("lifecycle", "session.start")
            case .sessionEnd: ("lifecycle", "session.end")
            case .toolStart: ("tool", "tool.start")
            case .toolEnd: ("tool", "tool.end")
            case .llmStart: ("model", "llm.start")
            case .llmEnd: ("model", "llm.end")
            case .stateChange: ("state", "state.change")
            case .errorRaised: ("error", "error.raised")
            case .metricSample: ("metric", "metric.sample")
            case .auditPermission: ("audit", "audit.permission")
            case .auditFileAccess: ("audit", "audit.file_access")
            case .verticalActivated: ("vertical", "vertical.activated")
            case .verticalStep: ("vertical", "vertical.step")
            case .customNote: ("custom", "custom.note")
            case .customFeedback: ("custom", "custom.user_feedback")
            }
        }
    }

    // MARK: Sessions and models

    /// (provider, model, call-id prefix) as JSON literals / raw prefix.
    let models: [(provider: Bytes, model: Bytes, callPrefix: Bytes)] = [
        ("anthropic", "claude-sonnet-4", "toolu_01"), ("anthropic", "claude-sonnet-4", "toolu_01"),
        ("anthropic", "claude-opus-4", "toolu_01"), ("anthropic", "claude-3-5-haiku", "toolu_01"),
        ("openai", "gpt-4.1", "call_"), ("openai", "gpt-4.1-mini", "call_"), ("openai", "o4-mini", "call_"),
        ("ollama", "qwen2.5-coder:14b", "call_"), ("ollama", "llama3.1:8b", "call_"),
        ("google", "gemini-2.5-pro", "call_"),
    ].map { (q($0.0), q($0.1), b($0.2)) }

    let modes = ["build", "build", "plan", "explore", "review"].map(q)
    let workspaces = [
        "/home/dana/src/payments-api", "/home/dev/projects/vtools", "/Users/kenji/work/ウェブアプリ",
        "/srv/repos/data-pipeline", "/home/léa/code/résumé-builder", "/workspace/monorepo",
    ].map(q)
    let profiles = ["default", "default", "fast", "careful", "local-only"].map(q)
    let endReasons = ["completed", "completed", "completed", "user_exit", "max_iterations", "error"].map(q)

    // MARK: Tools

    static let toolNames = ["read_file", "write_file", "edit_file", "run_shell", "grep", "list_directory", "web_search"]
    let tools = toolNames.map(q)
    /// Relative frequency of each tool (same order as `toolNames`).
    let toolWeights = [30, 7, 14, 20, 14, 9, 6]

    let paths = [
        "Sources/VCore/JSON/Scanner.swift", "src/payments/api/handlers.py", "src/components/Button.tsx",
        "README.md", "docs/architecture/résumé-des-décisions.md", "tests/fixtures/日本語/sample.json",
        "Cargo.toml", "package.json", "internal/server/http.go", "app/models/user.rb",
        "victor/agent/orchestrator.py", "victor/tools/filesystem.py", "configs/prod/values.yaml",
        "notebooks/análise_de_dados.ipynb", "scripts/deploy.sh", "assets/icons/🚀launch.svg",
        ".github/workflows/ci.yml", "migrations/0042_add_índice.sql", "src/lib/utils/strings.ts",
        "tests/test_orchestrator.py", "Makefile", "src/i18n/locales/zh-CN/消息.json",
    ].map(q)
    let directories = [
        ".", "src", "tests", "docs", "victor/agent", "internal/server", "src/i18n/locales", "Sources/VCore",
        "notebooks", "configs",
    ].map(q)
    let commands = [
        "swift build -c release", "pytest -q tests/test_orchestrator.py", "git status --porcelain",
        "git diff --stat HEAD~1", "npm run lint -- --fix", "cargo test --workspace", "ls -la src",
        #"rg -n "TODO|FIXME" src | head -20"#, "make -j4 && ./bin/server --port 8080",
        #"python -c 'import sys; print(sys.version)'"#, "docker compose up -d db", "go test ./... -run TestHandler",
        #"git commit -m "fix: handle naïve timestamps""#,
    ].map(q)
    let patterns = [
        "TODO|FIXME", #"func parse\("#, #"class \w+Error"#, "import numpy", "日本語", #"\bresolve_path\b"#,
        "@MainActor", #"def test_\w+"#, "password", #"console\.log\("#,
    ].map(q)
    let includes = ["*.swift", "*.py", "*.ts", "*.go", "*", "*.md"].map(q)
    let queries = [
        "swift clock_nanosleep EINTR", "python asyncio cancel task on timeout", "RFC 3339 fractional seconds precision",
        "postgres índice parcial where clause", "rust borrow checker mutable reference in loop",
        "Python の型ヒント ジェネリクス", "kubernetes liveness vs readiness probe",
    ].map(q)
    let snippets = [
        "let value = try decoder.decode(Config.self)", "return {\"status\": 200}", "if err != nil {\n\treturn err\n}",
        "console.log(\"débogage\", state)", "# TODO: gérer les fuseaux horaires", "timeout = 30", "timeout = 120",
        "def résumé(self) -> str:", "const label = \"保存\";", "raise ValueError(f\"bad path: {path!r}\")",
    ].map(q)
    let excerpts: [Bytes]
    let largeExcerpts: [Bytes]
    let stdoutTails = [
        "✅ 42 tests passed, 0 failed (3.21s)\n", "   Compiling vtools v0.1.0\n    Finished `release` profile [optimized] target(s) in 12.3s\n",
        "On branch main\nnothing to commit, working tree clean\n", "⚠️  2 warnings generated.\n",
        "\u{1B}[32mPASS\u{1B}[0m src/app.test.ts (1.8 s)\n", " 3 files changed, 41 insertions(+), 7 deletions(-)\n",
        "total 48\ndrwxr-xr-x  6 dev dev 4096 Jan  6 12:00 .\n-rw-r--r--  1 dev dev  812 Jan  6 11:58 main.py\n",
        "Python 3.12.1\n", "ok  \tgithub.com/acme/server/internal/server\t0.412s\n",
    ].map(q)
    let searchTitles = [
        ("clock_nanosleep(2) — Linux manual page", "https://man7.org/linux/man-pages/man2/clock_nanosleep.2.html"),
        ("asyncio.wait_for — Python 3.12 documentation", "https://docs.python.org/3/library/asyncio-task.html"),
        ("RFC 3339: Date and Time on the Internet: Timestamps", "https://www.rfc-editor.org/rfc/rfc3339"),
        ("Índices parciales — PostgreSQL", "https://www.postgresql.org/docs/current/indexes-partial.html"),
        ("型ヒントのサポート — Python ドキュメント", "https://docs.python.org/ja/3/library/typing.html"),
    ].map { (q($0.0), q($0.1)) }
    let listingSamples = [
        #"["main.py","utils","tests","README.md"]"#, #"["Package.swift","Sources","Tests"]"#,
        #"["index.ts","components","styles","日本語.json"]"#, #"["résumé.md","notes.txt",".gitignore"]"#,
    ].map(b)
    /// Per tool: complete `"error":{…}` fragments for failed calls.
    let toolErrors: [[Bytes]] = [
        [("FileNotFoundError", "No such file or directory: 'config/réglages.yaml'"),
         ("PermissionError", "Permission denied: '/etc/shadow'"),
         ("UnicodeDecodeError", "'utf-8' codec can't decode byte 0xe9 in position 12: invalid continuation byte")],
        [("PermissionError", "Refusing to write outside the workspace: '../../.ssh/authorized_keys'"),
         ("OSError", "[Errno 28] No space left on device")],
        [("EditError", "old_string not found in file (0 matches)"),
         ("EditError", "old_string is ambiguous (3 matches); add more context")],
        [("CommandFailed", "exit status 1: npm ERR! missing script: \"lint\""),
         ("TimeoutError", "command timed out after 120 s and was killed"),
         ("CommandFailed", "exit status 2: make: *** [Makefile:14: build] Error 1")],
        [("RegexError", "invalid regex: unterminated group at position 9")],
        [("NotADirectoryError", "Not a directory: 'README.md'")],
        [("HTTPError", "HTTP 429 Too Many Requests (retry after 30 s)"),
         ("ConnectionError", "DNS lookup failed for api.search.example — réseau indisponible")],
    ].map { list in list.map { Bytes(ba(#""error":{"type":"#) + qa($0.0) + ba(#","message":"#) + qa($0.1) + ba("}")) } }

    // MARK: State, errors, metrics, audit, vertical, custom

    static let stateNames = ["idle", "planning", "executing", "reviewing", "waiting_for_user", "completed"]
    let states = stateNames.map(q)
    /// For each state: the possible next states with a reason (JSON literal).
    let transitions: [[(to: Int, reason: Bytes)]] = [
        [(1, "new task from user")],
        [(2, "plan ready"), (2, "plan approved"), (4, "clarification needed")],
        [(3, "changes applied"), (4, "approval required for run_shell"), (1, "replanning after failure")],
        [(2, "tests failing"), (5, "all checks passed ✅"), (2, "review requested changes")],
        [(2, "user approved"), (1, "user changed the goal"), (5, "user cancelled")],
        [(1, "follow-up request"), (0, "idle timeout")],
    ].map { list in list.map { ($0.0, q($0.1)) } }

    /// `"error_type":…,"message":…,"recoverable":…` fragments.
    let errors = [
        ("RateLimitError", "Rate limit exceeded for claude-sonnet-4: retry after 20s", true),
        ("ContextWindowExceeded", "Prompt is 201,344 tokens; the limit is 200,000", true),
        ("ToolExecutionError", "run_shell failed: exit status 2", true),
        ("JSONDecodeError", "Expecting ',' delimiter: line 1 column 87 (char 86)", true),
        ("ConnectionError", "Connection to http://localhost:11434 refused — is Ollama running?", false),
        ("ValidationError", "Argument 'path' must be relative to the workspace: '/tmp/x'", true),
        ("ProviderError", "Anthropic API returned 529 Overloaded", true),
        ("KeyError", "'données' not found in tool arguments", false),
    ].map { Bytes(ba(#""error_type":"#) + qa($0.0) + ba(#","message":"#) + qa($0.1) + ba(#","recoverable":"#) + ba($0.2 ? "true" : "false")) }
    let errorComponents = ["orchestrator", "provider", "tool_executor", "context_manager", "streaming"].map(q)

    /// (name, unit, low, high, fraction digits): values are drawn in [low, high] in units of 10^-digits.
    let metrics: [(name: Bytes, unit: Bytes, low: Int, high: Int, digits: Int)] = [
        ("memory_mb", "MB", 1800, 9000, 1), ("tokens_per_second", "tok/s", 150, 1400, 1),
        ("cpu_percent", "%", 5, 980, 1), ("context_window_used", "ratio", 50, 990, 3),
        ("tool_latency_p95_ms", "ms", 120, 48000, 1), ("event_queue_depth", "events", 0, 64, 0),
    ].map { (q($0.0), q($0.1), $0.2, $0.3, $0.4) }
    let hosts = ["devbox-01", "ci-runner-7", "mbp-léa", "gpu-node-3"].map(q)

    let auditActions = ["write_file", "run_shell", "edit_file", "web_search", "read_file"].map(q)
    let auditDecisions = ["allowed", "allowed", "allowed", "prompted", "denied"].map(q)
    let auditPolicies = ["workspace-write", "read-only", "ask-every-time", "trusted-commands"].map(q)

    let verticals = ["coding", "devops", "research", "data_analysis", "rag"].map(q)
    let verticalCapabilities = [
        #"["code_review","refactor","test_generation"]"#, #"["deploy","kubectl","terraform_plan"]"#,
        #"["web_search","summarize","cite"]"#, #"["pandas","plot","sql"]"#, #"["embed","retrieve","rerank"]"#,
    ].map(b)
    let verticalSteps = ["index_workspace", "load_conventions", "collect_context", "summarize_findings"].map(q)

    let noteKinds = ["bookmark", "checkpoint", "annotation"].map(q)
    let noteTexts = [
        "Checkpoint before the big refactor", "Remember: migrate índices after deploy",
        "ユーザーはダークモードを希望", "Looks good 👍 — ship it", "Revisit retry/backoff strategy",
    ].map(q)
    let feedbackComments = [
        "Très bien, merci ! 👍", "The diff was too large; split it please", "完璧です", "Wrong file edited 😕",
        "Fast and correct.", "Could you explain the \"why\" next time?",
    ].map(q)
    let feedbackTags = [#"["ux"]"#, #"["accuracy","speed"]"#, #"["日本語"]"#, #"[]"#].map(b)

    static let codeLines = [
        "import Foundation", "", "struct Config: Codable {", "    let path: String", "    var retries = 3",
        "}", "def handler(event, context):", "    \"\"\"Process the payment — idempotently.\"\"\"",
        "    return {\"status\": 200, \"body\": json.dumps(result)}", "// 日本語のコメント: 設定を読み込む",
        "let config = try load(\"config.yaml\")", "\tif err != nil {", "\t\treturn fmt.Errorf(\"open %s: %w\", path, err)",
        "\t}", "# Résumé des décisions", "SELECT id, email FROM users WHERE created_at > $1;",
        "path = r\"C:\\Users\\dev\\project\\build.log\"", "    print(f\"✅ done in {elapsed:.2f}s\")",
        "export default function Button({ label }: Props) {", "  return <button className=\"btn\">{label}</button>;",
    ]

    private init() {
        var names: [Bytes] = []
        for name in Name.allCases {
            let (c, n) = name.parts
            names.append(Vocabulary.b(#"","category":""# + c + #"","name":""# + n + #"","data":{"seq":"#))
        }
        self.names = names
        // Short excerpts: 3-8 consecutive code lines; large ones: a few KiB.
        var small: [Bytes] = []
        let lines = Vocabulary.codeLines
        for start in stride(from: 0, to: lines.count, by: 2) {
            let count = 3 + start % 6
            let chunk = (0..<count).map { lines[(start + $0) % lines.count] }
            small.append(Vocabulary.q(chunk.joined(separator: "\n") + "\n"))
        }
        excerpts = small
        var large: [Bytes] = []
        for size in [1500, 2800, 4200] {
            var text = ""
            var i = size % 7
            while text.utf8.count < size {
                text += lines[i % lines.count] + "\n"
                i += 3
            }
            large.append(Vocabulary.q(text))
        }
        largeExcerpts = large
    }
}

extension Vocabulary {
    static let base62Digits = Bytes(Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8))
    static let requestIdPrefix = Bytes(Array("req_".utf8))
}
