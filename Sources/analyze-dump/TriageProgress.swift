import Glibc

/// Shows how many cores triage has analysed on one self-overwriting stderr line, only when
/// stderr is a terminal.
final class TriageProgress {
    private let enabled = isatty(STDERR_FILENO) == 1
    private var shown = false

    /// Shows `done` of `total`.
    func show(_ done: Int, of total: Int) {
        guard enabled, total > 0 else { return }
        StandardStream.error.write("\r\u{1B}[Kanalyze-dump triage: \(done)/\(total) cores analysed")
        shown = true
    }

    /// Erases the progress line.
    func finish() {
        guard shown else { return }
        StandardStream.error.write("\r\u{1B}[K")
        shown = false
    }
}
