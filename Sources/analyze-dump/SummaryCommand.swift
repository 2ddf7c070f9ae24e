import ArgumentParser
import CoreDump
import DumpAnalysis
import DumpModel
import DumpReport

/// `analyze-dump CORE`: the findings first, then their evidence (runaway CPU, locks and wait
/// chains, thread states, pools, hot methods), the grouped stacks and the dump's details.
struct SummaryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "summary",
        abstract: "Report findings and their evidence: runaway CPU, locks, thread states, hot methods, stacks (the default).",
        discussion: """
            --queue reads an integer the application keeps, through its DWARF type: a global \
            (pending_requests), a member path (request_queue.depth, server->backlog.count, \
            workers[2].busy). It is reported as a queue depth. An expression that cannot be \
            read is a warning (exit status 1); the rest of the report is still written.
            """)

    @OptionGroup var options: CoreOptions

    @Option(name: .customLong("queue"), help: ArgumentHelp("An application counter to report as a queue depth (repeatable).", valueName: "expr"))
    var queues: [String] = []

    func run() throws {
        var core = try CoreLoading.load(options)
        var counters: [QueueCounter] = []
        for expression in queues {
            do {
                counters.append(try core.readCounter(expression))
            } catch {
                core.process.diagnostics.append(.warning("--queue \(expression): \(error)"))
                CoreLoading.writeError("--queue \(expression): \(error)")
            }
        }
        let analysis = ProcessAnalysis.analyze(core.image, counters: counters)
        CoreLoading.writeReport(AnalysisTextReport.render(core.process, analysis: analysis))
        CoreLoading.finish(with: core)
    }
}
