import DumpAnalysis
import DumpModel
import DumpReport

extension ReportFormat {
    /// The report of one analysed core in this format.
    /// - Parameters:
    ///   - textOptions: colour, width and thread selection, for ``text`` only.
    ///   - corePath: the core as named on the command line, the first field of ``oneline``
    ///     (`-` by default: capture's reports, which never use oneline).
    func render(_ process: Process, analysis: ProcessAnalysis, textOptions: TextReportOptions, corePath: String = "-") -> String {
        switch self {
        case .text: AnalysisTextReport.render(process, analysis: analysis, options: textOptions)
        case .json: JSONReport.render(process, analysis: analysis, toolVersion: AnalyzeDump.configuration.version)
        case .html: HTMLReport.render(process, analysis: analysis, toolVersion: AnalyzeDump.configuration.version)
        case .markdown: MarkdownReport.render(process, analysis: analysis)
        case .oneline: OnelineReport.render(core: corePath, analysis: analysis)
        }
    }
}
