/// The events file every tool defaults to: `$VICTOR_EVENTS_FILE` when set and not empty,
/// otherwise `~/.victor/metrics/victor.jsonl`, the file the agent and its dashboard use.
public enum EventsFile {
    public static let environmentVariable = "VICTOR_EVENTS_FILE"
    public static let relativeDefault = ".victor/metrics/victor.jsonl"

    public static func defaultPath(environment: (String) -> String? = { getenv($0).map { String(cString: $0) } }) -> String {
        if let path = environment(environmentVariable), !path.isEmpty { return path }
        var home = environment("HOME") ?? ""
        if home.isEmpty, let entry = getpwuid(getuid()), let directory = entry.pointee.pw_dir {
            home = String(cString: directory)
        }
        if home.hasSuffix("/") { home.removeLast() }
        return home + "/" + relativeDefault
    }
}
