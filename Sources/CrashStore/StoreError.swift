/// Why the triage database could not be opened, read or written.
public enum StoreError: Error, Equatable, CustomStringConvertible {
    /// The database could not be opened or created at `location`.
    case cannotOpen(location: String, reason: String)
    /// A statement failed.
    case statementFailed(operation: String, reason: String)
    /// The database was made by a newer analyze-dump, whose schema this one does not know.
    case newerSchema(location: String, version: Int, known: Int)
    /// The schema table holds what no analyze-dump writes (`found`: a version below 1, a
    /// non-integer, or several rows): the database was altered by something else.
    case corruptSchema(location: String, found: String)
    /// `--db` names neither a file nor a `postgres://` or `postgresql://` URL this build reads.
    case invalidLocation(String)

    public var description: String {
        switch self {
        case .cannotOpen(let location, let reason):
            "cannot open the triage database \(location): \(reason)"
        case .statementFailed(let operation, let reason):
            "the triage database failed to \(operation): \(reason)"
        case .newerSchema(let location, let version, let known):
            "the triage database \(location) has schema version \(version), newer than this analyze-dump's \(known): upgrade analyze-dump or pass another --db"
        case .corruptSchema(let location, let found):
            "the triage database \(location) has \(found) in analyze_dump_schema, which no analyze-dump writes: restore the database from a backup or pass another --db"
        case .invalidLocation(let text):
            "--db \(text) is neither a file path nor a postgres:// or postgresql:// URL"
        }
    }
}
