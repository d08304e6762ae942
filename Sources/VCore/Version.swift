public enum VTools {
    /// The suite's version, printed by every tool's --version and stamped into the man pages.
    public static let version = "0.1.0"
    /// The date in the man pages' .Dd line; fixed so `make docs` is reproducible.
    public static let documentDate = "November 29, 2026"
}

/// Field paths most events have, offered by shell completion for --fields, --by and --where.
public enum EventFields {
    public static let common = [
        "id", "timestamp", "category", "name", "topic", "session_id", "trace_id", "priority", "source",
        "data", "data.seq", "data.tool_name", "data.call_id", "data.duration_ms", "data.success",
        "data.provider", "data.model", "data.error",
    ]
}
