import DumpAnalysis

/// ANSI colour for the text report when it goes to a terminal: severities in their colour,
/// section headings in bold. Without colour every method returns its text unchanged.
struct TextStyle {
    let colour: Bool
    let width: Int

    init(options: TextReportOptions) {
        colour = options.colour
        width = options.width
    }

    /// `[error]` in red, `[warning]` in yellow, `[information]` in cyan.
    func severityTag(_ severity: Finding.Severity) -> String {
        let tag = "[\(severity)]"
        guard colour else { return tag }
        let code = switch severity {
        case .error: "31"
        case .warning: "33"
        case .information: "36"
        }
        return "\u{1B}[1;\(code)m\(tag)\u{1B}[0m"
    }

    /// `text` in bold.
    func heading(_ text: String) -> String {
        colour ? "\u{1B}[1m\(text)\u{1B}[0m" : text
    }

    /// A section heading (a line that starts in the first column) in bold; other lines as
    /// they are.
    func headingIfSection(_ line: String) -> String {
        guard colour, let first = line.first, first != " ", !line.hasPrefix("\u{1B}") else { return line }
        return heading(line)
    }
}
