import ArgumentParser
import DumpAnalysis
import DumpReport

/// The formats `compare` writes its report in: those that can show several cores.
enum ComparisonFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, html

    /// The same format among a command's report formats, for ``ReportFileOptions``.
    var reportFormat: ReportFormat {
        switch self {
        case .text: .text
        case .json: .json
        case .html: .html
        }
    }
}

extension ReportFormat {
    /// The report of a comparison of cores in this format. `compare` takes only
    /// ``ComparisonFormat``, so markdown and oneline never reach here; they get the text report.
    func render(_ comparison: CoreComparison, textOptions: TextReportOptions) -> String {
        switch self {
        case .text, .markdown, .oneline: ComparisonTextReport.render(comparison, options: textOptions)
        case .json: ComparisonJSONReport.render(comparison, toolVersion: AnalyzeDump.configuration.version)
        case .html: ComparisonHTMLReport.render(comparison, toolVersion: AnalyzeDump.configuration.version)
        }
    }
}
