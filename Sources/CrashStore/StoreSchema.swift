/// The triage database's schema, as a list of migrations applied in order: migration N takes
/// a database at version N-1 to version N. The version is the one row of
/// `analyze_dump_schema`. Add a migration by appending its statements; never edit one that
/// has shipped.
enum StoreSchema {
    /// The statements of each migration, for `dialect`.
    static func migrations(for dialect: SQLDialect) -> [[String]] {
        [
            // 1: one row per analysed core. `seen_at_us` is the crash time, else the analysis
            // time: what --since filters and groups are placed in time by. Device and inode
            // are stored as their bit patterns in a signed 64-bit column.
            [
                """
                CREATE TABLE cores (
                    id \(dialect.identityColumn),
                    host TEXT NOT NULL,
                    path TEXT NOT NULL,
                    device BIGINT NOT NULL,
                    inode BIGINT NOT NULL,
                    size BIGINT NOT NULL,
                    mtime_ns BIGINT NOT NULL,
                    executable TEXT,
                    executable_name TEXT,
                    build_id TEXT,
                    crash_time_us BIGINT,
                    analysed_at_us BIGINT NOT NULL,
                    seen_at_us BIGINT NOT NULL,
                    signal TEXT,
                    kind TEXT NOT NULL,
                    signature TEXT NOT NULL,
                    top_finding TEXT,
                    error TEXT,
                    report_json TEXT,
                    UNIQUE (host, device, inode, size, mtime_ns)
                )
                """,
                "CREATE INDEX cores_by_group ON cores (kind, signature)",
                "CREATE INDEX cores_by_time ON cores (seen_at_us)",
                "CREATE INDEX cores_by_executable ON cores (executable_name)",
            ],
            // 2: the systemd unit and the command line systemd-coredump's journal entry
            // records (the same statements in both dialects).
            [
                "ALTER TABLE cores ADD COLUMN unit TEXT",
                "ALTER TABLE cores ADD COLUMN command_line TEXT",
            ],
        ]
    }

    /// The version this code writes: the number of migrations.
    static var currentVersion: Int { migrations(for: .sqlite).count }

    /// Brings the database of `connection` to ``currentVersion``, under a lock that keeps
    /// concurrent writers' migrations apart.
    /// - Throws: ``StoreError/newerSchema(location:version:known:)`` for a database a newer
    ///   analyze-dump made, ``StoreError/corruptSchema(location:found:)`` for a schema table
    ///   no analyze-dump wrote.
    static func migrate(_ connection: SQLConnection) throws(StoreError) {
        for statement in connection.dialect.beginExclusive {
            try connection.query(statement, [], operation: "lock its schema")
        }
        do throws(StoreError) {
            try connection.query(
                "CREATE TABLE IF NOT EXISTS analyze_dump_schema (version INTEGER NOT NULL)", [],
                operation: "create its schema table")
            // Two rows are enough to tell a table with several apart: a hostile one may hold millions.
            let rows = try connection.query("SELECT version FROM analyze_dump_schema LIMIT 2", [], operation: "read its schema version")
            let version = try recordedVersion(rows, location: connection.displayName)
            let migrations = migrations(for: connection.dialect)
            for statement in migrations[version...].joined() {
                try connection.query(statement, [], operation: "migrate its schema")
            }
            if rows.isEmpty {
                try connection.query("INSERT INTO analyze_dump_schema (version) VALUES ($1)", [.integer(Int64(currentVersion))], operation: "record its schema version")
            } else if version < currentVersion {
                try connection.query("UPDATE analyze_dump_schema SET version = $1", [.integer(Int64(currentVersion))], operation: "record its schema version")
            }
            try connection.query("COMMIT", [], operation: "commit its schema")
        } catch {
            _ = try? connection.query("ROLLBACK", [], operation: "roll back a schema change")
            throw error
        }
    }

    /// The version the rows of `analyze_dump_schema` record: 0 for none (a new database).
    /// The table may be shared with hostile writers (a PostgreSQL server), so only one row
    /// holding a version between 1 and ``currentVersion`` is accepted: anything else would
    /// index the migrations out of range or run them over tables that already exist.
    /// - Throws: ``StoreError/newerSchema(location:version:known:)`` for a version above
    ///   ``currentVersion``, ``StoreError/corruptSchema(location:found:)`` for anything else
    ///   no analyze-dump writes.
    private static func recordedVersion(_ rows: [[SQLValue]], location: String) throws(StoreError) -> Int {
        guard let row = rows.first else { return 0 }
        guard rows.count == 1 else { throw .corruptSchema(location: location, found: "several version rows") }
        // The text of a non-integer is not shown: it is the hostile writer's, not ours.
        guard let recorded = row.first?.integer, let version = Int(exactly: recorded) else {
            throw .corruptSchema(location: location, found: "a version that is not an integer")
        }
        guard version >= 1 else { throw .corruptSchema(location: location, found: "version \(version)") }
        if version > currentVersion {
            throw .newerSchema(location: location, version: version, known: currentVersion)
        }
        return version
    }
}
