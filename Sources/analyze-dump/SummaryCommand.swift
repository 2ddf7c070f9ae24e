import ArgumentParser
import DumpAnalysis
import DumpReport

/// `analyze-dump CORE`: the process, signal, modules, and every thread's stack.
struct SummaryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "summary",
        abstract: "Report findings and their evidence: runaway CPU, locks, thread states, hot methods, stacks (the default).")

    @OptionGroup var options: CoreOptions

    func run() throws {
        let core = try CoreLoading.load(options)
        let analysis = ProcessAnalysis.analyze(core.image)
        CoreLoading.writeReport(AnalysisTextReport.render(core.process, analysis: analysis))
        CoreLoading.finish(with: core)
    }
}
