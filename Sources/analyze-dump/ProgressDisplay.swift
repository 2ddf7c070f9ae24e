import CoreDump
import Glibc

/// Shows the reader's progress on one self-overwriting stderr line, only when stderr is a
/// terminal: piped or redirected runs get nothing extra.
final class ProgressDisplay {
    private let enabled = isatty(STDERR_FILENO) == 1
    private var shown = false
    private var lastPercent = -1

    /// The callback to hand to the reader, nil when stderr is not a terminal.
    var callback: ((CoreReadProgress) -> Void)? {
        enabled ? { [weak self] in self?.show($0) } : nil
    }

    private func show(_ progress: CoreReadProgress) {
        switch progress {
        case .loadingModules:
            write("loading modules and symbols...")
        case .unwinding(let done, let total):
            let percent = total == 0 ? 100 : done * 100 / total
            guard percent != lastPercent else { return }
            lastPercent = percent
            write("unwinding threads: \(done)/\(total)")
        }
    }

    private func write(_ text: String) {
        StandardStream.error.write("\r\u{1B}[Kanalyze-dump: \(text)")
        shown = true
    }

    /// Erases the progress line.
    func finish() {
        guard shown else { return }
        StandardStream.error.write("\r\u{1B}[K")
        shown = false
    }
}
