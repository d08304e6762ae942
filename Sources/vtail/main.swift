import VCore

let parsed = CommandLineEntry.parse(VTailCommand.spec)
let options: TailOptions
do {
    options = try VTailCommand.options(from: parsed)
} catch {
    CommandLineEntry.usageFailure(VTailCommand.spec, error)
}
exit(Tailer(options: options).run().rawValue)
