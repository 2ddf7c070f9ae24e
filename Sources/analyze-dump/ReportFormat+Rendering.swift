import DumpAnalysis
import DumpModel
import DumpReport

extension ReportFormat {
    /// The report of one analysed core in this format.
    /// - Parameters:
    ///   - textOptions: colour and width for ``text``; its `--tid` selection for every
    ///     format (``DumpModel/Process/selecting(_:)`` for JSON, HTML and Markdown; oneline
    ///     has no threads).
    ///   - corePath: the core as named on the command line, the first field of ``oneline``
    ///     (`-` by default: capture's reports, which never use oneline).
    func render(_ process: Process, analysis: ProcessAnalysis, textOptions: TextReportOptions, corePath: String = "-") -> String {
        switch self {
        case .text: AnalysisTextReport.render(process, analysis: analysis, options: textOptions)
        case .json: JSONReport.render(process.selecting(textOptions.tids), analysis: analysis, toolVersion: AnalyzeDump.configuration.version)
        case .html: HTMLReport.render(process.selecting(textOptions.tids), analysis: analysis, toolVersion: AnalyzeDump.configuration.version)
        case .markdown: MarkdownReport.render(process.selecting(textOptions.tids), analysis: analysis)
        case .oneline: OnelineReport.render(core: corePath, analysis: analysis)
        }
    }
}
