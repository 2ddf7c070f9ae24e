import CoreDump
import DumpAnalysis
import DumpReport

/// The reports `capture --analyze` writes next to the cores it took.
enum CaptureReports {
    /// Analyses the core at `path` and writes `path` + `.txt`, `.json` and `.html`.
    /// - Returns: whether the core was read completely.
    /// - Throws: ``ExitStatus/fatal`` when the core cannot be read, ``ExitStatus/outputFailed``
    ///   when a report cannot be written; one line on stderr either way.
    static func writeReports(of path: String) throws -> Bool {
        let core = try CoreLoading.load(path: path, options: CoreReadOptions())
        let analysis = ProcessAnalysis.analyze(core.image)
        let textOptions = TerminalLayout.textOptions(threads: .all, toTerminal: false)
        for (format, suffix) in [(ReportFormat.text, ".txt"), (.json, ".json"), (.html, ".html")] {
            try write(format.render(core.process, analysis: analysis, textOptions: textOptions), to: path + suffix)
        }
        return core.process.isComplete
    }

    /// Compares the cores of a series and writes `NAME_PID_compare_UTCTIME.txt` and `.json`
    /// in `directory`.
    /// - Returns: whether every core was read completely.
    static func writeComparison(of paths: [String], in directory: String, pid: Int32) throws -> Bool {
        let (samples, complete) = try ComparisonSamples.load(paths, options: CoreReadOptions())
        let comparison = CoreComparison.compare(samples)
        let stem = CaptureFileName.comparisonStem(in: directory, pid: pid)
        try write(ComparisonTextReport.render(comparison, options: TerminalLayout.textOptions(threads: .all, toTerminal: false)), to: stem + ".txt")
        try write(ComparisonJSONReport.render(comparison, toolVersion: AnalyzeDump.configuration.version), to: stem + ".json")
        return complete
    }

    private static func write(_ text: String, to path: String) throws {
        do {
            try ReportFile.write(text, to: path)
        } catch {
            CoreLoading.writeError(error.description)
            throw ExitStatus.outputFailed
        }
    }
}
