import ArgumentParser

/// What `analyze-dump triage` writes to standard output.
enum TriageFormat: String, ExpressibleByArgument, CaseIterable {
    /// The groups, for people, cut to the terminal's width.
    case text
    /// The groups as one document (docs/triage.md).
    case json
    /// One line per core this run stored, as it is stored, for log pipelines.
    case ndjson
}
