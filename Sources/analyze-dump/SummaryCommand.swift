import ArgumentParser
import DumpReport

/// `analyze-dump CORE`: the process, signal, modules, and every thread's stack.
struct SummaryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "summary",
        abstract: "Report the process, its signal, modules and every thread's stack (the default).")

    @OptionGroup var options: CoreOptions

    func run() throws {
        let core = try CoreLoading.load(options)
        CoreLoading.writeReport(SummaryTextReport.render(core.process))
        CoreLoading.finish(with: core)
    }
}
