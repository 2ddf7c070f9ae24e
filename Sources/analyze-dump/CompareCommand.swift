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
            matched by TID. CPU between cores needs cores that record \
            CPU times; cores written by gcore or procdump do not, and the report says so.

            The report goes to standard output in --format (text, json or html), or to -o \
            FILE; --json FILE and --html FILE write those as well, from the same analysis. \
            Files are written whole or not at all.
            """)

    @Argument(help: "Two or more cores of the same process.")
    var cores: [String]

    @OptionGroup var binaries: BinaryOptions

    @OptionGroup var reports: ReportOutputOptions

    func validate() throws {
        guard cores.count >= 2 else { throw ValidationError("compare needs at least two cores") }
        guard !cores.contains("-") else { throw ValidationError("compare reads files, not standard input") }
        guard !reports.format.isSingleCoreOnly else {
            throw ValidationError("--format \(reports.format.rawValue) reports one core: give compare text, json or html")
        }
    }

    func run() throws {
        let samples = try ComparisonSamples.load(cores, options: binaries.readOptions)
        let comparison = CoreComparison.compare(samples)
        let textOptions = TerminalLayout.textOptions(threads: .all, toTerminal: reports.output == nil)
        try reports.write { format in format.render(comparison, textOptions: textOptions) }
        guard samples.allSatisfy({ $0.process.isComplete }) else {
            IncompleteWarning.write(
                forCores: samples.map { ($0.label, $0.process) }, seeing: "analyse each alone for its diagnostics")
            throw ExitStatus.incomplete
        }
        throw ExitStatus.success
    }
}
