import ArgumentParser
import CoreDump
import DumpAnalysis
import DumpReport
import Glibc

/// `analyze-dump compare CORE1 CORE2 ...`: several cores of one process over time.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare several cores of one process: CPU per thread between them, locks held and threads stuck in every core.",
        discussion: """
            The cores are ordered by the time they were written (the files' modification \
            times) and their threads matched by TID. CPU between cores needs cores that record \
            CPU times; cores written by gcore or procdump do not, and the report says so.
            """)

    @Argument(help: "Two or more cores of the same process.")
    var cores: [String]

    @OptionGroup var binaries: BinaryOptions

    @Option(help: ArgumentHelp("The report's format.", valueName: "text|json"))
    var format: ComparisonFormat = .text

    @Option(name: [.customShort("o"), .customLong("output")], help: ArgumentHelp("Write the report to this file instead of standard output.", valueName: "file"))
    var output: String?

    func validate() throws {
        guard cores.count >= 2 else { throw ValidationError("compare needs at least two cores") }
        guard !cores.contains("-") else { throw ValidationError("compare reads files, not standard input") }
    }

    func run() throws {
        var samples: [CoreComparison.Sample] = []
        var complete = true
        for path in cores {
            let core = try CoreLoading.load(path: path, options: binaries.readOptions)
            complete = complete && core.process.isComplete
            samples.append(CoreComparison.Sample(
                label: path, captureTime: Self.modificationTime(of: path), process: core.process,
                analysis: ProcessAnalysis.analyze(core.image)))
        }
        let comparison = CoreComparison.compare(samples)
        let text = switch format {
        case .text: ComparisonTextReport.render(comparison, options: TerminalLayout.textOptions(threads: .all, toTerminal: output == nil))
        case .json: ComparisonJSONReport.render(comparison, toolVersion: AnalyzeDump.configuration.version)
        }
        do {
            if let output { try ReportFile.write(text, to: output) } else { CoreLoading.writeReport(text) }
        } catch {
            CoreLoading.writeError(error.description)
            throw ExitStatus.outputFailed
        }
        throw complete ? ExitStatus.success : ExitStatus.incomplete
    }

    /// The file's modification time in seconds since the epoch: when the kernel, gcore or
    /// systemd-coredump finished writing the core.
    private static func modificationTime(of path: String) -> Double? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        return Double(status.st_mtim.tv_sec) + Double(status.st_mtim.tv_nsec) / 1e9
    }
}

/// The formats of the comparison report.
enum ComparisonFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}
