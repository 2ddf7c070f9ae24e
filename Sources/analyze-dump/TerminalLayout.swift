import DumpReport
import Glibc

/// Colour and width for text written to standard output: colour only on a terminal and when
/// `NO_COLOR` is unset (no-color.org); the terminal's width, else `COLUMNS`, else 100.
enum TerminalLayout {
    static func textOptions(threads: TextReportOptions.ThreadSelection, toTerminal: Bool) -> TextReportOptions {
        let onTerminal = toTerminal && isatty(STDOUT_FILENO) == 1
        let colour = onTerminal && getenv("NO_COLOR").map { String(cString: $0).isEmpty } ?? true
        return TextReportOptions(colour: colour, width: onTerminal ? terminalWidth() : 100, threads: threads)
    }

    private static func terminalWidth() -> Int {
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 {
            return min(200, max(60, Int(size.ws_col)))
        }
        if let columns = getenv("COLUMNS").flatMap({ Int(String(cString: $0)) }) {
            return min(200, max(60, columns))
        }
        return 100
    }
}
