import DumpModel
import DumpReport

/// The line on stderr that says why the exit status is 1, derived from the diagnostics
/// (``DumpReport/IncompleteReport``), so that a pipeline's log shows it even when the report
/// goes to a file.
enum IncompleteWarning {
    /// `analyze-dump: warning: the core is truncated; 3 stacks are incomplete (see
    /// Diagnostics)`; nothing for a complete report.
    /// - Parameters:
    ///   - pointer: where the warnings are listed, for the line's end.
    ///   - namingModules: false when every warning was written to stderr already.
    ///
    /// A module without its file comes first, on a line of its own with the fix (`pass the
    /// matching file with --exe`): it is what leaves the stacks incomplete, and the one thing
    /// to do. At most ``namedModuleLimit`` such lines, then their count.
    static func write(for process: Process, seeing pointer: String, namingModules: Bool = true) {
        guard let summary = IncompleteReport.summary(of: process) else { return }
        let modules = namingModules ? process.diagnostics.filter { $0.cause == .moduleNotFound || $0.cause == .buildIDMismatch } : []
        for diagnostic in modules.prefix(namedModuleLimit) {
            StandardStream.error.writeLine("analyze-dump: warning: \(diagnostic.message)")
        }
        if modules.count > namedModuleLimit {
            StandardStream.error.writeLine("analyze-dump: warning: \(modules.count - namedModuleLimit) more modules without their file (\(pointer))")
        }
        StandardStream.error.writeLine("analyze-dump: warning: \(summary) (\(pointer))")
    }

    /// How many modules without their file are named on standard error.
    static let namedModuleLimit = 2

    /// `analyze-dump: warning: 2 of 3 cores are incomplete: core.2 (the core is truncated),
    /// core.3 (1 stack is incomplete); <pointer>`, for a command over several cores; nothing
    /// when every core is complete.
    static func write(forCores cores: [(path: String, process: Process)], seeing pointer: String) {
        let incomplete = cores.compactMap { core in IncompleteReport.summary(of: core.process).map { "\(core.path) (\($0))" } }
        guard !incomplete.isEmpty else { return }
        let count = cores.count == 1 ? "the core is incomplete"
            : "\(incomplete.count) of \(cores.count) cores \(incomplete.count == 1 ? "is" : "are") incomplete"
        StandardStream.error.writeLine("analyze-dump: warning: \(count): \(incomplete.joined(separator: ", ")); \(pointer)")
    }
}
