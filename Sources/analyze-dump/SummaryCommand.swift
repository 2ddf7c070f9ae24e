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
            CORE may be `-` to read the core (plain or zstd) from standard input. The report \
            goes to standard output in --format (text, json or html), or to -o FILE; --json \
            FILE and --html FILE write those as well, from the same analysis. Files are \
            written whole or not at all.

            --queue reads an integer the application keeps, through its DWARF type: a global \
            (pending_requests), a member path (request_queue.depth, server->backlog.count, \
            workers[2].busy). It is reported as a queue depth. An expression that cannot be \
            read is a warning (exit status 1); the rest of the report is still written.

            --fail-on error|warning exits with status 3 when a finding of that severity or \
            worse exists (after writing every report).

            Text goes in colour only to a terminal, and never when NO_COLOR is set; it is \
            wrapped to the terminal's width.
            """)

    @OptionGroup var options: CoreOptions

    @Option(name: .customLong("queue"), help: ArgumentHelp("An application counter to report as a queue depth (repeatable).", valueName: "expr"))
    var queues: [String] = []

    @Option(help: ArgumentHelp("The report's format on standard output or in -o.", valueName: "text|json|html"))
    var format: ReportFormat = .text

    @Option(name: [.customShort("o"), .customLong("output")], help: ArgumentHelp("Write the report to this file instead of standard output.", valueName: "file"))
    var output: String?

    @Option(name: .customLong("json"), help: ArgumentHelp("Also write the JSON report to this file.", valueName: "file"))
    var jsonOutput: String?

    @Option(name: .customLong("html"), help: ArgumentHelp("Also write the HTML report to this file.", valueName: "file"))
    var htmlOutput: String?

    @Option(help: ArgumentHelp("Which threads the text report lists: all, top (the 20 that matter most) or blocked (lock waiters and owners).", valueName: "all|top|blocked"))
    var threads: TextReportOptions.ThreadSelection = .all

    @Option(name: .customLong("fail-on"), help: ArgumentHelp("Exit with status 3 when a finding of this severity or worse exists.", valueName: "error|warning"))
    var failOn: FailOnSeverity?

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
        let process = core.process
        let textOptions = TerminalLayout.textOptions(threads: threads, toTerminal: output == nil)
        let render = { (format: ReportFormat) in format.render(process, analysis: analysis, textOptions: textOptions) }
        do {
            if let jsonOutput { try ReportFile.write(render(.json), to: jsonOutput) }
            if let htmlOutput { try ReportFile.write(render(.html), to: htmlOutput) }
            if let output {
                try ReportFile.write(render(format), to: output)
            } else {
                CoreLoading.writeReport(render(format))
            }
        } catch {
            CoreLoading.writeError(error.description)
            throw ExitStatus.outputFailed
        }
        if let failOn, analysis.findings.contains(where: { $0.severity >= failOn.severity }) {
            throw ExitStatus.failOn
        }
        CoreLoading.finish(with: core)
    }
}
