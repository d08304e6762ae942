import VCore

let parsed = CommandLineEntry.parse(VGenCommand.spec)
let options: GeneratorOptions
do {
    options = try VGenCommand.options(from: parsed)
} catch {
    CommandLineEntry.usageFailure(VGenCommand.spec, error)
}
var generator = Generator(options: options, clock: SystemClock(), writer: DescriptorWriter(.standardOutput))
if options.printStatistics { Diagnostics.error("seed \(generator.seed) (replay with --seed \(generator.seed))") }
do {
    let summary = try generator.run()
    if options.printStatistics { Diagnostics.error(summary.statisticsLine) }
} catch {
    error.exitTool()
}
exit(ExitStatus.success.rawValue)
