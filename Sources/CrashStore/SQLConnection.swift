/// One connection to an SQL database, the funnel through which the store's C calls go. SQL is
/// written once with PostgreSQL's `$1` placeholders; the SQLite connection rewrites them.
protocol SQLConnection: AnyObject {
    /// Which database it is, for the few statements that differ.
    var dialect: SQLDialect { get }
    /// The database's name for messages (a PostgreSQL URL without its password).
    var displayName: String { get }

    /// Runs `sql` with `parameters` bound to `$1`, `$2`, ... and returns its rows.
    /// - Parameter operation: what the statement does, for the error message ("store a core").
    @discardableResult
    func query(_ sql: String, _ parameters: [SQLValue], operation: String) throws(StoreError) -> [[SQLValue]]
}

/// The SQL dialects the store speaks.
enum SQLDialect {
    case sqlite, postgres

    /// The type of an automatically numbered primary key column.
    var identityColumn: String {
        switch self {
        case .sqlite: "INTEGER PRIMARY KEY AUTOINCREMENT"
        case .postgres: "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"
        }
    }

    /// Begins a transaction that no other writer's schema migration runs beside.
    var beginExclusive: [String] {
        switch self {
        // Takes the database's write lock at once, so two migrations cannot interleave.
        case .sqlite: ["BEGIN IMMEDIATE"]
        // A transaction-scoped advisory lock, released at COMMIT or ROLLBACK; the key is
        // "ADMP" in ASCII.
        case .postgres: ["BEGIN", "SELECT pg_advisory_xact_lock(1094995280)"]
        }
    }
}
