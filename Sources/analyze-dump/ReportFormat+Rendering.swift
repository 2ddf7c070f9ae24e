import DumpAnalysis
import DumpModel
import DumpReport

extension ReportFormat {
    /// The report of one analysed core in this format.
    /// - Parameter textOptions: colour, width and thread selection, for ``text`` only.
    func render(_ process: Process, analysis: ProcessAnalysis, textOptions: TextReportOptions) -> String {
        switch self {
        case .text: AnalysisTextReport.render(process, analysis: analysis, options: textOptions)
        case .json: JSONReport.render(process, analysis: analysis, toolVersion: AnalyzeDump.configuration.version)
        case .html: HTMLReport.render(process, analysis: analysis, toolVersion: AnalyzeDump.configuration.version)
        }
    }
}
