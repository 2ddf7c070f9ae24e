import CrashStore

/// What the outputs of a triage run show: the groups of the cores selected, and what this run did.
public struct TriageResult: Sendable {
    /// The groups, the largest first.
    public var groups: [CrashGroup]
    /// This run's counts.
    public var counts: TriageRun.Counts
    /// The database, for display (a PostgreSQL URL's password hidden).
    public var database: String

    public init(groups: [CrashGroup], counts: TriageRun.Counts, database: String) {
        self.groups = groups
        self.counts = counts
        self.database = database
    }

    /// How many cores the groups hold.
    public var coreCount: Int { groups.reduce(0) { $0 + $1.count } }

    /// "12 groups of 1,000 cores; this run analysed 990 (3 failed), skipped 10."
    public var headline: String {
        let groupWord = groups.count == 1 ? "group" : "groups"
        let coreWord = coreCount == 1 ? "core" : "cores"
        var line = "\(groups.count) \(groupWord) of \(coreCount) \(coreWord) in \(database); this run analysed \(counts.analysed)"
        if counts.errors > 0 { line += " (\(counts.errors) could not be analysed)" }
        line += ", skipped \(counts.skipped) already stored"
        if counts.notStarted > 0 { line += ", could not start \(counts.notStarted)" }
        return line + "."
    }
}
