import ArgumentParser
import DumpAnalysis

/// The severities `--fail-on` takes.
enum FailOnSeverity: String, ExpressibleByArgument, CaseIterable {
    case error, warning

    /// The least severe finding that makes the run fail.
    var severity: Finding.Severity {
        switch self {
        case .error: .error
        case .warning: .warning
        }
    }
}
