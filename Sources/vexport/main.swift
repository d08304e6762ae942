import VCore

let parsed = CommandLineEntry.parse(VExportCommand.spec)
let options: ExportOptions
do {
    options = try VExportCommand.options(from: parsed)
} catch {
    CommandLineEntry.usageFailure(VExportCommand.spec, error)
}
exit(Exporter(options: options).run().rawValue)
