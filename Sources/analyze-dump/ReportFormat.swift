import ArgumentParser

/// The formats the report is written in.
enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    /// Findings first, then the evidence, for people.
    case text
    /// The versioned document of `docs/report.schema.json`, for pipelines.
    case json
    /// One self-contained page with charts (for one core also the wait-for graph and a flame
    /// graph).
    case html
    /// Header, findings, crash, signature and the largest stack groups, to paste into a
    /// ticket (one core only).
    case markdown
    /// One tab-separated line per core (`OnelineReport`), for pipelines (one core only).
    case oneline
}

/// Where a command's reports go: the report in `--format` on standard output or in `-o`, and
/// the JSON and HTML reports in the files `--json` and `--html` name, all from one analysis.
struct ReportOutputOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The report's format on standard output or in -o.", valueName: "text|json|html|markdown|oneline"))
    var format: ReportFormat = .text

    @OptionGroup var files: ReportFileOptions

    /// The `-o` file, nil for standard output.
    var output: String? { files.output }

    /// Writes the reports as ``ReportFileOptions/write(format:_:)`` does, in `--format`.
    func write(_ render: (ReportFormat) -> String) throws {
        try files.write(format: format, render)
    }
}

/// The files a command's reports go to: `-o` for the report in its format (else standard
/// output), `--json` and `--html` for those reports as well. A command with its own
/// `--format` (compare accepts fewer formats) uses these alone.
struct ReportFileOptions: ParsableArguments {
    @Option(name: [.customShort("o"), .customLong("output")], help: ArgumentHelp("Write the report to this file instead of standard output.", valueName: "file"))
    var output: String?

    @Option(name: .customLong("json"), help: ArgumentHelp("Also write the JSON report to this file.", valueName: "file"))
    var jsonOutput: String?

    @Option(name: .customLong("html"), help: ArgumentHelp("Also write the HTML report to this file.", valueName: "file"))
    var htmlOutput: String?

    /// Writes the `--json` and `--html` files, then the report in `format` to `-o` or to
    /// standard output; files are written whole or not at all (``ReportFile``).
    ///
    /// - Parameter render: the report in a format; called once per report written.
    /// - Throws: ``ExitStatus/outputFailed`` after one line on standard error when a file
    ///   cannot be written.
    func write(format: ReportFormat, _ render: (ReportFormat) -> String) throws {
        do {
            if let jsonOutput { try ReportFile.write(render(.json), to: jsonOutput) }
            if let htmlOutput { try ReportFile.write(render(.html), to: htmlOutput) }
            if let output {
                try ReportFile.write(render(format), to: output)
            } else {
                CoreLoading.writeReport(render(format))
            }
        } catch {
            CoreLoading.writeError(error.description)
            throw ExitStatus.outputFailed
        }
    }
}
