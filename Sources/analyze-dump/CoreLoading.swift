import ArgumentParser
import CoreDump
import DumpModel
import Glibc

/// Reads the core for a subcommand, turning a fatal reader error into one line on stderr and
/// exit status 2.
enum CoreLoading {
    static func load(_ options: CoreOptions) throws -> LoadedCore {
        try load(path: options.core, options: options.readOptions)
    }

    /// Reads the core at `path` (`-` for standard input).
    static func load(path: String, options: CoreReadOptions) throws -> LoadedCore {
        let progress = ProgressDisplay()
        defer { progress.finish() }
        do {
            return try CoreReader.read(path: path, options: options, progress: progress.callback)
        } catch let error as CoreDumpError {
            progress.finish()
            writeError("\(error)")
            throw ExitStatus.fatal
        }
    }

    /// Ends the process with the exit status for a report that was shown: 0 when complete,
    /// 1 when the reader raised warnings, after one line on stderr saying why
    /// (``IncompleteWarning``).
    ///
    /// It exits at once rather than returning: freeing a model of hundreds of thousands of
    /// frames one object at a time costs a noticeable share of the run, and the kernel
    /// reclaims the memory anyway.
    ///
    /// - Parameters:
    ///   - pointer: where the warnings are listed, for the line's end.
    ///   - namingModules: whether the modules without their file get a line each first (not
    ///     when every warning is on stderr already).
    static func finish(with core: LoadedCore, seeing pointer: String = "see Diagnostics", namingModules: Bool = true) -> Never {
        guard core.process.isComplete else {
            IncompleteWarning.write(for: core.process, seeing: pointer, namingModules: namingModules)
            exit(ExitStatus.incomplete.rawValue)
        }
        exit(ExitStatus.success.rawValue)
    }

    /// Writes `analyze-dump: error: <message>` to stderr, escaped: messages quote paths and
    /// expressions.
    static func writeError(_ message: String) {
        StandardStream.error.writeLine("analyze-dump: error: \(message)")
    }

    /// Writes every warning of the process to stderr, one line each, for outputs that have no
    /// diagnostics section of their own.
    static func writeWarnings(of process: Process) {
        for diagnostic in process.diagnostics where diagnostic.severity == .warning {
            writeWarning(diagnostic)
        }
    }

    /// Writes `analyze-dump: warning: <message>` to stderr, escaped.
    static func writeWarning(_ diagnostic: Diagnostic) {
        StandardStream.error.writeLine("analyze-dump: warning: \(diagnostic.message)")
    }

    /// Writes a report to stdout.
    static func writeReport(_ text: String) {
        StandardStream.output.write(text.hasSuffix("\n") ? text : text + "\n")
    }
}
