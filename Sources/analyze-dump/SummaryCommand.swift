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
            CORE may be `-` to read the core (plain, zstd, lz4 or xz) from standard input. The report \
            goes to standard output in --format (text, json, html, markdown or oneline), or to -o FILE; --json \
            FILE and --html FILE write those as well, from the same analysis. Files are \
            written whole or not at all.

            --queue reads an integer the application keeps, through its DWARF type: a global \
            (pending_requests), a member path (request_queue.depth, server->backlog.count, \
            workers[2].busy). It is reported as a queue depth. An expression that cannot be \
            read is a warning (exit status 1); the rest of the report is still written.

            --tid N (repeatable) lists only those threads and their stacks, in every format \
            (JSON, HTML and markdown say so in a note); the findings still cover every \
            thread. A TID the core does not have is a usage error.

            The crash section quotes the lines around the crashing line when its source file \
            is readable: below each --source-dir (repeatable, searched in order, as gdb's \
            `directory`: DIR/path/of/file.c, then DIR/of/file.c, DIR/file.c), then at the path \
            the debug information records. Only regular files are read; --no-sources reads none \
            (triage's analyses use it).

            --fail-on error|warning exits with status 3 when a finding of that severity or \
            worse exists (after writing every report).

            Text goes in colour only to a terminal, and never when NO_COLOR is set. It is \
            laid out to COLUMNS when set (also in a pipe or a file), else to the \
            terminal's width, else to 100 columns; tables are never cut.

            EXAMPLES:
              analyze-dump core.4242 --exe ./server
              analyze-dump core.4242 --exe ./server --html report.html --threads blocked
              analyze-dump core.zst --exe ./server --queue request_queue.depth --tid 4250
              zstdcat core.zst | analyze-dump - --exe ./server --format markdown
            """)

    @OptionGroup var options: CoreOptions

    @Option(name: .customLong("queue"), help: ArgumentHelp("An application counter to report as a queue depth (repeatable).", valueName: "expr"))
    var queues: [String] = []

    @Option(name: .customLong("source-dir"), help: ArgumentHelp(
        "A directory holding the program's sources, for the lines around a crash (repeatable).", valueName: "dir"))
    var sourceDirectories: [String] = []

    @Flag(name: .customLong("no-sources"), help: "Quote no source file in the crash section, not even at the path the debug information records.")
    var noSources = false

    @OptionGroup var reports: ReportOutputOptions

    @Option(help: ArgumentHelp("Which threads the text report lists: all, top (the 20 that matter most) or blocked (lock waiters and owners).", valueName: "all|top|blocked"))
    var threads: TextReportOptions.ThreadSelection = .all

    @OptionGroup var selection: ThreadSelectionTIDs

    @Option(name: .customLong("fail-on"), help: ArgumentHelp("Exit with status 3 when a finding of this severity or worse exists.", valueName: "error|warning"))
    var failOn: FailOnSeverity?

    func run() throws {
        var readOptions = options.readOptions
        readOptions.sourceDirectories = noSources ? nil : sourceDirectories
        var core = try CoreLoading.load(path: options.core, options: readOptions)
        let tids = try selection.checked(in: core.process)
        var counters: [QueueCounter] = []
        for expression in queues {
            do {
                counters.append(try core.readCounter(expression))
            } catch {
                let warning = Diagnostic.warning("--queue \(expression): \(error)", cause: .unreadableCounter)
                core.process.diagnostics.append(warning)
                CoreLoading.writeWarning(warning)
            }
        }
        let analysis = ProcessAnalysis.analyze(core.image, counters: counters)
        let process = core.process
        var textOptions = TerminalLayout.textOptions(threads: threads, toTerminal: reports.output == nil)
        textOptions.tids = tids
        try reports.write { format in format.render(process, analysis: analysis, textOptions: textOptions, corePath: options.core) }
        if let failOn, analysis.findings.contains(where: { $0.severity >= failOn.severity }) {
            throw ExitStatus.failOn
        }
        CoreLoading.finish(with: core)
    }
}
