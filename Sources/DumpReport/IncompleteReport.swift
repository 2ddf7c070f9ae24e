import DumpModel

/// Why the report of a core is incomplete, in a few words per cause, for the one line the CLI
/// writes on standard error with exit status 1 (a pipeline's log shows it even when the
/// report goes to a file): `the core is truncated; 3 stacks are incomplete`.
///
/// The causes are counted from the model where it records them: threads' unwind status,
/// modules' symbol status, and a warning's ``Diagnostic/Cause`` (a truncated core, a `--queue`
/// expression); warnings of no known cause are counted as `other warnings`.
public enum IncompleteReport {
    /// The causes of the process's warnings, `; ` between them, those that explain others
    /// first (a module not found leaves stacks incomplete), or nil when the process has no
    /// warning (its report is complete).
    public static func summary(of process: Process) -> String? {
        let causes = causes(of: process)
        return causes.isEmpty ? nil : causes.joined(separator: "; ")
    }

    private static func causes(of process: Process) -> [String] {
        let warnings = process.diagnostics.filter { $0.severity == .warning }
        guard !warnings.isEmpty else { return [] }
        var causes: [String] = []
        if warnings.contains(where: { $0.cause == .truncatedCore }) {
            causes.append("the core is truncated")
        }
        let missing = process.modules.filter { $0.symbolStatus == .missing }.count
        if missing > 0 {
            causes.append(missing == 1 ? "1 module was not found" : "\(missing) modules were not found")
        }
        let mismatched = process.modules.filter {
            if case .buildIDMismatch = $0.symbolStatus { true } else { false }
        }.count
        if mismatched > 0 {
            causes.append(mismatched == 1
                ? "1 module's file has another build-id than the core recorded"
                : "\(mismatched) modules' files have another build-id than the core recorded")
        }
        let incompleteStacks = process.threads.filter { !$0.unwindStatus.isComplete }.count
        if incompleteStacks > 0 {
            causes.append(incompleteStacks == 1 ? "1 stack is incomplete" : "\(incompleteStacks) stacks are incomplete")
        }
        let counters = warnings.filter { $0.cause == .unreadableCounter }.count
        if counters > 0 {
            causes.append(counters == 1 ? "1 --queue expression could not be read" : "\(counters) --queue expressions could not be read")
        }
        // Counts come from the model; a warning with a cause is explained by the line above.
        let others = warnings.filter { $0.cause == nil }.count
        if others > 0 {
            let noun = others == 1 ? "warning" : "warnings"
            causes.append(causes.isEmpty ? "\(others) \(noun)" : "\(others) other \(noun)")
        }
        return causes
    }
}
