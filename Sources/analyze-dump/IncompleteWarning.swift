import DumpModel
import DumpReport

/// The line on stderr that says why the exit status is 1, derived from the diagnostics
/// (``DumpReport/IncompleteReport``), so that a pipeline's log shows it even when the report
/// goes to a file.
enum IncompleteWarning {
    /// `analyze-dump: warning: the core is truncated; 3 stacks are incomplete (see
    /// Diagnostics)`; nothing for a complete report.
    /// - Parameter pointer: where the warnings are listed, for the line's end.
    static func write(for process: Process, seeing pointer: String) {
        guard let summary = IncompleteReport.summary(of: process) else { return }
        StandardStream.error.writeLine("analyze-dump: warning: \(summary) (\(pointer))")
    }

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
