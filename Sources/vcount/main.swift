import VCore

let parsed = CommandLineEntry.parse(VCountCommand.spec)
let options: CountOptions
do {
    options = try VCountCommand.options(from: parsed)
} catch {
    CommandLineEntry.usageFailure(VCountCommand.spec, error)
}
exit(CountRunner(options: options).run().rawValue)
