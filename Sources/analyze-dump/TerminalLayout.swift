import DumpReport
import Glibc

/// Colour and width for text written to standard output.
///
/// Colour only on a terminal and when `NO_COLOR` is unset (no-color.org). The width is, as
/// `ls` and `git` take it: an explicit `COLUMNS` always (also when the output is a pipe or a
/// file, `-o` included, so `COLUMNS=80 analyze-dump CORE | less` is 80 wide); else the terminal's width when
/// standard output is a terminal; else ``defaultWidth``. Held between ``minimumWidth`` and
/// ``maximumWidth``.
enum TerminalLayout {
    /// The width of text that goes to a pipe or a file when `COLUMNS` is not set.
    static let defaultWidth = 100
    /// Below this no table's fixed columns fit; a narrower `COLUMNS` is taken as this.
    static let minimumWidth = 40
    /// Above this prose lines are too long to read; every table fits well before.
    static let maximumWidth = 200

    static func textOptions(threads: TextReportOptions.ThreadSelection, toTerminal: Bool) -> TextReportOptions {
        let onTerminal = toTerminal && isatty(STDOUT_FILENO) == 1
        let colour = onTerminal && getenv("NO_COLOR").map { String(cString: $0).isEmpty } ?? true
        return TextReportOptions(colour: colour, width: width(onTerminal: onTerminal), threads: threads)
    }

    /// The width text is laid out to, as the type's comment says.
    /// - Parameter onTerminal: whether the text goes to a terminal (not to `-o FILE`).
    static func width(onTerminal: Bool) -> Int {
        if let columns = getenv("COLUMNS").flatMap({ Int(String(cString: $0)) }), columns > 0 {
            return clamped(columns)
        }
        var size = winsize()
        if onTerminal, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 {
            return clamped(Int(size.ws_col))
        }
        return defaultWidth
    }

    private static func clamped(_ width: Int) -> Int { min(maximumWidth, max(minimumWidth, width)) }
}
