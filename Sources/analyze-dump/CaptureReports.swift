import ArgumentParser
import CoreDump
import DumpAnalysis
import DumpModel
import DumpReport

/// The reports `capture --analyze` writes next to the cores it took.
enum CaptureReports {
    /// Writes every core's reports, and the comparison of the cores when there are several.
    /// - Parameter comparisonStem: the comparison's path without its extension
    ///   (``CaptureFileName/comparisonStem(in:pid:)``).
    /// - Returns: whether every core was read completely.
    ///   A core that cannot be read (its error is on stderr) makes the result false and leaves
    ///   out the comparison; the other cores' reports are still written.
    /// - Throws: ``ExitStatus/outputFailed`` when a report cannot be written.
    static func writeAll(_ cores: [String], comparisonStem: String) throws -> Bool {
        var read: [(path: String, process: Process)] = []
        var readable = true
        for core in cores {
            do {
                read.append((core, try writeReports(of: core)))
            } catch let status as ExitCode where status == ExitStatus.fatal {
                readable = false
            }
        }
        if cores.count >= 2, readable { try writeComparison(of: cores, to: comparisonStem) }
        IncompleteWarning.write(forCores: read, seeing: "see Diagnostics in each CORE.txt")
        return readable && read.allSatisfy { $0.process.isComplete }
    }

    /// Analyses the core at `path` and writes `path` + `.txt`, `.json` and `.html`.
    /// - Returns: the core's process, with the reader's diagnostics.
    /// - Throws: ``ExitStatus/fatal`` when the core cannot be read, ``ExitStatus/outputFailed``
    ///   when a report cannot be written; one line on stderr either way.
    private static func writeReports(of path: String) throws -> Process {
        let core = try CoreLoading.load(path: path, options: CoreReadOptions())
        let analysis = ProcessAnalysis.analyze(core.image)
        let textOptions = TerminalLayout.textOptions(threads: .all, toTerminal: false)
        for (format, suffix) in formats {
            try write(format.render(core.process, analysis: analysis, textOptions: textOptions), to: path + suffix)
        }
        return core.process
    }

    /// Compares the cores of a series and writes `stem.txt`, `.json` and `.html` (the
    /// cores' completeness is the one their own reports found).
    private static func writeComparison(of paths: [String], to stem: String) throws {
        let samples = try ComparisonSamples.load(paths, options: CoreReadOptions())
        let comparison = CoreComparison.compare(samples)
        let textOptions = TerminalLayout.textOptions(threads: .all, toTerminal: false)
        for (format, suffix) in formats {
            try write(format.render(comparison, textOptions: textOptions), to: stem + suffix)
        }
    }

    private static let formats: [(ReportFormat, String)] = [(.text, ".txt"), (.json, ".json"), (.html, ".html")]

    private static func write(_ text: String, to path: String) throws {
        do {
            try ReportFile.write(text, to: path)
        } catch {
            CoreLoading.writeError(error.description)
            throw ExitStatus.outputFailed
        }
    }
}
