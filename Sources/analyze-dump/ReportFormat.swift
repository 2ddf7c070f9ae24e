import ArgumentParser

/// The formats the report is written in.
enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    /// Findings first, then the evidence, for people.
    case text
    /// The versioned document of `docs/report.schema.json`, for pipelines.
    case json
    /// One self-contained page with charts, the wait-for graph and a flame graph.
    case html
}
