import ArgumentParser

/// The documented exit statuses: eu-stack's convention, plus `--fail-on` and output errors.
enum ExitStatus {
    /// Everything was shown.
    static let success = ExitCode(0)
    /// Shown, with non-fatal problems (a module missing, a stack incomplete, a truncated core).
    static let incomplete = ExitCode(1)
    /// Nothing could be analysed (no such file, not a core, unsupported machine ...).
    static let fatal = ExitCode(2)
    /// The report was written and a finding at or above `--fail-on` exists. It takes
    /// precedence over ``incomplete``.
    static let failOn = ExitCode(3)
    /// A report file could not be written (`-o`, `--json`).
    static let outputFailed = ExitCode(74)
    /// The command line was wrong (ArgumentParser's `validationFailure`).
    static let usage = ExitCode.validationFailure
}
