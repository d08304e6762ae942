/// A command-line mistake: one line naming the problem; the tool adds a hint and exits 2.
public struct UsageError: Error, Equatable, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
}

/// What the parser found: option values by long name, and the operands in order.
public struct ParsedCommandLine: Sendable {
    public let spec: CommandSpec
    public private(set) var operands: [String] = []
    private var given: [String: [String]] = [:]

    init(spec: CommandSpec) { self.spec = spec }

    /// Whether the option was given.
    public func has(_ long: String) -> Bool { given[long] != nil }

    /// The last value given, else the declared default.
    public func value(_ long: String) -> String? {
        given[long]?.last ?? declared(long).defaultValue
    }

    /// Every value given, in order (for repeatable options).
    public func values(_ long: String) -> [String] { given[long] ?? [] }

    func declared(_ long: String) -> OptionSpec {
        guard let option = spec.allOptions.first(where: { $0.long == long }) else {
            preconditionFailure("\(spec.name): option --\(long) is not declared")
        }
        return option
    }

    mutating func record(_ option: OptionSpec, _ value: String) {
        if !option.repeatable && option.takesValue { given[option.long] = [value] } else { given[option.long, default: []].append(value) }
    }

    mutating func addOperand(_ operand: String) { operands.append(operand) }
}

public enum OptionParser {
    /// Parses GNU style: `--name VALUE`, `--name=VALUE`, `-n VALUE`, `-nVALUE`, clustered flags
    /// (`-fF`), `--` ending options, `-` as an operand; options and operands may be mixed.
    public static func parse(_ arguments: [String], spec: CommandSpec) throws(UsageError) -> ParsedCommandLine {
        var result = ParsedCommandLine(spec: spec)
        let options = spec.allOptions
        var index = 0
        var optionsEnded = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if optionsEnded || argument == "-" || !argument.hasPrefix("-") {
                result.addOperand(argument)
                continue
            }
            if argument == "--" {
                optionsEnded = true
                continue
            }
            if argument.hasPrefix("--") {
                let body = argument.dropFirst(2)
                let name: Substring
                var inlineValue: String?
                if let equals = body.firstIndex(of: "=") {
                    name = body[..<equals]
                    inlineValue = String(body[body.index(after: equals)...])
                } else {
                    name = body
                }
                guard let option = options.first(where: { $0.long == name }) else {
                    throw UsageError("unknown option '--\(name)'")
                }
                if option.takesValue {
                    if let inlineValue {
                        result.record(option, inlineValue)
                    } else if index < arguments.count {
                        result.record(option, arguments[index])
                        index += 1
                    } else {
                        throw UsageError("option '--\(name)' needs a value (\(option.value!))")
                    }
                } else {
                    if inlineValue != nil { throw UsageError("option '--\(name)' takes no value") }
                    result.record(option, "")
                }
                continue
            }
            // A cluster of short options: -fF, -n5, -n 5.
            var characters = Substring(argument.dropFirst())
            while let letter = characters.first {
                characters = characters.dropFirst()
                guard let option = options.first(where: { $0.short == letter }) else {
                    throw UsageError("unknown option '-\(letter)'")
                }
                if option.takesValue {
                    if !characters.isEmpty {
                        result.record(option, String(characters))
                    } else if index < arguments.count {
                        result.record(option, arguments[index])
                        index += 1
                    } else {
                        throw UsageError("option '-\(letter)' needs a value (\(option.value!))")
                    }
                    break
                }
                result.record(option, "")
            }
        }
        return result
    }
}

/// The common start of every tool: parse, answer --help/--version/--generate, or report a
/// usage error in one line with a hint and exit 2.
public enum CommandLineEntry {
    public static func parse(_ spec: CommandSpec, arguments: [String] = Array(CommandLine.arguments.dropFirst())) -> ParsedCommandLine {
        Diagnostics.programName = spec.name
        SignalPipe.ignoreWriteSignals()
        do throws(UsageError) {
            let parsed = try OptionParser.parse(arguments, spec: spec)
            if parsed.has("help") { emit(HelpRenderer.render(spec)) }
            if parsed.has("version") { emit("\(spec.name) (vtools) \(VTools.version)\n") }
            if parsed.has("generate") {
                switch parsed.value("generate") {
                case "man": emit(ManRenderer.render(spec))
                case "bash": emit(CompletionRenderer.bash(spec))
                case "zsh": emit(CompletionRenderer.zsh(spec))
                case "fish": emit(CompletionRenderer.fish(spec))
                case "examples":
                    // For the test that runs every example of the man page: runnable ones, each ended by %%.
                    emit(spec.examples.filter(\.runnable).map { $0.command + "\n%%\n" }.joined())
                case let other: throw UsageError("--generate takes man, bash, zsh, fish or examples, not '\(other ?? "")'")
                }
            }
            return parsed
        } catch {
            usageFailure(spec, error)
        }
    }

    public static func usageFailure(_ spec: CommandSpec, _ error: UsageError) -> Never {
        Diagnostics.fail("\(error.message) (see '\(spec.name) --help')", status: .usage)
    }

    private static func emit(_ text: String) -> Never {
        let output = OutputBuffer()
        output.append(text)
        do { try output.flush() } catch { error.exitTool() }
        exit(0)
    }
}
