import VCore

let parsed = CommandLineEntry.parse(VGenCommand.spec)
let options: GeneratorOptions
do {
    options = try VGenCommand.options(from: parsed)
} catch {
    CommandLineEntry.usageFailure(VGenCommand.spec, error)
}
var generator = Generator(options: options, clock: SystemClock(), writer: DescriptorWriter(.standardOutput))
// Unpaced output goes out in blocks: a pipe that holds a whole block lets each write finish in
// one go while the reader works (Linux's default pipe holds 64 KiB).
if !generator.isPaced { Platform.enlargePipe(FileDescriptor.standardOutput.rawValue, to: Int32(Generator.blockSize)) }
if options.printStatistics { Diagnostics.error("seed \(generator.seed) (replay with --seed \(generator.seed))") }
do {
    let summary = try generator.run()
    if options.printStatistics { Diagnostics.error(summary.statisticsLine) }
} catch {
    error.exitTool()
}
exit(ExitStatus.success.rawValue)
