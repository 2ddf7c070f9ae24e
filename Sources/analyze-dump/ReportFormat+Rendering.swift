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

    /// The report of a comparison of cores in this format.
    func render(_ comparison: CoreComparison, textOptions: TextReportOptions) -> String {
        switch self {
        case .text: ComparisonTextReport.render(comparison, options: textOptions)
        case .json: ComparisonJSONReport.render(comparison, toolVersion: AnalyzeDump.configuration.version)
        case .html: ComparisonHTMLReport.render(comparison, toolVersion: AnalyzeDump.configuration.version)
        }
    }
}
