import ArgumentParser
import DumpAnalysis
import DumpReport

/// `analyze-dump compare CORE1 CORE2 ...`: several cores of one process over time.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare several cores of one process: CPU per thread between them, locks held and threads stuck in every core.",
        discussion: """
            The cores are ordered by when they were taken (the time analyze-dump capture \
            recorded in its cores, else the files' modification times) and their threads \
            matched by TID, so cores of different processes (another PID, executable or \
            build ID) are refused unless --allow-different. CPU between cores needs cores that record \
            CPU times; cores written by gcore or procdump do not, and the report says so.

            The report goes to standard output in --format (text, json or html), or to -o \
            FILE; --json FILE and --html FILE write those as well, from the same analysis. \
            Files are written whole or not at all. With --fail-on the exit status is 3 when a \
            finding of that severity or worse exists.

            EXAMPLES:
              analyze-dump compare --exe ./server core.1 core.2 core.3
              analyze-dump compare --exe ./server cores/*.core --html compare.html
              analyze-dump compare --exe ./server --fail-on warning a.core b.core
            """)

    @Argument(help: "Two or more cores of the same process.")
    var cores: [String]

    @OptionGroup var binaries: BinaryOptions

    @Option(help: ArgumentHelp("The report's format on standard output or in -o.", valueName: "text|json|html"))
    var format: ComparisonFormat = .text

    @OptionGroup var files: ReportFileOptions

    @Option(name: .customLong("fail-on"), help: ArgumentHelp("Exit with status 3 when a finding of this severity or worse exists.", valueName: "error|warning"))
    var failOn: FailOnSeverity?

    @Flag(name: .customLong("allow-different"), help: "Compare cores of different processes (another PID, executable or build ID) instead of refusing them.")
    var allowDifferent = false

    func validate() throws {
        guard cores.count >= 2 else { throw ValidationError("compare needs at least two cores") }
        guard !cores.contains("-") else { throw ValidationError("compare reads files, not standard input") }
    }

    func run() throws {
        let samples = try ComparisonSamples.load(cores, options: binaries.readOptions)
        if !allowDifferent, let mismatch = ComparisonMismatch.of(samples.map(\.process)) {
            // A usage error known only once the cores are read: worded and exited as the
            // parser's usage errors are.
            StandardStream.error.writeLine("Error: the cores are of different processes (\(mismatch.summary)): give --allow-different to compare them anyway")
            StandardStream.error.writeLine("Usage: analyze-dump \(Self.usageString())")
            StandardStream.error.writeLine("  See 'analyze-dump compare --help' for more information.")
            throw ExitStatus.usage
        }
        let comparison = CoreComparison.compare(samples)
        let textOptions = TerminalLayout.textOptions(threads: .all, toTerminal: files.output == nil)
        try files.write(format: format.reportFormat) { format in format.render(comparison, textOptions: textOptions) }
        if let failOn, comparison.findings.contains(where: { $0.severity >= failOn.severity }) {
            throw ExitStatus.failOn
        }
        guard samples.allSatisfy({ $0.process.isComplete }) else {
            IncompleteWarning.write(
                forCores: samples.map { ($0.label, $0.process) }, seeing: "analyse each alone for its diagnostics")
            throw ExitStatus.incomplete
        }
        throw ExitStatus.success
    }
}
