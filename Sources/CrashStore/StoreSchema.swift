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
    ///   analyze-dump made.
    static func migrate(_ connection: SQLConnection) throws(StoreError) {
        for statement in connection.dialect.beginExclusive {
            try connection.query(statement, [], operation: "lock its schema")
        }
        do throws(StoreError) {
            try connection.query(
                "CREATE TABLE IF NOT EXISTS analyze_dump_schema (version INTEGER NOT NULL)", [],
                operation: "create its schema table")
            let rows = try connection.query("SELECT version FROM analyze_dump_schema", [], operation: "read its schema version")
            let version = Int(rows.first?.first?.integer ?? 0)
            if version > currentVersion {
                throw .newerSchema(location: connection.displayName, version: version, known: currentVersion)
            }
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
}
