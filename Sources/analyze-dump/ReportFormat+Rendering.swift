import DumpAnalysis
import DumpModel
import DumpReport

extension ReportFormat {
    /// The report of one analysed core in this format.
    /// - Parameters:
    ///   - textOptions: colour and width for ``text``; its `--tid` selection for every
    ///     format but oneline (which lists no thread): JSON, HTML and Markdown list those
    ///     threads only, with a note (``DumpModel/Process/notingSelection(_:)``).
    ///   - corePath: the core as named on the command line, the first field of ``oneline``
    ///     (`-` by default: capture's reports, which never use oneline).
    func render(_ process: Process, analysis: ProcessAnalysis, textOptions: TextReportOptions, corePath: String = "-") -> String {
        let tids = textOptions.tids
        return switch self {
        case .text: AnalysisTextReport.render(process, analysis: analysis, options: textOptions)
        case .json: JSONReport.render(process.notingSelection(tids), analysis: analysis, toolVersion: AnalyzeDump.configuration.version, tids: tids)
        case .html: HTMLReport.render(process.notingSelection(tids), analysis: analysis, toolVersion: AnalyzeDump.configuration.version, tids: tids)
        case .markdown: MarkdownReport.render(process.notingSelection(tids), analysis: analysis, tids: tids)
        case .oneline: OnelineReport.render(core: corePath, analysis: analysis)
        }
    }
}
